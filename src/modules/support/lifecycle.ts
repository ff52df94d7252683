/**
 * The help desk's two lifecycles as pure state machines, the only ways their states change
 * (the service takes every new state from here): a ticket's and a knowledge-base article's.
 */

export const TICKET_STATES = [
  'open',
  'in_progress',
  'waiting_for_person',
  'resolved',
  'closed',
] as const;
export type TicketState = (typeof TICKET_STATES)[number];

export const TICKET_ACTIONS = [
  /** A support agent takes it on. */
  'take',
  /** An agent replies and waits for the person (a question back, a step to try). */
  'ask',
  /** An agent replies with the answer. */
  'resolve',
  /** An agent writes a note only support staff see. */
  'note',
  /** The person writes again (a resolved ticket opens again: the answer did not help). */
  'person_reply',
  /** Done with: answered, or the person did not come back. */
  'close',
  /** An agent takes a resolved ticket up again. */
  'reopen',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** The actions support staff take (the person's one is `person_reply`). */
export const AGENT_ACTIONS: readonly TicketAction[] = [
  'take',
  'ask',
  'resolve',
  'note',
  'close',
  'reopen',
];

const TICKET_MOVES: Record<TicketState, Partial<Record<TicketAction, TicketState>>> = {
  open: {
    take: 'in_progress',
    ask: 'waiting_for_person',
    resolve: 'resolved',
    note: 'open',
    person_reply: 'open',
  },
  in_progress: {
    ask: 'waiting_for_person',
    resolve: 'resolved',
    note: 'in_progress',
    person_reply: 'in_progress',
  },
  waiting_for_person: {
    take: 'in_progress',
    ask: 'waiting_for_person',
    resolve: 'resolved',
    note: 'waiting_for_person',
    person_reply: 'open',
    close: 'closed',
  },
  resolved: {
    note: 'resolved',
    person_reply: 'open',
    close: 'closed',
    reopen: 'in_progress',
  },
  closed: {},
};

/** Where the action takes a ticket in that state; null when it may not be taken. */
export const nextTicketState = (state: TicketState, action: TicketAction): TicketState | null =>
  TICKET_MOVES[state][action] ?? null;

/** The actions that may be taken from a state, in the order the desk offers them. */
export const ticketActionsFrom = (state: TicketState): TicketAction[] =>
  TICKET_ACTIONS.filter((action) => nextTicketState(state, action) !== null);

/**
 * Whether support owes the person an answer in that state: then the time target runs
 * (`due_at` is set); waiting for the person, resolved or closed it does not.
 */
export const answerOwed = (state: TicketState): boolean =>
  state === 'open' || state === 'in_progress';

export const ARTICLE_STATES = ['draft', 'published'] as const;
export type ArticleState = (typeof ARTICLE_STATES)[number];

export const ARTICLE_ACTIONS = ['edit', 'publish', 'unpublish'] as const;
export type ArticleAction = (typeof ARTICLE_ACTIONS)[number];

const ARTICLE_MOVES: Record<ArticleState, Partial<Record<ArticleAction, ArticleState>>> = {
  draft: { edit: 'draft', publish: 'published' },
  published: { edit: 'published', unpublish: 'draft' },
};

export const nextArticleState = (state: ArticleState, action: ArticleAction): ArticleState | null =>
  ARTICLE_MOVES[state][action] ?? null;
