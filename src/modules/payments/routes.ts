import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http.js';
import { ProblemError, ProblemSchema } from '../../platform/errors.js';
import type { IdentityService } from '../identity/service.js';
import { requireApplicant } from '../dossiers/routes.js';
import type { OrderRow, PaymentService } from './service.js';

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

export function paymentRoutes(app: App, payments: PaymentService, identity: IdentityService) {
  const tags = ['payments'];
  const payerOf = async (request: Parameters<typeof requireApplicant>[0]) => {
    const who = await requireApplicant(request, identity);
    return { accountId: who.accountId, ownerId: who.ownerId, name: who.name };
  };

  app.get(
    '/api/v1/bills/:code',
    {
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
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="bien-lai-${order.number}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  app.post(
    '/api/v1/payments/:id/refunds',
    {
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
      const actor = await identity.actor(request.session);
      if (!actor) throw new ProblemError(401, 'unauthenticated', 'errors.unauthenticated');
      const order = await payments.refund(actor, request.params.id, request.body);
      return paymentDto(order, await payments.hasReceipt(order.id));
    },
  );

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
