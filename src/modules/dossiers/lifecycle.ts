/**
 * The dossier lifecycle as a pure state machine, the only way a dossier's state changes.
 * Statuses are the national sync codes; inside "processing" (4) a dossier moves through its
 * procedure's steps (the back office's workflows), each taken by a role: forwarded from one
 * to the next, sent back to the one before, approved at the last. Every action says who may
 * take it, from which states, and what it needs; anything else is refused, and the routes
 * answer 409 with the current state.
 */
import type { MessageKey } from '../../platform/i18n/index.js';
import type { Role } from '../identity/index.js';
import { STATUS } from './codes.js';

export type Status = (typeof STATUS)[keyof typeof STATUS];
/** Who takes a step of the lifecycle: an officer by role, the applicant, or the portal. */
export type Party = Exclude<Role, 'agency_admin'> | 'applicant' | 'system';
/** The officer roles that take processing steps. */
export type StepRole = 'processor' | 'approver';

export interface Label {
  vi: string;
  en: string;
}

/** A step of one dossier, fixed when it enters processing, at a concrete agency. */
export interface ResolvedStep {
  code: string;
  name: Label;
  role: StepRole;
  department: Label | null;
  agencyCode: string;
  agencyName: string;
}

export interface LifecycleState {
  status: Status;
  /** The step (its code) while processing (status 4); null otherwise. */
  step: string | null;
  /** Where a dossier waiting on the applicant (5) or on a payment (6) goes back to. */
  resumeStatus: Status | null;
  resumeStep: string | null;
  /** A fee asked for (or due on filing) and not yet paid: one fee waits at a time. */
  feeDue?: boolean;
}

/**
 * What the state machine needs of a workflow: its steps in order, who takes each, and
 * whether anyone holds that role where the step is handled (a dossier sent to a step
 * nobody can take would be stranded there); unsaid means staffed.
 */
export type Steps = readonly { code: string; role: StepRole; staffed?: boolean }[];

export const ACTIONS = [
  'submit',
  'withdraw',
  'receive',
  'refuse',
  'request_supplement',
  'supplement',
  'forward',
  'request_payment',
  'payment_received',
  'send_back',
  'approve',
  'stop',
  'return_result',
  'mark_late',
] as const;
export type Action = (typeof ACTIONS)[number];

/** What people ask for by name (submission and lateness come about otherwise). */
export type RequestableAction = Exclude<Action, 'submit' | 'mark_late'>;
export const REQUESTABLE_ACTIONS = ACTIONS.filter(
  (a): a is RequestableAction => a !== 'submit' && a !== 'mark_late',
);

export interface ActionInput {
  reason?: string | undefined;
  /** What is missing, for a supplement request. */
  items?: string[] | undefined;
  /** A postal tracking number when the result goes by post. */
  trackingNumber?: string | undefined;
  /** What a fee asked for is made of: each item's name and whole đồng. */
  fee?: { name: string; amount: number }[] | undefined;
}

type Need = 'reason' | 'items' | 'fee';
/** Why an action the state otherwise allows must wait. */
export type Blocker = 'fee_already_due' | 'no_officer_for_step';
/** What an officer reads when an action must wait. */
export const BLOCKER_MESSAGES: Record<Blocker, MessageKey> = {
  fee_already_due: 'errors.feeAlreadyDue',
  no_officer_for_step: 'errors.noOfficerForStep',
};

interface Rule {
  /** Who may take it here, or null when it may not be taken from this state at all. */
  roles: (state: LifecycleState, steps: Steps) => Party[] | null;
  blocked?: (state: LifecycleState, steps: Steps) => Blocker | null;
  needs?: Need[];
  to: (state: LifecycleState, steps: Steps) => LifecycleState;
}

