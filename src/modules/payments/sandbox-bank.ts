import { randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { instantAt, addDays } from '../calendar/index.js';
import type {
  CallbackVerification,
  OrderForProvider,
  PaymentProvider,
  ProviderStatus,
  ReportLine,
} from './providers.js';
import { SIGNATURE_HEADER, signatureHeader, verifySignature } from './signatures.js';
import type { FailureCode } from './states.js';

/**
 * Whether a parsed body can be kept as it came (as jsonb, its ids as text): PostgreSQL
 * refuses a NUL (even written as \u0000) and an unpaired surrogate, anywhere in it.
 */
function storable(value: unknown): boolean {
  if (typeof value === 'string') return value.isWellFormed() && !value.includes('\u0000');
  if (Array.isArray(value)) return value.every(storable);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).every(([key, item]) => storable(key) && storable(item));
  }
  return true;
}

/** What each test account of the sandbox bank does when a payer confirms with it. */
export const SANDBOX_ACCOUNTS = [
  { number: '9704000000000018', behaviour: 'succeed' },
  { number: '9704000000000026', behaviour: 'decline' },
  { number: '9704000000000034', behaviour: 'timeout' },
  { number: '9704000000000042', behaviour: 'late' },
  { number: '9704000000000059', behaviour: 'twice' },
] as const;
export type SandboxBehaviour = (typeof SANDBOX_ACCOUNTS)[number]['behaviour'];

interface BankRow {
  reference: string;
  order_number: string;
  amount: string;
  status: 'open' | 'succeeded' | 'declined' | 'timed_out' | 'refunded';
  account: string | null;
  return_url: string;
  settled_at: Date | null;
}

export interface SandboxBankOptions {
  publicUrl: string;
  /** The first signs callbacks; all are accepted (a key being rotated out still verifies). */
  keys: string[];
  lateCallbackMs: number;
  /** Sends a callback to the portal: over HTTP to its public address by default. */
  deliver?: (body: string, signature: string) => Promise<void>;
}

/**
 * A bank gateway that behaves like a real one, for development and tests: a hosted page
 * where the payer confirms, its own books, callbacks signed with HMAC-SHA256 and a
 * timestamp, refunds and a daily report. Its test accounts succeed, decline, time out, or
 * call back late or twice, so every path of the portal can be tried.
 */
