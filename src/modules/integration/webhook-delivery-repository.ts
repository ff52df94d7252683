import type { Queryable } from '../../platform/db.js';
import type { AttemptState } from './webhook-lifecycle.js';

export type AttemptTrigger = 'event' | 'retry' | 'replay';

/** An attempt as listed: what was tried, when, and what came of it. */
export interface AttemptRow {
  id: string;
  message_id: string;
  subscription_id: string;
  event_type: string;
  attempt_number: number;
  trigger: AttemptTrigger;
  schedule_step: number | null;
  state: AttemptState;
  due_at: Date;
  attempted_at: Date | null;
  http_status: number | null;
  error: string | null;
  duration_ms: number | null;
  next_attempt_at: Date | null;
  created_at: Date;
}

/** An attempt a sender has claimed, with what it needs to send it. */
export interface ClaimedAttempt {
  id: string;
  message_id: string;
  subscription_id: string;
  client_id: string;
  attempt_number: number;
  trigger: AttemptTrigger;
  schedule_step: number | null;
  claimed_until: Date;
  payload: unknown;
  url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
}

/** A message sent to a subscription, with how its delivery stands. */
export interface MessageRow {
  id: string;
  event_type: string;
  agency_code: string | null;
  payload: unknown;
  created_at: Date;
  attempts: number;
  /** The state of its newest attempt. */
  state: AttemptState;
}

const ATTEMPT_COLUMNS = `a.id, a.message_id, a.subscription_id, m.event_type, a.attempt_number,
  a.trigger, a.schedule_step, a.state, a.due_at, a.attempted_at, a.http_status, a.error,
  a.duration_ms, a.next_attempt_at, a.created_at`;

/** Webhook messages and their attempts (migration 0026). */
export class DeliveryRepository {
  constructor(private readonly q: Queryable) {}

  /**
   * In one statement: the message, written only if some subscription is to receive it (an
   * active one of an active client holding `webhooks:manage`, wanting the type, and allowed
   * the agency when there is one), and one attempt due now per such subscription. Answers
   * how many attempts were made.
   */
  async publish(message: {
    id: string;
    type: string;
    agencyCode: string | null;
    payload: unknown;
    at: Date;
  }): Promise<number> {
    const [row] = await this.q.query<{ attempts: number }>(
      `WITH subscribers AS (
         SELECT s.id FROM webhook_subscriptions s JOIN api_clients c ON c.id = s.client_id
         WHERE s.status = 'active' AND c.status = 'active' AND 'webhooks:manage' = ANY (c.scopes)
           AND $2 = ANY (s.event_types)
           AND ($3::text IS NULL OR $3::text = ANY (c.allowed_agencies))
       ), message AS (
         INSERT INTO webhook_messages (id, event_type, agency_code, payload, created_at)
         SELECT $1, $2, $3, $4::jsonb, $5 WHERE EXISTS (SELECT 1 FROM subscribers)
         RETURNING id
       ), attempts AS (
         INSERT INTO webhook_attempts (message_id, subscription_id, attempt_number, trigger,
           schedule_step, due_at, created_at)
         SELECT message.id, subscribers.id, 1, 'event', 1, $5, $5
         FROM message CROSS JOIN subscribers RETURNING 1
       )
       SELECT count(*)::int AS attempts FROM attempts`,
      [message.id, message.type, message.agencyCode, JSON.stringify(message.payload), message.at],
    );
    return row?.attempts ?? 0;
  }

  /**
   * Claims up to `batch` attempts due (pending, or sending past their lease: their sender
   * died), of active subscriptions of active clients still allowed the message's agency:
   * FOR UPDATE SKIP LOCKED, so two senders never take the same one, each marked sending
   * until `leaseUntil`.
   */
  claim(now: Date, leaseUntil: Date, batch: number): Promise<ClaimedAttempt[]> {
    return this.q.query<ClaimedAttempt>(
      `UPDATE webhook_attempts a SET state = 'sending', claimed_until = $2
       FROM webhook_messages m, webhook_subscriptions s
       WHERE a.id IN (
           SELECT d.id FROM webhook_attempts d
           JOIN webhook_messages dm ON dm.id = d.message_id
           JOIN webhook_subscriptions ds ON ds.id = d.subscription_id
           JOIN api_clients c ON c.id = ds.client_id
           WHERE ((d.state = 'pending' AND d.due_at <= $1)
               OR (d.state = 'sending' AND d.claimed_until <= $1))
             AND ds.status = 'active' AND c.status = 'active'
             AND 'webhooks:manage' = ANY (c.scopes)
             AND (dm.agency_code IS NULL OR dm.agency_code = ANY (c.allowed_agencies))
           ORDER BY d.due_at LIMIT $3
           FOR UPDATE OF d SKIP LOCKED)
         AND m.id = a.message_id AND s.id = a.subscription_id
       RETURNING a.id, a.message_id, a.subscription_id, s.client_id, a.attempt_number,
         a.trigger, a.schedule_step, a.claimed_until, m.payload, s.url, s.secret_sealed,
         s.previous_secret_sealed, s.previous_secret_expires_at`,
      [now, leaseUntil, batch],
    );
  }

