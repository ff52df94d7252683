import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http.js';
import { sendPrivateFile } from '../../platform/http.js';
import { ProblemError, ProblemSchema } from '../../platform/errors.js';
import { requireApplicant } from '../dossiers/index.js';
import {
  actorOf,
  agenciesWhere,
  type IdentityService,
  type Permission,
} from '../identity/index.js';
import type { OrderRow, PaymentService } from './service.js';
import { totalsCsv, type ReconciliationService } from './reconciliation.js';
import type { FastifyRequest } from 'fastify';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};

const Item = Type.Object({ name: Type.String(), amount: Type.Integer() });

const Payment = Type.Object({
  id: Type.String(),
  number: Type.String({ description: 'TT + day + number: the code banks show' }),
  status: Type.String({
    description:
      'created, pending, succeeded, failed, expired, cancelled, partially_refunded, refunded',
  }),
  finished: Type.Boolean(),
  failureCode: Type.Union([Type.String(), Type.Null()]),
  subject: Type.String(),
  billCode: Type.Union([Type.String(), Type.Null()]),
  payeeAgencyCode: Type.String(),
  description: Type.String(),
  items: Type.Array(Item),
  amount: Type.Integer({ description: 'whole đồng' }),
  refundedAmount: Type.Integer(),
  currency: Type.Literal('VND'),
  provider: Type.String(),
  flag: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  paidAt: Type.Union([Type.String(), Type.Null()]),
  receipt: Type.Union([Type.String(), Type.Null()]),
});

export const paymentDto = (order: OrderRow, hasReceipt: boolean) => ({
  id: order.id,
  number: order.number,
  status: order.status,
  finished: order.finished,
  failureCode: order.failure_code,
  subject: order.subject,
  billCode: order.bill_code,
  payeeAgencyCode: order.payee_agency_code,
  description: order.description,
  items: order.items,
  amount: order.amount,
  refundedAmount: order.refunded_amount,
  currency: 'VND' as const,
  provider: order.provider,
  flag: order.flag,
  createdAt: order.created_at.toISOString(),
  expiresAt: order.expires_at.toISOString(),
  paidAt: order.paid_at?.toISOString() ?? null,
  receipt: hasReceipt ? `/api/v1/payments/${order.id}/receipt.pdf` : null,
});

