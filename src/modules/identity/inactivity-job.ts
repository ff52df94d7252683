import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { audit } from '../../platform/audit.js';
import type { NotificationService } from '../notifications/service.js';
import {
  INACTIVE_AFTER_MS,
  inactivityStep,
  WARNING_INTERVAL_MS,
  WARNINGS_BEFORE_LOCK,
} from './inactivity.js';

interface Candidate {
  id: string;
  name: string;
  email: string | null;
  last_active_at: Date;
  inactivity_warnings: number;
  last_inactivity_warning_at: Date | null;
}

/**
 * The daily pass over accounts unused for two years: each warning (in-app, and by email when
 * there is one) and each lock is written with its audit entry in one transaction.
 */
export async function handleInactiveAccounts(
  db: Database,
  clock: Clock,
  notifications: NotificationService,
): Promise<{ warned: number; locked: number }> {
  const now = clock.now();
  const candidates = await db.query<Candidate>(
    `SELECT id, name, email, last_active_at, inactivity_warnings, last_inactivity_warning_at
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
        const message = {
          template: 'inactivity_warning' as const,
          locale: 'vi' as const,
          values: { name: account.name, weeks },
        };
        await notifications.enqueue(tx, {
          channel: 'in_app',
          recipient: account.id,
          accountId: account.id,
          ...message,
        });
        if (account.email) {
          await notifications.enqueue(tx, {
            channel: 'email',
            recipient: account.email,
            accountId: account.id,
            ...message,
          });
        }
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
