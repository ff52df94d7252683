import type { Actor } from '../identity/permissions.js';
import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { notFound, ProblemError } from '../../platform/errors.js';
import { addDays, instantAt } from '../calendar/calendar.js';
import type { ProviderRegistry, ReportLine } from './providers.js';
import type { PaymentService } from './service.js';
import { ORDER_NUMBER_IN_TEXT } from './vietqr-provider.js';

/** What the portal recorded for one provider reference on a day. */
export interface PortalLine {
  reference: string;
  orderId: string;
  agencyCode: string;
  /** Paid that day (the order's amount), or 0. */
  paid: number;
  /** Refunded that day. */
  refunded: number;
}

export type MismatchKind =
  'missing_at_provider' | 'missing_in_portal' | 'amount_differs' | 'refund_differs';

export interface Mismatch {
  kind: MismatchKind;
  reference: string;
  orderId: string | null;
  agencyCode: string | null;
  portalAmount: number;
  providerAmount: number;
}

/**
 * Compares a day's orders with the provider's report of that day, reference by reference:
 * money the provider moved that the portal does not know (or not as paid), payments the
 * portal counts that the provider does not report, and amounts or refunds that differ.
 */
export function compareWithReport(
  portal: readonly PortalLine[],
  report: readonly ReportLine[],
): { matched: number; mismatches: Mismatch[] } {
  const reported = new Map<string, { paid: number; refunded: number }>();
  for (const line of report) {
    const sums = reported.get(line.reference) ?? { paid: 0, refunded: 0 };
    if (line.kind === 'payment') sums.paid += line.amount;
    else sums.refunded += line.amount;
    reported.set(line.reference, sums);
  }
  const mismatches: Mismatch[] = [];
  let matched = 0;
  const seen = new Set<string>();
  for (const line of portal) {
    seen.add(line.reference);
    const theirs = reported.get(line.reference) ?? { paid: 0, refunded: 0 };
    const base = { reference: line.reference, orderId: line.orderId, agencyCode: line.agencyCode };
    let ok = true;
    if (line.paid !== theirs.paid) {
      ok = false;
      mismatches.push({
        ...base,
        kind: theirs.paid === 0 ? 'missing_at_provider' : 'amount_differs',
        portalAmount: line.paid,
        providerAmount: theirs.paid,
      });
    }
    if (line.refunded !== theirs.refunded) {
      ok = false;
      mismatches.push({
        ...base,
        kind: 'refund_differs',
        portalAmount: line.refunded,
        providerAmount: theirs.refunded,
      });
    }
    if (ok) matched++;
  }
  for (const [reference, theirs] of reported) {
    if (seen.has(reference)) continue;
    mismatches.push({
      kind: 'missing_in_portal',
      reference,
      orderId: null,
      agencyCode: null,
      portalAmount: 0,
      providerAmount: theirs.paid - theirs.refunded,
    });
  }
  return { matched, mismatches };
}

/** Totals of one agency on one day. */
export interface DailyTotal {
  day: string;
  agencyCode: string;
  agencyName: string;
  payments: number;
  collected: number;
  refunded: number;
}

