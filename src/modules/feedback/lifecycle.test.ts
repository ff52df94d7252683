import { describe, expect, it } from 'vitest';
import {
  actionsFor,
  deadlineDays,
  DEFAULT_ANSWER_DAYS,
  FEEDBACK_ACTIONS,
  FEEDBACK_STATES,
  forwardRefusal,
  isOverdue,
  nextFeedbackState,
  parseAnswerDays,
  statesFor,
  type DeadlineRules,
  type FeedbackAction,
  type FeedbackState,
} from './lifecycle.js';

/** Every state × action, written out: '-' where the action may not be taken. */
const TABLE: Record<FeedbackState, string> = {
  //                accept       forward    ask_more         reply        answer    close   reject   merge   withdraw
  submitted:
    '      in_progress  submitted  -                -            -         -       rejected merged  withdrawn',
  in_progress:
    '    -            -          awaiting_sender  -            answered  -       rejected merged  withdrawn',
  awaiting_sender:
    '-            -          -                in_progress  -         -       rejected merged  withdrawn',
  answered:
    '       -            -          -                -            -         closed  -        -       -',
  closed:
    '         -            -          -                -            -         -       -        -       -',
  rejected:
    '       -            -          -                -            -         -       -        -       -',
  merged:
    '         -            -          -                -            -         -       -        -       -',
  withdrawn:
    '      -            -          -                -            -         -       -        -       -',
};

describe('the feedback lifecycle', () => {
  for (const state of FEEDBACK_STATES) {
    it(`takes an item ${state} exactly where its row says`, () => {
      const expected = TABLE[state].trim().split(/\s+/);
      FEEDBACK_ACTIONS.forEach((action, i) => {
        const to = expected[i] === '-' ? null : expected[i];
        expect(nextFeedbackState(state, action), `${state} × ${action}`).toBe(to);
      });
    });
  }

  it('offers each party only its own actions', () => {
    expect(actionsFor('submitted', 'agency')).toEqual(['accept', 'forward', 'reject', 'merge']);
    expect(actionsFor('submitted', 'sender')).toEqual(['withdraw']);
    expect(actionsFor('awaiting_sender', 'sender')).toEqual(['reply', 'withdraw']);
    expect(actionsFor('answered', 'sender')).toEqual([]);
    expect(actionsFor('closed', 'agency')).toEqual([]);
  });

  it('lists the states an action is taken from, for the statements that select on them', () => {
    const from = (action: FeedbackAction) => statesFor(action);
    expect(from('forward')).toEqual(['submitted']);
    expect(from('reject')).toEqual(['submitted', 'in_progress', 'awaiting_sender']);
    expect(from('close')).toEqual(['answered']);
  });
});

describe('feedback deadlines', () => {
  const rules: DeadlineRules = {
    triageDays: 5,
    answerDays: parseAnswerDays('regulation=15,conduct=7'),
    maxForwards: 3,
  };

  it('runs the triage deadline while submitted and the kind’s answer deadline once accepted', () => {
    expect(deadlineDays('submitted', 'regulation', rules)).toBe(5);
    expect(deadlineDays('in_progress', 'regulation', rules)).toBe(15);
    expect(deadlineDays('in_progress', 'conduct', rules)).toBe(7);
    // Not configured: the default.
    expect(deadlineDays('in_progress', 'dossier', rules)).toBe(DEFAULT_ANSWER_DAYS.dossier);
  });

  it('stops the clock while waiting for the sender and once done', () => {
    for (const state of ['awaiting_sender', 'answered', 'closed', 'rejected'] as const) {
      expect(deadlineDays(state, 'procedure', rules), state).toBeNull();
    }
  });

  it('is overdue only once the deadline has passed', () => {
    const due = new Date('2026-12-10T10:00:00Z');
    expect(isOverdue(due, new Date('2026-12-10T09:59:59Z'))).toBe(false);
    expect(isOverdue(due, new Date('2026-12-10T10:00:01Z'))).toBe(true);
    expect(isOverdue(null, new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('forwarding limits', () => {
  const base = { holder: 'B', heldBefore: ['A'], forwards: 1, maxForwards: 3 };

  it('forwards to an agency that has not held it, under the limit', () => {
    expect(forwardRefusal({ ...base, to: 'C' })).toBeNull();
  });

  it('refuses the agency holding it, one that held it before, and past the limit', () => {
    expect(forwardRefusal({ ...base, to: 'B' })).toBe('same_agency');
    expect(forwardRefusal({ ...base, to: 'A' })).toBe('already_held');
    expect(forwardRefusal({ ...base, to: 'C', forwards: 3 })).toBe('forward_limit');
  });
});
