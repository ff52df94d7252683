import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { PROBLEM_RESPONSES, ProblemError } from '../../platform/errors.js';
import { assertFormToken } from '../../platform/forms.js';
import type { App } from '../../platform/http.js';
import { isUuid } from '../../platform/ids.js';
import { actorOf } from '../identity/index.js';
import {
  AttemptSchema,
  ListedSubscriptionSchema,
  PageQuery,
  attemptDto,
  listedDto,
  pageOf,
} from './webhook-dto.js';
import type { ListedSubscription } from './webhook-repository.js';
import type { WebhookService } from './webhook-service.js';
import { WebhooksPage, type PageSubscription } from './webhooks.page.js';

const tags = ['integration'];
const admins = { access: 'system_admin' as const };
const BASE = '/api/v1/integration/admin/webhooks/subscriptions';
const PAGE = '/admin/integration/webhooks';
/** How many attempts the page lists. */
const PAGE_ATTEMPTS = 100;

const admin = (request: FastifyRequest) => ({ adminId: actorOf(request).accountId });

/**
 * The portal administrators' view of webhooks out, on the API and as a page: every client's
 * subscriptions and attempts, and a replay of any message to the subscription it was for.
 */
export async function webhookAdminRoutes(app: App, { webhooks }: { webhooks: WebhookService }) {
  app.get<{ Querystring: { clientId?: string } }>(
    BASE,
    {
      config: admins,
      schema: {
        tags,
        summary: 'Every connected system’s webhook subscriptions (administrators)',
        querystring: Type.Object(
          { clientId: Type.Optional(Type.String({ format: 'uuid' })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(ListedSubscriptionSchema) }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => ({
      items: (await webhooks.subscriptions.list(request.query.clientId ?? null)).map(listedDto),
    }),
  );

  app.get<{ Params: { id: string }; Querystring: typeof PageQuery.static }>(
    `${BASE}/:id/attempts`,
    {
      config: admins,
      schema: {
        tags,
        summary: 'Every attempt to deliver to a subscription, newest first (administrators)',
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        querystring: PageQuery,
        response: {
          200: Type.Object({ items: Type.Array(AttemptSchema) }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => {
      const rows = await webhooks.attempts(
        admin(request),
        request.params.id,
        pageOf(request.query),
      );
      return { items: rows.map(attemptDto) };
    },
  );

  app.post<{ Params: { id: string; messageId: string } }>(
    `${BASE}/:id/messages/:messageId/replay`,
    {
      config: admins,
      schema: {
        tags,
        summary: 'Send a message to a subscription again, now (administrators)',
        params: Type.Object({
          id: Type.String({ maxLength: 40 }),
          messageId: Type.String({ maxLength: 80 }),
        }),
        response: { 202: AttemptSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const { id, messageId } = request.params;
      const attempt = await webhooks.replay(admin(request), id, messageId);
      return reply.status(202).send(attemptDto(attempt));
    },
  );

  const render = webhooksPage(webhooks);
  const pages = { schema: { hide: true }, config: admins };

  app.get<{ Querystring: Record<string, string> }>(
    PAGE,
    { ...pages, schema: { hide: true, querystring: Loose } },
    async (request, reply) => {
      const { subscription, replayed } = request.query;
      const notice = await replayedNotice(webhooks, request, subscription, replayed);
      return render(request, reply, { shownId: subscription ?? null, notice });
    },
  );

  app.post<{ Body: Record<string, string> }>(
    `${PAGE}/replay`,
    { ...pages, schema: { hide: true, body: Loose } },
    async (request, reply) => {
      assertFormToken(request.viewer?.csrfToken, request.body.csrf);
      const { subscription = '', message = '' } = request.body;
      try {
        await webhooks.replay(admin(request), subscription, message);
      } catch (error) {
        if (!(error instanceof ProblemError) || ![404, 409].includes(error.status)) throw error;
        const errors = [
          { field: 'attempts-heading', message: request.t(error.messageKey, error.params) },
        ];
        return render(request, reply, { shownId: subscription, errors }, error.status);
      }
      const query = new URLSearchParams({ subscription, replayed: message });
      return reply.redirect(`${PAGE}?${query.toString()}`, 303);
    },
  );
}

/** A page's query or form: single texts (a name sent twice is a 400, not a crash). */
const Loose = Type.Record(Type.String(), Type.String());

const pageSubscription = (s: ListedSubscription): PageSubscription => ({
  id: s.id,
  clientName: s.client_name,
  url: s.url,
  eventTypes: s.event_types,
  status: s.status,
  disabledReason: s.disabled_reason,
  consecutiveFailures: s.consecutive_failures,
});

/** After a replay (post, redirect, get): says so, when the message is that subscription's. */
async function replayedNotice(
  webhooks: WebhookService,
  request: FastifyRequest,
  subscriptionId: string | undefined,
  messageId: string | undefined,
) {
  if (!subscriptionId || !messageId || !isUuid(subscriptionId)) return null;
  const subscription = await webhooks.subscriptions
    .get(admin(request), subscriptionId)
    .catch(() => null);
  if (!subscription) return null;
  return request.t('integration.webhooks.replayed', { message: messageId, url: subscription.url });
}

/** The page: subscriptions, and the attempts of one (or of all), newest first. */
function webhooksPage(webhooks: WebhookService) {
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      shownId: string | null;
      notice?: string | null;
      errors?: { field: string; message: string }[];
    },
    status = 200,
  ) => {
    const subscriptions = (await webhooks.subscriptions.list(null)).map(pageSubscription);
    const shown = subscriptions.find((s) => s.id === options.shownId) ?? null;
    const attempts = await webhooks.attempts(admin(request), shown?.id ?? null, {
      limit: PAGE_ATTEMPTS,
      offset: 0,
    });
    return reply.page(
      h(WebhooksPage, {
        subscriptions,
        attempts: attempts.map((a) => ({
          id: a.id,
          messageId: a.message_id,
          eventType: a.event_type,
          subscriptionId: a.subscription_id,
          attemptNumber: a.attempt_number,
          trigger: a.trigger,
          state: a.state,
          dueAt: a.due_at,
          attemptedAt: a.attempted_at,
          httpStatus: a.http_status,
          error: a.error,
          durationMs: a.duration_ms,
          nextAttemptAt: a.next_attempt_at,
        })),
        shown,
        csrf: request.viewer?.csrfToken ?? '',
        notice: options.notice ?? null,
        errors: options.errors ?? [],
      }),
      status,
    );
  };
}
