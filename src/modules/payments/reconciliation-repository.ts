import { audit, type AuditEntry } from '../../platform/audit.js';
import type { Database } from '../../platform/db.js';

export type MismatchKind =
  'missing_at_provider' | 'missing_in_portal' | 'amount_differs' | 'refund_differs';

/** What the portal recorded for one provider reference in a period. */
export interface PortalRow {
  reference: string;
  order_id: string;
  agency_code: string;
  /** Paid in the period (the order's amount), or 0. */
  paid: number;
  /** Refunded in the period. */
  refunded: number;
}

/** A mismatch to keep, with the order and agency it concerns when known. */
export interface MismatchToSave {
  kind: MismatchKind;
  reference: string;
  orderId: string | null;
  agencyCode: string | null;
  portalAmount: number;
  providerAmount: number;
}

export interface MismatchRow {
  id: string;
  provider: string;
  day: string;
  kind: MismatchKind;
  reference: string;
  order_id: string | null;
  payee_agency_code: string | null;
  portal_amount: number;
  provider_amount: number;
}

/** Totals of one agency on one day, before its name is looked up. */
export interface TotalRow {
  day: string;
  agencyCode: string;
  payments: number;
  collected: number;
  refunded: number;
}

/** A line of the collection account's statement. */
export interface StatementLine {
  bookedAt: Date;
  amount: number;
  description: string;
  bankReference: string;
}

/** The SQL of reconciliation: runs, mismatches, totals and the bank statement's lines. */
export class ReconciliationRepository {
  constructor(private readonly db: Database) {}

  /** What an officer did to the agency's money that is not one order's change (an import). */
  audit(entry: AuditEntry): Promise<void> {
    return audit(this.db, entry);
  }

  /** A provider's orders paid or refunded in [from, to), with what was paid and refunded. */
  portalLines(provider: string, from: Date, to: Date) {
    return this.db.query<PortalRow>(
      `SELECT o.provider_ref AS reference, o.id AS order_id, o.payee_agency_code AS agency_code,
         CASE WHEN o.paid_at >= $2 AND o.paid_at < $3 THEN o.amount ELSE 0 END::float8 AS paid,
         coalesce((SELECT sum(r.amount) FROM payment_refunds r WHERE r.order_id = o.id
           AND r.created_at >= $2 AND r.created_at < $3), 0)::float8 AS refunded
       FROM payment_orders o
       WHERE o.provider = $1 AND o.provider_ref IS NOT NULL
         AND ((o.paid_at >= $2 AND o.paid_at < $3)
           OR EXISTS (SELECT 1 FROM payment_refunds r WHERE r.order_id = o.id
             AND r.created_at >= $2 AND r.created_at < $3))`,
      [provider, from, to],
    );
  }

  /** The orders these provider references belong to, whatever their state. */
  ordersByReference(provider: string, references: string[]) {
    return this.db.query<{ reference: string; id: string; agency: string }>(
      `SELECT provider_ref AS reference, id, payee_agency_code AS agency FROM payment_orders
       WHERE provider = $1 AND provider_ref = ANY($2::text[])`,
      [provider, references],
    );
  }

  /**
   * Records a run, replacing the day's mismatches still open with the ones found now: those
   * of the agencies it compared (an officer's), or all of them (the scheduled run's).
   */
  async saveRun(
    run: { provider: string; day: string; at: Date; matched: number },
    mismatches: MismatchToSave[],
    agencies: string[] | 'all',
  ) {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `DELETE FROM reconciliation_mismatches
         WHERE provider = $1 AND day = $2 AND resolved_at IS NULL
           AND ($3::boolean OR payee_agency_code = ANY($4::text[]))`,
        [run.provider, run.day, agencies === 'all', agencies === 'all' ? [] : agencies],
      );
      const [saved] = await tx.query<{ id: string }>(
        `INSERT INTO reconciliation_runs (provider, day, ran_at, matched, mismatches)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [run.provider, run.day, run.at, run.matched, mismatches.length],
      );
      for (const m of mismatches) {
        await tx.query(
          `INSERT INTO reconciliation_mismatches (run_id, provider, day, kind, reference, order_id,
             payee_agency_code, portal_amount, provider_amount)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            saved!.id,
            run.provider,
            run.day,
            m.kind,
            m.reference,
            m.orderId,
            m.agencyCode,
            m.portalAmount,
            m.providerAmount,
          ],
        );
      }
    });
  }

  /** Mismatches still open for the agencies (or all). */
  mismatches(agencies: string[] | 'all') {
    return this.db.query<MismatchRow>(
      `SELECT id::text, provider, to_char(day, 'YYYY-MM-DD') AS day, kind, reference, order_id,
         payee_agency_code, portal_amount::float8 AS portal_amount,
         provider_amount::float8 AS provider_amount
       FROM reconciliation_mismatches
       WHERE resolved_at IS NULL AND ($1::boolean OR payee_agency_code = ANY($2::text[]))
       ORDER BY day DESC, id`,
      [agencies === 'all', agencies === 'all' ? [] : agencies],
    );
  }

  async resolve(id: string, at: Date, by: string, resolution: string) {
    await this.db.query(
      `UPDATE reconciliation_mismatches SET resolved_at = $2, resolved_by = $3, resolution = $4
       WHERE id = $1 AND resolved_at IS NULL`,
      [id, at, by, resolution],
    );
  }

  /** Per agency (or all) per day in Vietnam in [from, to): payments, collected, refunded. */
  totals(agencies: string[] | 'all', from: Date, to: Date) {
    return this.db.query<TotalRow>(
      `WITH paid AS (
         SELECT payee_agency_code AS agency, (paid_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
           count(*)::int AS payments, sum(amount)::float8 AS collected
         FROM payment_orders WHERE paid_at >= $1 AND paid_at < $2
         GROUP BY 1, 2),
       refunds AS (
         SELECT o.payee_agency_code AS agency,
           (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, sum(r.amount)::float8 AS refunded
         FROM payment_refunds r JOIN payment_orders o ON o.id = r.order_id
         WHERE r.created_at >= $1 AND r.created_at < $2 GROUP BY 1, 2)
       SELECT to_char(coalesce(p.day, r.day), 'YYYY-MM-DD') AS day,
         coalesce(p.agency, r.agency) AS "agencyCode",
         coalesce(p.payments, 0) AS payments, coalesce(p.collected, 0) AS collected,
         coalesce(r.refunded, 0) AS refunded
       FROM paid p FULL JOIN refunds r ON r.agency = p.agency AND r.day = p.day
       WHERE $3::boolean OR coalesce(p.agency, r.agency) = ANY($4::text[])
       ORDER BY 1, 2`,
      [from, to, agencies === 'all', agencies === 'all' ? [] : agencies],
    );
  }

  /** Keeps a statement line once (by its bank reference): false when it was kept before. */
  async addStatementLine(line: StatementLine, orderNumber: string | null, at: Date) {
    const [inserted] = await this.db.query<{ bank_reference: string }>(
      `INSERT INTO bank_statement_lines (bank_reference, booked_at, amount, description, order_number, imported_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (bank_reference) DO NOTHING RETURNING bank_reference`,
      [line.bankReference, line.bookedAt, line.amount, line.description, orderNumber, at],
    );
    return inserted !== undefined;
  }
}
