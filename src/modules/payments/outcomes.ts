import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/db.js';
import { notFound, ProblemError } from '../../platform/errors.js';
import type { DossierFees } from '../dossiers/index.js';
import { HTTP } from './http-status.js';
import type { BillIssuer } from './issuers.js';
import type { CallbackEvent, ProviderRegistry } from './providers.js';
import type { ReceiptService } from './receipts.js';
import type { LockedOrder, OrderRow, PaymentRepository } from './repository.js';
import { isPaid, nextStatus, type FailureCode } from './states.js';

export type CallbackOutcome =
  | 'applied'
  | 'duplicate'
  | 'amount_mismatch'
  | 'paid_after_expiry'
  | 'paid_twice'
  | 'ignored'
  | 'unknown_order';

/** What a provider says happened to a payment. */
type ProviderOutcome =
  | { kind: 'succeeded'; amount: number; currency: string; at: Date }
  | { kind: 'failed'; failureCode: FailureCode };

interface Applied {
  outcome: CallbackOutcome;
  /** Money came in for the order just now: what a payment sets off is to be done. */
  paidNow: boolean;
}

/** A payment order was paid: what listeners are told once it is committed. */
export interface PaymentSucceeded {
  orderId: string;
  number: string;
  subject: 'dossier_fee' | 'bill';
  payeeAgencyCode: string;
  amount: number;
  currency: string;
  paidAt: Date | null;
  billCode: string | null;
}
export type PaymentListener = (payment: PaymentSucceeded) => void;

/** Thrown inside a callback's transaction to undo it when the event was recorded before. */
class RepeatedEvent extends Error {}

const outcomeOf = (event: CallbackEvent): ProviderOutcome =>
  event.outcome === 'succeeded'
    ? { kind: 'succeeded', amount: event.amount, currency: event.currency, at: event.at }
    : { kind: 'failed', failureCode: event.failureCode ?? 'declined' };

/**
 * What providers and the clock say happens to orders: callbacks (verified first, recorded
 * once, applied to their order under a row lock), the return page's question to the
 * provider, transfers confirmed by the bank statement, and expiry. Only the state graph
 * moves an order; money arriving where it should not is recorded and flagged, never lost.
 */
