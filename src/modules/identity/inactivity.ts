/** Accounts unused for two years: warned once a month, twice, then locked. */

export const INACTIVE_AFTER_MS = 2 * 365 * 24 * 3600_000;
export const WARNING_INTERVAL_MS = 30 * 24 * 3600_000;
export const WARNINGS_BEFORE_LOCK = 2;

interface InactivityState {
  lastActiveAt: Date;
  warnings: number;
  lastWarningAt: Date | null;
  lockedAt: Date | null;
}

export function inactivityStep(account: InactivityState, now: Date): 'none' | 'warn' | 'lock' {
  if (account.lockedAt) return 'none';
  if (now.getTime() - account.lastActiveAt.getTime() < INACTIVE_AFTER_MS) return 'none';
  const sinceWarning = account.lastWarningAt
    ? now.getTime() - account.lastWarningAt.getTime()
    : Number.POSITIVE_INFINITY;
  if (sinceWarning < WARNING_INTERVAL_MS) return 'none';
  return account.warnings < WARNINGS_BEFORE_LOCK ? 'warn' : 'lock';
}
