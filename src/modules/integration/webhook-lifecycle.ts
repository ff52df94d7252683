/**
 * Webhooks' two lifecycles as pure state machines, the only ways their states change (the
 * repository's statements take their states from here): a subscription's, and an attempt's
 * to deliver one message to one subscription. Also the retry schedule.
 */

export const SUBSCRIPTION_STATES = ['active', 'disabled', 'deleted'] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

export const SUBSCRIPTION_ACTIONS = [
  /** Its client changes its address, events or description, or rotates its secret. */
  'update',
  /** Its client pauses it. */
  'pause',
  /** Too many failures in a row: the sender disables it. */
  'trip',
  /** Its client (or an administrator) turns it on again. */
  'enable',
  'delete',
] as const;
export type SubscriptionAction = (typeof SUBSCRIPTION_ACTIONS)[number];

const SUBSCRIPTION_MOVES: Record<
  SubscriptionState,
  Partial<Record<SubscriptionAction, SubscriptionState>>
> = {
  active: { update: 'active', pause: 'disabled', trip: 'disabled', delete: 'deleted' },
  disabled: { update: 'disabled', enable: 'active', delete: 'deleted' },
  deleted: {},
};

/** Where the action takes a subscription in that state; null when it may not be taken. */
export const nextSubscriptionState = (
  state: SubscriptionState,
  action: SubscriptionAction,
): SubscriptionState | null => SUBSCRIPTION_MOVES[state][action] ?? null;

export const ATTEMPT_STATES = [
  'pending',
  'sending',
  'succeeded',
  'failed',
  'abandoned',
  'cancelled',
] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];

export const ATTEMPT_ACTIONS = [
  /** A sender takes it (a sending one only once its lease ran out: that sender died). */
  'claim',
  /** The endpoint answered 2xx. */
  'succeed',
  /** Anything else, and a retry is scheduled. */
  'fail',
  /** Anything else, and it was the last try. */
  'give_up',
  /** Its subscription was deleted before it was sent. */
  'cancel',
] as const;
export type AttemptAction = (typeof ATTEMPT_ACTIONS)[number];

const ATTEMPT_MOVES: Record<AttemptState, Partial<Record<AttemptAction, AttemptState>>> = {
  pending: { claim: 'sending', cancel: 'cancelled' },
  sending: { claim: 'sending', succeed: 'succeeded', fail: 'failed', give_up: 'abandoned' },
  succeeded: {},
  failed: {},
  abandoned: {},
  cancelled: {},
};

export const nextAttemptState = (state: AttemptState, action: AttemptAction): AttemptState | null =>
  ATTEMPT_MOVES[state][action] ?? null;

/** The states an action may be taken from: what the repository's statements select on. */
export const attemptStatesFor = (action: AttemptAction): AttemptState[] =>
  ATTEMPT_STATES.filter((state) => nextAttemptState(state, action) !== null);

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The waits before each retry: the first try at once, then after 5 s, 5 min, 30 min, 2 h,
 * 5 h, 10 h, 14 h and 16 h — nine tries over 47 h 35 min, within two days of the event.
 */
export const RETRY_DELAYS_MS = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  14 * HOUR,
  16 * HOUR,
] as const;

/**
 * What a failed try leads to: a retry after a wait (`step` is the try's place in its event's
 * schedule, 1 for the first), or nothing more. A replay (no step) is one try of its own,
 * never retried.
 */
export function afterFailure(
  step: number | null,
): { action: 'fail'; retryInMs: number } | { action: 'give_up' } {
  const wait = step === null ? undefined : RETRY_DELAYS_MS[step - 1];
  return wait === undefined ? { action: 'give_up' } : { action: 'fail', retryInMs: wait };
}

/** Whether an endpoint's answer counts as delivered: any 2xx (redirects are not followed). */
export const delivered = (httpStatus: number): boolean => httpStatus >= 200 && httpStatus < 300;
