import { Type, type TSchema } from '@sinclair/typebox';
import type { AttemptRow, MessageRow } from './webhook-delivery-repository.js';
import { WEBHOOK_EVENT_TYPES } from './webhook-events.js';
import { ATTEMPT_STATES, SUBSCRIPTION_STATES } from './webhook-lifecycle.js';
import type { ListedSubscription, SubscriptionRow } from './webhook-repository.js';

/** The webhook routes' schemas and how rows are answered (never a secret but when made). */

const iso = (d: Date | null) => d?.toISOString() ?? null;
const DateTime = Type.String({ format: 'date-time' });
const OrNull = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const EventTypes = Type.Array(Type.Union(WEBHOOK_EVENT_TYPES.map((e) => Type.Literal(e))), {
  minItems: 1,
  uniqueItems: true,
});

export const SubscriptionSchema = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  url: Type.String(),
  description: OrNull(Type.String()),
  eventTypes: Type.Array(Type.String()),
  status: Type.String({ description: SUBSCRIPTION_STATES.join(', ') }),
  disabledReason: OrNull(Type.String({ description: 'failing, client' })),
  disabledAt: OrNull(DateTime),
  consecutiveFailures: Type.Integer(),
  lastSuccessAt: OrNull(DateTime),
  lastFailureAt: OrNull(DateTime),
  previousSecretExpiresAt: OrNull(
    Type.String({ format: 'date-time', description: 'Until then the old secret signs too' }),
  ),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export const ListedSubscriptionSchema = Type.Composite([
  SubscriptionSchema,
  Type.Object({ clientName: Type.String() }),
]);

export const AttemptSchema = Type.Object({
  id: Type.String(),
  messageId: Type.String(),
  subscriptionId: Type.String(),
  eventType: Type.String(),
  attemptNumber: Type.Integer(),
  trigger: Type.String({ description: 'event, retry, replay' }),
  state: Type.String({ description: ATTEMPT_STATES.join(', ') }),
  dueAt: DateTime,
  attemptedAt: OrNull(DateTime),
  httpStatus: Type.Union([Type.Integer(), Type.Null()]),
  error: OrNull(Type.String({ description: 'The network error, when no answer came' })),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  nextAttemptAt: OrNull(DateTime),
  createdAt: DateTime,
});

export const MessageSchema = Type.Object({
  id: Type.String(),
  eventType: Type.String(),
  agencyCode: OrNull(Type.String()),
  payload: Type.Unknown({ description: 'The body as sent: {type, timestamp, data}' }),
  createdAt: DateTime,
  attempts: Type.Integer(),
  state: Type.String({ description: 'The state of its newest attempt' }),
});

export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);
export const pageOf = (query: { limit?: number; offset?: number }) => ({
  limit: query.limit ?? 50,
  offset: query.offset ?? 0,
});

export const subscriptionDto = (s: SubscriptionRow) => ({
  id: s.id,
  clientId: s.client_id,
  url: s.url,
  description: s.description,
  eventTypes: s.event_types,
  status: s.status,
  disabledReason: s.disabled_reason,
  disabledAt: iso(s.disabled_at),
  consecutiveFailures: s.consecutive_failures,
  lastSuccessAt: iso(s.last_success_at),
  lastFailureAt: iso(s.last_failure_at),
  previousSecretExpiresAt: iso(s.previous_secret_expires_at),
  createdAt: s.created_at.toISOString(),
  updatedAt: s.updated_at.toISOString(),
});

export const listedDto = (s: ListedSubscription) => ({
  ...subscriptionDto(s),
  clientName: s.client_name,
});

export const attemptDto = (a: AttemptRow) => ({
  id: a.id,
  messageId: a.message_id,
  subscriptionId: a.subscription_id,
  eventType: a.event_type,
  attemptNumber: a.attempt_number,
  trigger: a.trigger,
  state: a.state,
  dueAt: a.due_at.toISOString(),
  attemptedAt: iso(a.attempted_at),
  httpStatus: a.http_status,
  error: a.error,
  durationMs: a.duration_ms,
  nextAttemptAt: iso(a.next_attempt_at),
  createdAt: a.created_at.toISOString(),
});

export const messageDto = (m: MessageRow) => ({
  id: m.id,
  eventType: m.event_type,
  agencyCode: m.agency_code,
  payload: m.payload,
  createdAt: m.created_at.toISOString(),
  attempts: m.attempts,
  state: m.state,
});
