import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import type { Locale } from '../../../platform/i18n/index.js';
import { billSeenBy } from '../bills.js';
import { HTTP } from '../http-status.js';
import type { Bill } from '../issuers.js';
import { BillLookupPage, PayPage, PaymentPage, type Payable } from '../pay.page.js';
import type { OrderRow, Payer } from '../service.js';
import { mayRetry } from '../states.js';
import {
  BILL_LOOKUP_LIMIT,
  checkFormToken,
  LooseQuery,
  payerOf,
  requirePayer,
  type PaymentsRouteDeps,
  type Query,
} from './shared.js';

/**
 * The payer's pages: what is owed and how to pay it, a payment's state (with its VietQR
 * code or its receipt), obligations found by code.
 */
export async function payerPageRoutes(app: App, deps: PaymentsRouteDeps) {
  const { orders, outcomes } = deps;
  const payer = {
    config: { access: 'citizen' as const },
    preHandler: [requirePayer(deps.identity), checkFormToken],
  };
  const page = { schema: { hide: true, querystring: LooseQuery }, ...payer };
  const views = payerViews(deps);

  app.get<{ Querystring: Query }>('/payments/new', page, (request, reply) =>
    views.renderPay(request, reply, request.query),
  );

  app.post<{ Body: Query }>('/payments', { schema: { hide: true }, ...payer }, (request, reply) =>
    createFromForm(request, reply),
  );

  async function createFromForm(request: FastifyRequest<{ Body: Query }>, reply: FastifyReply) {
    const body = request.body;
    try {
      const started = await orders.create(payerOf(request), {
        dossierCode: body.dossierCode || undefined,
        billCode: body.billCode || undefined,
        provider: body.provider ?? '',
      });
      return reply.redirect(started.redirectUrl ?? `/payments/${started.id}`, HTTP.seeOther);
    } catch (error) {
      if (!(error instanceof ProblemError) || error.status !== HTTP.unprocessable) throw error;
      const errors = error.fieldErrors.map((e) => ({
        field: `f-${e.field}`,
        message: request.t(e.messageKey, e.params),
      }));
      const query = { dossier: body.dossierCode, bill: body.billCode };
      return views.renderPay(request, reply, query, HTTP.unprocessable, errors);
    }
  }

  app.get<{ Params: { id: string }; Querystring: Query }>(
    '/payments/:id',
    page,
    async (request, reply) => {
      const order = await outcomes.refresh(await orders.own(payerOf(request), request.params.id));
      return reply.page(h(PaymentPage, await views.payment(order)));
    },
  );

  // The provider sends the payer back here: the page asks the provider, whatever the URL says.
  app.get<{ Params: { id: string } }>('/payments/:id/return', page, async (request, reply) => {
    await outcomes.refresh(await orders.own(payerOf(request), request.params.id));
    return reply.redirect(`/payments/${encodeURIComponent(request.params.id)}`, HTTP.seeOther);
  });

  // Only a lookup counts against the limit: the empty form, opened from the header, does not.
  const lookup = {
    ...page,
    config: {
      ...page.config,
      rateLimit: {
        ...BILL_LOOKUP_LIMIT,
        allowList: (request: FastifyRequest) => !(request.query as Query).code,
      },
    },
  };
  app.get<{ Querystring: Query }>('/bills', lookup, async (request, reply) => {
    const code = (request.query.code ?? '').trim().toUpperCase();
    const empty = { code, errors: [], found: null, paid: false };
    if (!code) return reply.page(h(BillLookupPage, empty));
    const bill = await orders.bill(code).catch(() => null);
    if (!bill) {
      const errors = [{ field: 'f-code', message: request.t('errors.billNotFound') }];
      return reply.page(h(BillLookupPage, { ...empty, errors }), HTTP.notFound);
    }
    const seen = billSeenBy(payerOf(request).actor, bill, request.locale);
    const found = await views.billPayable(seen);
    return reply.page(
      h(BillLookupPage, { ...empty, paid: bill.paid, found, limited: seen.limited }),
    );
  });
}

/** What the payer's pages show, from orders, fees and obligations. */
function payerViews({ orders, receipts, catalog, providers, vietQr }: PaymentsRouteDeps) {
  const payeeName = async (agencyCode: string) => (await catalog.agency(agencyCode)).name;

  /** An obligation as the pay and lookup pages show it. */
  const billPayable = async (bill: Bill): Promise<Payable> => ({
    kind: 'bill',
    code: bill.code,
    description: bill.description,
    payee: await payeeName(bill.payeeAgencyCode),
    payerName: bill.payerName,
    items: bill.items,
    amount: bill.amount,
    dueDate: bill.dueDate,
  });

  /** What a dossier's open fee or an obligation comes to, for the pay page. */
  async function payableOf(
    payer: Payer,
    query: Query,
    locale: Locale,
  ): Promise<Payable & { agencyCode: string }> {
    if (query.bill) {
      const bill = billSeenBy(payer.actor, await orders.unpaidBill(query.bill), locale);
      return { agencyCode: bill.payeeAgencyCode, ...(await billPayable(bill)) };
    }
    const due = await orders.dossierFee(payer, query.dossier ?? '');
    return {
      agencyCode: due.agencyCode,
      kind: 'dossier',
      code: due.code,
      description: due.description,
      payee: await payeeName(due.agencyCode),
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
    status: number = HTTP.ok,
    errors: { field: string; message: string }[] = [],
  ) {
    const { agencyCode, ...payable } = await payableOf(payerOf(request), query, request.locale);
    const offered = (await orders.providersFor(agencyCode)).map((p) => ({
      code: p.code,
      name: p.name,
    }));
    const csrf = request.viewer?.csrfToken ?? '';
    return reply.page(h(PayPage, { payable, providers: offered, csrf, errors }), status);
  }

  /** One order as its page shows it: the transfer code while open, a retry after failing. */
  async function payment(order: OrderRow) {
    const provider = providers.get(order.provider);
    const qr =
      order.provider === 'vietqr' && vietQr && !order.finished
        ? { ...vietQr.holder, image: (await vietQr.qr(order.number, order.amount)).image }
        : null;
    return {
      order: {
        id: order.id,
        number: order.number,
        status: order.status,
        failureCode: order.failure_code,
        description: order.description,
        payee: await payeeName(order.payee_agency_code),
        items: order.items,
        amount: order.amount,
        refunded: order.refunded_amount,
        providerName: provider?.name ?? { vi: order.provider, en: order.provider },
        expiresAt: order.expires_at,
        paidAt: order.paid_at,
      },
      qr: qr && { image: qr.image, bank: qr.bankBin, account: qr.account, holder: qr.holder },
      retry: mayRetry(order.status) ? await orders.retryLink(order) : null,
      receipt: await receipts.has(order.id),
    };
  }

  return { billPayable, renderPay, payment };
}
