import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import { actorOf } from '../../identity/index.js';
import { Payment, paymentDto, tags, type PaymentsRouteDeps } from './shared.js';

/** Refunds through the API: an approver of the agency paid (the service checks which). */
export async function refundRoutes(app: App, { refunds, receipts }: PaymentsRouteDeps) {
  app.post(
    '/api/v1/payments/:id/refunds',
    {
      config: { access: 'officer' },
      schema: {
        tags,
        summary: 'Refund part or all of a payment (an approver of the agency paid)',
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        body: Type.Object(
          {
            amount: Type.Integer({ minimum: 1 }),
            reason: Type.String({ maxLength: 2000 }),
            version: Type.Integer({
              minimum: 0,
              description:
                'the payment’s version as read: a retry or a refund made meanwhile is 409',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Payment, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const order = await refunds.refund(actorOf(request), request.params.id, request.body);
      return paymentDto(order, await receipts.has(order.id));
    },
  );
}
