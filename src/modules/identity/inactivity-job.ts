import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { audit } from '../../platform/audit.js';
import { changeKeys, type Changes } from '../../platform/changes.js';
import type { NotificationService } from '../notifications/index.js';
import {
  INACTIVE_AFTER_MS,
  inactivityStep,
  WARNING_INTERVAL_MS,
  WARNINGS_BEFORE_LOCK,
} from './inactivity.js';

interface Candidate {
  id: string;
  name: string;
  last_active_at: Date;
  inactivity_warnings: number;
  last_inactivity_warning_at: Date | null;
}

/**
 * The daily pass over accounts unused for two years: each warning (sent the way the person
 * chose to be told) and each lock (with its audit entry) is written in one transaction.
 */
export async function handleInactiveAccounts(
  db: Database,
  clock: Clock,
  notifications: NotificationService,
  changes: Changes,
): Promise<{ warned: number; locked: number }> {
  const now = clock.now();
  const candidates = await db.query<Candidate>(
    `SELECT id, name, last_active_at, inactivity_warnings, last_inactivity_warning_at
     FROM accounts
     WHERE locked_for_inactivity_at IS NULL AND last_active_at < $1 AND kind <> 'system_admin'
     ORDER BY last_active_at LIMIT 1000`,
    [new Date(now.getTime() - INACTIVE_AFTER_MS)],
  );
  let warned = 0;
  let locked = 0;
  for (const account of candidates) {
    const step = inactivityStep(
      {
        lastActiveAt: account.last_active_at,
        warnings: account.inactivity_warnings,
        lastWarningAt: account.last_inactivity_warning_at,
        lockedAt: null,
      },
      now,
    );
    if (step === 'none') continue;
    await db.transaction(async (tx) => {
      if (step === 'warn') {
        await tx.query(
          `UPDATE accounts SET inactivity_warnings = inactivity_warnings + 1,
             last_inactivity_warning_at = $2 WHERE id = $1`,
          [account.id, now],
        );
        const weeks = Math.round(
          ((WARNINGS_BEFORE_LOCK - account.inactivity_warnings) * WARNING_INTERVAL_MS) /
            (7 * 24 * 3600_000),
        );
        await notifications.notifyAccount(tx, account.id, {
          template: 'inactivity_warning',
          locale: 'vi',
          values: { name: account.name, weeks },
        });
        warned += 1;
      } else {
        await tx.query(`UPDATE accounts SET locked_for_inactivity_at = $2 WHERE id = $1`, [
          account.id,
          now,
        ]);
        await tx.query(
          `UPDATE sessions SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL`,
          [account.id, now],
        );
        changes.after(tx, changeKeys.account(account.id));
        await audit(tx, {
          at: now,
          actorId: null,
          action: 'account.lock_inactive',
          resourceType: 'account',
          resourceId: account.id,
          before: { lastActiveAt: account.last_active_at.toISOString() },
          after: { lockedForInactivityAt: now.toISOString() },
        });
        locked += 1;
      }
    });
  }
  return { warned, locked };
}
