/**
 * The dossier lifecycle as a pure state machine. Statuses are the national sync codes;
 * inside "processing" (4) a dossier moves through internal steps (specialist review, then
 * the leader's approval). Every action says who may take it, from which states, and what it
 * needs; anything else is refused, and the routes answer 409 with the current state.
 */
import { STATUS } from '../dossiers/codes.js';

export type Status = (typeof STATUS)[keyof typeof STATUS];
export type Step = 'review' | 'approval';
export type Role = 'applicant' | 'receiver' | 'processor' | 'approver' | 'system';

export interface LifecycleState {
  status: Status;
  /** The internal step while processing (status 4); null otherwise. */
  step: Step | null;
  /** Where a dossier waiting on the applicant (5) or on a payment (6) goes back to. */
  resumeStatus: Status | null;
  resumeStep: Step | null;
}

export const ACTIONS = [
  'withdraw',
  'receive',
  'refuse',
  'request_supplement',
  'supplement',
  'forward',
  'request_payment',
  'payment_received',
  'submit_for_approval',
  'return_for_review',
  'approve',
  'stop',
  'return_result',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface ActionInput {
  reason?: string | undefined;
  /** What is missing, for a supplement request. */
  items?: string[] | undefined;
  /** A postal tracking number when the result goes by post. */
  trackingNumber?: string | undefined;
}

interface Rule {
  roles: Role[];
  /** The states it may be taken from: a status, or a status at a step. */
  from: { status: Status; step?: Step }[];
  needs?: ('reason' | 'items')[];
  to: (state: LifecycleState) => LifecycleState;
}

const at = (status: Status, step: Step | null = null): LifecycleState => ({
  status,
  step,
  resumeStatus: null,
  resumeStep: null,
});
const waiting =
  (status: Status) =>
  (state: LifecycleState): LifecycleState => ({
    status,
    step: null,
    resumeStatus: state.status,
    resumeStep: state.step,
  });
const resume = (state: LifecycleState): LifecycleState =>
  at(state.resumeStatus ?? STATUS.received, state.resumeStep);

const S = STATUS;

export const RULES: Record<Action, Rule> = {
  withdraw: { roles: ['applicant'], from: [{ status: S.submitted }], to: () => at(S.withdrawn) },
  receive: { roles: ['receiver'], from: [{ status: S.submitted }], to: () => at(S.received) },
  refuse: {
    roles: ['receiver'],
    from: [{ status: S.submitted }, { status: S.received }],
    needs: ['reason'],
    to: () => at(S.refused),
  },
  request_supplement: {
    roles: ['receiver', 'processor'],
    from: [
      { status: S.submitted },
      { status: S.received },
      { status: S.processing, step: 'review' },
    ],
    needs: ['reason', 'items'],
    to: waiting(S.supplementRequested),
  },
  supplement: {
    roles: ['applicant'],
    from: [{ status: S.supplementRequested }],
    to: resume,
  },
  forward: {
    roles: ['receiver', 'processor'],
    from: [{ status: S.received }, { status: S.processing, step: 'review' }],
    to: () => at(S.processing, 'review'),
  },
  request_payment: {
    roles: ['receiver', 'processor'],
    from: [{ status: S.received }, { status: S.processing, step: 'review' }],
    to: waiting(S.paymentRequested),
  },
  payment_received: {
    roles: ['system'],
    from: [{ status: S.paymentRequested }],
    to: resume,
  },
  submit_for_approval: {
    roles: ['processor'],
    from: [{ status: S.processing, step: 'review' }],
    to: () => at(S.processing, 'approval'),
  },
  return_for_review: {
    roles: ['approver'],
    from: [{ status: S.processing, step: 'approval' }],
    needs: ['reason'],
    to: () => at(S.processing, 'review'),
  },
  approve: {
    roles: ['approver'],
    from: [{ status: S.processing, step: 'approval' }],
    to: () => at(S.processed),
  },
  stop: {
    roles: ['approver'],
    from: [
      { status: S.received },
      { status: S.processing },
      { status: S.supplementRequested },
      { status: S.paymentRequested },
    ],
    needs: ['reason'],
    to: () => at(S.stopped),
  },
  return_result: { roles: ['receiver'], from: [{ status: S.processed }], to: () => at(S.returned) },
};

export type Refusal =
  | { refused: 'not_allowed_in_state' }
  | { refused: 'role_missing'; roles: Role[] }
  | { refused: 'input_missing'; fields: ('reason' | 'items')[] };

export const allowedFrom = (action: Action, state: LifecycleState) =>
  RULES[action].from.some((f) => f.status === state.status && (!f.step || f.step === state.step));

/** The state an action leads to, or why it may not be taken. */
export function transition(
  state: LifecycleState,
  action: Action,
  roles: readonly Role[],
  input: ActionInput = {},
): LifecycleState | Refusal {
  const rule = RULES[action];
  if (!allowedFrom(action, state)) return { refused: 'not_allowed_in_state' };
  if (!rule.roles.some((r) => roles.includes(r)))
    return { refused: 'role_missing', roles: rule.roles };
  const missing = (rule.needs ?? []).filter((need) =>
    need === 'reason'
      ? !input.reason?.trim()
      : !input.items?.some((item) => item.trim().length > 0),
  );
  if (missing.length > 0) return { refused: 'input_missing', fields: missing };
  return rule.to(state);
}

export const isRefusal = (result: LifecycleState | Refusal): result is Refusal =>
  'refused' in result;

/** The actions the given roles may take now, for the officer's page. */
export const availableActions = (state: LifecycleState, roles: readonly Role[]): Action[] =>
  ACTIONS.filter(
    (action) => allowedFrom(action, state) && RULES[action].roles.some((r) => roles.includes(r)),
  );

/** Waiting on the applicant: the deadline does not run. */
export const deadlinePaused = (status: Status) => status === STATUS.supplementRequested;

/** Finished one way or another: nothing is due any more. */
export const isFinal = (status: Status) =>
  status === STATUS.refused ||
  status === STATUS.withdrawn ||
  status === STATUS.stopped ||
  status === STATUS.returned;
