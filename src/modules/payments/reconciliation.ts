import { createHash } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import { invalidFields, notFound } from '../../platform/errors.js';
import { addDays, instantAt } from '../calendar/index.js';
import type { CatalogService } from '../catalog/index.js';
import { agenciesWhere, type Actor } from '../identity/index.js';
import type { OutcomeService } from './outcomes.js';
import type { ProviderRegistry, ReportLine } from './providers.js';
import type {
  MismatchKind,
  ReconciliationRepository,
  StatementLine,
} from './reconciliation-repository.js';
import type { PaymentRepository } from './repository.js';
import { ORDER_NUMBER_IN_TEXT } from './vietqr-provider.js';

export type { MismatchKind } from './reconciliation-repository.js';

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
    private readonly clock: Clock,
    private readonly deps: {
      repository: ReconciliationRepository;
      orders: PaymentRepository;
      providers: ProviderRegistry;
      outcomes: OutcomeService;
      catalog: CatalogService;
    },
  ) {}

  /**
   * Compares every provider's report of a day with the portal's orders, for these agencies
   * (the scheduled job: all of them); records the run. An officer's run compares and
   * replaces only their agencies' lines: another agency's mismatches stay as they were.
   */
  async reconcile(day: string, agencies: string[] | 'all' = 'all') {
    const runs = [];
    for (const provider of this.deps.providers.all()) {
      const { matched, mismatches } = await this.compareDay(
        provider.code,
        day,
        () => provider.dailyReport(day),
        agencies,
      );
      await this.deps.repository.saveRun(
        { provider: provider.code, day, at: this.clock.now(), matched },
        mismatches,
        agencies,
      );
      runs.push({ provider: provider.code, matched, mismatches: mismatches.length });
    }
    return runs;
  }

  /** One provider's day: the portal's lines against its report, each mismatch placed. */
  private async compareDay(
    provider: string,
    day: string,
    report: () => Promise<ReportLine[]>,
    agencies: string[] | 'all',
  ) {
    const { repository } = this.deps;
    const ours = (agency: string | null | undefined) =>
      agencies === 'all' || (!!agency && agencies.includes(agency));
    const portal = (
      await repository.portalLines(provider, instantAt(day, 0), instantAt(addDays(day, 1), 0))
    ).filter((p) => ours(p.agency_code));
    // Money the provider moved for an order the portal did not count as paid (it expired,
    // or the amount was wrong) is named with that order, so an officer can refund it. An
    // officer's run looks only at lines of their agencies' orders; money naming no order
    // is the scheduled (all-agency) run's to report.
    const all = await report();
    const known = await repository.ordersByReference(
      provider,
      all.map((l) => l.reference),
    );
    const reported = all.filter(
      (l) => agencies === 'all' || ours(known.find((k) => k.reference === l.reference)?.agency),
    );
    const result = compareWithReport(
      portal.map((p) => ({
        reference: p.reference,
        orderId: p.order_id,
        agencyCode: p.agency_code,
        paid: p.paid,
        refunded: p.refunded,
      })),
      reported,
    );
    const mismatches = result.mismatches.map((m) => {
      const order = m.orderId ? null : known.find((k) => k.reference === m.reference);
      return {
        ...m,
        orderId: m.orderId ?? order?.id ?? null,
        agencyCode: m.agencyCode ?? order?.agency ?? null,
      };
    });
    return { matched: result.matched, mismatches };
  }

  /** The scheduled job: yesterday (in Vietnam), every morning. */
  reconcileYesterday() {
    return this.reconcile(addDays(vietnamDate(this.clock.now()), -1));
  }

  /** Mismatches still open for the agencies (system administrators see all). */
  mismatches(agencies: string[] | 'all') {
    return this.deps.repository.mismatches(agencies);
  }

  /** An officer settles a mismatch (a refund made, a report corrected), saying how. */
  async resolve(actor: Actor, id: string, resolution: string) {
    if (!resolution.trim()) {
      throw invalidFields('resolution_required', [
        { field: 'resolution', messageKey: 'errors.field.required' },
      ]);
    }
    // An approver's, of the mismatch's agency: another role there (while approving
    // elsewhere) does not settle its money.
    const mine = agenciesWhere(actor, 'payments.settle');
    const visible = (await this.mismatches(mine)).find((m) => m.id === id);
    if (!visible) throw notFound('errors.notFound');
    await this.deps.repository.resolve(id, this.clock.now(), actor.accountId, resolution.trim());
  }

  /** Per agency per day: payments, money collected and refunded (Vietnam days). */
  async totals(agencies: string[] | 'all', from: string, to: string): Promise<DailyTotal[]> {
    const rows = await this.deps.repository.totals(
      agencies,
      instantAt(from, 0),
      instantAt(addDays(to, 1), 0),
    );
    const names = new Map<string, string>();
    for (const code of new Set(rows.map((r) => r.agencyCode))) {
      names.set(code, (await this.deps.catalog.agency(code)).name);
    }
    return rows.map((r) => ({
      day: r.day,
      agencyCode: r.agencyCode,
      agencyName: names.get(r.agencyCode)!,
      payments: r.payments,
      collected: r.collected,
      refunded: r.refunded,
    }));
  }

  /**
   * Imports the collection account's statement (CSV: booked at, amount, content, bank
   * reference): each line once; a credit naming a VietQR order's number pays it, through
   * the same checks as a callback (amounts compared, expired orders flagged). A line is
   * kept only when it names an order of the importer's agencies (`agencies`: where they
   * approve); every other line (another agency's order, no order, an unknown number) is
   * left alone and answered by its line number in `notMatched`, alike, so the answer does
   * not tell whether another agency's order exists.
   */
  async importStatement(csv: string, importer: { accountId: string; agencies: string[] | 'all' }) {
    const { agencies } = importer;
    const rows = parseStatement(csv);
    const now = this.clock.now();
    let added = 0;
    let applied = 0;
    const notMatched: number[] = [];
    for (const { line, row } of rows) {
      const number =
        ORDER_NUMBER_IN_TEXT.exec(row.description.toUpperCase().replace(/\s/g, ''))?.[0] ?? null;
      // A recorded line pays its order (here, and when the payer's page asks the provider,
      // which reads these lines), and holds its bank reference for good: one naming no order
      // of the importer's is not recorded, so it can neither pay another agency's order nor
      // take the bank reference that agency's own import will bring.
      if (!number || !(await this.isOrderOf(agencies, number))) {
        notMatched.push(line);
        continue;
      }
      if (!(await this.deps.repository.addStatementLine(row, number, now))) continue;
      added++;
      if (row.amount > 0) {
        const outcome = await this.deps.outcomes.confirmTransfer(
          number,
          row.bankReference,
          row.amount,
          row.bookedAt,
        );
        if (outcome === 'applied') applied++;
      }
    }
    const result = { lines: rows.length, added, applied, notMatched };
    // Who imported what, and what it confirmed: money moved on an officer's word.
    await this.deps.repository.audit({
      at: now,
      actorId: importer.accountId,
      action: 'payment.statement_import',
      resourceType: 'statement',
      resourceId: createHash('sha256').update(csv).digest('hex'),
      after: result,
    });
    return result;
  }

  /** Whether an order with this number exists and is one of these agencies'. */
  private async isOrderOf(agencies: string[] | 'all', number: string): Promise<boolean> {
    const payee = await this.deps.orders.payeeOfNumber(number);
    return payee !== undefined && (agencies === 'all' || agencies.includes(payee));
  }
}

/**
 * The statement's lines with their line numbers in the file (1 is the first), its heading
 * left out (422 naming the first line it cannot read).
 */
function parseStatement(csv: string): { line: number; row: StatementLine }[] {
  const lines = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((text, i) => ({ text: text.trim(), line: i + 1 }))
    .filter((l) => l.text && !/^booked|^ngày/i.test(l.text));
  const rows = lines.map((l) => ({ line: l.line, row: parseStatementLine(l.text) }));
  const bad = rows.findIndex((r) => r.row === null);
  if (bad >= 0) {
    throw invalidFields('statement_invalid', [
      { field: `lines.${bad}`, messageKey: 'payments.error.statementLine' },
    ]);
  }
  return rows as { line: number; row: StatementLine }[];
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
