import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import { ProblemError } from '../../platform/errors.js';
import { assertFormToken } from '../../platform/forms.js';
import type { CatalogService } from '../catalog/index.js';
import type { IdentityService } from '../identity/index.js';
import { applicantFor } from '../dossiers/index.js';
import { BillLookupPage, PayPage, PaymentPage, SandboxBankPage, type Payable } from './pay.page.js';
import type { ProviderRegistry } from './providers.js';
import type { Bill } from './issuers.js';
import { SANDBOX_ACCOUNTS, type SandboxBank } from './sandbox-bank.js';
import type { Payer, PaymentService } from './service.js';
import type { VietQrProvider } from './vietqr-provider.js';
import type { ReconciliationService } from './reconciliation.js';
import { OfficerPaymentsPage } from './officer.page.js';
import { actorOf, agenciesWith } from '../identity/index.js';
import { vietnamDate } from '../../platform/clock.js';
import { addDays } from '../calendar/index.js';
import { formatMoney } from '../../platform/i18n/index.js';

type Query = Record<string, string | undefined>;
const LooseQuery = Type.Record(Type.String(), Type.String());

/**
 * The payer's pages: what is owed and how to pay it, a payment's state (with its VietQR
 * code or its receipt), obligations found by code; and the sandbox bank's hosted page.
 */
