import { Type } from '@sinclair/typebox';
import { notFound, PROBLEM_RESPONSES } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { apiClientOf } from './client-auth.js';
import {
  AttemptSchema,
  EventTypes,
  MessageSchema,
  PageQuery,
  SubscriptionSchema,
  attemptDto,
  messageDto,
  pageOf,
  subscriptionDto,
} from './webhook-dto.js';
import type { WebhookEventType } from './webhook-events.js';
import type { WebhookService } from './webhook-service.js';

const tags = ['integration'];
const managers = { apiScope: 'webhooks:manage' as const };
const BASE = '/api/v1/integration/webhooks/subscriptions';
const Id = Type.Object({ id: Type.String({ maxLength: 40 }) });
const MessageParams = Type.Object({
  id: Type.String({ maxLength: 40 }),
  messageId: Type.String({ maxLength: 80 }),
});
const Url = Type.String({ minLength: 10, maxLength: 2000 });
const Description = Type.Union([Type.String({ maxLength: 200 }), Type.Null()]);
const SubscriptionWithSecret = Type.Object({
  subscription: SubscriptionSchema,
  secret: Type.String({
    description: 'whsec_ and base64: the signing secret, answered this once only',
  }),
});

interface Fields {
  url?: string;
  description?: string | null;
  eventTypes?: WebhookEventType[];
}
const clean = (body: Fields) => ({
  ...(body.url === undefined ? {} : { url: body.url.trim() }),
  ...(body.description === undefined ? {} : { description: body.description?.trim() || null }),
  ...(body.eventTypes === undefined ? {} : { eventTypes: body.eventTypes }),
});

/**
 * A connected system's webhook subscriptions (scope `webhooks:manage`): its own only; the
 * id of another's answers 404 as an unknown one does.
 */
