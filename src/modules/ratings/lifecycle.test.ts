import { describe, expect, it } from 'vitest';
import {
  actionFor,
  decide,
  ratingState,
  RATING_ACTIONS,
  RATING_STATES,
  type Decision,
  type RatingAction,
  type RatingState,
} from './lifecycle.js';

const ok: Decision = { ok: true, next: 'changeable' };
const refused = (refusal: string) => ({ ok: false, refusal });

/** Every state × action, as the lifecycle must decide it. */
const EXPECTED: Record<RatingState, Record<RatingAction, unknown>> = {
  open: { rate: ok, change: refused('not_rated') },
  expired: { rate: refused('rating_closed'), change: refused('rating_closed') },
  changeable: { rate: refused('already_rated'), change: ok },
  final: { rate: refused('rating_final'), change: refused('rating_final') },
};

describe('a rating’s lifecycle', () => {
  it('decides every state × action', () => {
    for (const state of RATING_STATES) {
      for (const action of RATING_ACTIONS) {
        expect(decide(state, action), `${state} × ${action}`).toEqual(EXPECTED[state][action]);
      }
    }
  });

  it('is where the invitation and the rating put it, the last moment included', () => {
    const closesAt = new Date('2026-12-24T00:00:00Z');
    const changeableUntil = new Date('2026-12-01T00:00:00Z');
    const at = (iso: string) => new Date(iso);
    expect(ratingState({ closesAt }, null, at('2026-12-24T00:00:00Z'))).toBe('open');
    expect(ratingState({ closesAt }, null, at('2026-12-24T00:00:00.001Z'))).toBe('expired');
    expect(ratingState({ closesAt }, { changeableUntil }, at('2026-12-01T00:00:00Z'))).toBe(
      'changeable',
    );
    // A rating given stays final even while the invitation would still be open.
    expect(ratingState({ closesAt }, { changeableUntil }, at('2026-12-02T00:00:00Z'))).toBe(
      'final',
    );
  });

  it('takes a person’s answers as a first rating or as a change, by the state', () => {
    expect(RATING_STATES.map(actionFor)).toEqual(['rate', 'rate', 'change', 'change']);
  });
});
