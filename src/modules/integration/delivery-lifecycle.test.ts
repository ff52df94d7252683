import { describe, expect, it } from 'vitest';
import {
  DELIVERY_ACTIONS,
  DELIVERY_STATES,
  LEASABLE,
  RECALLABLE,
  decideDelivery,
  deliveryState,
  type DeliveryAction,
  type DeliveryOutcome,
  type DeliveryState,
} from './delivery-lifecycle.js';

/** Every state × action, written out (docs/integration.md, "Dossier exchange", has the same). */
const EXPECTED: Record<DeliveryState, Record<DeliveryAction, DeliveryOutcome>> = {
  waiting: {
    lease: { to: 'leased' },
    acknowledge: { refused: 'not_handed_out' },
    recall: { to: 'removed' },
  },
  leased: {
    lease: { refused: 'lease_held' },
    acknowledge: { to: 'acknowledged' },
    recall: { to: 'removed' },
  },
  lapsed: {
    lease: { to: 'leased' },
    acknowledge: { to: 'acknowledged' },
    recall: { to: 'removed' },
  },
  acknowledged: {
    lease: { refused: 'acknowledged_already' },
    acknowledge: { unchanged: true },
    recall: { refused: 'acknowledged_already' },
  },
};

const NOW = new Date('2026-12-01T03:00:00Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe('the delivery state machine', () => {
  for (const state of DELIVERY_STATES) {
    for (const action of DELIVERY_ACTIONS) {
      it(`${state} × ${action}`, () => {
        expect(decideDelivery(state, action)).toEqual(EXPECTED[state][action]);
      });
    }
  }

  it('reads the state from the row and the time', () => {
    const none = { attempts: 0, leasedUntil: null, acknowledgedAt: null };
    expect(deliveryState(none, NOW)).toBe('waiting');
    const leased = { attempts: 1, leasedUntil: later(300), acknowledgedAt: null };
    expect(deliveryState(leased, NOW)).toBe('leased');
    // The lease ends at its instant: handed out again from then on.
    expect(deliveryState(leased, later(300))).toBe('lapsed');
    expect(deliveryState({ ...leased, attempts: 3, leasedUntil: null }, NOW)).toBe('lapsed');
    expect(deliveryState({ ...leased, acknowledgedAt: NOW }, later(1))).toBe('acknowledged');
  });

  it('derives what a pull hands out and what unmarking takes back', () => {
    expect(LEASABLE).toEqual(['waiting', 'lapsed']);
    expect(RECALLABLE).toEqual(['waiting', 'leased', 'lapsed']);
  });
});
