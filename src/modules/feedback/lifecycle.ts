/**
 * A feedback item's lifecycle as one pure state machine, the only way its state changes
 * (the repository writes the state this answers), and the rules of its deadlines and of
 * forwarding. An agency first accepts an item or forwards it to the competent one (within
 * the triage deadline), then answers it (within the answer deadline of its kind).
 */

export const FEEDBACK_KINDS = ['regulation', 'procedure', 'dossier', 'conduct'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export const FEEDBACK_STATES = [
  /** Received by the agency holding it: to accept or forward. */
  'submitted',
  /** Accepted: the agency is answering it. */
  'in_progress',
  /** The agency asked the sender for more; its deadline waits for the reply. */
  'awaiting_sender',
  'answered',
  'closed',
  /** Spam, abuse or not feedback at all, with the reason. */
  'rejected',
  /** A duplicate: its sender follows the item it was merged into. */
  'merged',
  'withdrawn',
] as const;
export type FeedbackState = (typeof FEEDBACK_STATES)[number];

export type FeedbackParty = 'sender' | 'agency';

export const FEEDBACK_ACTIONS = [
  'accept',
  'forward',
  'ask_more',
  'reply',
  'answer',
  'close',
  'reject',
  'merge',
  'withdraw',
] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];

/** What the sender may do, and what the agency holding it may do. */
export const ACTION_PARTY: Record<FeedbackAction, FeedbackParty> = {
  accept: 'agency',
  forward: 'agency',
  ask_more: 'agency',
  reply: 'sender',
  answer: 'agency',
  close: 'agency',
  reject: 'agency',
  merge: 'agency',
  withdraw: 'sender',
};

const OPEN = { reject: 'rejected', merge: 'merged', withdraw: 'withdrawn' } as const;

const MOVES: Record<FeedbackState, Partial<Record<FeedbackAction, FeedbackState>>> = {
  // Forwarding is for an item outside one's authority: once accepted, it is one's own.
  submitted: { accept: 'in_progress', forward: 'submitted', ...OPEN },
  in_progress: { ask_more: 'awaiting_sender', answer: 'answered', ...OPEN },
  awaiting_sender: { reply: 'in_progress', ...OPEN },
  answered: { close: 'closed' },
  closed: {},
  rejected: {},
  merged: {},
  withdrawn: {},
};

/** Where the action takes an item in that state; null when it may not be taken. */
export const nextFeedbackState = (
  state: FeedbackState,
  action: FeedbackAction,
): FeedbackState | null => MOVES[state][action] ?? null;

/** The actions a party may take on an item in that state, in the order above. */
export const actionsFor = (state: FeedbackState, party: FeedbackParty): FeedbackAction[] =>
  FEEDBACK_ACTIONS.filter(
    (action) => ACTION_PARTY[action] === party && nextFeedbackState(state, action) !== null,
  );

/** The states an action may be taken from: what the repository's statements select on. */
export const statesFor = (action: FeedbackAction): FeedbackState[] =>
  FEEDBACK_STATES.filter((state) => nextFeedbackState(state, action) !== null);

/** Which deadline runs in a state: none once it waits for the sender or is done. */
export function deadlineKindOf(state: FeedbackState): 'triage' | 'answer' | null {
  if (state === 'submitted') return 'triage';
  if (state === 'in_progress') return 'answer';
  return null;
}

/** How long agencies have, in working days: configured, with the decree's defaults. */
export interface DeadlineRules {
  triageDays: number;
  answerDays: Record<FeedbackKind, number>;
  maxForwards: number;
}

export const DEFAULT_ANSWER_DAYS: Record<FeedbackKind, number> = {
  regulation: 15,
  procedure: 15,
  dossier: 10,
  conduct: 10,
};

/** `regulation=15,dossier=10` (as configured) over the defaults. */
export function parseAnswerDays(text: string): Record<FeedbackKind, number> {
  const days = { ...DEFAULT_ANSWER_DAYS };
  for (const pair of text.split(',').filter(Boolean)) {
    const [kind, value] = pair.split('=');
    if (!(FEEDBACK_KINDS as readonly string[]).includes(kind ?? '')) continue;
    days[kind as FeedbackKind] = Number(value);
  }
  return days;
}

/** Working days the deadline that starts in this state runs for; null when none does. */
export function deadlineDays(
  state: FeedbackState,
  kind: FeedbackKind,
  rules: DeadlineRules,
): number | null {
  const running = deadlineKindOf(state);
  if (running === 'triage') return rules.triageDays;
  if (running === 'answer') return rules.answerDays[kind];
  return null;
}

export type ForwardRefusal = 'forward_limit' | 'same_agency' | 'already_held';

/**
 * Whether an item may go on to another agency: not to the one holding it, nor back to one
 * that already held it (they pass it around otherwise), and not more than the limit.
 */
export function forwardRefusal(input: {
  to: string;
  holder: string;
  heldBefore: readonly string[];
  forwards: number;
  maxForwards: number;
}): ForwardRefusal | null {
  if (input.to === input.holder) return 'same_agency';
  if (input.heldBefore.includes(input.to)) return 'already_held';
  if (input.forwards >= input.maxForwards) return 'forward_limit';
  return null;
}

/** Whether an open item's deadline has passed: what the escalation job looks for. */
export const isOverdue = (dueAt: Date | null, now: Date): boolean =>
  dueAt !== null && dueAt.getTime() < now.getTime();
