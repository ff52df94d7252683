import type { Database } from '../../platform/db.js';
import { qrPng } from '../../platform/pdf.js';
import { addDays, instantAt } from '../calendar/index.js';
import type {
  CallbackVerification,
  OrderForProvider,
  PaymentProvider,
  ProviderStatus,
  ReportLine,
} from './providers.js';
import { vietQrPayload } from './vietqr.js';

/**
 * The payment number as written in a transfer's content (banks drop spaces and case): TT,
 * the day, then 8 random characters, or the running number orders had before.
 */
export const ORDER_NUMBER_IN_TEXT = /TT\d{6}(?:[2-9A-HJKMNP-Z]{8}|\d{8,})/;

/**
 * Bank transfer by VietQR: the payer's bank app reads the code (collection account, amount,
 * the payment number as content). Banks do not call back: the collection account's
 * statement, imported, says which transfers came, matched by the number in their content.
 */
export class VietQrProvider implements PaymentProvider {
  readonly code = 'vietqr';
  readonly name = { vi: 'Chuyển khoản VietQR', en: 'VietQR bank transfer' };

  constructor(
    private readonly db: Database,
    private readonly account: { bankBin: string; account: string; holder: string },
  ) {}

  async start(order: OrderForProvider) {
    return { reference: order.number, qr: await this.qr(order.number, order.amount) };
  }

  /** The transfer code of an order: its text and a PNG of it (as a data URL). */
  async qr(number: string, amount: number) {
    const payload = vietQrPayload({
      bankBin: this.account.bankBin,
      account: this.account.account,
      amount,
      purpose: number,
    });
    return { payload, image: `data:image/png;base64,${(await qrPng(payload)).toString('base64')}` };
  }

  /** What the statement shows for a payment number (all transfers that named it). */
  async query(reference: string): Promise<ProviderStatus> {
    const [row] = await this.db.query<{ amount: string | null; at: Date | null }>(
      `SELECT sum(amount) AS amount, min(booked_at) AS at FROM bank_statement_lines
       WHERE order_number = $1 AND amount > 0`,
      [reference],
    );
    if (!row?.amount) return { status: 'pending' };
    return { status: 'succeeded', amount: Number(row.amount), at: row.at! };
  }

  /** A transfer back is made by the treasury officer; the portal records it. */
  async refund(reference: string, amount: number) {
    return { reference: `${reference}-HT-${amount}` };
  }

  verifyCallback(): CallbackVerification {
    return { ok: false, reason: 'forged' };
  }

  async dailyReport(day: string): Promise<ReportLine[]> {
    const rows = await this.db.query<{ order_number: string; amount: string; booked_at: Date }>(
      `SELECT order_number, amount, booked_at FROM bank_statement_lines
       WHERE order_number IS NOT NULL AND booked_at >= $1 AND booked_at < $2`,
      [instantAt(day, 0), instantAt(addDays(day, 1), 0)],
    );
    return rows.map((r) => ({
      reference: r.order_number,
      amount: Math.abs(Number(r.amount)),
      kind: Number(r.amount) > 0 ? ('payment' as const) : ('refund' as const),
      at: r.booked_at,
    }));
  }

  get holder() {
    return this.account;
  }
}
