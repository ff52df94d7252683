import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../../../platform/errors.js';
import { assertFormToken } from '../../../platform/forms.js';
import type { App } from '../../../platform/http.js';
import type { SummaryError } from '../../../web/components.js';
import type { CatalogService } from '../../catalog/index.js';
import type { FormTokens } from '../../identity/index.js';
import { ContactPage, MyTicketPage, MyTicketsPage, type ContactValues } from '../contact.page.js';
import { ArticlePage, HelpPage } from '../help.page.js';
import { isTopic } from '../topics.js';
import {
  FORM_BYTES,
  LooseQuery,
  TICKET_LIMIT,
  senderOf,
  type Query,
  type SupportRouteDeps,
} from './shared.js';

const pageOptions = {
  schema: { hide: true, querystring: LooseQuery },
  config: { access: 'public' as const },
};

const ContactForm = Type.Object(
  Object.fromEntries(
    ['csrf', 'topic', 'procedureCode', 'subject', 'message', 'name', 'email', 'phone'].map((k) => [
      k,
      Type.Optional(Type.String({ maxLength: k === 'message' ? 5000 : 300 })),
    ]),
  ),
);

/** A refusal's fields in a page's words: what is wrong, linked to the field (422). */
export function summaryOf(request: FastifyRequest, error: unknown): SummaryError[] {
  if (!(error instanceof ProblemError) || error.status !== 422) throw error;
  return error.fieldErrors.map((f) => ({
    field: f.field,
    message: request.t(f.messageKey, f.params),
  }));
}

const EMPTY: ContactValues = {
  topic: '',
  procedureCode: '',
  subject: '',
  message: '',
  name: '',
  email: '',
  phone: '',
};

/** The public help pages, the contact form, and a signed-in person's own tickets. */
export async function helpPageRoutes(
  app: App,
  deps: SupportRouteDeps & { catalog: CatalogService; formTokens: FormTokens },
) {
  const { knowledge, tickets, identity, catalog, formTokens, clock } = deps;

  app.get<{ Querystring: Query }>('/help', pageOptions, async (request, reply) => {
    const q = (request.query.q ?? '').slice(0, 200);
    const topic = request.query.topic ?? '';
    const found = await knowledge.search({
      q,
      lang: request.locale,
      topic: isTopic(topic) ? topic : undefined,
      offset: 0,
      limit: 50,
    });
    return reply.page(h(HelpPage, { q, topic, ...found, signedIn: request.session !== null }));
  });

  app.get<{ Params: { id: string } }>(
    '/help/articles/:id',
    { schema: { hide: true }, config: { access: 'public' } },
    async (request, reply) => {
      const article = await knowledge.article(request.params.id);
      const procedures = [];
      for (const code of article.procedure_codes) {
        const p = await catalog.getProcedure(code).catch(() => null);
        if (p) procedures.push({ code, name: p.name, nameEn: p.nameEn });
      }
      return reply.page(
        h(ArticlePage, { article, procedures, signedIn: request.session !== null }),
      );
    },
  );

  /** The contact form for this browser: the session's token, or the browser's before one. */
  const contactPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: {
      values: ContactValues;
      errors: SummaryError[];
      sent: { code: string; address: string | null } | null;
    },
    status = 200,
  ) => {
    const sender = await senderOf(request, identity);
    const csrf = request.viewer?.csrfToken ?? formTokens.browser(request, reply);
    reply.header('cache-control', 'no-store');
    return reply.page(h(ContactPage, { ...state, csrf, signedInAs: sender?.name ?? null }), status);
  };

  app.get<{ Querystring: Query }>('/help/contact', pageOptions, (request, reply) =>
    contactPage(request, reply, {
      values: {
        ...EMPTY,
        topic: request.query.topic ?? '',
        procedureCode: request.query.procedure ?? '',
      },
      errors: [],
      sent: null,
    }),
  );

  app.post<{ Body: Query }>(
    '/help/contact',
    {
      schema: { hide: true, body: ContactForm },
      config: { access: 'public', rateLimit: TICKET_LIMIT },
      bodyLimit: FORM_BYTES,
    },
    async (request, reply) => {
      const { csrf, ...typed } = request.body;
      if (request.viewer) assertFormToken(request.viewer.csrfToken, csrf);
      else formTokens.check(request, csrf);
      const values = { ...EMPTY, ...typed } as ContactValues;
      const sender = await senderOf(request, identity);
      try {
        const ticket = await tickets.open(values, sender, request.locale);
        const address = sender ? null : (ticket.contact_email ?? ticket.contact_phone);
        return contactPage(request, reply, {
          values: EMPTY,
          errors: [],
          sent: { code: ticket.code, address },
        });
      } catch (error) {
        return contactPage(
          request,
          reply,
          { values, errors: summaryOf(request, error), sent: null },
          422,
        );
      }
    },
  );

  const own = { config: { access: 'signed_in' as const } };

  app.get('/my/help', { schema: { hide: true }, ...own }, async (request, reply) => {
    const mine = await tickets.mine(request.session!.accountId);
    return reply.page(h(MyTicketsPage, { tickets: mine, now: clock.now() }));
  });

  const ticketPage = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    outcome: { errors?: SummaryError[]; notice?: string; typed?: string } = {},
    status = 200,
  ) => {
    const { ticket, entries } = await tickets.own(request.session!.accountId, request.params.id);
    return reply.page(
      h(MyTicketPage, {
        ticket,
        entries,
        now: clock.now(),
        csrf: request.viewer?.csrfToken ?? '',
        errors: outcome.errors ?? [],
        notice: outcome.notice ?? null,
        typed: outcome.typed ?? '',
      }),
      status,
    );
  };

  app.get<{ Params: { id: string } }>(
    '/my/help/:id',
    { schema: { hide: true }, ...own },
    (request, reply) => ticketPage(request, reply),
  );

  app.post<{ Params: { id: string }; Body: Query }>(
    '/my/help/:id',
    { schema: { hide: true, body: LooseQuery }, ...own, bodyLimit: FORM_BYTES },
    async (request, reply) => {
      assertFormToken(request.viewer?.csrfToken, request.body.csrf);
      const typed = request.body.body ?? '';
      try {
        await tickets.reply(request.session!.accountId, request.params.id, typed);
        return ticketPage(request, reply, { notice: request.t('support.mine.replied') });
      } catch (error) {
        return ticketPage(request, reply, { errors: summaryOf(request, error), typed }, 422);
      }
    },
  );
}
