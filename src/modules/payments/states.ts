/**
 * A payment order's states as an explicit graph. Money moves only along these edges:
 * anything else is refused, so a late callback can never turn an expired order into a paid
 * one, nor a refund exceed what was paid.
 *
 * An order comes into being `pending`: it is recorded once its provider has taken it (a
 * hosted page to go to, a transfer code to show), so there is no state before that, and
 * only the provider, the clock and refunds move it on (a payer who gives up at the bank's
 * page is a failure, `cancelled_by_payer`).
 */
export const PAYMENT_STATUSES = [
  'pending',
  'succeeded',
  'failed',
  'expired',
  'partially_refunded',
  'refunded',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** The state every order is recorded in. */
export const INITIAL_STATUS: PaymentStatus = 'pending';

/** What happens to an order. */
export type PaymentEvent = 'succeed' | 'fail' | 'expire' | 'refund_part' | 'refund_rest';

const EDGES: Record<PaymentStatus, Partial<Record<PaymentEvent, PaymentStatus>>> = {
  pending: { succeed: 'succeeded', fail: 'failed', expire: 'expired' },
  succeeded: { refund_part: 'partially_refunded', refund_rest: 'refunded' },
  partially_refunded: { refund_part: 'partially_refunded', refund_rest: 'refunded' },
  failed: {},
  expired: {},
  refunded: {},
};

/** Why an order did not succeed. */
export const FAILURE_CODES = [
  'declined',
  'insufficient_funds',
  'timeout',
  'expired',
  'cancelled_by_payer',
  'provider_error',
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

/** The state an event leads to, or null when the graph has no such edge. */
export const nextStatus = (from: PaymentStatus, event: PaymentEvent): PaymentStatus | null =>
  EDGES[from][event] ?? null;

/** Decided: no payment can happen on it any more (a paid one can still be refunded). */
export const isFinished = (status: PaymentStatus) => status !== 'pending';

/** Money was received (and may since have been partly given back). */
export const isPaid = (status: PaymentStatus) =>
  status === 'succeeded' || status === 'partially_refunded' || status === 'refunded';

/** The payer may try again with a new order (the fee or obligation is still owed). */
export const mayRetry = (status: PaymentStatus) => status === 'failed' || status === 'expired';

/** The refund event for an amount against what is left of the payment. */
export function refundEvent(
  paid: number,
  refundedBefore: number,
  amount: number,
): PaymentEvent | { refused: 'invalid_amount' | 'exceeds_remaining' } {
  if (!Number.isSafeInteger(amount) || amount <= 0) return { refused: 'invalid_amount' };
  const remaining = paid - refundedBefore;
  if (amount > remaining) return { refused: 'exceeds_remaining' };
  return amount === remaining ? 'refund_rest' : 'refund_part';
}
