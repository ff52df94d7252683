import { describe, expect, it } from 'vitest';
import {
  ATTEMPT_ACTIONS,
  ATTEMPT_STATES,
  RETRY_DELAYS_MS,
  SUBSCRIPTION_ACTIONS,
  SUBSCRIPTION_STATES,
  afterFailure,
  attemptStatesFor,
  delivered,
  nextAttemptState,
  nextSubscriptionState,
  type AttemptAction,
  type AttemptState,
  type SubscriptionAction,
  type SubscriptionState,
} from './webhook-lifecycle.js';

/** A subscription's moves, written out: anything not here is refused (409). */
const SUBSCRIPTION: Record<
  SubscriptionState,
  Partial<Record<SubscriptionAction, SubscriptionState>>
> = {
  active: { update: 'active', pause: 'disabled', trip: 'disabled', delete: 'deleted' },
  disabled: { update: 'disabled', enable: 'active', delete: 'deleted' },
  deleted: {},
};

/** An attempt's moves: succeeded, failed, abandoned and cancelled are final. */
const ATTEMPT: Record<AttemptState, Partial<Record<AttemptAction, AttemptState>>> = {
  pending: { claim: 'sending', cancel: 'cancelled' },
  sending: { claim: 'sending', succeed: 'succeeded', fail: 'failed', give_up: 'abandoned' },
  succeeded: {},
  failed: {},
  abandoned: {},
  cancelled: {},
};

describe('a webhook subscription’s lifecycle', () => {
  for (const state of SUBSCRIPTION_STATES) {
    for (const action of SUBSCRIPTION_ACTIONS) {
      const to = SUBSCRIPTION[state][action] ?? null;
      it(`${state} × ${action} → ${to ?? 'refused'}`, () => {
        expect(nextSubscriptionState(state, action)).toBe(to);
      });
    }
  }
});

describe('a webhook attempt’s lifecycle', () => {
  for (const state of ATTEMPT_STATES) {
    for (const action of ATTEMPT_ACTIONS) {
      const to = ATTEMPT[state][action] ?? null;
      it(`${state} × ${action} → ${to ?? 'refused'}`, () => {
        expect(nextAttemptState(state, action)).toBe(to);
      });
    }
  }

  it('is claimed from the states the sender’s statement selects (pending; sending past its lease)', () => {
    expect(attemptStatesFor('claim')).toEqual(['pending', 'sending']);
    expect(attemptStatesFor('cancel')).toEqual(['pending']);
  });
});

describe('the retry schedule', () => {
  it('tries at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h and 16 h: within two days', () => {
    const waits = [];
    for (let step = 1; ; step++) {
      const then = afterFailure(step);
      if (then.action === 'give_up') {
        expect(step).toBe(9);
        break;
      }
      waits.push(then.retryInMs);
    }
    expect(waits).toEqual([...RETRY_DELAYS_MS]);
    expect(waits.map((ms) => ms / 1000)).toEqual([
      5, 300, 1800, 7200, 18_000, 36_000, 50_400, 57_600,
    ]);
    const total = waits.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(48 * 3600_000);
    expect(total).toBeGreaterThan(47 * 3600_000);
  });

  it('never retries a replay', () => {
    expect(afterFailure(null)).toEqual({ action: 'give_up' });
  });

  it('counts only 2xx as delivered', () => {
    expect([199, 200, 204, 299, 300, 302, 404, 500].map(delivered)).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
