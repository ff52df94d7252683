import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import { actorOf } from '../../identity/index.js';
import type { ArticleInput } from '../knowledge-base.js';
import {
  ARTICLE_ACTIONS,
  AGENT_ACTIONS,
  TICKET_STATES,
  type ArticleAction,
  type TicketAction,
  type TicketState,
} from '../lifecycle.js';
import type { CallRow } from '../repository.js';
import { CHANNELS, OUTCOMES, TOPICS } from '../topics.js';
import {
  ArticleSchema,
  FORM_BYTES,
  IdParams,
  TicketSchema,
  TicketWithTimeline,
  articleDto,
  entryDto,
  requireSupport,
  tags,
  ticketDto,
  type SupportRouteDeps,
} from './shared.js';

const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const CallSchema = Type.Object({
  id: Type.String(),
  channel: Type.String({ description: CHANNELS.join(', ') }),
  topic: Type.String({ description: TOPICS.join(', ') }),
  procedureCode: Nullable(Type.String()),
  accountId: Nullable(Type.String()),
  outcome: Type.String({ description: OUTCOMES.join(', ') }),
  durationSeconds: Type.Integer(),
  summary: Type.String(),
  agent: Type.String(),
  at: Type.String({ format: 'date-time' }),
});

const callDto = (c: CallRow) => ({
  id: c.id,
  channel: c.channel,
  topic: c.topic,
  procedureCode: c.procedure_code,
  accountId: c.account_id,
  outcome: c.outcome,
  durationSeconds: c.duration_seconds,
  summary: c.summary,
  agent: c.agent_name,
  at: c.at.toISOString(),
});

const FigureSchema = Type.Object({
  key: Nullable(Type.String({ description: 'The topic or procedure code (null: none named)' })),
  phone: Type.Integer(),
  chat: Type.Integer(),
  email: Type.Integer(),
  tickets: Type.Integer(),
});

const ArticleFields = {
  topic: literals(TOPICS),
  procedureCodes: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })),
  titleVi: Type.String({ maxLength: 200 }),
  bodyVi: Type.String({ maxLength: 20_000 }),
  titleEn: Type.String({ maxLength: 200 }),
  bodyEn: Type.String({ maxLength: 20_000 }),
};

/** The support desk's API: tickets, the hotline's log, figures and the knowledge base. */
export async function deskApiRoutes(app: App, deps: SupportRouteDeps) {
  const { tickets, hotline, knowledge, clock } = deps;
  const staff = { config: { access: 'officer' as const }, preHandler: requireSupport };
  const agent = (request: Parameters<typeof actorOf>[0]) => actorOf(request).accountId;

  app.get<{ Querystring: { status?: TicketState[] } }>(
    '/api/v1/help/tickets',
    {
      ...staff,
      schema: {
        tags,
        summary: 'The desk’s tickets, overdue first (by default those not closed)',
        querystring: Type.Object(
          { status: Type.Optional(Type.Array(literals(TICKET_STATES), { maxItems: 5 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(TicketSchema) }), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const states = request.query.status ?? TICKET_STATES.filter((s) => s !== 'closed');
      const now = clock.now();
      return { items: (await tickets.desk(states)).map((t) => ticketDto(t, now)) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/help/tickets/:id',
    {
      ...staff,
      schema: {
        tags,
        summary: 'A ticket with its whole timeline, internal notes included',
        params: IdParams,
        response: { 200: TicketWithTimeline, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { ticket, entries } = await tickets.full(request.params.id);
      return {
        ticket: ticketDto(ticket, clock.now()),
        timeline: entries.map((e) => entryDto(e, true)),
      };
    },
  );

  app.post<{
    Params: { id: string };
    Body: { action: TicketAction; version: number; body?: string };
  }>(
    '/api/v1/help/tickets/:id/actions',
    {
      ...staff,
      bodyLimit: FORM_BYTES,
      schema: {
        tags,
        summary: 'Reply, note or change the status (ask and resolve notify the person)',
        params: IdParams,
        body: Type.Object(
          {
            action: literals(AGENT_ACTIONS),
            version: Type.Integer({ minimum: 0 }),
            body: Type.Optional(Type.String({ maxLength: 5000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: TicketSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { action, version, body } = request.body;
      const ticket = await tickets.act(agent(request), request.params.id, version, action, body);
      return ticketDto(ticket, clock.now());
    },
  );

  app.post<{ Body: Record<string, string | number | undefined> }>(
    '/api/v1/help/calls',
    {
      ...staff,
      bodyLimit: FORM_BYTES,
      schema: {
        tags,
        summary: 'Log a call, chat or email of the hotline',
        body: Type.Object(
          {
            channel: literals(CHANNELS),
            topic: literals(TOPICS),
            procedureCode: Type.Optional(Type.String({ maxLength: 40 })),
            idNumber: Type.Optional(
              Type.String({ maxLength: 20, description: 'The caller’s, when known' }),
            ),
            outcome: literals(OUTCOMES),
            durationSeconds: Type.Integer({ minimum: 0, maximum: 86_400 }),
            summary: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: CallSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const body = request.body as Parameters<typeof hotline.log>[1];
      return reply.status(201).send(callDto(await hotline.log(agent(request), body)));
    },
  );

  app.get(
    '/api/v1/help/calls',
    {
      ...staff,
      schema: {
        tags,
        summary: 'The hotline’s log, newest first (the last 50)',
        response: { 200: Type.Object({ items: Type.Array(CallSchema) }), ...PROBLEM_RESPONSES },
      },
    },
    async () => ({ items: (await hotline.recent()).map(callDto) }),
  );

  app.get<{ Querystring: { week?: string } }>(
    '/api/v1/help/figures',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Calls by channel and tickets by topic and by procedure, for the week of a day',
        querystring: Type.Object(
          { week: Type.Optional(Type.String({ format: 'date', description: 'Any day of it' })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            week: Type.Object({ from: Type.String(), to: Type.String() }),
            byTopic: Type.Array(FigureSchema),
            byProcedure: Type.Array(FigureSchema),
            totals: Type.Omit(FigureSchema, ['key']),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => hotline.figures(request.query.week ?? null),
  );

  app.get(
    '/api/v1/help/articles/all',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Every article of the knowledge base, drafts included',
        response: { 200: Type.Object({ items: Type.Array(ArticleSchema) }), ...PROBLEM_RESPONSES },
      },
    },
    async () => ({ items: (await knowledge.all()).map(articleDto) }),
  );

  app.post<{ Body: ArticleInput }>(
    '/api/v1/help/articles',
    {
      ...staff,
      bodyLimit: FORM_BYTES * 2,
      schema: {
        tags,
        summary: 'Write a new article (a draft)',
        body: Type.Object(ArticleFields, { additionalProperties: false }),
        response: { 201: ArticleSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) =>
      reply.status(201).send(articleDto(await knowledge.create(agent(request), request.body))),
  );

  app.put<{
    Params: { id: string };
    Body: ArticleInput & { version: number; action: ArticleAction };
  }>(
    '/api/v1/help/articles/:id',
    {
      ...staff,
      bodyLimit: FORM_BYTES * 2,
      schema: {
        tags,
        summary: 'Change an article; `action` publish or unpublish also moves it',
        params: IdParams,
        body: Type.Object(
          {
            ...ArticleFields,
            version: Type.Integer({ minimum: 0 }),
            action: literals(ARTICLE_ACTIONS),
          },
          { additionalProperties: false },
        ),
        response: { 200: ArticleSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { version, action, ...text } = request.body;
      const id = request.params.id;
      return articleDto(await knowledge.update(agent(request), id, version, action, text));
    },
  );
}