/** The totals as a spreadsheet opens them (UTF-8 with a byte-order mark, comma-separated). */
export function totalsCsv(rows: readonly DailyTotal[]): string {
  const cell = (value: string | number) => {
    const text = String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [
    [
      'Ngày',
      'Mã cơ quan',
      'Tên cơ quan',
      'Số giao dịch',
      'Số tiền thu (đồng)',
      'Số tiền hoàn (đồng)',
    ],
    ...rows.map((r) => [r.day, r.agencyCode, r.agencyName, r.payments, r.collected, r.refunded]),
  ];
  return `\uFEFF${lines.map((line) => line.map(cell).join(',')).join('\r\n')}\r\n`;
}

/**
 * The daily reconciliation, the list of what did not agree, per-agency totals, and the
 * import of the collection account's bank statement (how VietQR transfers are confirmed).
 */
export class ReconciliationService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: { providers: ProviderRegistry; payments: PaymentService },
  ) {}

  /** Compares every provider's report of a day with the portal's orders; records the run. */
  async reconcile(day: string) {
    const from = instantAt(day, 0);
    const to = instantAt(addDays(day, 1), 0);
    const runs = [];
    for (const provider of this.deps.providers.all()) {
      const portal = await this.db.query<{
        reference: string;
        order_id: string;
        agency_code: string;
        paid: number;
        refunded: number;
      }>(
        `SELECT o.provider_ref AS reference, o.id AS order_id, o.payee_agency_code AS agency_code,
           CASE WHEN o.paid_at >= $2 AND o.paid_at < $3 THEN o.amount ELSE 0 END::float8 AS paid,
           coalesce((SELECT sum(r.amount) FROM payment_refunds r WHERE r.order_id = o.id
             AND r.created_at >= $2 AND r.created_at < $3), 0)::float8 AS refunded
         FROM payment_orders o
         WHERE o.provider = $1 AND o.provider_ref IS NOT NULL
           AND ((o.paid_at >= $2 AND o.paid_at < $3)
             OR EXISTS (SELECT 1 FROM payment_refunds r WHERE r.order_id = o.id
               AND r.created_at >= $2 AND r.created_at < $3))`,
        [provider.code, from, to],
      );
      const report = await provider.dailyReport(day);
      // Money the provider moved for an order the portal did not count as paid (it expired,
      // or the amount was wrong) is named with that order, so an officer can refund it.
      const known = await this.db.query<{ reference: string; id: string; agency: string }>(
        `SELECT provider_ref AS reference, id, payee_agency_code AS agency FROM payment_orders
         WHERE provider = $1 AND provider_ref = ANY($2::text[])`,
        [provider.code, report.map((l) => l.reference)],
      );
      const result = compareWithReport(
        portal.map((p) => ({
          reference: p.reference,
          orderId: p.order_id,
          agencyCode: p.agency_code,
          paid: p.paid,
          refunded: p.refunded,
        })),
        report,
      );
      const now = this.clock.now();
      await this.db.transaction(async (tx) => {
        await tx.query(
          `DELETE FROM reconciliation_mismatches WHERE provider = $1 AND day = $2 AND resolved_at IS NULL`,
          [provider.code, day],
        );
        const [run] = await tx.query<{ id: string }>(
          `INSERT INTO reconciliation_runs (provider, day, ran_at, matched, mismatches)
           VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [provider.code, day, now, result.matched, result.mismatches.length],
        );
        for (const m of result.mismatches) {
          const order = m.orderId ? null : known.find((k) => k.reference === m.reference);
          await tx.query(
            `INSERT INTO reconciliation_mismatches (run_id, provider, day, kind, reference, order_id,
               payee_agency_code, portal_amount, provider_amount)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [
              run!.id,
              provider.code,
              day,
              m.kind,
              m.reference,
              m.orderId ?? order?.id ?? null,
              m.agencyCode ?? order?.agency ?? null,
              m.portalAmount,
              m.providerAmount,
            ],
          );
        }
      });
      runs.push({
        provider: provider.code,
        matched: result.matched,
        mismatches: result.mismatches.length,
      });
    }
    return runs;
  }

  /** The scheduled job: yesterday (in Vietnam), every morning. */
  reconcileYesterday() {
    return this.reconcile(addDays(vietnamDate(this.clock.now()), -1));
  }

  /** Mismatches still open for the agencies (system administrators see all). */
  async mismatches(agencies: string[] | 'all') {
    return this.db.query<{
      id: string;
      provider: string;
      day: string;
      kind: MismatchKind;
      reference: string;
      order_id: string | null;
      payee_agency_code: string | null;
      portal_amount: number;
      provider_amount: number;
    }>(
      `SELECT id::text, provider, to_char(day, 'YYYY-MM-DD') AS day, kind, reference, order_id,
         payee_agency_code, portal_amount::float8 AS portal_amount,
         provider_amount::float8 AS provider_amount
       FROM reconciliation_mismatches
       WHERE resolved_at IS NULL AND ($1::boolean OR payee_agency_code = ANY($2::text[]))
       ORDER BY day DESC, id`,
      [agencies === 'all', agencies === 'all' ? [] : agencies],
    );
  }

  /** An officer settles a mismatch (a refund made, a report corrected), saying how. */
  async resolve(actor: Actor, id: string, resolution: string) {
    if (!resolution.trim()) {
      throw new ProblemError(422, 'resolution_required', 'errors.invalidAnswers', { count: 1 }, [
        { field: 'resolution', messageKey: 'errors.field.required' },
      ]);
    }
    // An approver's, of the mismatch's agency: another role there (while approving
    // elsewhere) does not settle its money.
    const mine =
      actor.kind === 'system_admin'
        ? 'all'
        : actor.roles.filter((r) => r.role === 'approver').map((r) => r.agencyCode);
    const visible = (await this.mismatches(mine)).find((m) => m.id === id);
    if (!visible) throw notFound('errors.notFound');
    await this.db.query(
      `UPDATE reconciliation_mismatches SET resolved_at = $2, resolved_by = $3, resolution = $4
       WHERE id = $1 AND resolved_at IS NULL`,
      [id, this.clock.now(), actor.accountId, resolution.trim()],
    );
  }

  /** Per agency per day: payments, money collected and refunded (Vietnam days). */
  async totals(agencies: string[] | 'all', from: string, to: string): Promise<DailyTotal[]> {
    return this.db.query<DailyTotal>(
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
         coalesce(p.agency, r.agency) AS "agencyCode", a.name AS "agencyName",
         coalesce(p.payments, 0) AS payments, coalesce(p.collected, 0) AS collected,
         coalesce(r.refunded, 0) AS refunded
       FROM paid p FULL JOIN refunds r ON r.agency = p.agency AND r.day = p.day
       JOIN agencies a ON a.code = coalesce(p.agency, r.agency)
       WHERE $3::boolean OR coalesce(p.agency, r.agency) = ANY($4::text[])
       ORDER BY 1, 2`,
      [
        instantAt(from, 0),
        instantAt(addDays(to, 1), 0),
        agencies === 'all',
        agencies === 'all' ? [] : agencies,
      ],
    );
  }

  /**
   * Imports the collection account's statement (CSV: booked at, amount, content, bank
   * reference): each line once; a credit naming a VietQR order's number pays it, through
   * the same checks as a callback (amounts compared, expired orders flagged). A line naming
   * an order counts only for the importer's agencies (`agencies`: where they approve).
   */
  async importStatement(csv: string, agencies: string[] | 'all') {
    const lines = csv
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    const rows = lines.filter((l) => !/^booked|^ngày/i.test(l)).map(parseStatementLine);
    const bad = rows.findIndex((r) => r === null);
    if (bad >= 0) {
      throw new ProblemError(422, 'statement_invalid', 'errors.invalidAnswers', { count: 1 }, [
        { field: `lines.${bad}`, messageKey: 'payments.error.statementLine' },
      ]);
    }
    const now = this.clock.now();
    let added = 0;
    let applied = 0;
    for (const row of rows as StatementLine[]) {
      const number =
        ORDER_NUMBER_IN_TEXT.exec(row.description.toUpperCase().replace(/\s/g, ''))?.[0] ?? null;
      // A recorded line pays its order (here, and when the payer's page asks the provider,
      // which reads these lines), and is never recorded again: a line naming another
      // agency's order, or no order yet, is left for that agency's approver to import.
      if (number && !(await this.isOrderOf(agencies, number))) continue;
      const [inserted] = await this.db.query<{ bank_reference: string }>(
        `INSERT INTO bank_statement_lines (bank_reference, booked_at, amount, description, order_number, imported_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (bank_reference) DO NOTHING RETURNING bank_reference`,
        [row.bankReference, row.bookedAt, row.amount, row.description, number, now],
      );
      if (!inserted) continue;
      added++;
      if (number && row.amount > 0) {
        const outcome = await this.deps.payments.confirmTransfer(
          number,
          row.bankReference,
          row.amount,
          row.bookedAt,
        );
        if (outcome === 'applied') applied++;
      }
    }
    return { lines: rows.length, added, applied };
  }

  /** Whether the order with this number is one of these agencies'. */
  private async isOrderOf(agencies: string[] | 'all', number: string): Promise<boolean> {
    if (agencies === 'all') return true;
    const [order] = await this.db.query<{ payee_agency_code: string }>(
      'SELECT payee_agency_code FROM payment_orders WHERE number = $1',
      [number],
    );
    return order !== undefined && agencies.includes(order.payee_agency_code);
  }
}

interface StatementLine {
  bookedAt: Date;
  amount: number;
  description: string;
  bankReference: string;
}

/** `2026-11-24T09:15:00+07:00,5000000,"MC TT26112400000001",FT2611240001` */
function parseStatementLine(line: string): StatementLine | null {
  const cells: string[] = [];
  const pattern = /("([^"]|"")*"|[^,]*)(,|$)/g;
  for (const match of line.matchAll(pattern)) {
    if (match.index === line.length && cells.length > 0) break;
    cells.push(match[1]!.startsWith('"') ? match[1]!.slice(1, -1).replace(/""/g, '"') : match[1]!);
    if (match[3] === '') break;
  }
  if (cells.length !== 4) return null;
  const [booked, amount, description, reference] = cells as [string, string, string, string];
  const bookedAt = new Date(booked);
  const value = Number(amount);
  if (Number.isNaN(bookedAt.getTime()) || !Number.isSafeInteger(value) || !reference.trim())
    return null;
  return { bookedAt, amount: value, description, bankReference: reference.trim() };
}
