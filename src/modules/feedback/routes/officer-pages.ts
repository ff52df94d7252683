import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { assertFormToken } from '../../../platform/forms.js';
import type { App } from '../../../platform/http.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import type { SummaryError } from '../../../web/components.js';
import type { CatalogService } from '../../catalog/index.js';
import { actorOf } from '../../identity/index.js';
import { AGENCY_ACTIONS, type AgencyAction, type FeedbackHandling } from '../handling.js';
import { HandlePage, InboxPage } from '../handle.page.js';
import type { FeedbackService } from '../service.js';
import { sendFile } from './api.js';
import { agencyNames, Code, FileParams, LooseForm, problemsOf } from './page-shared.js';

const PAGE_SIZE = 50;

const LABELS: Record<string, MessageKey> = {
  text: 'feedback.officer.reason',
  toAgency: 'feedback.officer.forwardTo',
  mergeInto: 'feedback.officer.mergeInto',
};

type Form = { Params: { code: string }; Body: Record<string, string> };

/** The agencies' pages: the inbox, an item with the forms of its steps, and its files. */
export async function officerPages(
  app: App,
  deps: {
    feedback: FeedbackService;
    handling: FeedbackHandling;
    catalog: CatalogService;
    clock: { now(): Date };
    maxForwards: number;
  },
) {
  const { feedback, handling } = deps;
  const officer = { config: { access: 'officer' as const } };

  app.get<{ Querystring: Record<string, string> }>(
    '/backoffice/feedback',
    { ...officer, schema: { hide: true, querystring: LooseForm } },
    async (request, reply) => {
      const open = request.query.state !== 'done';
      const offset = Math.min(Math.max(Number(request.query.cursor) || 0, 0), 10_000);
      const rows = await handling.inbox(actorOf(request), { open, limit: PAGE_SIZE, offset });
      const total = rows[0]?.total ?? 0;
      const names = await agencyNames(
        deps.catalog,
        rows.map((r) => r.agency_code),
      );
      return reply.page(
        h(InboxPage, {
          rows,
          total,
          open,
          names,
          forwarded: request.query.forwarded?.slice(0, 40) ?? null,
          now: deps.clock.now(),
          nextCursor: offset + PAGE_SIZE < total ? String(offset + PAGE_SIZE) : null,
        }),
      );
    },
  );

  async function handlePage(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    done: AgencyAction | null,
    errors: SummaryError[] = [],
    status = 200,
  ) {
    const row = await handling.item(actorOf(request), code);
    const view = await feedback.details(row);
    const names = await agencyNames(deps.catalog, [
      row.agency_code,
      row.answer_agency_code,
      ...view.events.flatMap((e) => [e.agency_code, e.to_agency]),
    ]);
    return reply.page(
      h(HandlePage, {
        view,
        names,
        now: deps.clock.now(),
        done,
        errors,
        csrf: request.viewer?.csrfToken ?? '',
        maxForwards: deps.maxForwards,
      }),
      status,
    );
  }

  app.get<{ Params: { code: string }; Querystring: Record<string, string> }>(
    '/backoffice/feedback/:code',
    { ...officer, schema: { hide: true, params: Code, querystring: LooseForm } },
    async (request, reply) => {
      const done = request.query.done;
      const known = AGENCY_ACTIONS.find((a) => a === done) ?? null;
      return handlePage(request, reply, request.params.code, known);
    },
  );

  app.post<Form>(
    '/backoffice/feedback/:code/steps',
    { ...officer, schema: { hide: true, params: Code, body: LooseForm } },
    async (request, reply) => {
      assertFormToken(request.viewer?.csrfToken, request.body.csrf);
      const { code } = request.params;
      const action = AGENCY_ACTIONS.find((a) => a === request.body.action);
      if (!action) return handlePage(request, reply, code, null, [], 400);
      try {
        await handling.act(actorOf(request), code, {
          action,
          version: Number(request.body.version),
          text: request.body.text,
          toAgency: request.body.toAgency,
          mergeInto: request.body.mergeInto,
          signedPdf: request.body.signedPdf === 'on',
        });
        // Forwarded, it is another agency's: the officer goes back to their inbox.
        const to =
          action === 'forward'
            ? `/backoffice/feedback?forwarded=${encodeURIComponent(code)}`
            : `/backoffice/feedback/${encodeURIComponent(code)}?done=${action}`;
        return reply.redirect(to, 303);
      } catch (error) {
        const errors = problemsOf(request, error, LABELS).map((e) =>
          e.field === 'actions' ? e : { ...e, field: `${action}-${e.field}` },
        );
        const status = errors.some((e) => e.field === 'actions') ? 409 : 422;
        return handlePage(request, reply, code, null, errors, status);
      }
    },
  );

  app.get<{ Params: { code: string; id: string } }>(
    '/backoffice/feedback/:code/files/:id',
    { ...officer, schema: { hide: true, params: FileParams } },
    async (request, reply) => {
      const row = await handling.item(actorOf(request), request.params.code);
      return sendFile(reply, await feedback.fileOf(row, request.params.id));
    },
  );
}
