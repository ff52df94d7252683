import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import { sendPrivateFile } from '../../../platform/http.js';
import { billSeenBy } from '../bills.js';
import { HTTP } from '../http-status.js';
import {
  BILL_LOOKUP_LIMIT,
  Item,
  Payment,
  payerOf,
  paymentDto,
  requirePayer,
  tags,
  type PaymentsRouteDeps,
} from './shared.js';

const Bill = Type.Object({
  code: Type.String(),
  kind: Type.String(),
  payerName: Type.String({ description: 'masked (“Nguyễn V*** A***”) unless limited is false' }),
  payeeAgencyCode: Type.String(),
  description: Type.String(),
  items: Type.Array(Item),
  amount: Type.Integer(),
  dueDate: Type.Union([Type.String(), Type.Null()]),
  paid: Type.Boolean(),
  limited: Type.Boolean({
    description: 'true when the caller is not the payer: the name masked, what it is for left out',
  }),
});

const OrderRequest = Type.Object(
  {
    dossierCode: Type.Optional(Type.String({ maxLength: 60 })),
    billCode: Type.Optional(Type.String({ maxLength: 30 })),
    provider: Type.String({ maxLength: 40 }),
  },
  { additionalProperties: false },
);

const StartedOrder = Type.Object({
  id: Type.String(),
  number: Type.String(),
  status: Type.String(),
  amount: Type.Integer(),
  redirectUrl: Type.Optional(Type.String()),
  qr: Type.Optional(Type.Object({ payload: Type.String(), image: Type.String() })),
});

const OrderId = Type.Object({ id: Type.String({ maxLength: 40 }) });

const schemas = {
  bill: {
    tags,
    summary:
      'An obligation found by its code (tax notice, fine, insurance, electricity, court fee); in full for its payer, 10 a minute',
    params: Type.Object({ code: Type.String({ maxLength: 30 }) }),
    response: { 200: Bill, ...PROBLEM_RESPONSES },
  },
  create: {
    tags,
    summary: 'Pay a dossier’s fee or an obligation: the order, and where to pay it',
    headers: Type.Object({
      'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    }),
    body: OrderRequest,
    response: { 201: StartedOrder, ...PROBLEM_RESPONSES },
  },
  order: {
    tags,
    summary: 'One of my payments (the provider is asked while it is open)',
    params: OrderId,
    response: { 200: Payment, ...PROBLEM_RESPONSES },
  },
  receipt: {
    tags,
    summary: 'The e-receipt of a paid payment (PDF)',
    params: OrderId,
    produces: ['application/pdf'],
    response: { 200: Type.Any(), ...PROBLEM_RESPONSES },
  },
};

/** The payer's API: obligations by code, orders (created once per key), their receipts. */
export async function orderRoutes(
  app: App,
  { orders, outcomes, receipts, identity }: PaymentsRouteDeps,
) {
  const payer = { config: { access: 'citizen' as const }, preHandler: requirePayer(identity) };

  // By its code, like the dossier lookup: a code guessed is tried at most 10 times a minute.
  const lookup = { ...payer, config: { ...payer.config, rateLimit: BILL_LOOKUP_LIMIT } };
  app.get('/api/v1/bills/:code', { ...lookup, schema: schemas.bill }, async (request) => {
    const found = await orders.bill(request.params.code);
    const bill = billSeenBy(payerOf(request).actor, found, request.locale);
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
      limited: bill.limited,
    };
  });

  app.post('/api/v1/payments', { ...payer, schema: schemas.create }, async (request, reply) => {
    const key = request.headers['idempotency-key'];
    const started = await orders.create(payerOf(request), request.body, key);
    return reply.status(HTTP.created).send(started);
  });

  app.get('/api/v1/payments/:id', { ...payer, schema: schemas.order }, async (request) => {
    const order = await outcomes.refresh(await orders.own(payerOf(request), request.params.id));
    return paymentDto(order, await receipts.has(order.id));
  });

  app.get(
    '/api/v1/payments/:id/receipt.pdf',
    { ...payer, schema: schemas.receipt },
    async (request, reply) => {
      const order = await orders.own(payerOf(request), request.params.id);
      return sendPrivateFile(reply, {
        contentType: 'application/pdf',
        fileName: `bien-lai-${order.number}.pdf`,
        data: await receipts.pdf(order),
      });
    },
  );
}