  /**
   * Records what came of a claimed attempt, if it is still this sender's (its lease the
   * one it claimed with): false when another sender took it over meanwhile.
   */
  async record(
    attempt: Pick<ClaimedAttempt, 'id' | 'claimed_until'>,
    result: {
      state: AttemptState;
      at: Date;
      httpStatus: number | null;
      error: string | null;
      durationMs: number;
      nextAttemptAt: Date | null;
    },
  ): Promise<boolean> {
    const rows = await this.q.query(
      `UPDATE webhook_attempts SET state = $3, attempted_at = $4, http_status = $5, error = $6,
         duration_ms = $7, next_attempt_at = $8, claimed_until = NULL
       WHERE id = $1 AND state = 'sending' AND claimed_until = $2 RETURNING id`,
      [
        attempt.id,
        attempt.claimed_until,
        result.state,
        result.at,
        result.httpStatus,
        result.error?.slice(0, 500) ?? null,
        result.durationMs,
        result.nextAttemptAt,
      ],
    );
    return rows.length === 1;
  }

  /** A further attempt of a message to a subscription, due at `due` (a retry or a replay). */
  async next(
    messageId: string,
    subscriptionId: string,
    trigger: 'retry' | 'replay',
    step: number | null,
    due: Date,
    now: Date,
  ): Promise<AttemptRow> {
    const [row] = await this.q.query<{ id: string }>(
      `INSERT INTO webhook_attempts (message_id, subscription_id, attempt_number, trigger,
         schedule_step, due_at, created_at)
       SELECT $1, $2, coalesce(max(attempt_number), 0) + 1, $3, $4, $5, $6
       FROM webhook_attempts WHERE message_id = $1 AND subscription_id = $2
       RETURNING id`,
      [messageId, subscriptionId, trigger, step, due, now],
    );
    return (await this.attempt(row!.id))!;
  }

  async attempt(id: string): Promise<AttemptRow | undefined> {
    const [row] = await this.q.query<AttemptRow>(
      `SELECT ${ATTEMPT_COLUMNS} FROM webhook_attempts a
       JOIN webhook_messages m ON m.id = a.message_id WHERE a.id = $1`,
      [id],
    );
    return row;
  }

  /** Whether the message was ever meant for the subscription (it has an attempt there). */
  async wasSent(messageId: string, subscriptionId: string): Promise<boolean> {
    const rows = await this.q.query(
      'SELECT 1 FROM webhook_attempts WHERE message_id = $1 AND subscription_id = $2 LIMIT 1',
      [messageId, subscriptionId],
    );
    return rows.length === 1;
  }

  /** Its attempts not sent yet will never be: the subscription is gone. */
  async cancelPending(subscriptionId: string): Promise<void> {
    await this.q.query(
      `UPDATE webhook_attempts SET state = 'cancelled'
       WHERE subscription_id = $1 AND state = 'pending'`,
      [subscriptionId],
    );
  }

  /** A subscription's attempts (of one message when given), newest first. */
  attempts(
    subscriptionIds: string[] | null,
    options: { messageId?: string; limit: number; offset: number },
  ): Promise<AttemptRow[]> {
    return this.q.query<AttemptRow>(
      `SELECT ${ATTEMPT_COLUMNS} FROM webhook_attempts a
       JOIN webhook_messages m ON m.id = a.message_id
       WHERE ($1::uuid[] IS NULL OR a.subscription_id = ANY ($1::uuid[]))
         AND ($2::text IS NULL OR a.message_id = $2)
       ORDER BY a.created_at DESC, a.attempt_number DESC, a.id LIMIT $3 OFFSET $4`,
      [subscriptionIds, options.messageId ?? null, options.limit, options.offset],
    );
  }

  /** The messages meant for a subscription, newest first, each with its delivery's state. */
  messages(
    subscriptionId: string,
    options: { messageId?: string; limit: number; offset: number },
  ): Promise<MessageRow[]> {
    return this.q.query<MessageRow>(
      `SELECT m.id, m.event_type, m.agency_code, m.payload, m.created_at,
         count(*)::int AS attempts,
         (array_agg(a.state ORDER BY a.attempt_number DESC))[1] AS state
       FROM webhook_attempts a JOIN webhook_messages m ON m.id = a.message_id
       WHERE a.subscription_id = $1 AND ($2::text IS NULL OR m.id = $2)
       GROUP BY m.id
       ORDER BY m.created_at DESC, m.id LIMIT $3 OFFSET $4`,
      [subscriptionId, options.messageId ?? null, options.limit, options.offset],
    );
  }
}
