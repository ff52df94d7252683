import type { Queryable } from '../../platform/db.js';
import { isUuid } from '../../platform/ids.js';

/** What signing in keeps on the way: sign-ins under way at the provider, codes sent. */

export interface PendingSignIn {
  state: string;
  browser_hash: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  expires_at: Date;
}

interface LocalAccountRow {
  id: string;
  email: string | null;
  phone: string | null;
  password_hash: string;
  locked_until: Date | null;
  locked_for_inactivity_at: Date | null;
}

interface CodeRow {
  id: string;
  account_id: string;
  code_hash: string;
  attempts: number;
  expires_at: Date;
  consumed_at: Date | null;
}

export class SignInRepository {
  constructor(private readonly db: Queryable) {}

  async findLocalAccount(identifier: string): Promise<LocalAccountRow | undefined> {
    const [row] = await this.db.query<LocalAccountRow>(
      `SELECT id, email, phone, password_hash, locked_until, locked_for_inactivity_at FROM accounts
       WHERE password_hash IS NOT NULL AND (lower(email) = lower($1) OR phone = $1)
       LIMIT 1`,
      [identifier],
    );
    return row;
  }

  /** Counts a failed password; at `max` the account locks until `lockUntil`. Answers the count. */
  async recordFailedPassword(id: string, max: number, lockUntil: Date): Promise<number> {
    const [row] = await this.db.query<{ failed_passwords: number }>(
      `UPDATE accounts SET failed_passwords = failed_passwords + 1,
         locked_until = CASE WHEN failed_passwords + 1 >= $2 THEN $3 ELSE locked_until END
       WHERE id = $1 RETURNING failed_passwords`,
      [id, max, lockUntil],
    );
    const failures = row?.failed_passwords ?? 0;
    // A lock starts the count again: the next five tries come after it.
    if (failures >= max) await this.resetFailedPasswords(id);
    return failures;
  }

  async resetFailedPasswords(id: string): Promise<void> {
    await this.db.query('UPDATE accounts SET failed_passwords = 0 WHERE id = $1', [id]);
  }

  async codesSince(accountId: string, since: Date): Promise<number> {
    const [row] = await this.db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM one_time_codes WHERE account_id = $1 AND created_at > $2',
      [accountId, since],
    );
    return row?.count ?? 0;
  }

  async createCode(code: {
    accountId: string;
    codeHash: string;
    channel: 'email' | 'sms';
    now: Date;
    expiresAt: Date;
  }): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO one_time_codes (account_id, code_hash, channel, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [code.accountId, code.codeHash, code.channel, code.now, code.expiresAt],
    );
    if (!row) throw new Error('code insert returned nothing');
    return row.id;
  }

  /** The code row, locked for this transaction so two tries cannot both use it. */
  async lockCode(id: string): Promise<CodeRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.db.query<CodeRow>(
      `SELECT id, account_id, code_hash, attempts, expires_at, consumed_at
       FROM one_time_codes WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row;
  }

  async recordCodeAttempt(id: string): Promise<void> {
    await this.db.query('UPDATE one_time_codes SET attempts = attempts + 1 WHERE id = $1', [id]);
  }

  async consumeCode(id: string, now: Date): Promise<void> {
    await this.db.query('UPDATE one_time_codes SET consumed_at = $2 WHERE id = $1', [id, now]);
  }

  async savePendingSignIn(pending: PendingSignIn & { created_at: Date }): Promise<void> {
    await this.db.query(
      `INSERT INTO pending_sign_ins (state, browser_hash, nonce, code_verifier, return_to,
         created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        pending.state,
        pending.browser_hash,
        pending.nonce,
        pending.code_verifier,
        pending.return_to,
        pending.created_at,
        pending.expires_at,
      ],
    );
  }

  /** Takes a pending sign-in out: whatever happens next, its state cannot be used again. */
  async takePendingSignIn(state: string): Promise<PendingSignIn | undefined> {
    const [row] = await this.db.query<PendingSignIn>(
      `DELETE FROM pending_sign_ins WHERE state = $1
       RETURNING state, browser_hash, nonce, code_verifier, return_to, expires_at`,
      [state],
    );
    return row;
  }
}
