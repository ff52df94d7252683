/**
 * A payment order's states as an explicit graph. Money moves only along these edges:
 * anything else is refused, so a late callback can never turn an expired order into a paid
 * one, nor a refund exceed what was paid.
 */
export const PAYMENT_STATUSES = [
  'created',
  'pending',
  'succeeded',
  'failed',
  'expired',
  'cancelled',
  'partially_refunded',
  'refunded',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** What happens to an order. */
export type PaymentEvent =
  | 'start' // the payer went to the provider (page opened, QR shown)
  | 'succeed'
  | 'fail'
  | 'expire'
  | 'cancel'
  | 'refund_part'
  | 'refund_rest';

const EDGES: Record<PaymentStatus, Partial<Record<PaymentEvent, PaymentStatus>>> = {
  created: {
    start: 'pending',
    succeed: 'succeeded',
    fail: 'failed',
    expire: 'expired',
    cancel: 'cancelled',
  },
  pending: { succeed: 'succeeded', fail: 'failed', expire: 'expired', cancel: 'cancelled' },
  succeeded: { refund_part: 'partially_refunded', refund_rest: 'refunded' },
  partially_refunded: { refund_part: 'partially_refunded', refund_rest: 'refunded' },
  failed: {},
  expired: {},
  cancelled: {},
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
export const isFinished = (status: PaymentStatus) => status !== 'created' && status !== 'pending';

/** Money was received (and may since have been partly given back). */
export const isPaid = (status: PaymentStatus) =>
  status === 'succeeded' || status === 'partially_refunded' || status === 'refunded';

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
