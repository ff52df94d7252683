import type { Queryable } from '../../platform/db.js';
import type { SubscriptionState } from './webhook-lifecycle.js';
import type { WebhookEventType } from './webhook-events.js';

/** A subscription as the service sees it (its secrets sealed). */
export interface SubscriptionRow {
  id: string;
  client_id: string;
  url: string;
  description: string | null;
  event_types: WebhookEventType[];
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
  status: SubscriptionState;
  disabled_reason: 'failing' | 'client' | null;
  disabled_at: Date | null;
  consecutive_failures: number;
  last_success_at: Date | null;
  last_failure_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A subscription with the name of its client, for the administrators. */
export type ListedSubscription = SubscriptionRow & { client_name: string };

/** What a client says of a subscription. */
export interface SubscriptionFields {
  url: string;
  description: string | null;
  eventTypes: WebhookEventType[];
}

/** The webhook subscriptions of API clients (migration 0026). */
export class SubscriptionRepository {
  constructor(private readonly q: Queryable) {}

  async insert(clientId: string, fields: SubscriptionFields, sealed: string, now: Date) {
    const [row] = await this.q.query<SubscriptionRow>(
      `INSERT INTO webhook_subscriptions (client_id, url, description, event_types,
         secret_sealed, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING *`,
      [clientId, fields.url, fields.description, fields.eventTypes, sealed, now],
    );
    return row!;
  }

  /** The subscription, locked for a change when `forUpdate`; deleted ones too. */
  async find(id: string, forUpdate = false): Promise<SubscriptionRow | undefined> {
    const [row] = await this.q.query<SubscriptionRow>(
      `SELECT * FROM webhook_subscriptions WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  /** A client's subscriptions (all clients' for null), deleted ones left out, oldest first. */
  list(clientId: string | null): Promise<ListedSubscription[]> {
    return this.q.query<ListedSubscription>(
      `SELECT s.*, c.name AS client_name FROM webhook_subscriptions s
       JOIN api_clients c ON c.id = s.client_id
       WHERE s.status <> 'deleted' AND ($1::uuid IS NULL OR s.client_id = $1)
       ORDER BY c.name, s.created_at, s.id`,
      [clientId],
    );
  }

  async count(clientId: string): Promise<number> {
    const [row] = await this.q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_subscriptions
       WHERE client_id = $1 AND status <> 'deleted'`,
      [clientId],
    );
    return row!.n;
  }

  async update(id: string, fields: SubscriptionFields, now: Date) {
    const [row] = await this.q.query<SubscriptionRow>(
      `UPDATE webhook_subscriptions SET url = $2, description = $3, event_types = $4,
         updated_at = $5 WHERE id = $1 RETURNING *`,
      [id, fields.url, fields.description, fields.eventTypes, now],
    );
    return row!;
  }

  /** Moves it to `status` (the lifecycle decided); a disabled one says why. */
  async setStatus(
    id: string,
    status: SubscriptionState,
    reason: 'failing' | 'client' | null,
    now: Date,
  ) {
    const [row] = await this.q.query<SubscriptionRow>(
      `UPDATE webhook_subscriptions SET status = $2, disabled_reason = $3,
         disabled_at = CASE WHEN $2 = 'disabled' THEN $4::timestamptz ELSE NULL END,
         consecutive_failures = CASE WHEN $2 = 'active' THEN 0 ELSE consecutive_failures END,
         updated_at = $4
       WHERE id = $1 RETURNING *`,
      [id, status, reason, now],
    );
    return row!;
  }

  /** A new secret; the one before signs too until `previousUntil`. */
  async rotateSecret(id: string, sealed: string, previousUntil: Date, now: Date) {
    const [row] = await this.q.query<SubscriptionRow>(
      `UPDATE webhook_subscriptions SET previous_secret_sealed = secret_sealed,
         previous_secret_expires_at = $3, secret_sealed = $2, updated_at = $4
       WHERE id = $1 RETURNING *`,
      [id, sealed, previousUntil, now],
    );
    return row!;
  }

  /** What a delivered attempt does to its subscription: the failures in a row start again. */
  async succeeded(id: string, now: Date): Promise<void> {
    await this.q.query(
      `UPDATE webhook_subscriptions SET consecutive_failures = 0, last_success_at = $2
       WHERE id = $1`,
      [id, now],
    );
  }

  /** One more failure in a row: the subscription as it is now (locked till commit). */
  async failed(id: string, now: Date) {
    const [row] = await this.q.query<SubscriptionRow>(
      `UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1,
         last_failure_at = $2 WHERE id = $1 RETURNING *`,
      [id, now],
    );
    return row!;
  }

  /**
   * The event types some active subscription wants (its client's status aside: a client let
   * in again must not wait for this to be read again).
   */
  async wantedTypes(): Promise<Set<string>> {
    const rows = await this.q.query<{ type: string }>(
      `SELECT DISTINCT unnest(event_types) AS type FROM webhook_subscriptions
       WHERE status = 'active'`,
    );
    return new Set(rows.map((r) => r.type));
  }

  /** Who to tell when an endpoint is disabled: its client's name and contact. */
  async contactOf(clientId: string) {
    const [row] = await this.q.query<{ name: string; contact_name: string; contact_email: string }>(
      'SELECT name, contact_name, contact_email FROM api_clients WHERE id = $1',
      [clientId],
    );
    return row;
  }
}
