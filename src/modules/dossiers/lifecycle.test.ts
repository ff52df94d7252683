import { describe, expect, it } from 'vitest';
import { STATUS } from './codes.js';
import {
  ACTIONS,
  RULES,
  availableActions,
  blockedActions,
  isRefusal,
  transition,
  type Action,
  holderOf,
  type LifecycleState,
  type Party,
  type ResolvedStep,
  type Status,
  type Steps,
} from './lifecycle.js';

/** A procedure whose dossiers go from a review, to a check at another agency, to approval. */
const STEPS: Steps = [
  { code: 'review', role: 'processor' },
  { code: 'check', role: 'processor' },
  { code: 'approval', role: 'approver' },
];

const state = (status: Status, step: string | null = null, resume?: [Status, string | null]) => ({
  status,
  step,
  resumeStatus: resume?.[0] ?? null,
  resumeStep: resume?.[1] ?? null,
});
const ALL_ROLES: Party[] = ['applicant', 'receiver', 'processor', 'approver', 'system'];
const INPUT = {
  reason: 'Thiếu giấy tờ',
  items: ['Giấy chứng sinh bản chính'],
  fee: [{ name: 'Lệ phí', amount: 8_000 }],
};

/** Every state a dossier can be in. */
const STATES: LifecycleState[] = [
  state(STATUS.draft),
  state(STATUS.submitted),
  state(STATUS.received),
  state(STATUS.refused),
  state(STATUS.processing, 'review'),
  state(STATUS.processing, 'check'),
  state(STATUS.processing, 'approval'),
  state(STATUS.supplementRequested, null, [STATUS.processing, 'check']),
  state(STATUS.paymentRequested, null, [STATUS.received, null]),
  state(STATUS.withdrawn),
  state(STATUS.stopped),
  state(STATUS.processed),
  state(STATUS.returned),
];

const name = (s: LifecycleState) => `${s.status}${s.step ? `/${s.step}` : ''}`;

/** The whole table: for every state, the actions allowed and where they lead. */
const EXPECTED: Record<string, Partial<Record<Action, string>>> = {
  '0': { submit: '1' },
  '1': { withdraw: '7', receive: '2', refuse: '3', request_supplement: '5', mark_late: '1' },
  '2': {
    mark_late: '2',
    refuse: '3',
    request_supplement: '5',
    forward: '4/review',
    request_payment: '6',
    stop: '8',
  },
  '3': {},
  '4/review': {
    request_supplement: '5',
    forward: '4/check',
    request_payment: '6',
    stop: '8',
    mark_late: '4/review',
  },
  '4/check': {
    mark_late: '4/check',
    request_supplement: '5',
    forward: '4/approval',
    request_payment: '6',
    send_back: '4/review',
    stop: '8',
  },
  '4/approval': { send_back: '4/check', approve: '9', stop: '8', mark_late: '4/approval' },
  '5': { supplement: '4/check', stop: '8' },
  '6': { payment_received: '2', stop: '8', mark_late: '6' },
  '7': {},
  '8': {},
  '9': { return_result: '10' },
  '10': {},
};

/** The roles that may take an action from a state. */
const rolesFor = (action: Action, from: LifecycleState) => RULES[action].roles(from, STEPS) ?? [];