export class SandboxBank implements PaymentProvider {
  readonly code = 'sandbox-bank';
  readonly name = { vi: 'Ngân hàng thử nghiệm (sandbox)', en: 'Sandbox bank' };
  private readonly deliver: (body: string, signature: string) => Promise<void>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly options: SandboxBankOptions,
  ) {
    this.deliver =
      options.deliver ??
      (async (body, signature) => {
        await fetch(`${options.publicUrl}/api/v1/payments/callbacks/${this.code}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
          body,
        });
      });
  }

  async start(order: OrderForProvider) {
    const reference = `SB${randomBytes(8).toString('hex').toUpperCase()}`;
    await this.db.query(
      `INSERT INTO sandbox_bank_payments (reference, order_number, amount, status, return_url, created_at)
       VALUES ($1, $2, $3, 'open', $4, $5)`,
      [reference, order.number, order.amount, order.returnUrl, this.clock.now()],
    );
    return { reference, redirectUrl: `${this.options.publicUrl}/sandbox-bank/pay/${reference}` };
  }

  /** The hosted page's view of a payment. */
  async payment(reference: string) {
    const [row] = await this.db.query<BankRow>(
      'SELECT * FROM sandbox_bank_payments WHERE reference = $1',
      [reference],
    );
    return row ? { ...row, amount: Number(row.amount) } : undefined;
  }

  /**
   * The payer confirms with a test account (or cancels): the bank settles, then calls back
   * as that account says. Answers where the payer goes next.
   */
  async confirm(reference: string, account: string | null): Promise<string | undefined> {
    const behaviour: SandboxBehaviour | 'cancel' = account
      ? (SANDBOX_ACCOUNTS.find((a) => a.number === account)?.behaviour ?? 'decline')
      : 'cancel';
    const status =
      behaviour === 'timeout'
        ? 'timed_out'
        : behaviour === 'decline' || behaviour === 'cancel'
          ? 'declined'
          : 'succeeded';
    const now = this.clock.now();
    const [row] = await this.db.query<BankRow>(
      `UPDATE sandbox_bank_payments SET status = $2, account = $3, settled_at = $4
       WHERE reference = $1 AND status = 'open' RETURNING *`,
      [reference, status, account, now],
    );
    if (!row) return (await this.payment(reference))?.return_url;
    const failureCode: FailureCode | undefined =
      behaviour === 'cancel'
        ? 'cancelled_by_payer'
        : behaviour === 'decline'
          ? 'insufficient_funds'
          : undefined;
    const body = JSON.stringify({
      eventId: `${reference}:${status}`,
      reference,
      orderNumber: row.order_number,
      outcome: status === 'succeeded' ? 'succeeded' : 'failed',
      amount: Number(row.amount),
      currency: 'VND',
      ...(failureCode ? { failureCode } : {}),
      at: now.toISOString(),
    });
    const send = () =>
      this.deliver(body, signatureHeader(body, this.options.keys[0]!, this.clock.now())).catch(
        () => undefined,
      );
    if (behaviour === 'late') {
      setTimeout(() => void send(), this.options.lateCallbackMs).unref();
    } else if (behaviour !== 'timeout') {
      await send();
      if (behaviour === 'twice') await send();
    }
    return row.return_url;
  }

  async query(reference: string): Promise<ProviderStatus> {
    const row = await this.payment(reference);
    if (!row) return { status: 'failed', failureCode: 'provider_error' };
    if (row.status === 'succeeded' || row.status === 'refunded') {
      return { status: 'succeeded', amount: row.amount, at: row.settled_at! };
    }
    if (row.status === 'declined') {
      return {
        status: 'failed',
        failureCode: row.account ? 'insufficient_funds' : 'cancelled_by_payer',
      };
    }
    return { status: 'pending' };
  }

  async refund(reference: string, amount: number) {
    const refund = `${reference}R${randomBytes(3).toString('hex').toUpperCase()}`;
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query<BankRow & { refunded: string }>(
        `SELECT p.*, coalesce((SELECT sum(amount) FROM sandbox_bank_refunds r
           WHERE r.payment_reference = p.reference), 0) AS refunded
         FROM sandbox_bank_payments p WHERE reference = $1 FOR UPDATE`,
        [reference],
      );
      if (!row || (row.status !== 'succeeded' && row.status !== 'refunded')) {
        throw new Error(`sandbox bank: ${reference} was not paid`);
      }
      if (Number(row.refunded) + amount > Number(row.amount)) {
        throw new Error(`sandbox bank: refund of ${amount} exceeds what is left of ${reference}`);
      }
      await tx.query(
        'INSERT INTO sandbox_bank_refunds (reference, payment_reference, amount, at) VALUES ($1, $2, $3, $4)',
        [refund, reference, amount, this.clock.now()],
      );
    });
    return { reference: refund };
  }

  verifyCallback(
    headers: Record<string, string | undefined>,
    body: string,
    now: Date,
  ): CallbackVerification {
    const verdict = verifySignature(body, headers[SIGNATURE_HEADER], this.options.keys, now);
    if (verdict !== 'valid') return { ok: false, reason: verdict };
    try {
      const parsed = JSON.parse(body) as {
        eventId: string;
        reference: string;
        outcome: 'succeeded' | 'failed';
        amount: number;
        currency: string;
        failureCode?: FailureCode;
        at: string;
      };
      const at = new Date(parsed.at);
      if (
        typeof parsed.eventId !== 'string' ||
        typeof parsed.reference !== 'string' ||
        !storable(parsed) ||
        // An instant PostgreSQL keeps and an amount in whole đồng, or it is no bank's event.
        !(at.getUTCFullYear() >= 2000 && at.getUTCFullYear() <= 9999) ||
        !Number.isSafeInteger(Number(parsed.amount))
      ) {
        return { ok: false, reason: 'malformed' };
      }
      return {
        ok: true,
        event: {
          eventId: parsed.eventId,
          reference: parsed.reference,
          outcome: parsed.outcome === 'succeeded' ? 'succeeded' : 'failed',
          amount: Number(parsed.amount),
          currency: String(parsed.currency),
          failureCode: parsed.failureCode,
          at,
        },
      };
    } catch {
      return { ok: false, reason: 'malformed' };
    }
  }

  /** Payments settled and refunds made on a day (Vietnam time). */
  async dailyReport(day: string): Promise<ReportLine[]> {
    const from = instantAt(day, 0);
    const to = instantAt(addDays(day, 1), 0);
    const payments = await this.db.query<{ reference: string; amount: string; at: Date }>(
      `SELECT reference, amount, settled_at AS at FROM sandbox_bank_payments
       WHERE status IN ('succeeded', 'refunded') AND settled_at >= $1 AND settled_at < $2`,
      [from, to],
    );
    const refunds = await this.db.query<{ reference: string; amount: string; at: Date }>(
      `SELECT payment_reference AS reference, amount, at FROM sandbox_bank_refunds
       WHERE at >= $1 AND at < $2`,
      [from, to],
    );
    return [
      ...payments.map((p) => ({
        reference: p.reference,
        amount: Number(p.amount),
        kind: 'payment' as const,
        at: p.at,
      })),
      ...refunds.map((r) => ({
        reference: r.reference,
        amount: Number(r.amount),
        kind: 'refund' as const,
        at: r.at,
      })),
    ];
  }
}
