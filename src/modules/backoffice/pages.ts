import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import { sendPrivateFile } from '../../platform/http.js';
import { ProblemError } from '../../platform/errors.js';
import { assertFormToken } from '../../platform/forms.js';
import type { SummaryError } from '../../web/components.js';
import type { CatalogService } from '../catalog/index.js';
import type { IdentityService } from '../identity/index.js';
import type { CounterIntake, DocumentStore, DossierService } from '../dossiers/index.js';
import type { Text } from '../forms/index.js';
import { displayValue } from '../forms/index.js';
import { allFields, isVisible, placeCodes } from '../forms/index.js';
import { REQUESTABLE_ACTIONS, type RequestableAction as Action } from '../dossiers/index.js';
import { actorOf } from '../identity/index.js';
import type { BackofficeService } from './service.js';
import type { DossierRow } from '../dossiers/index.js';
import { DUE, InboxPage, OfficerDossierPage } from './inbox.page.js';
import { intakePageRoutes } from './intake-pages.js';
import type { FormService } from '../forms/index.js';
import { applicantFor } from '../dossiers/index.js';
import { feeOf } from '../dossiers/index.js';
import { fileTooLarge, readMultipart } from '../dossiers/index.js';

type Query = Record<string, string | undefined>;

/** "1.500.000", "1 500 000 đ" → 1500000; anything else → NaN (refused by the rules). */
const wholeDong = (text: string | undefined) => {
  const digits = (text ?? '').replace(/[\s.,₫đ]/gi, '');
  return /^\d{1,15}$/.test(digits) ? Number(digits) : Number.NaN;
};

/** The name of the step a dossier is at, in the page's language. */
const stepName = (row: DossierRow, locale: string) => {
  const step = row.workflow?.find((s) => s.code === row.step);
  return step ? (locale === 'en' ? step.name.en : step.name.vi) : null;
};
const LooseQuery = Type.Record(Type.String(), Type.String());

/** Refused by the lifecycle (409) or for want of a role (403), rather than mistyped. */
const isRefused = (error: ProblemError) => error.status === 409 || error.status === 403;

/** Why an action was refused, in words: a lost race reads differently from a rule. */
const refusalOf = (request: FastifyRequest, error: ProblemError) =>
  error.code === 'version_conflict'
    ? request.t('backoffice.conflict')
    : request.t(error.messageKey, error.params);

/**
 * The officers' pages: the inbox and a dossier with the actions its state allows. Plain
 * forms (no JavaScript needed), one per action, each carrying the version it was shown.
 */
