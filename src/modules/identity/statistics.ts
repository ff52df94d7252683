import type { Queryable } from '../../platform/db.js';

/**
 * Accounts as the monitoring index counts them (its own SQL, kept out of service.ts): the
 * accounts people and businesses opened on the portal. A citizen's is one an identity
 * provider vouched for (national sign-in); a business's is one the registry vouched for when
 * a representative signed in. Not counted: officers' and administrators' accounts, and the
 * accounts made for applicants who filed at a counter or by post (Applicants.accountForIntake),
 * which nobody opened: such an account is counted once its person signs in and takes it over.
 */
export class AccountStatistics {
  constructor(private readonly db: Queryable) {}

  /** How many such accounts there are, and how many of them were created at or after `since`. */
  async accountCounts(since: Date): Promise<{ total: number; since: number }> {
    const [row] = await this.db.query<{ total: number; since: number }>(
      `SELECT count(*)::int AS total, (count(*) FILTER (WHERE created_at >= $1))::int AS since
       FROM accounts
       WHERE (kind = 'citizen' AND idp_subject IS NOT NULL)
          OR (kind = 'business' AND 'enterprise_code' = ANY(verified_fields))`,
      [since],
    );
    return row ?? { total: 0, since: 0 };
  }
}
