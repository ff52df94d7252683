import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../../platform/clock.js';
import { vietnamDate } from '../../../platform/clock.js';
import { ProblemError } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import { formatMoney } from '../../../platform/i18n/index.js';
import { addDays } from '../../calendar/index.js';
import { actorOf, agenciesWith } from '../../identity/index.js';
import { HTTP } from '../http-status.js';
import { OfficerPaymentsPage, type TypedRefund } from '../officer.page.js';
import { LooseQuery, checkFormToken, type PaymentsRouteDeps, type Query } from './shared.js';

/** Who paid what is seen by officers who work dossiers at the agencies paid. */
async function requireOfficer(request: FastifyRequest) {
  if (agenciesWith(actorOf(request), 'payments.view').length === 0) {
    throw new ProblemError(HTTP.forbidden, 'not_officer', 'errors.notOfficer');
  }
}

interface Outcome {
  notice?: string;
  errors?: { field: string; message: string }[];
  /** A refused refund's form, shown again as it was typed. */
  typed?: TypedRefund;
}

/** Renders a 422 for a refused form, the refusal's fields named as the page names them. */
function refused(error: unknown, errors: (error: ProblemError) => Outcome['errors']) {
  if (!(error instanceof ProblemError) || error.status !== HTTP.unprocessable) throw error;
  return { errors: errors(error) };
}

/** The money page of the agencies the officer works at, with a notice or errors. */
function moneyPage({ orders, reconciliation }: PaymentsRouteDeps, clock: Clock) {
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
    outcome: Outcome = {},
    status: number = HTTP.ok,
  ) => {
    const actor = actorOf(request);
    const agencies = agenciesWith(actor, 'payments.view');
    const approverAt = new Set(agenciesWith(actor, 'payments.settle'));
    const to = vietnamDate(clock.now());
    const range = { from: addDays(to, -30), to };
    const recent = await orders.recentPaid(agencies, 50);
    return reply.page(
      h(OfficerPaymentsPage, {
        payments: recent.map((o) => ({
          id: o.id,
          number: o.number,
          description: o.description,
          payerName: o.payer_name,
          status: o.status,
          amount: o.amount,
          refunded: o.refunded_amount,
          version: o.version,
          paidAt: o.paid_at,
          flag: o.flag,
          refundable: approverAt.has(o.payee_agency_code) && o.refunded_amount < o.amount,
        })),
        mismatches: (await reconciliation.mismatches(agencies)).map((m) => ({
          id: m.id,
          provider: m.provider,
          day: m.day,
          kind: m.kind,
          reference: m.reference,
          portalAmount: m.portal_amount,
          providerAmount: m.provider_amount,
        })),
        totals: await reconciliation.totals(agencies, range.from, range.to),
        range,
        canSettle: approverAt.size > 0,
        csrf: request.viewer?.csrfToken ?? '',
        notice: outcome.notice ?? null,
        errors: outcome.errors ?? [],
        typed: outcome.typed ?? null,
      }),
      status,
    );
  };
}

/**
 * The officers' money page: the agency's recent payments (approvers refund from here), what
 * reconciliation found not to agree, and the daily totals with their CSV.
 */
export async function officerPageRoutes(
  app: App,
  { deps, clock }: { deps: PaymentsRouteDeps; clock: Clock },
) {
  const { refunds, reconciliation } = deps;
  const render = moneyPage(deps, clock);
  const officers = {
    schema: { hide: true },
    config: { access: 'officer' as const },
    preHandler: [requireOfficer, checkFormToken],
  };
  // A form's fields are single texts: none at all, or a name sent twice, is a 400, not a crash.
  const forms = { ...officers, schema: { hide: true, body: LooseQuery } };

  app.get('/backoffice/payments', officers, (request, reply) => render(request, reply));

  app.post<{ Params: { id: string }; Body: Query }>(
    '/backoffice/payments/:id/refunds',
    forms,
    async (request, reply) => {
      const { id } = request.params;
      const amount = Number((request.body.amount ?? '').replace(/[\s.,₫đ]/gi, ''));
      // Refused, the form comes back as typed: never the whole remainder in place of the amount.
      const typed = {
        paymentId: id,
        amount: request.body.amount ?? '',
        reason: request.body.reason ?? '',
      };
      try {
        const order = await refunds.refund(actorOf(request), id, {
          amount: Number.isSafeInteger(amount) ? amount : Number.NaN,
          reason: request.body.reason ?? '',
          version: Number(request.body.version),
        });
        const done = { number: order.number, amount: formatMoney(request.locale, amount) };
        return render(request, reply, { notice: request.t('payments.officer.refunded', done) });
      } catch (error) {
        // Sent twice, or refunded by someone else meanwhile: nothing was refunded this time.
        if (error instanceof ProblemError && error.status === HTTP.conflict) {
          const changed = request.t('payments.officer.refundChanged');
          return render(
            request,
            reply,
            { errors: [{ field: `refund-${id}-amount`, message: changed }], typed },
            HTTP.conflict,
          );
        }
        const outcome = refused(error, (e) =>
          e.fieldErrors.map((f) => ({
            field: `refund-${id}-${f.field}`,
            message:
              f.field === 'reason'
                ? `${request.t('payments.officer.refundReason')}: ${request.t(f.messageKey)}`
                : request.t(f.messageKey, f.params),
          })),
        );
        return render(request, reply, { ...outcome, typed }, HTTP.unprocessable);
      }
    },
  );

  app.post<{ Params: { id: string }; Body: Query }>(
    '/backoffice/payments/mismatches/:id',
    forms,
    async (request, reply) => {
      const { id } = request.params;
      try {
        await reconciliation.resolve(actorOf(request), id, request.body.resolution ?? '');
        return render(request, reply, { notice: request.t('payments.officer.settled') });
      } catch (error) {
        const outcome = refused(error, () => [
          { field: `mismatch-${id}`, message: request.t('errors.field.required') },
        ]);
        return render(request, reply, outcome, HTTP.unprocessable);
      }
    },
  );
}
