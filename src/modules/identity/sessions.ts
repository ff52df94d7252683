import { createHash, randomBytes } from 'node:crypto';

/** Pure rules of sessions: tokens, their hashes, and when a session has ended. */

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 3600 * 1000;
/** last_seen_at is written at most this often, so reading pages does not write every time. */
export const TOUCH_INTERVAL_MS = 60 * 1000;

export const newToken = () => randomBytes(32).toString('base64url');

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

interface SessionTimes {
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

type SessionState = 'active' | 'idle_expired' | 'expired' | 'revoked';

export function sessionState(session: SessionTimes, now: Date): SessionState {
  if (session.revokedAt) return 'revoked';
  if (now.getTime() >= session.expiresAt.getTime()) return 'expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= IDLE_TIMEOUT_MS) return 'idle_expired';
  return 'active';
}

/**
 * Where to go after signing in: only a path on this site. Anything else (another host,
 * a scheme, `//host`, back-slashes) falls back to the home page: no open redirect.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 1000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/';
  if (/\p{Cc}/u.test(value)) return '/';
  return value;
}