export function paymentPageRoutes(
  app: App,
  payments: PaymentService,
  deps: {
    identity: IdentityService;
    catalog: CatalogService;
    providers: ProviderRegistry;
    sandboxBank: SandboxBank | undefined;
    vietQr: VietQrProvider | undefined;
    reconciliation: ReconciliationService;
  },
) {
  const payers = new WeakMap<FastifyRequest, Payer>();
  async function requirePayer(request: FastifyRequest) {
    const who = await applicantFor(deps.identity, request.session!, request.locale);
    if (!who) throw new ProblemError(403, 'not_applicant', 'errors.notApplicant');
    if (request.method === 'POST') {
      assertFormToken(request.viewer?.csrfToken, (request.body as Query | undefined)?.csrf);
    }
    payers.set(request, { accountId: who.accountId, ownerId: who.ownerId, name: who.name });
  }
  const payerOf = (request: FastifyRequest) => {
    const payer = payers.get(request);
    if (!payer) throw new Error('route without requirePayer');
    return payer;
  };
  const payer = { config: { access: 'citizen' as const }, preHandler: requirePayer };
  const page = { schema: { hide: true, querystring: LooseQuery }, ...payer };

  /** An obligation as the pay and lookup pages show it. */
  const billPayable = async (bill: Bill): Promise<Payable> => ({
    kind: 'bill',
    code: bill.code,
    description: bill.description,
    payee: (await deps.catalog.agency(bill.payeeAgencyCode)).name,
    payerName: bill.payerName,
    items: bill.items,
    amount: bill.amount,
    dueDate: bill.dueDate,
  });

  /** What a dossier's open fee or an obligation comes to, for the pay page. */
  async function payableOf(payer: Payer, query: Query): Promise<Payable & { agencyCode: string }> {
    if (query.bill) {
      const bill = await payments.bill(query.bill);
      if (bill.paid) throw new ProblemError(409, 'already_paid', 'errors.alreadyPaid');
      return { agencyCode: bill.payeeAgencyCode, ...(await billPayable(bill)) };
    }
    const due = await payments.dossierFee(payer, query.dossier ?? '');
    return {
      agencyCode: due.agencyCode,
      kind: 'dossier',
      code: due.code,
      description: due.description,
      payee: (await deps.catalog.agency(due.agencyCode)).name,
      payerName: due.payerName,
      items: due.items,
      amount: due.amount,
      dueDate: null,
    };
  }

  async function renderPay(
    request: FastifyRequest,
    reply: FastifyReply,
    query: Query,
    status = 200,
    errors: { field: string; message: string }[] = [],
  ) {
    const { agencyCode, ...payable } = await payableOf(payerOf(request), query);
    const providers = (await deps.providers.forAgency(agencyCode)).map((p) => ({
      code: p.code,
      name: request.locale === 'en' ? p.name.en : p.name.vi,
    }));
    return reply.page(
      h(PayPage, { payable, providers, csrf: request.viewer?.csrfToken ?? '', errors }),
      status,
    );
  }

  app.get<{ Querystring: Query }>('/payments/new', page, (request, reply) =>
    renderPay(request, reply, request.query),
  );

  app.post<{ Body: Query }>(
    '/payments',
    { schema: { hide: true }, ...payer },
    async (request, reply) => {
      const body = request.body;
      try {
        const started = await payments.create(payerOf(request), {
          dossierCode: body.dossierCode || undefined,
          billCode: body.billCode || undefined,
          provider: body.provider ?? '',
        });
        return reply.redirect(started.redirectUrl ?? `/payments/${started.id}`, 303);
      } catch (error) {
        if (!(error instanceof ProblemError) || error.status !== 422) throw error;
        return renderPay(
          request,
          reply,
          { dossier: body.dossierCode, bill: body.billCode },
          422,
          error.fieldErrors.map((e) => ({
            field: `f-${e.field}`,
            message: request.t(e.messageKey, e.params),
          })),
        );
      }
    },
  );

  app.get<{ Params: { id: string }; Querystring: Query }>(
    '/payments/:id',
    page,
    async (request, reply) => {
      const order = await payments.refresh(await payments.own(payerOf(request), request.params.id));
      const provider = deps.providers.get(order.provider);
      const qr =
        order.provider === 'vietqr' && deps.vietQr && !order.finished
          ? await deps.vietQr.qr(order.number, order.amount)
          : null;
      const retry =
        order.status === 'failed' || order.status === 'expired' || order.status === 'cancelled'
          ? order.bill_code
            ? `/payments/new?bill=${encodeURIComponent(order.bill_code)}`
            : await payments.retryLink(order)
          : null;
      return reply.page(
        h(PaymentPage, {
          order: {
            id: order.id,
            number: order.number,
            status: order.status,
            failureCode: order.failure_code,
            description: order.description,
            payee: (await deps.catalog.agency(order.payee_agency_code)).name,
            items: order.items,
            amount: order.amount,
            refunded: order.refunded_amount,
            providerName: provider
              ? request.locale === 'en'
                ? provider.name.en
                : provider.name.vi
              : order.provider,
            expiresAt: order.expires_at,
            paidAt: order.paid_at,
          },
          qr:
            qr && deps.vietQr
              ? {
                  image: qr.image,
                  bank: deps.vietQr.holder.bankBin,
                  account: deps.vietQr.holder.account,
                  holder: deps.vietQr.holder.holder,
                }
              : null,
          retry,
          receipt: await payments.hasReceipt(order.id),
        }),
      );
    },
  );

  // The provider sends the payer back here: the page asks the provider, whatever the URL says.
  app.get<{ Params: { id: string } }>('/payments/:id/return', page, async (request, reply) => {
    await payments.refresh(await payments.own(payerOf(request), request.params.id));
    return reply.redirect(`/payments/${encodeURIComponent(request.params.id)}`, 303);
  });

  app.get<{ Querystring: Query }>('/bills', page, async (request, reply) => {
    const code = (request.query.code ?? '').trim().toUpperCase();
    if (!code)
      return reply.page(h(BillLookupPage, { code: '', errors: [], found: null, paid: false }));
    const bill = await payments.bill(code).catch(() => null);
    if (!bill) {
      return reply.page(
        h(BillLookupPage, {
          code,
          errors: [{ field: 'f-code', message: request.t('errors.billNotFound') }],
          found: null,
          paid: false,
        }),
        404,
      );
    }
    return reply.page(
      h(BillLookupPage, {
        code,
        errors: [],
        paid: bill.paid,
        found: await billPayable(bill),
      }),
    );
  });

  officerPaymentRoutes(app, payments, deps);

  const bank = deps.sandboxBank;
  if (!bank) return;
  app.get<{ Params: { reference: string } }>(
    '/sandbox-bank/pay/:reference',
    { schema: { hide: true } },
    async (request, reply) => {
      const payment = await bank.payment(request.params.reference);
      if (!payment) throw new ProblemError(404, 'not_found', 'errors.notFound');
      return reply.page(
        h(SandboxBankPage, {
          reference: payment.reference,
          orderNumber: payment.order_number,
          amount: payment.amount,
          open: payment.status === 'open',
          accounts: [...SANDBOX_ACCOUNTS],
        }),
      );
    },
  );
  app.post<{ Params: { reference: string }; Body: Query }>(
    '/sandbox-bank/pay/:reference',
    { schema: { hide: true } },
    async (request, reply) => {
      const account = request.body.action === 'cancel' ? null : (request.body.account ?? '');
      const back = await bank.confirm(request.params.reference, account);
      if (!back) throw new ProblemError(404, 'not_found', 'errors.notFound');
      return reply.redirect(back, 303);
    },
  );
}

