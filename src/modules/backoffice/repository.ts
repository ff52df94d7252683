import type { Queryable } from '../../platform/db.js';

export interface ApologyRow {
  number: number;
  issued_at: Date;
  reason: string;
  previous_due_at: Date;
  new_due_at: Date;
}

/** The back office's own SQL: apology slips (dossiers are read and changed through theirs). */
export class BackofficeRepository {
  constructor(private readonly db: Queryable) {}

  with(tx: Queryable) {
    return new BackofficeRepository(tx);
  }

  async apologies(dossierId: string): Promise<ApologyRow[]> {
    return this.db.query<ApologyRow>(
      `SELECT number, issued_at, reason, previous_due_at, new_due_at FROM apology_slips
       WHERE dossier_id = $1 ORDER BY number`,
      [dossierId],
    );
  }

  /** Records the next apology slip of a dossier. */
  async insertApology(slip: {
    dossierId: string;
    issuedBy: string;
    reason: string;
    previousDueAt: Date;
    newDueAt: Date;
    now: Date;
  }): Promise<ApologyRow> {
    const [row] = await this.db.query<ApologyRow>(
      `INSERT INTO apology_slips (dossier_id, number, issued_at, issued_by, reason, previous_due_at, new_due_at)
       VALUES ($1, (SELECT count(*) + 1 FROM apology_slips WHERE dossier_id = $1), $2, $3, $4, $5, $6)
       RETURNING number, issued_at, reason, previous_due_at, new_due_at`,
      [slip.dossierId, slip.now, slip.issuedBy, slip.reason, slip.previousDueAt, slip.newDueAt],
    );
    return row!;
  }
}