const at = (status: Status, step: string | null = null): LifecycleState => ({
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

/** The position of the current step in the workflow (-1 when not processing). */
const position = (state: LifecycleState, steps: Steps) =>
  state.status === S.processing ? steps.findIndex((s) => s.code === state.step) : -1;
const stepAt = (state: LifecycleState, steps: Steps, offset = 0) =>
  steps[position(state, steps) + offset];

const only =
  (statuses: Status[], roles: Party[]) =>
  (state: LifecycleState): Party[] | null =>
    statuses.includes(state.status) ? roles : null;

const unstaffed = (target: Steps[number] | undefined): Blocker | null =>
  target?.staffed === false ? 'no_officer_for_step' : null;

/** Before processing, or at a specialist (processor) step: asking the applicant or a fee. */
const beforeDecision = (state: LifecycleState, steps: Steps): Party[] | null => {
  if (state.status === S.submitted || state.status === S.received) {
    return ['receiver', 'processor'];
  }
  return stepAt(state, steps)?.role === 'processor' ? ['processor'] : null;
};

/** Open and past due: what the deadline job marks late (waiting on the applicant is not). */
export const RUNNING: Status[] = [S.submitted, S.received, S.processing, S.paymentRequested];

export const RULES: Record<Action, Rule> = {
  // Filed online by the applicant, or at the counter or by post by the receiving officer.
  submit: { roles: only([S.draft], ['applicant', 'receiver']), to: () => at(S.submitted) },
  withdraw: { roles: only([S.submitted], ['applicant']), to: () => at(S.withdrawn) },
  receive: { roles: only([S.submitted], ['receiver']), to: () => at(S.received) },
  refuse: {
    roles: only([S.submitted, S.received], ['receiver']),
    needs: ['reason'],
    to: () => at(S.refused),
  },
  request_supplement: {
    roles: beforeDecision,
    needs: ['reason', 'items'],
    to: waiting(S.supplementRequested),
  },
  supplement: { roles: only([S.supplementRequested], ['applicant']), to: resume },
  forward: {
    // Received → the first step; a step → the next one (another department or agency),
    // taken by whoever has the step now. The last step is approved, not forwarded.
    roles: (state, steps) => {
      if (state.status === S.received) return steps.length > 0 ? ['receiver', 'processor'] : null;
      const i = position(state, steps);
      return i >= 0 && i < steps.length - 1 ? [steps[i]!.role] : null;
    },
    blocked: (state, steps) =>
      unstaffed(state.status === S.received ? steps[0] : stepAt(state, steps, 1)),
    to: (state, steps) =>
      at(
        S.processing,
        state.status === S.received ? steps[0]!.code : stepAt(state, steps, 1)!.code,
      ),
  },
  request_payment: {
    needs: ['fee'],
    roles: (state, steps) => (state.status === S.submitted ? null : beforeDecision(state, steps)),
    blocked: (state) => (state.feeDue ? 'fee_already_due' : null),
    to: waiting(S.paymentRequested),
  },
  payment_received: { roles: only([S.paymentRequested], ['system']), to: resume },
  send_back: {
    roles: (state, steps) => (position(state, steps) > 0 ? [stepAt(state, steps)!.role] : null),
    blocked: (state, steps) => unstaffed(stepAt(state, steps, -1)),
    needs: ['reason'],
    to: (state, steps) => at(S.processing, stepAt(state, steps, -1)!.code),
  },
  approve: {
    roles: (state, steps) => {
      const i = position(state, steps);
      return i >= 0 && i === steps.length - 1 && steps[i]!.role === 'approver'
        ? ['approver']
        : null;
    },
    to: () => at(S.processed),
  },
  stop: {
    roles: only(
      [S.received, S.processing, S.supplementRequested, S.paymentRequested],
      ['approver'],
    ),
    needs: ['reason'],
    to: () => at(S.stopped),
  },
  return_result: { roles: only([S.processed], ['receiver']), to: () => at(S.returned) },
  // Recorded on the timeline; the state stays as it was.
  mark_late: { roles: only(RUNNING, ['system']), to: (state) => state },
};

export type Refusal =
  | { refused: 'not_allowed_in_state' }
  | { refused: 'role_missing'; roles: Party[] }
  | { refused: Blocker }
  | { refused: 'input_missing'; fields: Need[] };

/** The state an action leads to, or why it may not be taken. */
export function transition(
  state: LifecycleState,
  action: Action,
  roles: readonly Party[],
  steps: Steps,
  input: ActionInput = {},
): LifecycleState | Refusal {
  const rule = RULES[action];
  const allowed = rule.roles(state, steps);
  if (!allowed) return { refused: 'not_allowed_in_state' };
  if (!allowed.some((r) => roles.includes(r))) return { refused: 'role_missing', roles: allowed };
  const blocker = rule.blocked?.(state, steps);
  if (blocker) return { refused: blocker };
  const missing = (rule.needs ?? []).filter((need) =>
    need === 'reason'
      ? !input.reason?.trim()
      : need === 'items'
        ? !input.items?.some((item) => item.trim().length > 0)
        : !validFee(input.fee),
  );
  if (missing.length > 0) return { refused: 'input_missing', fields: missing };
  return rule.to(state, steps);
}

/** A fee of at least one item, each named, in whole đồng above zero. */
const validFee = (fee: ActionInput['fee']) =>
  Boolean(fee?.length) &&
  fee!.every((item) => item.name.trim() && Number.isSafeInteger(item.amount) && item.amount > 0);

export const isRefusal = (result: LifecycleState | Refusal): result is Refusal =>
  'refused' in result;

const permitted = (action: Action, state: LifecycleState, roles: readonly Party[], steps: Steps) =>
  RULES[action].roles(state, steps)?.some((r) => roles.includes(r)) ?? false;

/** The actions the given roles may take now (none that would be refused), for their page. */
export const availableActions = (
  state: LifecycleState,
  roles: readonly Party[],
  steps: Steps,
): Action[] =>
  ACTIONS.filter(
    (action) => permitted(action, state, roles, steps) && !RULES[action].blocked?.(state, steps),
  );

/** The actions these roles could take here but that must wait, and why: said on their page. */
export const blockedActions = (
  state: LifecycleState,
  roles: readonly Party[],
  steps: Steps,
): { action: Action; blocker: Blocker }[] =>
  ACTIONS.flatMap((action) => {
    const blocker = permitted(action, state, roles, steps) && RULES[action].blocked?.(state, steps);
    return blocker ? [{ action, blocker }] : [];
  });

/**
 * The agency holding a dossier: the one of its step while processing (or waiting to go back
 * to a step), else the receiving agency, which receives, refuses and returns results.
 */
export function holderOf(
  state: { status: number; step: string | null; resumeStep: string | null },
  workflow: readonly ResolvedStep[] | null,
  receivingAgency: string,
): string {
  const code = state.step ?? state.resumeStep;
  return workflow?.find((s) => s.code === code)?.agencyCode ?? receivingAgency;
}