export function paymentRoutes(
  app: App,
  payments: PaymentService,
  reconciliation: ReconciliationService,
  identity: IdentityService,
) {
  const tags = ['payments'];
  const payerOf = async (request: Parameters<typeof requireApplicant>[0]) => {
    const who = await requireApplicant(request, identity);
    return { accountId: who.accountId, ownerId: who.ownerId, name: who.name };
  };

  app.get(
    '/api/v1/bills/:code',
    {
      config: { access: 'citizen' },
      schema: {
        tags,
        summary:
          'An obligation found by its code (tax notice, fine, insurance, electricity, court fee)',
        params: Type.Object({ code: Type.String({ maxLength: 30 }) }),
        response: {
          200: Type.Object({
            code: Type.String(),
            kind: Type.String(),
            payerName: Type.String(),
            payeeAgencyCode: Type.String(),
            description: Type.String(),
            items: Type.Array(Item),
            amount: Type.Integer(),
            dueDate: Type.Union([Type.String(), Type.Null()]),
            paid: Type.Boolean(),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      await payerOf(request);
      const bill = await payments.bill(request.params.code);
      return {
        code: bill.code,
        kind: bill.kind,
        payerName: bill.payerName,
        payeeAgencyCode: bill.payeeAgencyCode,
        description: bill.description,
        items: bill.items,
        amount: bill.amount,
        dueDate: bill.dueDate,
        paid: bill.paid,
      };
    },
  );

  app.post(
    '/api/v1/payments',
    {
      config: { access: 'citizen' },
      schema: {
        tags,
        summary: 'Pay a dossier’s fee or an obligation: the order, and where to pay it',
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
        }),
        body: Type.Object(
          {
            dossierCode: Type.Optional(Type.String({ maxLength: 60 })),
            billCode: Type.Optional(Type.String({ maxLength: 30 })),
            provider: Type.String({ maxLength: 40 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            number: Type.String(),
            status: Type.String(),
            amount: Type.Integer(),
            redirectUrl: Type.Optional(Type.String()),
            qr: Type.Optional(Type.Object({ payload: Type.String(), image: Type.String() })),
          }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const started = await payments.create(
        await payerOf(request),
        request.body,
        request.headers['idempotency-key'],
      );
      return reply.status(201).send(started);
    },
  );

  app.get(
    '/api/v1/payments/:id',
    {
      config: { access: 'citizen' },
      schema: {
        tags,
        summary: 'One of my payments (the provider is asked while it is open)',
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        response: { 200: Payment, ...problems },
      },
    },
    async (request) => {
      const order = await payments.refresh(
        await payments.own(await payerOf(request), request.params.id),
      );
      return paymentDto(order, await payments.hasReceipt(order.id));
    },
  );

  app.get(
    '/api/v1/payments/:id/receipt.pdf',
    {
      config: { access: 'citizen' },
      schema: {
        tags,
        summary: 'The e-receipt of a paid payment (PDF)',
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        produces: ['application/pdf'],
        response: { 200: Type.Any(), ...problems },
      },
    },
    async (request, reply) => {
      const order = await payments.own(await payerOf(request), request.params.id);
      const pdf = await payments.receiptPdf(order);
      return sendPrivateFile(reply, {
        contentType: 'application/pdf',
        fileName: `bien-lai-${order.number}.pdf`,
        data: pdf,
      });
    },
  );

  app.post(
    '/api/v1/payments/:id/refunds',
    {
      config: { access: 'officer' },
      schema: {
        tags,
        summary: 'Refund part or all of a payment (an approver of the agency paid)',
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        body: Type.Object(
          { amount: Type.Integer({ minimum: 1 }), reason: Type.String({ maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Payment, ...problems },
      },
    },
    async (request) => {
      const order = await payments.refund(actorOf(request), request.params.id, request.body);
      return paymentDto(order, await payments.hasReceipt(order.id));
    },
  );

  /** Officers see their agencies' money; system administrators all of it. */
  function moneyOfficer(request: FastifyRequest, permission: Permission) {
    const actor = actorOf(request);
    const agencies = agenciesWhere(actor, permission);
    if (agencies !== 'all' && agencies.length === 0) {
      throw new ProblemError(403, 'role_missing', 'errors.roleMissing');
    }
    return { actor, agencies };
  }
  const DAY = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

  app.get(
    '/api/v1/payments/totals',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Per agency per day: payments, money collected and refunded (JSON or CSV)',
        querystring: Type.Object(
          {
            from: DAY,
            to: DAY,
            format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Union([
            Type.Object({
              items: Type.Array(
                Type.Object({
                  day: Type.String(),
                  agencyCode: Type.String(),
                  agencyName: Type.String(),
                  payments: Type.Integer(),
                  collected: Type.Integer(),
                  refunded: Type.Integer(),
                }),
              ),
            }),
            Type.String(),
          ]),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const { agencies } = await moneyOfficer(request, 'payments.totals');
      const rows = await reconciliation.totals(agencies, request.query.from, request.query.to);
      if (request.query.format !== 'csv') return { items: rows };
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="thu-phi-${request.query.from}-${request.query.to}.csv"`,
        )
        .send(totalsCsv(rows));
    },
  );

  app.get(
    '/api/v1/payments/mismatches',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'What the daily reconciliation found not to agree, still open',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                provider: Type.String(),
                day: Type.String(),
                kind: Type.String(),
                reference: Type.String(),
                orderId: Type.Union([Type.String(), Type.Null()]),
                agencyCode: Type.Union([Type.String(), Type.Null()]),
                portalAmount: Type.Integer(),
                providerAmount: Type.Integer(),
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const { agencies } = await moneyOfficer(request, 'payments.totals');
      const rows = await reconciliation.mismatches(agencies);
      return {
        items: rows.map((m) => ({
          id: m.id,
          provider: m.provider,
          day: m.day,
          kind: m.kind,
          reference: m.reference,
          orderId: m.order_id,
          agencyCode: m.payee_agency_code,
          portalAmount: m.portal_amount,
          providerAmount: m.provider_amount,
        })),
      };
    },
  );

  app.post(
    '/api/v1/payments/mismatches/:id/resolution',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Settle a mismatch, saying how (a refund made, a report corrected)',
        params: Type.Object({ id: Type.String({ maxLength: 20 }) }),
        body: Type.Object(
          { resolution: Type.String({ maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      const { actor } = await moneyOfficer(request, 'payments.settle');
      await reconciliation.resolve(actor, request.params.id, request.body.resolution);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/payments/reconciliations',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Reconcile a day now (the job does yesterday every morning)',
        body: Type.Object({ day: DAY }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            runs: Type.Array(
              Type.Object({
                provider: Type.String(),
                matched: Type.Integer(),
                mismatches: Type.Integer(),
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      await moneyOfficer(request, 'payments.settle');
      return { runs: await reconciliation.reconcile(request.body.day) };
    },
  );

  // Statements come as CSV text, read as it is.
  void app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      '/api/v1/payments/statements',
      {
        config: { access: 'signed_in' },
        schema: {
          tags,
          summary:
            'Import the collection account’s statement (CSV: booked at, amount, content, bank reference)',
          response: {
            200: Type.Object({
              lines: Type.Integer(),
              added: Type.Integer(),
              applied: Type.Integer(),
            }),
            ...problems,
          },
        },
      },
      async (request) => {
        // What a statement confirms is limited to the agencies where the importer approves.
        const { agencies } = await moneyOfficer(request, 'payments.settle');
        return reconciliation.importStatement(
          typeof request.body === 'string' ? request.body : '',
          agencies,
        );
      },
    );
  });

  // Callbacks are signed over their exact bytes: this route reads the body as text.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      '/api/v1/payments/callbacks/:provider',
      {
        schema: {
          tags,
          summary: 'A provider reports a payment (HMAC-SHA256 signed, with a timestamp)',
          params: Type.Object({ provider: Type.String({ maxLength: 40 }) }),
          response: { 200: Type.Object({ outcome: Type.String() }), ...problems },
        },
      },
      async (request) => {
        const headers = Object.fromEntries(
          Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
        );
        const outcome = await payments.callback(
          (request.params as { provider: string }).provider,
          headers,
          typeof request.body === 'string' ? request.body : '',
        );
        return { outcome };
      },
    );
  });
}