/**
 * The officers' money page: the agency's recent payments (approvers refund from here), what
 * reconciliation found not to agree, and the daily totals with their CSV.
 */
function officerPaymentRoutes(
  app: App,
  payments: PaymentService,
  deps: { identity: IdentityService; reconciliation: ReconciliationService },
) {
  /** Who paid what is seen by officers who work dossiers at the agencies paid. */
  async function requireOfficer(request: FastifyRequest) {
    if (agenciesWith(actorOf(request), 'payments.view').length === 0) {
      throw new ProblemError(403, 'not_officer', 'errors.notOfficer');
    }
    if (request.method === 'POST') {
      assertFormToken(request.viewer?.csrfToken, (request.body as Query | undefined)?.csrf);
    }
  }
  const officers = { config: { access: 'officer' as const }, preHandler: requireOfficer };
  const officerOf = actorOf;

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { notice?: string; errors?: { field: string; message: string }[] } = {},
    status = 200,
  ) {
    const actor = officerOf(request);
    const agencies = agenciesWith(actor, 'payments.view');
    const approverAt = new Set(agenciesWith(actor, 'payments.settle'));
    const to = vietnamDate(new Date());
    const range = { from: addDays(to, -30), to };
    const recent = await payments.recentPaid(agencies, 50);
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
          paidAt: o.paid_at,
          flag: o.flag,
          refundable: approverAt.has(o.payee_agency_code) && o.refunded_amount < o.amount,
        })),
        mismatches: (await deps.reconciliation.mismatches(agencies)).map((m) => ({
          id: m.id,
          provider: m.provider,
          day: m.day,
          kind: m.kind,
          reference: m.reference,
          portalAmount: m.portal_amount,
          providerAmount: m.provider_amount,
        })),
        totals: await deps.reconciliation.totals(agencies, range.from, range.to),
        range,
        canSettle: approverAt.size > 0,
        csrf: request.viewer?.csrfToken ?? '',
        notice: extra.notice ?? null,
        errors: extra.errors ?? [],
      }),
      status,
    );
  }

  app.get('/backoffice/payments', { schema: { hide: true }, ...officers }, (request, reply) =>
    render(request, reply),
  );

  app.post<{ Params: { id: string }; Body: Query }>(
    '/backoffice/payments/:id/refunds',
    { schema: { hide: true }, ...officers },
    async (request, reply) => {
      const amount = Number((request.body.amount ?? '').replace(/[\s.,₫đ]/gi, ''));
      try {
        const order = await payments.refund(officerOf(request), request.params.id, {
          amount: Number.isSafeInteger(amount) ? amount : Number.NaN,
          reason: request.body.reason ?? '',
        });
        return render(request, reply, {
          notice: request.t('payments.officer.refunded', {
            number: order.number,
            amount: formatMoney(request.locale, amount),
          }),
        });
      } catch (error) {
        if (!(error instanceof ProblemError) || error.status !== 422) throw error;
        return render(
          request,
          reply,
          {
            errors: error.fieldErrors.map((e) => ({
              field: `refund-${request.params.id}-${e.field}`,
              message:
                e.field === 'reason'
                  ? `${request.t('payments.officer.refundReason')}: ${request.t(e.messageKey)}`
                  : request.t(e.messageKey, e.params),
            })),
          },
          422,
        );
      }
    },
  );

  app.post<{ Params: { id: string }; Body: Query }>(
    '/backoffice/payments/mismatches/:id',
    { schema: { hide: true }, ...officers },
    async (request, reply) => {
      try {
        await deps.reconciliation.resolve(
          officerOf(request),
          request.params.id,
          request.body.resolution ?? '',
        );
        return render(request, reply, { notice: request.t('payments.officer.settled') });
      } catch (error) {
        if (!(error instanceof ProblemError) || error.status !== 422) throw error;
        return render(
          request,
          reply,
          {
            errors: [
              {
                field: `mismatch-${request.params.id}`,
                message: request.t('errors.field.required'),
              },
            ],
          },
          422,
        );
      }
    },
  );
}
