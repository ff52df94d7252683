import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { ProblemError } from '../../../platform/errors.js';
import { changeKeys } from '../../../platform/changes.js';
import type { App } from '../../../platform/http.js';
import { keepPersonalPage } from '../../../platform/response-cache.js';
import { localText, type Locale } from '../../../platform/i18n/index.js';
import type { SummaryError } from '../../../web/components.js';
import type { CatalogService } from '../../catalog/index.js';
import { STATUS, type DossierRow } from '../../dossiers/index.js';
import { actorOf, agenciesWith } from '../../identity/index.js';
import { agenciesOf, receivesSomewhere, type DossierAccess } from '../access.js';
import { DUE, InboxPage } from '../inbox.page.js';
import type { Inbox, InboxService } from '../inbox-service.js';
import { officerPage, type Query } from '../http-shared.js';

const EMPTY: Inbox = { items: [], nextCursor: null, counts: [], stranded: 0 };

/** The status the query names (1–10, written plainly), if it names one. */
const statusOf = (text: string | undefined) => {
  const status = Number(text);
  return String(status) === text && status >= STATUS.submitted && status <= STATUS.returned
    ? status
    : undefined;
};

const dueOf = (text: string | undefined) =>
  (DUE as readonly string[]).includes(text ?? '') ? (text as (typeof DUE)[number]) : undefined;

/** The name of the step a dossier is at, in the page's language. */
const stepName = (row: DossierRow, locale: Locale) => {
  const step = row.workflow?.find((s) => s.code === row.step);
  return step ? localText(locale, step.name) : null;
};

/** The officer's inbox page: counts, filters, and their agencies' dossiers soonest due first. */
export async function inboxPages(
  app: App,
  deps: { access: DossierAccess; inbox: InboxService; catalog: CatalogService },
) {
  const { access, catalog } = deps;

  /** The page of the inbox the query asks for; a cursor that is not one is a mistake (400). */
  async function inboxFor(request: FastifyRequest<{ Querystring: Query }>, errors: SummaryError[]) {
    const actor = actorOf(request);
    const { query } = request;
    try {
      return await deps.inbox.inbox(actor, {
        status: statusOf(query.status),
        due: dueOf(query.due),
        // One agency and procedure of the officer's (the leaders' dashboard links here).
        agency: query.agency?.slice(0, 30) || undefined,
        procedure: query.procedure?.slice(0, 20) || undefined,
        ...(query.mine === '1' ? { assignedTo: actor.accountId } : {}),
        q: query.q?.slice(0, 100),
        cursor: query.cursor,
      });
    } catch (error) {
      if (!(error instanceof ProblemError) || error.status !== 400) throw error;
      errors.push({ field: 'q', message: request.t('errors.field.badCursor') });
      return EMPTY;
    }
  }

  /** The names of the procedures of these dossiers. */
  async function procedureNames(rows: DossierRow[]) {
    const names = new Map<string, { name: string; nameEn: string }>();
    for (const code of new Set(rows.map((r) => r.procedure_code))) {
      const p = await catalog.getProcedure(code);
      names.set(code, { name: p.name, nameEn: p.nameEn });
    }
    return names;
  }

  /** Help-desk staff who work no dossiers reach their desk from the header's link. */
  async function deskOrInbox(request: FastifyRequest, reply: FastifyReply) {
    const actor = actorOf(request);
    const worksDossiers = agenciesWith(actor, 'agency.work').length > 0;
    if (!worksDossiers && agenciesWith(actor, 'help.support').length > 0) {
      return reply.redirect('/backoffice/help', 303);
    }
    return officerPage.preHandler(request);
  }

  const inboxPage = {
    ...officerPage,
    preHandler: deskOrInbox,
    config: { ...officerPage.config, personalPage: true },
  };
  app.get<{ Querystring: Query }>('/backoffice', inboxPage, async (request, reply) => {
    const actor = actorOf(request);
    // Kept for a refresh until the officer, or the dossiers or staff of their agencies, change.
    keepPersonalPage(request, [
      ...changeKeys.signedIn(actor.accountId),
      ...agenciesOf(actor).map(changeKeys.agency),
    ]);
    const { query } = request;
    const errors: SummaryError[] = [];
    const inbox = await inboxFor(request, errors);
    const names = await procedureNames(inbox.items);
    return reply.page(
      h(InboxPage, {
        rows: inbox.items.map((row) => ({
          code: row.code!,
          status: row.status,
          step: stepName(row, request.locale),
          procedure: names.get(row.procedure_code)!,
          applicantName: row.applicant_name ?? '',
          dueAt: row.due_at,
          late: access.isLate(row),
        })),
        counts: inbox.counts,
        stranded: inbox.stranded,
        canRegister: receivesSomewhere(actor),
        canLead: agenciesWith(actor, 'monitoring.dashboard').length > 0,
        filter: {
          status: query.status,
          due: query.due,
          q: query.q,
          mine: query.mine,
          agency: query.agency,
          procedure: query.procedure,
        },
        nextCursor: inbox.nextCursor,
        errors,
      }),
      errors.length > 0 ? 400 : 200,
    );
  });
}
