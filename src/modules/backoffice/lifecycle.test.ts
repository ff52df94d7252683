import { describe, expect, it } from 'vitest';
import { STATUS } from '../dossiers/codes.js';
import {
  ACTIONS,
  RULES,
  availableActions,
  isRefusal,
  transition,
  type Action,
  type LifecycleState,
  type Role,
  type Status,
  type Step,
} from './lifecycle.js';

const state = (status: Status, step: Step | null = null, resume?: [Status, Step | null]) => ({
  status,
  step,
  resumeStatus: resume?.[0] ?? null,
  resumeStep: resume?.[1] ?? null,
});
const ALL_ROLES: Role[] = ['applicant', 'receiver', 'processor', 'approver', 'system'];
const INPUT = { reason: 'Thiếu giấy tờ', items: ['Giấy chứng sinh bản chính'] };

/** Every state a dossier can be in after submission. */
const STATES: LifecycleState[] = [
  state(STATUS.submitted),
  state(STATUS.received),
  state(STATUS.refused),
  state(STATUS.processing, 'review'),
  state(STATUS.processing, 'approval'),
  state(STATUS.supplementRequested, null, [STATUS.processing, 'review']),
  state(STATUS.paymentRequested, null, [STATUS.received, null]),
  state(STATUS.withdrawn),
  state(STATUS.stopped),
  state(STATUS.processed),
  state(STATUS.returned),
];

const name = (s: LifecycleState) => `${s.status}${s.step ? `/${s.step}` : ''}`;

/** The whole table: for every state, the actions allowed and where they lead. */
const EXPECTED: Record<string, Partial<Record<Action, string>>> = {
  '1': {
    withdraw: '7',
    receive: '2',
    refuse: '3',
    request_supplement: '5',
  },
  '2': {
    refuse: '3',
    request_supplement: '5',
    forward: '4/review',
    request_payment: '6',
    stop: '8',
  },
  '3': {},
  '4/review': {
    request_supplement: '5',
    forward: '4/review',
    request_payment: '6',
    submit_for_approval: '4/approval',
    stop: '8',
  },
  '4/approval': { return_for_review: '4/review', approve: '9', stop: '8' },
  '5': { supplement: '4/review', stop: '8' },
  '6': { payment_received: '2', stop: '8' },
  '7': {},
  '8': {},
  '9': { return_result: '10' },
  '10': {},
};

describe('the dossier lifecycle', () => {
  for (const from of STATES) {
    it(`from ${name(from)}: allows exactly its actions, and refuses every other`, () => {
      const expected = EXPECTED[name(from)]!;
      for (const action of ACTIONS) {
        const result = transition(from, action, ALL_ROLES, INPUT);
        if (expected[action]) {
          expect(isRefusal(result), `${name(from)} ${action}`).toBe(false);
          expect(name(result as LifecycleState), `${name(from)} ${action}`).toBe(expected[action]);
        } else {
          expect(result, `${name(from)} ${action}`).toEqual({ refused: 'not_allowed_in_state' });
        }
      }
    });
  }

  it('lets only the right role act', () => {
    for (const action of ACTIONS) {
      const from = STATES.find((s) => !isRefusal(transition(s, action, ALL_ROLES, INPUT)))!;
      for (const role of ALL_ROLES) {
        const result = transition(from, action, [role], INPUT);
        if (RULES[action].roles.includes(role)) expect(isRefusal(result)).toBe(false);
        else expect(result).toMatchObject({ refused: 'role_missing' });
      }
    }
  });

  it('asks for a reason and the missing items where they are needed', () => {
    expect(transition(state(STATUS.submitted), 'refuse', ['receiver'], { reason: ' ' })).toEqual({
      refused: 'input_missing',
      fields: ['reason'],
    });
    expect(transition(state(STATUS.received), 'request_supplement', ['receiver'], {})).toEqual({
      refused: 'input_missing',
      fields: ['reason', 'items'],
    });
  });

  it('returns a supplemented or paid dossier to where it was', () => {
    const asked = transition(
      state(STATUS.processing, 'review'),
      'request_supplement',
      ['processor'],
      INPUT,
    );
    expect(asked).toEqual(state(STATUS.supplementRequested, null, [STATUS.processing, 'review']));
    expect(transition(asked as LifecycleState, 'supplement', ['applicant'])).toEqual(
      state(STATUS.processing, 'review'),
    );
    const billed = transition(state(STATUS.received), 'request_payment', ['receiver']);
    expect(transition(billed as LifecycleState, 'payment_received', ['system'])).toEqual(
      state(STATUS.received),
    );
  });

  it('offers an officer the actions of their roles in the current state', () => {
    expect(availableActions(state(STATUS.submitted), ['receiver'])).toEqual([
      'receive',
      'refuse',
      'request_supplement',
    ]);
    expect(availableActions(state(STATUS.processing, 'approval'), ['approver'])).toEqual([
      'return_for_review',
      'approve',
      'stop',
    ]);
    expect(availableActions(state(STATUS.processing, 'approval'), ['receiver'])).toEqual([]);
  });
});
