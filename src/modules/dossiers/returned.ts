import type { Database } from '../../platform/db.js';
import type { Applicants } from '../identity/index.js';
import { STATUS } from './codes.js';

/**
 * Dossiers whose result was returned (status 10), as the ratings module reads them to invite
 * their applicants: the portal's own (filed here; processed here or by a connected system)
 * and those connected systems pushed (ADR 0016). Read-only.
 */
export interface ReturnedDossier {
  code: string;
  /** Filed on the portal, or known only from a connected system's status sync. */
  source: 'portal' | 'synced';
  agencyCode: string;
  procedureCode: string;
  /** When the result was returned, as far as is known (the last change for the portal's). */
  returnedAt: Date;
  /** When the row was last written here: what a catch-up follows (never an event's own time). */
  changedAt: Date;
  /**
   * The accounts to ask: the one that filed a portal dossier; for a synced one the accounts
   * whose verified ID number it names (none when its applicant has no account here).
   */
  accounts: string[];
}

interface Row {
  code: string;
  source: 'portal' | 'synced';
  agency_code: string;
  procedure_code: string;
  returned_at: Date;
  changed_at: Date;
  filed_by: string | null;
  applicant_id_number: string | null;
}

const PORTAL = `SELECT code, 'portal' AS source, agency_code, procedure_code,
  updated_at AS returned_at, updated_at AS changed_at, filed_by::text AS filed_by,
  NULL::text AS applicant_id_number FROM dossiers WHERE status = ${STATUS.returned}`;

// A portal dossier a connected system moves has a row here too (dossier_id): it is read above.
const SYNCED = `SELECT code, 'synced' AS source, agency_code, procedure_code,
  coalesce(returned_at, last_event_at) AS returned_at, updated_at AS changed_at,
  NULL::text AS filed_by, applicant_id_number FROM synced_dossiers
  WHERE status = ${STATUS.returned} AND dossier_id IS NULL`;

export class ReturnedDossiers {
  constructor(
    private readonly db: Database,
    private readonly applicants: Applicants,
  ) {}

  /** The dossier of that code if its result is returned; null otherwise or if unknown. */
  async find(code: string): Promise<ReturnedDossier | null> {
    const rows = await this.db.query<Row>(
      `(${PORTAL} AND code = $1) UNION ALL (${SYNCED} AND code = $1) LIMIT 1`,
      [code],
    );
    return (await this.withAccounts(rows))[0] ?? null;
  }

  /**
   * Those written at or after `from`, oldest write first, at most `limit` of each source (so
   * up to twice that): a job that catches up on what a listener missed walks them forward.
   */
  async changedSince(from: Date, limit: number): Promise<ReturnedDossier[]> {
    const rows = await this.db.query<Row>(
      `(${PORTAL} AND updated_at >= $1 ORDER BY updated_at LIMIT $2)
       UNION ALL (${SYNCED} AND updated_at >= $1 ORDER BY updated_at LIMIT $2)
       ORDER BY changed_at`,
      [from, limit],
    );
    return this.withAccounts(rows);
  }

  private async withAccounts(rows: Row[]): Promise<ReturnedDossier[]> {
    const idNumbers = [...new Set(rows.flatMap((r) => r.applicant_id_number ?? []))];
    const holders = await this.applicants.verifiedAccounts(idNumbers);
    return rows.map((r) => ({
      code: r.code,
      source: r.source,
      agencyCode: r.agency_code,
      procedureCode: r.procedure_code,
      returnedAt: r.returned_at,
      changedAt: r.changed_at,
      accounts: r.filed_by
        ? [r.filed_by]
        : holders.filter((h) => h.idNumber === r.applicant_id_number).map((h) => h.accountId),
    }));
  }
}