describe('the dossier lifecycle', () => {
  for (const from of STATES) {
    it(`from ${name(from)}: allows exactly its actions, and refuses every other`, () => {
      const expected = EXPECTED[name(from)]!;
      for (const action of ACTIONS) {
        const result = transition(from, action, ALL_ROLES, STEPS, INPUT);
        if (expected[action]) {
          expect(isRefusal(result), `${name(from)} ${action}`).toBe(false);
          expect(name(result as LifecycleState), `${name(from)} ${action}`).toBe(expected[action]);
        } else {
          expect(result, `${name(from)} ${action}`).toEqual({ refused: 'not_allowed_in_state' });
        }
      }
    });
  }

  it('lets only the right role act: the step decides who forwards or sends back', () => {
    for (const from of STATES) {
      for (const action of ACTIONS) {
        const allowed = rolesFor(action, from);
        for (const role of ALL_ROLES) {
          const result = transition(from, action, [role], STEPS, INPUT);
          if (allowed.includes(role)) expect(isRefusal(result)).toBe(false);
          else if (allowed.length > 0) expect(result).toMatchObject({ refused: 'role_missing' });
        }
      }
    }
    expect(rolesFor('forward', state(STATUS.received))).toEqual(['receiver', 'processor']);
    expect(rolesFor('forward', state(STATUS.processing, 'check'))).toEqual(['processor']);
    expect(rolesFor('send_back', state(STATUS.processing, 'approval'))).toEqual(['approver']);
    expect(rolesFor('approve', state(STATUS.processing, 'approval'))).toEqual(['approver']);
  });

  it('follows a workflow of any length, approving at its last step', () => {
    const single: Steps = [{ code: 'approval', role: 'approver' }];
    const forwarded = transition(state(STATUS.received), 'forward', ['receiver'], single);
    expect(forwarded).toEqual(state(STATUS.processing, 'approval'));
    expect(availableActions(forwarded as LifecycleState, ALL_ROLES, single)).toEqual([
      'approve',
      'stop',
      'mark_late',
    ]);
    // An approver's step before the last is forwarded on by the approver, not approved.
    const twoLeaders: Steps = [
      { code: 'commune', role: 'approver' },
      { code: 'province', role: 'approver' },
    ];
    expect(availableActions(state(STATUS.processing, 'commune'), ['approver'], twoLeaders)).toEqual(
      ['forward', 'stop'],
    );
    expect(transition(state(STATUS.received), 'forward', ['receiver'], [])).toEqual({
      refused: 'not_allowed_in_state',
    });
  });

  it('asks for a reason and the missing items where they are needed', () => {
    const refuse = transition(state(STATUS.submitted), 'refuse', ['receiver'], STEPS, {
      reason: ' ',
    });
    expect(refuse).toEqual({ refused: 'input_missing', fields: ['reason'] });
    expect(transition(state(STATUS.received), 'request_supplement', ['receiver'], STEPS)).toEqual({
      refused: 'input_missing',
      fields: ['reason', 'items'],
    });
    // A fee is named and counted in whole đồng.
    const fees = [undefined, [], [{ name: ' ', amount: 8_000 }], [{ name: 'Lệ phí', amount: 0.5 }]];
    for (const fee of fees) {
      expect(
        transition(state(STATUS.received), 'request_payment', ['receiver'], STEPS, { fee }),
      ).toEqual({ refused: 'input_missing', fields: ['fee'] });
    }
    expect(
      transition(state(STATUS.processing, 'check'), 'send_back', ['processor'], STEPS),
    ).toEqual({ refused: 'input_missing', fields: ['reason'] });
  });

  it('returns a supplemented or paid dossier to where it was', () => {
    const asked = transition(
      state(STATUS.processing, 'check'),
      'request_supplement',
      ['processor'],
      STEPS,
      INPUT,
    );
    expect(asked).toEqual(state(STATUS.supplementRequested, null, [STATUS.processing, 'check']));
    expect(transition(asked as LifecycleState, 'supplement', ['applicant'], STEPS)).toEqual(
      state(STATUS.processing, 'check'),
    );
    const billed = transition(
      state(STATUS.received),
      'request_payment',
      ['receiver'],
      STEPS,
      INPUT,
    );
    expect(transition(billed as LifecycleState, 'payment_received', ['system'], STEPS)).toEqual(
      state(STATUS.received),
    );
  });

  it('asks no second fee while one is due, says why, and does not offer it', () => {
    for (const from of STATES) {
      const owing = { ...from, feeDue: true };
      const offered = availableActions(owing, ALL_ROLES, STEPS);
      expect(offered, name(from)).toEqual(
        availableActions(from, ALL_ROLES, STEPS).filter((a) => a !== 'request_payment'),
      );
      const asked = transition(owing, 'request_payment', ALL_ROLES, STEPS, INPUT);
      expect(asked, name(from)).toEqual({
        refused: EXPECTED[name(from)]!.request_payment ? 'fee_already_due' : 'not_allowed_in_state',
      });
    }
    // Who may not ask for a fee at all hears that first.
    expect(
      transition(
        { ...state(STATUS.received), feeDue: true },
        'request_payment',
        ['approver'],
        STEPS,
      ),
    ).toMatchObject({ refused: 'role_missing' });
  });

  it('sends a dossier to no step nobody there can take, and says so', () => {
    // The check at the other agency has nobody with the processor's role.
    const unstaffed: Steps = STEPS.map((s) => ({ ...s, staffed: s.code !== 'check' }));
    const atReview = state(STATUS.processing, 'review');
    expect(transition(atReview, 'forward', ['processor'], unstaffed)).toEqual({
      refused: 'no_officer_for_step',
    });
    expect(availableActions(atReview, ['processor'], unstaffed)).not.toContain('forward');
    expect(blockedActions(atReview, ['processor'], unstaffed)).toEqual([
      { action: 'forward', blocker: 'no_officer_for_step' },
    ]);
    // Nor back to it from the approval; onwards from it (once there) is not affected.
    const atApproval = state(STATUS.processing, 'approval');
    expect(transition(atApproval, 'send_back', ['approver'], unstaffed, INPUT)).toEqual({
      refused: 'no_officer_for_step',
    });
    expect(
      transition(state(STATUS.processing, 'check'), 'forward', ['processor'], unstaffed),
    ).toEqual(state(STATUS.processing, 'approval'));
    // Received, into a first step nobody holds.
    const firstUnstaffed: Steps = STEPS.map((s, i) => ({ ...s, staffed: i > 0 }));
    expect(transition(state(STATUS.received), 'forward', ['receiver'], firstUnstaffed)).toEqual({
      refused: 'no_officer_for_step',
    });
    // Nothing is said to someone whose role could not take it anyway.
    expect(blockedActions(atReview, ['approver'], unstaffed)).toEqual([]);
  });

  it('offers an officer the actions of their roles in the current state', () => {
    expect(availableActions(state(STATUS.submitted), ['receiver'], STEPS)).toEqual([
      'receive',
      'refuse',
      'request_supplement',
    ]);
    expect(availableActions(state(STATUS.processing, 'approval'), ['approver'], STEPS)).toEqual([
      'send_back',
      'approve',
      'stop',
    ]);
    expect(availableActions(state(STATUS.processing, 'approval'), ['receiver'], STEPS)).toEqual([]);
  });
});

describe('the holder of a dossier', () => {
  it('says which agency holds a dossier: its step’s, else the receiving agency', () => {
    const workflow: ResolvedStep[] = [
      { ...resolved('review', 'processor'), agencyCode: 'A' },
      { ...resolved('check', 'processor'), agencyCode: 'B' },
    ];
    expect(holderOf(state(STATUS.processing, 'check'), workflow, 'A')).toBe('B');
    expect(holderOf(state(STATUS.supplementRequested, null, [4, 'check']), workflow, 'A')).toBe(
      'B',
    );
    expect(holderOf(state(STATUS.processed), workflow, 'A')).toBe('A');
    expect(holderOf(state(STATUS.submitted), null, 'A')).toBe('A');
  });
});

function resolved(code: string, role: 'processor' | 'approver') {
  return { code, role, name: { vi: code, en: code }, department: null, agencyName: '' };
}
