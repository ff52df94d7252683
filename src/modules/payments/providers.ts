import type { Queryable } from '../../platform/db.js';
import type { FailureCode } from './states.js';

/** What a provider needs of an order to take its payment. */
export interface OrderForProvider {
  id: string;
  number: string;
  amount: number;
  description: string;
  payerName: string;
  /** Where the payer comes back to; the page asks the provider, never trusts the URL. */
  returnUrl: string;
  expiresAt: Date;
}

export interface ProviderStart {
  /** The provider's own reference for this payment. */
  reference: string;
  /** A hosted page the payer goes to. */
  redirectUrl?: string;
  /** A bank-transfer code: the text and its image. */
  qr?: { payload: string; image: string };
}

export type ProviderStatus =
  | { status: 'pending' }
  | { status: 'succeeded'; amount: number; at: Date }
  | { status: 'failed'; failureCode: FailureCode };

/** A verified callback: what the provider says happened. */
export interface CallbackEvent {
  eventId: string;
  reference: string;
  outcome: 'succeeded' | 'failed';
  amount: number;
  currency: string;
  failureCode?: FailureCode | undefined;
  at: Date;
}

/** A line of a provider's daily report: money it moved for one payment. */
export interface ReportLine {
  reference: string;
  amount: number;
  kind: 'payment' | 'refund';
  at: Date;
}

export type CallbackVerification =
  { ok: true; event: CallbackEvent } | { ok: false; reason: 'forged' | 'stale' | 'malformed' };

/**
 * A payment provider (a bank gateway, an intermediary, bank transfer): every one is used
 * through these calls, so adding a bank is adding an implementation.
 */
export interface PaymentProvider {
  readonly code: string;
  readonly name: { vi: string; en: string };
  start(order: OrderForProvider): Promise<ProviderStart>;
  query(reference: string): Promise<ProviderStatus>;
  refund(reference: string, amount: number): Promise<{ reference: string }>;
  /** Checks a callback's signature and reads it; providers without callbacks refuse all. */
  verifyCallback(
    headers: Record<string, string | undefined>,
    body: string,
    now: Date,
  ): CallbackVerification;
  dailyReport(day: string): Promise<ReportLine[]>;
}

/** The configured providers, and which of them each agency takes. */
export class ProviderRegistry {
  private readonly byCode: Map<string, PaymentProvider>;

  constructor(
    private readonly db: Queryable,
    providers: PaymentProvider[],
  ) {
    this.byCode = new Map(providers.map((p) => [p.code, p]));
  }

  get(code: string): PaymentProvider | undefined {
    return this.byCode.get(code);
  }

  all(): PaymentProvider[] {
    return [...this.byCode.values()];
  }

  /** The providers an agency takes payments through (all configured, unless it chose). */
  async forAgency(agencyCode: string): Promise<PaymentProvider[]> {
    const rows = await this.db.query<{ provider: string }>(
      'SELECT provider FROM agency_payment_providers WHERE agency_code = $1',
      [agencyCode],
    );
    if (rows.length === 0) return this.all();
    return rows.flatMap((r) => this.byCode.get(r.provider) ?? []);
  }
}
