import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import type { SummaryError } from '../../../web/components.js';
import { REQUESTABLE_ACTIONS, type RequestableAction } from '../../dossiers/index.js';
import { actorOf } from '../../identity/index.js';
import type { ActionRequest } from '../service.js';
import { isRefused, officerForm, refusalOf, type Query } from '../http-shared.js';
import { renderDossier, type DossierPageDeps } from './dossier-view.js';

type FieldErrors = ProblemError['fieldErrors'];
type Form = { Params: { code: string }; Body: Query };

/** "1.500.000", "1 500 000 đ" → 1500000; anything else → NaN (refused by the rules). */
const wholeDong = (text: string | undefined) => {
  const digits = (text ?? '').replace(/[\s.,₫đ]/gi, '');
  return /^\d{1,15}$/.test(digits) ? Number(digits) : Number.NaN;
};

/** An action as its plain form sends it: items one a line, a fee as a name and an amount. */
const actionOf = (action: RequestableAction, body: Query): ActionRequest => ({
  action,
  version: Number(body.version),
  reason: body.reason,
  items: body.items?.split(/\r?\n/).filter((line) => line.trim()),
  trackingNumber: body.trackingNumber?.trim() || undefined,
  ...(action === 'request_payment'
    ? { fee: [{ name: body.feeName ?? '', amount: wholeDong(body.feeAmount) }] }
    : {}),
});

/** An action's problems, each at its field of that action's form. */
const actionErrors = (request: FastifyRequest, action: RequestableAction, errors: FieldErrors) =>
  errors.map((e) => ({
    field: `${action}-${e.field === 'fee' ? 'feeAmount' : e.field}`,
    message: `${request.t(`backoffice.action.${action}`)}: ${request.t(
      e.field === 'items'
        ? 'backoffice.items'
        : e.field === 'fee'
          ? 'backoffice.fee'
          : 'backoffice.reason',
    )} — ${request.t(e.field === 'fee' ? 'backoffice.feeInvalid' : e.messageKey)}`,
  }));

const APOLOGY_LABELS: Record<string, 'backoffice.apologyReason' | 'backoffice.newDueDate'> = {
  reason: 'backoffice.apologyReason',
  newDueDate: 'backoffice.newDueDate',
};

/** An apology's problems, each at its field of the apology form. */
const apologyErrors = (request: FastifyRequest, errors: FieldErrors) =>
  errors.map((e) => ({
    field: `apology-${e.field}`,
    message: `${request.t(APOLOGY_LABELS[e.field] ?? 'backoffice.apologyReason')}: ${request.t(e.messageKey)}`,
  }));

/**
 * The officer's plain forms on a dossier: an action, an apology slip, an assignment. A rule
 * or a lost race shows the dossier again saying why (403, 409); mistakes show it with the
 * problems at their fields (422).
 */
export async function actionPages(app: App, deps: DossierPageDeps) {
  const { backoffice, papers } = deps;

  /** The dossier again after a refused or mistaken form; anything else is thrown on. */
  function showProblem(
    request: FastifyRequest<Form>,
    reply: FastifyReply,
    error: unknown,
    errors: (fieldErrors: FieldErrors) => SummaryError[],
  ) {
    if (!(error instanceof ProblemError)) throw error;
    const { code } = request.params;
    if (isRefused(error)) {
      return renderDossier(
        deps,
        request,
        reply,
        code,
        { refusal: refusalOf(request, error) },
        error.status,
      );
    }
    if (error.status !== 422) throw error;
    return renderDossier(deps, request, reply, code, { errors: errors(error.fieldErrors) }, 422);
  }

  app.post<Form>('/backoffice/dossiers/:code/actions', officerForm, async (request, reply) => {
    const { code } = request.params;
    const action = request.body.action as RequestableAction;
    if (!REQUESTABLE_ACTIONS.includes(action)) {
      throw new ProblemError(400, 'bad_request', 'errors.badRequest');
    }
    try {
      await backoffice.act(actorOf(request), code, actionOf(action, request.body));
      return reply.redirect(`/backoffice/dossiers/${encodeURIComponent(code)}?done=${action}`, 303);
    } catch (error) {
      return showProblem(request, reply, error, (errors) => actionErrors(request, action, errors));
    }
  });

  app.post<Form>('/backoffice/dossiers/:code/apologies', officerForm, async (request, reply) => {
    const { code } = request.params;
    try {
      const { slip } = await papers.apologize(actorOf(request), code, {
        reason: request.body.reason ?? '',
        newDueDate: request.body.newDueDate ?? '',
        version: Number(request.body.version),
      });
      return renderDossier(deps, request, reply, code, {
        apologySent: { number: slip.number, dueAt: slip.new_due_at },
      });
    } catch (error) {
      return showProblem(request, reply, error, (errors) => apologyErrors(request, errors));
    }
  });

  app.post<Form>('/backoffice/dossiers/:code/assignment', officerForm, async (request, reply) => {
    const { code } = request.params;
    try {
      const row = await backoffice.assign(actorOf(request), code, {
        accountId: request.body.accountId ?? '',
        version: Number(request.body.version),
      });
      const officers = await backoffice.officersAt(row.handling_agency_code);
      const name = officers.find((o) => o.id === row.assigned_to)?.name;
      return renderDossier(deps, request, reply, code, { assignedNow: name ?? null });
    } catch (error) {
      return showProblem(request, reply, error, () => [
        { field: 'assignee', message: request.t('errors.notAgencyOfficer') },
      ]);
    }
  });
}
