import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { vietnamDate } from '../../../platform/clock.js';
import { ProblemError } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import type { SummaryError } from '../../../web/components.js';
import { actorOf } from '../../identity/index.js';
import { ArticleEditPage, ArticlesPage, valuesOf, type ArticleValues } from '../articles.page.js';
import { CallsPage, type CallValues } from '../calls.page.js';
import { DeskPage, DeskTicketPage } from '../desk.page.js';
import { FiguresPage } from '../calls.page.js';
import {
  ARTICLE_ACTIONS,
  AGENT_ACTIONS,
  TICKET_STATES,
  ticketActionsFrom,
  type ArticleAction,
  type TicketAction,
} from '../lifecycle.js';
import { summaryOf } from './pages.js';
import {
  FORM_BYTES,
  LooseQuery,
  requireSupport,
  type Query,
  type SupportRouteDeps,
} from './shared.js';

const staff = { config: { access: 'officer' as const }, preHandler: requireSupport };
const page = { schema: { hide: true, querystring: LooseQuery }, ...staff };
const form = { schema: { hide: true, body: LooseQuery }, ...staff, bodyLimit: FORM_BYTES * 2 };

/** "4:30", "4" (minutes) or "270s" as seconds; NaN when it is none of these. */
export function parseDuration(text: string): number {
  const typed = text.trim();
  const clock = /^(\d{1,4}):([0-5]\d)$/.exec(typed);
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]);
  if (/^\d{1,4}$/.test(typed)) return Number(typed) * 60;
  const seconds = /^(\d{1,5})\s*s$/i.exec(typed);
  return seconds ? Number(seconds[1]) : Number.NaN;
}

const EMPTY_CALL: CallValues = {
  channel: 'phone',
  topic: '',
  procedureCode: '',
  idNumber: '',
  outcome: 'answered',
  duration: '',
  summary: '',
};