export class OutcomeService {
  private readonly listeners = new Set<PaymentListener>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: {
      repository: PaymentRepository;
      providers: ProviderRegistry;
      issuer: BillIssuer;
      /** Dossiers' fees: settled when paid (the dossier moves on). */
      fees: DossierFees;
      receipts: ReceiptService;
    },
  ) {}

  /** Tells `listener` of every payment once committed (webhooks); answers how to stop. */
  onSucceeded(listener: PaymentListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A provider's callback: verified before anything is read from it (a forged or stale one
   * is 401 and changes nothing), recorded once by its event id (a duplicate is answered,
   * never credited again), then applied to its order.
   */
  async callback(
    providerCode: string,
    headers: Record<string, string | undefined>,
    body: string,
  ): Promise<CallbackOutcome> {
    const provider = this.deps.providers.get(providerCode);
    if (!provider) throw notFound('errors.notFound');
    const verified = provider.verifyCallback(headers, body, this.clock.now());
    if (!verified.ok) {
      throw new ProblemError(
        HTTP.unauthorized,
        `callback_${verified.reason}`,
        'errors.callbackSignature',
      );
    }
    const { event } = verified;
    return this.record(provider.code, event.eventId, event.reference, outcomeOf(event), body);
  }

  /** A credit on the collection account's statement naming a VietQR order's number. */
  confirmTransfer(number: string, bankReference: string, amount: number, at: Date) {
    return this.record(
      'vietqr',
      bankReference,
      number,
      { kind: 'succeeded', amount, currency: 'VND', at },
      JSON.stringify({ bankReference, number, amount, at: at.toISOString() }),
    );
  }

  /**
   * The return page's check: the provider is asked (the query string is never trusted),
   * and what it says is applied like a callback would be.
   */
  async refresh(order: OrderRow): Promise<OrderRow> {
    if (order.finished || !order.provider_ref) return order;
    const provider = this.deps.providers.get(order.provider);
    if (!provider) return order;
    const status = await provider.query(order.provider_ref);
    if (status.status === 'pending') return order;
    const outcome: ProviderOutcome =
      status.status === 'succeeded'
        ? { kind: 'succeeded', amount: status.amount, currency: 'VND', at: status.at }
        : { kind: 'failed', failureCode: status.failureCode };
    const result = await this.db.transaction(async (tx): Promise<Applied> => {
      const locked = await this.deps.repository.lockForOutcome(tx, { id: order.id });
      if (!locked) return { outcome: 'unknown_order', paidNow: false };
      return this.apply(tx, locked, outcome, { source: 'query' });
    });
    if (result.paidNow) await this.afterPaid(order);
    return (await this.deps.repository.find(order.id))!;
  }

  /** The scheduled job: open orders past their time expire. */
  async expireDue(): Promise<number> {
    const now = this.clock.now();
    let expired = 0;
    for (const id of await this.deps.repository.dueToExpire(now, 500)) {
      await this.db.transaction(async (tx) => {
        const locked = await this.deps.repository.findForUpdate(tx, id);
        const to = locked && nextStatus(locked.status, 'expire');
        if (!locked || !to) return;
        await this.deps.repository.move(
          tx,
          locked,
          { event: 'expire', to, at: this.clock.now(), failureCode: 'expired' },
          { source: 'job' },
        );
        expired++;
      });
    }
    return expired;
  }

  /**
   * Records what a provider reported once (by its event id: a repeat is a duplicate and
   * credits nothing), applies it to its order, and then does what a payment sets off.
   */
  private async record(
    provider: string,
    eventId: string,
    reference: string,
    outcome: ProviderOutcome,
    body: string,
  ): Promise<CallbackOutcome> {
    const { repository } = this.deps;
    const now = this.clock.now();
    let order: LockedOrder | undefined;
    let result: Applied;
    try {
      result = await this.db.transaction(async (tx) => {
        order = await repository.lockForOutcome(tx, { provider, reference });
        const applied: Applied = order
          ? await this.apply(tx, order, outcome, { source: provider, eventId })
          : { outcome: 'unknown_order', paidNow: false };
        // Recorded after applying (one statement fewer per callback): a repeat of an event
        // already recorded undoes what this transaction did, and is answered as such.
        const fresh = await repository.recordCallback(tx, {
          provider,
          eventId,
          orderId: order?.id ?? null,
          at: now,
          outcome: applied.outcome,
          body,
        });
        if (!fresh) throw new RepeatedEvent();
        return applied;
      });
    } catch (error) {
      if (error instanceof RepeatedEvent) return 'duplicate';
      throw error;
    }
    if (result.paidNow && order) await this.afterPaid(order);
    return result.outcome;
  }

  /**
   * Applies what a provider says to a locked order: the graph decides, and money that
   * arrives where it should not (an expired order, a wrong amount, a second payment) is
   * recorded and flagged for an officer, never lost.
   */
  private async apply(
    tx: Queryable,
    locked: LockedOrder,
    outcome: ProviderOutcome,
    source: Record<string, unknown>,
  ): Promise<Applied> {
    const { repository } = this.deps;
    const now = this.clock.now();
    if (outcome.kind === 'failed') {
      const to = nextStatus(locked.status, 'fail');
      if (!to) return { outcome: 'ignored', paidNow: false };
      await repository.move(
        tx,
        locked,
        { event: 'fail', to, at: now, failureCode: outcome.failureCode },
        source,
      );
      return { outcome: 'applied', paidNow: false };
    }
    if (outcome.currency !== 'VND' || outcome.amount !== locked.amount) {
      await repository.flag(tx, locked, 'amount_mismatch', now, {
        ...source,
        received: outcome.amount,
      });
      return { outcome: 'amount_mismatch', paidNow: false };
    }
    if (isPaid(locked.status)) return { outcome: 'duplicate', paidNow: false };
    const to = nextStatus(locked.status, 'succeed');
    if (!to) {
      await repository.flag(tx, locked, 'paid_after_expiry', now, source);
      return { outcome: 'paid_after_expiry', paidNow: false };
    }
    await repository.move(
      tx,
      locked,
      { event: 'succeed', to, at: now, paidAt: outcome.at },
      source,
    );
    if (locked.paid_before) {
      await repository.flag(tx, { ...locked, status: to }, 'paid_twice', now, source);
      return { outcome: 'paid_twice', paidNow: false };
    }
    if (locked.dossier_fee_id) await this.deps.fees.settle(tx, locked.dossier_fee_id, locked.id);
    if (locked.bill_code) await this.deps.issuer.markPaid(tx, locked.bill_code, now);
    await this.deps.receipts.issue(tx, locked.id, now);
    return { outcome: 'applied', paidNow: true };
  }

  /**
   * After a payment is committed: the dossier moves on now; the receipt's PDF goes into the
   * payer's store in the background.
   */
  private async afterPaid(order: Pick<OrderRow, 'id' | 'dossier_fee_id' | 'payer_account_id'>) {
    if (order.payer_account_id) this.deps.receipts.storeSoon(order.id);
    if (order.dossier_fee_id) await this.deps.fees.settled(order.dossier_fee_id);
    if (this.listeners.size > 0) await this.announce(order.id);
  }

  /** The listeners told of a payment; a listener's failure is its own. */
  private async announce(orderId: string) {
    const paid = await this.deps.repository.find(orderId);
    if (!paid) return;
    const payment: PaymentSucceeded = {
      orderId: paid.id,
      number: paid.number,
      subject: paid.subject,
      payeeAgencyCode: paid.payee_agency_code,
      amount: paid.amount,
      currency: paid.currency,
      paidAt: paid.paid_at,
      billCode: paid.bill_code,
    };
    for (const listener of this.listeners) {
      try {
        listener(payment);
      } catch {
        // The payment is committed; what a listener does with it does not undo it.
      }
    }
  }
}
