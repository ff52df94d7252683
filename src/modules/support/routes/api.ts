import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import { LOCALES, type Locale } from '../../../platform/i18n/index.js';
import { isTopic, TOPICS } from '../topics.js';
import {
  ArticleSchema,
  FORM_BYTES,
  IdParams,
  TICKET_LIMIT,
  TicketSchema,
  TicketWithTimeline,
  articleDto,
  entryDto,
  senderOf,
  tags,
  ticketDto,
  type SupportRouteDeps,
} from './shared.js';

const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    topic: Type.Optional(Type.Union(TOPICS.map((t) => Type.Literal(t)))),
    lang: Type.Optional(Type.Union(LOCALES.map((l) => Type.Literal(l)))),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);

const Text = (max: number) => Type.String({ maxLength: max });

export const TicketBody = Type.Object(
  {
    topic: Type.Union(TOPICS.map((t) => Type.Literal(t))),
    procedureCode: Type.Optional(Text(40)),
    subject: Text(200),
    message: Text(5000),
    name: Type.Optional(Text(100)),
    email: Type.Optional(Text(254)),
    phone: Type.Optional(Text(20)),
  },
  { additionalProperties: false },
);

const ReplyBody = Type.Object({ body: Text(5000) }, { additionalProperties: false });

/**
 * The help API for everyone: the knowledge base (public), the contact form (public; linked
 * to the account when signed in), and a person's own tickets.
 */
export async function helpApiRoutes(app: App, deps: SupportRouteDeps) {
  const { knowledge, tickets, identity, clock } = deps;

  app.get<{
    Querystring: { q?: string; topic?: string; lang?: Locale; offset?: number; limit?: number };
  }>(
    '/api/v1/help/articles',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Search the knowledge base (published articles; diacritics and typos tolerated)',
        querystring: SearchQuery,
        response: {
          200: Type.Object({
            total: Type.Integer(),
            corrected: Type.Union([Type.String(), Type.Null()], {
              description: 'The words searched for instead, when the query was corrected',
            }),
            items: Type.Array(ArticleSchema),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => {
      const { q = '', topic, lang = request.locale, offset = 0, limit = 20 } = request.query;
      const found = await knowledge.search({
        q,
        lang,
        topic: topic && isTopic(topic) ? topic : undefined,
        offset,
        limit,
      });
      return {
        total: found.total,
        corrected: found.corrected,
        items: found.articles.map(articleDto),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/help/articles/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'A published article, by id or slug',
        params: IdParams,
        response: { 200: ArticleSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => articleDto(await knowledge.article(request.params.id)),
  );

  app.post<{ Body: Record<string, string | undefined> }>(
    '/api/v1/help/tickets',
    {
      config: { access: 'public', rateLimit: TICKET_LIMIT },
      bodyLimit: FORM_BYTES,
      schema: {
        tags,
        summary:
          'Open a help ticket (10 a minute). Signed in: linked to the account, contact details ' +
          'taken from it; otherwise name and an email or phone are required.',
        body: TicketBody,
        response: { 201: TicketSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const sender = await senderOf(request, identity);
      const ticket = await tickets.open(request.body, sender, request.locale);
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(ticketDto(ticket, clock.now()));
    },
  );

  app.get(
    '/api/v1/help/tickets/mine',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'The caller’s own tickets, newest first',
        response: { 200: Type.Object({ items: Type.Array(TicketSchema) }), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const now = clock.now();
      const mine = await tickets.mine(request.session!.accountId);
      return { items: mine.map((t) => ticketDto(t, now)) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/help/tickets/mine/:id',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'One of the caller’s tickets with its answers (another’s: 404)',
        params: IdParams,
        response: { 200: TicketWithTimeline, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { ticket, entries } = await tickets.own(request.session!.accountId, request.params.id);
      return {
        ticket: ticketDto(ticket, clock.now()),
        timeline: entries.map((e) => entryDto(e, false)),
      };
    },
  );

  app.post<{ Params: { id: string }; Body: { body: string } }>(
    '/api/v1/help/tickets/mine/:id/replies',
    {
      config: { access: 'signed_in', rateLimit: TICKET_LIMIT },
      bodyLimit: FORM_BYTES,
      schema: {
        tags,
        summary: 'Write again on one’s own ticket (a resolved one opens again)',
        params: IdParams,
        body: ReplyBody,
        response: { 200: TicketSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { id } = request.params;
      const ticket = await tickets.reply(request.session!.accountId, id, request.body.body);
      return ticketDto(ticket, clock.now());
    },
  );
}
