import { describe, expect, it } from 'vitest';
import {
  ARTICLE_ACTIONS,
  ARTICLE_STATES,
  TICKET_ACTIONS,
  TICKET_STATES,
  answerOwed,
  nextArticleState,
  nextTicketState,
  ticketActionsFrom,
  type ArticleAction,
  type ArticleState,
  type TicketAction,
  type TicketState,
} from './lifecycle.js';

/** A ticket's moves, written out: anything not here is refused (409). */
const TICKET: Record<TicketState, Partial<Record<TicketAction, TicketState>>> = {
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
  resolved: { note: 'resolved', person_reply: 'open', close: 'closed', reopen: 'in_progress' },
  closed: {},
};

const ARTICLE: Record<ArticleState, Partial<Record<ArticleAction, ArticleState>>> = {
  draft: { edit: 'draft', publish: 'published' },
  published: { edit: 'published', unpublish: 'draft' },
};

describe('a help ticket’s lifecycle', () => {
  for (const state of TICKET_STATES) {
    for (const action of TICKET_ACTIONS) {
      const to = TICKET[state][action] ?? null;
      it(`${state} × ${action} → ${to ?? 'refused'}`, () => {
        expect(nextTicketState(state, action)).toBe(to);
      });
    }
  }

  it('offers from each state exactly the actions it allows', () => {
    for (const state of TICKET_STATES) {
      expect(ticketActionsFrom(state)).toEqual(Object.keys(TICKET[state]));
    }
  });

  it('owes the person an answer only while open or in progress (the time target runs)', () => {
    expect(TICKET_STATES.filter(answerOwed)).toEqual(['open', 'in_progress']);
  });

  it('ends at closed, which nothing leaves', () => {
    expect(ticketActionsFrom('closed')).toEqual([]);
  });
});

describe('a knowledge-base article’s lifecycle', () => {
  for (const state of ARTICLE_STATES) {
    for (const action of ARTICLE_ACTIONS) {
      const to = ARTICLE[state][action] ?? null;
      it(`${state} × ${action} → ${to ?? 'refused'}`, () => {
        expect(nextArticleState(state, action)).toBe(to);
      });
    }
  }
});
