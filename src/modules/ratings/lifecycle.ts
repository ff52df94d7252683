/**
 * A rating's lifecycle, pure: an invitation is open until it closes; a rating given is
 * changeable until its window ends, then final. Every state × action is decided here (and
 * tested over all of them); the service asks before it writes.
 */

export type RatingState = 'open' | 'expired' | 'changeable' | 'final';
export type RatingAction = 'rate' | 'change';

export const RATING_STATES: readonly RatingState[] = ['open', 'expired', 'changeable', 'final'];
export const RATING_ACTIONS: readonly RatingAction[] = ['rate', 'change'];

/** Where an invitation and its rating (if any) stand at `now`. */
export function ratingState(
  invitation: { closesAt: Date },
  rating: { changeableUntil: Date } | null,
  now: Date,
): RatingState {
  if (rating) return now <= rating.changeableUntil ? 'changeable' : 'final';
  return now <= invitation.closesAt ? 'open' : 'expired';
}

/** Why an action is refused: a 409 with a stable code. */
export type Refusal = 'rating_closed' | 'rating_final' | 'already_rated' | 'not_rated';

export type Decision = { ok: true; next: 'changeable' } | { ok: false; refusal: Refusal };

const refuse = (refusal: Refusal): Decision => ({ ok: false, refusal });

export function decide(state: RatingState, action: RatingAction): Decision {
  switch (state) {
    case 'open':
      return action === 'rate' ? { ok: true, next: 'changeable' } : refuse('not_rated');
    case 'expired':
      return refuse('rating_closed');
    case 'changeable':
      return action === 'change' ? { ok: true, next: 'changeable' } : refuse('already_rated');
    case 'final':
      return refuse('rating_final');
  }
}

/** The one action a person's answers stand for: a first rating, or a change of theirs. */
export const actionFor = (state: RatingState): RatingAction =>
  state === 'open' || state === 'expired' ? 'rate' : 'change';