export async function webhookRoutes(app: App, { webhooks }: { webhooks: WebhookService }) {
  const { subscriptions } = webhooks;
  const mine = (request: Parameters<typeof apiClientOf>[0]) => ({
    clientId: apiClientOf(request).id,
  });

  app.post<{ Body: { url: string; description?: string | null; eventTypes: WebhookEventType[] } }>(
    BASE,
    {
      config: managers,
      schema: {
        tags,
        summary: 'Subscribe an endpoint to events (the answer holds its secret, once)',
        body: Type.Object(
          { url: Url, description: Type.Optional(Description), eventTypes: EventTypes },
          { additionalProperties: false },
        ),
        response: { 201: SubscriptionWithSecret, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const fields = clean(request.body);
      const made = await subscriptions.create(mine(request).clientId, {
        url: fields.url!,
        description: fields.description ?? null,
        eventTypes: fields.eventTypes!,
      });
      reply.header('cache-control', 'no-store');
      return reply
        .status(201)
        .send({ subscription: subscriptionDto(made.subscription), secret: made.secret });
    },
  );

  app.get(
    BASE,
    {
      config: managers,
      schema: {
        tags,
        summary: 'The calling system’s webhook subscriptions',
        response: {
          200: Type.Object({ items: Type.Array(SubscriptionSchema) }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => ({
      items: (await subscriptions.list(mine(request).clientId)).map(subscriptionDto),
    }),
  );

  app.get<{ Params: { id: string } }>(
    `${BASE}/:id`,
    {
      config: managers,
      schema: {
        tags,
        summary: 'One webhook subscription',
        params: Id,
        response: { 200: SubscriptionSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => subscriptionDto(await subscriptions.get(mine(request), request.params.id)),
  );

  app.patch<{ Params: { id: string }; Body: Fields }>(
    `${BASE}/:id`,
    {
      config: managers,
      schema: {
        tags,
        summary: 'Change a subscription’s endpoint, events or description',
        params: Id,
        body: Type.Object(
          {
            url: Type.Optional(Url),
            description: Type.Optional(Description),
            eventTypes: Type.Optional(EventTypes),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: SubscriptionSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) =>
      subscriptionDto(
        await subscriptions.update(mine(request), request.params.id, clean(request.body)),
      ),
  );

  app.delete<{ Params: { id: string } }>(
    `${BASE}/:id`,
    {
      config: managers,
      schema: {
        tags,
        summary: 'Unsubscribe (the attempts stay on record; those not yet sent are cancelled)',
        params: Id,
        response: { 204: Type.Null(), ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      await subscriptions.remove(mine(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    `${BASE}/:id/secret`,
    {
      config: managers,
      schema: {
        tags,
        summary: 'Rotate the secret: the old one also signs for 24 hours (two signatures)',
        params: Id,
        response: { 200: SubscriptionWithSecret, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const made = await subscriptions.rotateSecret(mine(request), request.params.id);
      reply.header('cache-control', 'no-store');
      return { subscription: subscriptionDto(made.subscription), secret: made.secret };
    },
  );

  for (const [action, summary] of [
    ['enable', 'Enable a disabled subscription (the failures in a row start from zero)'],
    ['disable', 'Pause a subscription: nothing is sent to it until it is enabled'],
  ] as const) {
    app.post<{ Params: { id: string } }>(
      `${BASE}/:id/${action}`,
      {
        config: managers,
        schema: {
          tags,
          summary,
          params: Id,
          response: { 200: SubscriptionSchema, ...PROBLEM_RESPONSES },
        },
      },
      async (request) => {
        const id = request.params.id;
        const changed =
          action === 'enable'
            ? await subscriptions.enable(mine(request), id)
            : await subscriptions.pause(mine(request), id);
        return subscriptionDto(changed);
      },
    );
  }

  app.get<{ Params: { id: string }; Querystring: typeof PageQuery.static }>(
    `${BASE}/:id/messages`,
    {
      config: managers,
      schema: {
        tags,
        summary: 'The messages meant for a subscription, newest first, with their delivery',
        params: Id,
        querystring: PageQuery,
        response: {
          200: Type.Object({ items: Type.Array(MessageSchema) }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => {
      const rows = await webhooks.messages(mine(request), request.params.id, pageOf(request.query));
      return { items: rows.map(messageDto) };
    },
  );

  app.get<{ Params: { id: string; messageId: string } }>(
    `${BASE}/:id/messages/:messageId`,
    {
      config: managers,
      schema: {
        tags,
        summary: 'One message meant for a subscription, with every attempt to deliver it',
        params: MessageParams,
        response: {
          200: Type.Object({ message: MessageSchema, attempts: Type.Array(AttemptSchema) }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => {
      const { id, messageId } = request.params;
      const page = { limit: 200, offset: 0, messageId };
      const [message] = await webhooks.messages(mine(request), id, page);
      if (!message) throw notFound();
      const attempts = await webhooks.attempts(mine(request), id, page);
      return { message: messageDto(message), attempts: attempts.map(attemptDto) };
    },
  );

  app.get<{ Params: { id: string }; Querystring: typeof PageQuery.static }>(
    `${BASE}/:id/attempts`,
    {
      config: managers,
      schema: {
        tags,
        summary: 'Every attempt to deliver to a subscription, newest first (pending ones too)',
        params: Id,
        querystring: PageQuery,
        response: {
          200: Type.Object({ items: Type.Array(AttemptSchema) }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => {
      const rows = await webhooks.attempts(mine(request), request.params.id, pageOf(request.query));
      return { items: rows.map(attemptDto) };
    },
  );

  app.post<{ Params: { id: string; messageId: string } }>(
    `${BASE}/:id/messages/:messageId/replay`,
    {
      config: managers,
      schema: {
        tags,
        summary: 'Send a message to the subscription again, now (one attempt, not retried)',
        params: MessageParams,
        response: { 202: AttemptSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const { id, messageId } = request.params;
      const attempt = await webhooks.replay(mine(request), id, messageId);
      return reply.status(202).send(attemptDto(attempt));
    },
  );
}