/** The support desk's pages: tickets, the hotline's log, the knowledge base, the figures. */
export async function deskPageRoutes(app: App, deps: SupportRouteDeps) {
  const { tickets, hotline, knowledge, clock } = deps;
  const agent = (request: FastifyRequest) => actorOf(request).accountId;
  const csrf = (request: FastifyRequest) => request.viewer?.csrfToken ?? '';

  app.get<{ Querystring: Query }>('/backoffice/help', page, async (request, reply) => {
    const showClosed = request.query.closed === '1';
    const states = TICKET_STATES.filter((s) => showClosed || s !== 'closed');
    const list = await tickets.desk(states);
    return reply.page(h(DeskPage, { tickets: list, now: clock.now(), showClosed }));
  });

  const ticketPage = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    outcome: { errors?: SummaryError[]; notice?: string; typed?: string } = {},
    status = 200,
  ) => {
    const { ticket, entries } = await tickets.full(request.params.id);
    const actions = ticketActionsFrom(ticket.status).filter((a) => AGENT_ACTIONS.includes(a));
    return reply.page(
      h(DeskTicketPage, {
        ticket,
        entries,
        actions,
        now: clock.now(),
        csrf: csrf(request),
        errors: outcome.errors ?? [],
        notice: outcome.notice ?? null,
        typed: outcome.typed ?? '',
      }),
      status,
    );
  };

  app.get<{ Params: { id: string } }>(
    '/backoffice/help/tickets/:id',
    { schema: { hide: true }, ...staff },
    (request, reply) => ticketPage(request, reply),
  );

  app.post<{ Params: { id: string }; Body: Query }>(
    '/backoffice/help/tickets/:id',
    form,
    async (request, reply) => {
      const { action = '', version = '', body } = request.body;
      const typed = body ?? '';
      if (!(AGENT_ACTIONS as readonly string[]).includes(action) || !/^\d{1,9}$/.test(version)) {
        const message = request.t('errors.field.notAllowed');
        return ticketPage(request, reply, { errors: [{ field: 'body', message }], typed }, 400);
      }
      try {
        const done = await tickets.act(
          agent(request),
          request.params.id,
          Number(version),
          action as TicketAction,
          body,
        );
        const status = request.t(`support.status.${done.status}`);
        return ticketPage(request, reply, {
          notice: request.t('support.desk.done', { code: done.code, status }),
        });
      } catch (error) {
        // Someone else acted first, or the state no longer allows it: said, with the page as it is now.
        if (error instanceof ProblemError && error.status === 409) {
          return ticketPage(
            request,
            reply,
            { errors: [{ field: 'body', message: request.t(error.messageKey) }], typed },
            409,
          );
        }
        return ticketPage(request, reply, { errors: summaryOf(request, error), typed }, 422);
      }
    },
  );

  const callsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    outcome: { values?: CallValues; errors?: SummaryError[]; notice?: string } = {},
    status = 200,
  ) =>
    reply.page(
      h(CallsPage, {
        values: outcome.values ?? EMPTY_CALL,
        errors: outcome.errors ?? [],
        notice: outcome.notice ?? null,
        calls: await hotline.recent(),
        csrf: csrf(request),
      }),
      status,
    );

  app.get('/backoffice/help/calls', page, (request, reply) => callsPage(request, reply));

  app.post<{ Body: Query }>('/backoffice/help/calls', form, async (request, reply) => {
    const values = { ...EMPTY_CALL, ...request.body } as CallValues;
    const durationSeconds = parseDuration(values.duration);
    try {
      const call = await hotline.log(agent(request), {
        ...values,
        durationSeconds: Number.isNaN(durationSeconds) ? undefined : durationSeconds,
      });
      const notice = request.t('support.calls.saved', {
        channel: request.t(`support.channel.${call.channel}`),
        topic: request.t(`support.topic.${call.topic}`),
      });
      return callsPage(request, reply, { notice });
    } catch (error) {
      return callsPage(request, reply, { values, errors: summaryOf(request, error) }, 422);
    }
  });

  app.get<{ Querystring: Query }>('/backoffice/help/figures', page, async (request, reply) => {
    const asked = request.query.week ?? '';
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(asked) && !Number.isNaN(Date.parse(asked));
    const errors =
      asked && !valid ? [{ field: 'week', message: request.t('errors.field.badFormat') }] : [];
    const day = valid ? asked : vietnamDate(clock.now());
    const figures = await hotline.figures(day);
    return reply.page(h(FiguresPage, { figures, day, errors }), errors.length ? 400 : 200);
  });

  app.get<{ Querystring: Query }>('/backoffice/help/articles', page, async (request, reply) =>
    reply.page(h(ArticlesPage, { articles: await knowledge.all(), notice: null })),
  );

  const editPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    state: {
      article: Awaited<ReturnType<typeof knowledge.article>> | null;
      values?: ArticleValues;
      errors?: SummaryError[];
      notice?: string;
    },
    status = 200,
  ) =>
    reply.page(
      h(ArticleEditPage, {
        article: state.article,
        values: state.values ?? valuesOf(state.article),
        errors: state.errors ?? [],
        csrf: csrf(request),
        notice: state.notice ?? null,
      }),
      status,
    );

  const savedNotice = (
    request: FastifyRequest,
    a: { title_vi: string; title_en: string; status: string },
  ) =>
    request.t('support.articles.saved', {
      title: request.locale === 'en' ? a.title_en : a.title_vi,
      status: request.t(
        a.status === 'published'
          ? 'support.articles.status.published'
          : 'support.articles.status.draft',
      ),
    });

  app.get('/backoffice/help/articles/new', { schema: { hide: true }, ...staff }, (request, reply) =>
    editPage(request, reply, { article: null }),
  );

  app.post<{ Body: Query }>('/backoffice/help/articles/new', form, async (request, reply) => {
    const values = { ...valuesOf(null), ...request.body } as ArticleValues;
    try {
      const made = await knowledge.create(agent(request), values);
      const article =
        request.body.action === 'publish'
          ? await knowledge.update(agent(request), made.id, made.version, 'publish', values)
          : made;
      return editPage(request, reply, { article, notice: savedNotice(request, article) });
    } catch (error) {
      return editPage(
        request,
        reply,
        { article: null, values, errors: summaryOf(request, error) },
        422,
      );
    }
  });

  app.get<{ Params: { id: string } }>(
    '/backoffice/help/articles/:id',
    { schema: { hide: true }, ...staff },
    async (request, reply) =>
      editPage(request, reply, { article: await knowledge.article(request.params.id, true) }),
  );

  app.post<{ Params: { id: string }; Body: Query }>(
    '/backoffice/help/articles/:id',
    form,
    async (request, reply) => {
      const before = await knowledge.article(request.params.id, true);
      const values = { ...valuesOf(null), ...request.body } as ArticleValues;
      const action = (ARTICLE_ACTIONS as readonly string[]).includes(request.body.action ?? '')
        ? (request.body.action as ArticleAction)
        : 'edit';
      try {
        const version = Number(request.body.version ?? Number.NaN);
        const article = await knowledge.update(agent(request), before.id, version, action, values);
        return editPage(request, reply, { article, notice: savedNotice(request, article) });
      } catch (error) {
        if (error instanceof ProblemError && error.status === 409) {
          const errors = [{ field: 'titleVi', message: request.t(error.messageKey) }];
          return editPage(request, reply, { article: before, values, errors }, 409);
        }
        return editPage(
          request,
          reply,
          { article: before, values, errors: summaryOf(request, error) },
          422,
        );
      }
    },
  );
}
