import { audit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { invalidFields, notFound, ProblemError } from '../../platform/errors.js';
import { can, type Actor } from '../identity/index.js';
import type { ProviderRegistry } from './providers.js';
import type { OrderRow, PaymentRepository } from './repository.js';
import { HTTP } from './http-status.js';
import { isPaid, nextStatus, refundEvent } from './states.js';
import { isUuid } from '../../platform/ids.js';

export interface RefundInput {
  amount: number;
  reason: string;
  /**
   * The order's version the officer saw: a form sent twice, a retried call, or another
   * officer's refund in between finds it changed and refunds nothing (409).
   */
  version: number;
}

/**
 * Refunds, by an officer of the payee agency with the approver role: checked against what
 * is left, made at the provider, recorded and audited.
 */
export class RefundService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: { repository: PaymentRepository; providers: ProviderRegistry },
  ) {}

  async refund(officer: Actor, id: string, input: RefundInput): Promise<OrderRow> {
    const order = isUuid(id) ? await this.deps.repository.find(id) : undefined;
    const payee = { type: 'agency' as const, code: order?.payee_agency_code ?? '' };
    if (!order || !can(officer, 'payments.settle', payee)) throw notFound('errors.paymentNotFound');
    await this.claim(order.id, input);
    const provider = this.deps.providers.get(order.provider);
    if (!provider || !order.provider_ref) throw new Error(`no provider for ${order.id}`);
    // Made at the provider (an outside system, not inside our transaction) only once this
    // request holds the version it was sent with: a second click, a retry or another
    // approver sent with the same version is refused before the provider is asked.
    const made = await provider.refund(order.provider_ref, input.amount);
    return this.record(officer, order.id, input, made.reference);
  }

  /**
   * Under the order's lock: still the version the officer saw, and refundable; then the
   * version is taken, so only this request goes on to the provider.
   */
  private claim(orderId: string, input: RefundInput): Promise<void> {
    return this.db.transaction(async (tx) => {
      const locked = await this.deps.repository.findForUpdate(tx, orderId);
      if (!locked || locked.version !== input.version) throw refundConflict();
      assertRefundable(locked, input);
      await this.deps.repository.claimVersion(tx, orderId, this.clock.now());
    });
  }

  /** Records a refund the provider made, moving the order (locked) along the graph. */
  private record(officer: Actor, orderId: string, input: RefundInput, reference: string) {
    const { repository } = this.deps;
    const now = this.clock.now();
    const reason = input.reason.trim();
    return this.db.transaction(async (tx) => {
      const locked = await repository.findForUpdate(tx, orderId);
      const again = locked && refundEvent(locked.amount, locked.refunded_amount, input.amount);
      const to = locked && typeof again === 'string' ? nextStatus(locked.status, again) : null;
      if (!locked || !to || typeof again !== 'string') {
        throw refundConflict();
      }
      await repository.addRefund(tx, {
        orderId,
        amount: input.amount,
        reason,
        requestedBy: officer.accountId,
        at: now,
        providerRef: reference,
      });
      await repository.move(
        tx,
        locked,
        { event: again, to, at: now, actorId: officer.accountId },
        { amount: input.amount, reference },
      );
      await audit(tx, {
        at: now,
        actorId: officer.accountId,
        action: 'payment.refund',
        resourceType: 'payment',
        resourceId: orderId,
        before: { status: locked.status, refunded: locked.refunded_amount },
        after: { status: to, refunded: locked.refunded_amount + input.amount },
        reason,
      });
      return (await repository.find(orderId, tx))!;
    });
  }
}

const refundConflict = () =>
  new ProblemError(HTTP.conflict, 'refund_conflict', 'errors.versionConflict');

/** Refuses (422) a refund without a reason, of an unpaid order, or of more than is left. */
function assertRefundable(order: OrderRow, input: RefundInput): void {
  if (!input.reason.trim()) {
    throw invalidFields('reason_required', [
      { field: 'reason', messageKey: 'errors.field.required' },
    ]);
  }
  const event = refundEvent(order.amount, order.refunded_amount, input.amount);
  if (typeof event === 'string' && isPaid(order.status)) return;
  throw invalidFields('refund_refused', [
    {
      field: 'amount',
      messageKey:
        typeof event !== 'string' && event.refused === 'invalid_amount'
          ? 'payments.error.refundAmount'
          : 'payments.error.refundExceeds',
    },
  ]);
}