export function backofficePageRoutes(
  app: App,
  backoffice: BackofficeService,
  deps: {
    catalog: CatalogService;
    identity: IdentityService;
    dossiers: DossierService;
    documents: DocumentStore;
    intake: CounterIntake;
    forms: FormService;
  },
  limits: { maxFileBytes: number },
) {
  /** Officer pages: an officer with a working role somewhere; forms carry their token. */
  async function requireOfficer(request: FastifyRequest) {
    backoffice.worker(actorOf(request));
    if (request.method === 'POST') {
      assertFormToken(request.viewer?.csrfToken, (request.body as Query | undefined)?.csrf);
    }
  }
  const officerOf = actorOf;
  const officers = { config: { access: 'officer' as const }, preHandler: requireOfficer };
  const page = { schema: { hide: true, querystring: LooseQuery }, ...officers };
  intakePageRoutes(app, backoffice, deps, officers);

  app.get<{ Querystring: Query }>('/backoffice', page, async (request, reply) => {
    const actor = officerOf(request);
    const query = request.query;
    const errors: SummaryError[] = [];
    const status = /^([1-9]|10)$/.test(query.status ?? '') ? Number(query.status) : undefined;
    const due = (DUE as readonly string[]).includes(query.due ?? '')
      ? (query.due as (typeof DUE)[number])
      : undefined;
    let inbox: Awaited<ReturnType<BackofficeService['inbox']>> = {
      items: [],
      nextCursor: null,
      counts: [],
      stranded: 0,
    };
    try {
      inbox = await backoffice.inbox(actor, {
        status,
        due,
        ...(query.mine === '1' ? { assignedTo: actor.accountId } : {}),
        q: query.q?.slice(0, 100),
        cursor: query.cursor,
      });
    } catch (error) {
      if (!(error instanceof ProblemError) || error.status !== 400) throw error;
      errors.push({ field: 'q', message: request.t('errors.field.badCursor') });
    }
    const names = new Map<string, { name: string; nameEn: string }>();
    for (const code of new Set(inbox.items.map((r) => r.procedure_code))) {
      const p = await deps.catalog.getProcedure(code);
      names.set(code, { name: p.name, nameEn: p.nameEn });
    }
    return reply.page(
      h(InboxPage, {
        rows: inbox.items.map((row) => ({
          code: row.code!,
          status: row.status,
          step: stepName(row, request.locale),
          procedure: names.get(row.procedure_code)!,
          applicantName: row.applicant_name ?? '',
          dueAt: row.due_at,
          late: backoffice.isLate(row),
        })),
        counts: inbox.counts,
        stranded: inbox.stranded,
        canRegister: backoffice
          .agenciesOf(actor)
          .some((code) => backoffice.rolesAt(actor, code).includes('receiver')),
        filter: { status: query.status, due: query.due, q: query.q, mine: query.mine },
        nextCursor: inbox.nextCursor,
        errors,
      }),
      errors.length > 0 ? 400 : 200,
    );
  });

  async function renderDossier(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    extra: {
      done?: string | null;
      /** Why the action just tried was refused, as the officer should read it. */
      refusal?: string | null;
      errors?: SummaryError[];
      apologySent?: { number: number; dueAt: Date } | null;
      assignedNow?: string | null;
      registered?: boolean;
    },
    status = 200,
  ) {
    const actor = officerOf(request);
    const view = await backoffice.dossier(actor, code);
    const form = await deps.dossiers.formOf(view.row);
    const procedure = await deps.catalog.getProcedure(view.row.procedure_code);
    const agency = await deps.catalog.getAgency(view.row.agency_code);
    const files = await backoffice.files(actor, code);
    const text = (t: Text) => (request.locale === 'en' ? t.en : t.vi);
    const fields = allFields(form);
    const places = await deps.catalog.placeNames(placeCodes(form, view.row.answers));
    const words = {
      yes: request.t('dossier.yes'),
      no: request.t('dossier.no'),
      none: request.t('dossier.noAnswer'),
    };
    return reply.page(
      h(OfficerDossierPage, {
        code,
        status: view.row.status,
        step: view.row.step,
        workflow: view.workflow,
        version: view.row.version,
        procedure,
        agency,
        applicantName: view.row.applicant_name ?? '',
        submittedAt: view.row.submitted_at,
        dueAt: view.row.due_at,
        receiveBy: await backoffice.receiveBy(view.row),
        late: backoffice.isLate(view.row),
        answers: fields
          .filter(
            (f) => f.type !== 'attachment' && f.type !== 'group' && isVisible(f, view.row.answers),
          )
          .map((f) => ({
            label: text(f.label),
            value: displayValue(f, view.row.answers[f.id], text, places, words),
          })),
        files: files.map((f) => ({
          documentId: f.document_id,
          fileName: f.file_name,
          label: text(
            fields.find((field) => field.id === f.field_id)?.label ?? {
              vi: f.field_id,
              en: f.field_id,
            },
          ),
        })),
        // A move between steps says where to, in the page's language.
        history: view.events.map((e) => {
          const step = view.workflow.find((s) => s.code === e.details?.step);
          const to =
            step && (e.action === 'forward' || e.action === 'send_back')
              ? `→ ${request.locale === 'en' ? step.name.en : step.name.vi} (${step.agencyName})`
              : null;
          return { ...e, note: [to, e.note].filter(Boolean).join(' — ') || null };
        }),
        actions: view.actions,
        blocked: view.blocked,
        fees: await backoffice.fees(view.row),
        defaultFee: feeOf(procedure),
        heldElsewhere: backoffice.agenciesOf(actor).includes(view.row.handling_agency_code)
          ? null
          : (await deps.catalog.agency(view.row.handling_agency_code)).name,
        canApologize: backoffice.isLate(view.row),
        apologies: (await backoffice.apologies(view.row)).map((a) => ({
          number: a.number,
          newDueAt: a.new_due_at,
        })),
        outcome: view.row.outcome,
        trackingNumber: view.row.result_tracking_number,
        apologySent: extra.apologySent ?? null,
        officers: await backoffice.officersAt(view.row.handling_agency_code),
        assignedTo: view.row.assigned_to,
        assignedNow: extra.assignedNow ?? null,
        csrf: request.viewer?.csrfToken ?? '',
        done: extra.done ?? null,
        registered: extra.registered ?? false,
        refusal: extra.refusal ?? null,
        errors: extra.errors ?? [],
      }),
      status,
    );
  }

  /** An action refused by a rule or lost in a race: the dossier again, saying why. */
  const showRefusal = (
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    error: ProblemError,
  ) => renderDossier(request, reply, code, { refusal: refusalOf(request, error) }, error.status);

  app.get<{ Params: { code: string }; Querystring: Query }>(
    '/backoffice/dossiers/:code',
    page,
    async (request, reply) => {
      const done = REQUESTABLE_ACTIONS.includes(request.query.done as Action)
        ? request.query.done
        : null;
      return renderDossier(request, reply, request.params.code, {
        done,
        registered: request.query.registered === '1',
      });
    },
  );

  app.post<{ Params: { code: string }; Body: Query }>(
    '/backoffice/dossiers/:code/actions',
    { schema: { hide: true }, ...officers },
    async (request, reply) => {
      const { code } = request.params;
      const body = request.body;
      const action = body.action as Action;
      if (!REQUESTABLE_ACTIONS.includes(action))
        throw new ProblemError(400, 'bad_request', 'errors.badRequest');
      try {
        await backoffice.act(officerOf(request), code, {
          action,
          version: Number(body.version),
          reason: body.reason,
          items: body.items?.split(/\r?\n/).filter((line) => line.trim()),
          trackingNumber: body.trackingNumber?.trim() || undefined,
          ...(action === 'request_payment'
            ? { fee: [{ name: body.feeName ?? '', amount: wholeDong(body.feeAmount) }] }
            : {}),
        });
        return reply.redirect(
          `/backoffice/dossiers/${encodeURIComponent(code)}?done=${action}`,
          303,
        );
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        if (isRefused(error)) return showRefusal(request, reply, code, error);
        if (error.status === 422) {
          return renderDossier(
            request,
            reply,
            code,
            {
              errors: error.fieldErrors.map((e) => ({
                field: `${action}-${e.field === 'fee' ? 'feeAmount' : e.field}`,
                message: `${request.t(`backoffice.action.${action}`)}: ${request.t(
                  e.field === 'items'
                    ? 'backoffice.items'
                    : e.field === 'fee'
                      ? 'backoffice.fee'
                      : 'backoffice.reason',
                )} — ${request.t(e.field === 'fee' ? 'backoffice.feeInvalid' : e.messageKey)}`,
              })),
            },
            422,
          );
        }
        throw error;
      }
    },
  );

  app.post<{ Params: { code: string }; Body: Query }>(
    '/backoffice/dossiers/:code/apologies',
    { schema: { hide: true }, ...officers },
    async (request, reply) => {
      const { code } = request.params;
      try {
        const done = await backoffice.apologize(officerOf(request), code, {
          reason: request.body.reason ?? '',
          newDueDate: request.body.newDueDate ?? '',
          version: Number(request.body.version),
        });
        return renderDossier(request, reply, code, {
          apologySent: { number: done.slip.number, dueAt: done.slip.new_due_at },
        });
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        if (isRefused(error)) return showRefusal(request, reply, code, error);
        if (error.status !== 422) throw error;
        const labels: Record<string, 'backoffice.apologyReason' | 'backoffice.newDueDate'> = {
          reason: 'backoffice.apologyReason',
          newDueDate: 'backoffice.newDueDate',
        };
        return renderDossier(
          request,
          reply,
          code,
          {
            errors: error.fieldErrors.map((e) => ({
              field: `apology-${e.field}`,
              message: `${request.t(labels[e.field] ?? 'backoffice.apologyReason')}: ${request.t(e.messageKey)}`,
            })),
          },
          422,
        );
      }
    },
  );

  app.post<{ Params: { code: string }; Body: Query }>(
    '/backoffice/dossiers/:code/assignment',
    { schema: { hide: true }, ...officers },
    async (request, reply) => {
      const { code } = request.params;
      try {
        const row = await backoffice.assign(officerOf(request), code, {
          accountId: request.body.accountId ?? '',
          version: Number(request.body.version),
        });
        const name = (await backoffice.officersAt(row.handling_agency_code)).find(
          (o) => o.id === row.assigned_to,
        )?.name;
        return renderDossier(request, reply, code, { assignedNow: name ?? null });
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        if (isRefused(error)) return showRefusal(request, reply, code, error);
        if (error.status !== 422) throw error;
        return renderDossier(
          request,
          reply,
          code,
          { errors: [{ field: 'assignee', message: request.t('errors.notAgencyOfficer') }] },
          422,
        );
      }
    },
  );

  // The applicant's side of a supplement request: a file (optional) and a note, sent back.
  app.post<{ Params: { code: string } }>(
    '/dossiers/:code/supplement',
    { schema: { hide: true }, config: { access: 'citizen' } },
    async (request, reply) => {
      const who = await applicantFor(deps.identity, request.session!, request.locale);
      if (!who) throw new ProblemError(403, 'not_applicant', 'errors.notApplicant');
      const { code } = request.params;
      const { files, oversize, text } = await readMultipart(request, limits.maxFileBytes);
      assertFormToken(request.viewer?.csrfToken, text('csrf'));
      const view = await deps.dossiers.byCode(who, code);
      if (oversize.length > 0) throw fileTooLarge(text('field') ?? 'file', limits.maxFileBytes);
      const file = files[0];
      if (file) await deps.documents.upload(who, view.row.id, text('field') ?? '', file);
      await deps.dossiers.supplement(who, code, {
        version: Number(text('version')),
        note: text('note'),
      });
      return reply.redirect(`/dossiers/${encodeURIComponent(code)}?supplemented=1`, 303);
    },
  );

  app.get<{ Params: { code: string; documentId: string } }>(
    '/backoffice/dossiers/:code/files/:documentId',
    { schema: { hide: true }, ...officers },
    async (request, reply) => {
      const { file, data } = await backoffice.file(
        officerOf(request),
        request.params.code,
        request.params.documentId,
      );
      return sendPrivateFile(reply, {
        contentType: file.content_type,
        fileName: file.file_name,
        data: data,
      });
    },
  );
}
