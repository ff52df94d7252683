import { createHash } from 'node:crypto';
import type { Queryable, Transaction } from './db.js';
import { ProblemError } from './errors.js';

export interface IdempotencyClaim {
  accountId: string;
  key: string;
  /** What the key was used for (method and route), so a key cannot cross endpoints. */
  scope: string;
  /** The request body, hashed: the same key with another body is refused. */
  body: unknown;
  now: Date;
}

export const hashBody = (body: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');

/**
 * The answer already given to this key (or 409 if the key served another request), read
 * before any validation so that a retry is answered the same even if things changed since.
 */
export async function earlierAnswer<T>(db: Queryable, claim: IdempotencyClaim): Promise<T | null> {
  const [earlier] = await db.query<{ scope: string; request_hash: string; response: T | null }>(
    `SELECT scope, request_hash, response FROM idempotency_keys WHERE account_id = $1 AND key = $2`,
    [claim.accountId, claim.key],
  );
  if (!earlier) return null;
  if (earlier.scope !== claim.scope || earlier.request_hash !== hashBody(claim.body)) {
    throw new ProblemError(409, 'idempotency_key_reused', 'errors.idempotencyKeyReused');
  }
  return earlier.response;
}

/**
 * Runs `work` once per Idempotency-Key, in the caller's transaction: the key's row is
 * inserted first, so a concurrent retry waits on it and then replays the stored answer;
 * if the work fails the row goes with the rolled-back transaction and a retry runs again.
 */
export async function once<T>(
  tx: Transaction,
  claim: IdempotencyClaim,
  work: () => Promise<T>,
): Promise<T> {
  const requestHash = hashBody(claim.body);
  const inserted = await tx.query(
    `INSERT INTO idempotency_keys (account_id, key, scope, request_hash, created_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING key`,
    [claim.accountId, claim.key, claim.scope, requestHash, claim.now],
  );
  if (inserted.length === 0) {
    const earlier = await earlierAnswer<T>(tx, claim);
    if (earlier === null)
      throw new ProblemError(409, 'idempotency_key_reused', 'errors.idempotencyKeyReused');
    return earlier;
  }
  const result = await work();
  await tx.query('UPDATE idempotency_keys SET response = $3 WHERE account_id = $1 AND key = $2', [
    claim.accountId,
    claim.key,
    JSON.stringify(result),
  ]);
  return result;
}
