import { audit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/db.js';
import { invalidFields, notFound, ProblemError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { DeliveryRepository } from './webhook-delivery-repository.js';
import { endpointProblem } from './webhook-events.js';
import { nextSubscriptionState, type SubscriptionAction } from './webhook-lifecycle.js';
import {
  SubscriptionRepository,
  type ListedSubscription,
  type SubscriptionFields,
  type SubscriptionRow,
} from './webhook-repository.js';
import { newWebhookSecret, type SecretBox } from './webhook-signing.js';

/** How many subscriptions one client may have (deleted ones aside). */
export const MAX_SUBSCRIPTIONS = 20;
/** How long a rotated-out secret still signs beside the new one. */
export const PREVIOUS_SECRET_HOURS = 24;

/** Who changes a subscription: its own client, or a portal administrator. */
export type WebhookActor = { clientId: string } | { adminId: string };

/**
 * Connected systems' webhook subscriptions: a client manages its own (another's is 404 to
 * it), administrators see every one. Every change is audited, and goes by the lifecycle.
 */
export class SubscriptionService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: {
      box: SecretBox;
      production: boolean;
      /** Told when subscriptions change: what is subscribed to is remembered for publishing. */
      changed: () => void;
    },
  ) {}

  /** A new subscription, and its secret: answered this once, never again. */
  async create(clientId: string, fields: SubscriptionFields) {
    this.check(fields);
    const secret = newWebhookSecret();
    const now = this.clock.now();
    const created = await this.db.transaction(async (tx) => {
      const repository = new SubscriptionRepository(tx);
      // Counted under the client's row lock, so two at once cannot both pass the limit.
      await tx.query('SELECT 1 FROM api_clients WHERE id = $1 FOR UPDATE', [clientId]);
      if ((await repository.count(clientId)) >= MAX_SUBSCRIPTIONS) {
        throw new ProblemError(
          422,
          'too_many_subscriptions',
          'errors.integration.tooManySubscriptions',
          { max: MAX_SUBSCRIPTIONS },
        );
      }
      const row = await repository.insert(clientId, fields, this.deps.box.seal(secret), now);
      await this.audit(tx, { clientId }, 'create', row.id, now, null, fields);
      return row;
    });
    this.announce();
    return { subscription: created, secret };
  }

  /** A client's subscriptions; every client's for null (administrators). */
  list(clientId: string | null): Promise<ListedSubscription[]> {
    return new SubscriptionRepository(this.db).list(clientId);
  }

  /** The subscription as the actor may see it: another client's, or a deleted one, is 404. */
  async get(actor: WebhookActor, id: string, q: Queryable = this.db, forUpdate = false) {
    const row = isUuid(id) ? await new SubscriptionRepository(q).find(id, forUpdate) : undefined;
    if (!row || row.status === 'deleted') throw notFound();
    if ('clientId' in actor && row.client_id !== actor.clientId) throw notFound();
    return row;
  }

  async update(actor: WebhookActor, id: string, changes: Partial<SubscriptionFields>) {
    return this.change(actor, id, 'update', async (repository, row, now) => {
      const fields: SubscriptionFields = {
        url: changes.url ?? row.url,
        description: changes.description === undefined ? row.description : changes.description,
        eventTypes: changes.eventTypes ?? row.event_types,
      };
      this.check(fields);
      return repository.update(id, fields, now);
    });
  }

  /** A new secret; the old one signs too for PREVIOUS_SECRET_HOURS, so receivers can switch. */
  async rotateSecret(actor: WebhookActor, id: string) {
    const secret = newWebhookSecret();
    const subscription = await this.change(actor, id, 'update', (repository, _row, now) =>
      repository.rotateSecret(
        id,
        this.deps.box.seal(secret),
        new Date(now.getTime() + PREVIOUS_SECRET_HOURS * 3600_000),
        now,
      ),
    );
    return { subscription, secret };
  }

  /** Its client pauses it: nothing is sent while it is disabled. */
  pause(actor: WebhookActor, id: string) {
    return this.change(actor, id, 'pause', (repository, _row, now) =>
      repository.setStatus(id, 'disabled', 'client', now),
    );
  }

  /** On again: the failures in a row start from zero, and what waited is sent. */
  enable(actor: WebhookActor, id: string) {
    return this.change(actor, id, 'enable', (repository, _row, now) =>
      repository.setStatus(id, 'active', null, now),
    );
  }

  /** Gone for its client; its attempts stay on record, those not yet sent are cancelled. */
  async remove(actor: WebhookActor, id: string) {
    await this.change(actor, id, 'delete', async (repository, _row, now, tx) => {
      await new DeliveryRepository(tx).cancelPending(id);
      return repository.setStatus(id, 'deleted', null, now);
    });
  }

  /** One audited change by the lifecycle, under the subscription's row lock. */
  private async change(
    actor: WebhookActor,
    id: string,
    action: SubscriptionAction,
    apply: (
      repository: SubscriptionRepository,
      row: SubscriptionRow,
      now: Date,
      tx: Queryable,
    ) => Promise<SubscriptionRow>,
  ): Promise<SubscriptionRow> {
    const now = this.clock.now();
    const after = await this.db.transaction(async (tx) => {
      const row = await this.get(actor, id, tx, true);
      if (nextSubscriptionState(row.status, action) === null) {
        throw new ProblemError(
          409,
          'subscription_state',
          'errors.integration.webhookState',
          { state: row.status },
          [],
          { current: { status: row.status } },
        );
      }
      const changed = await apply(new SubscriptionRepository(tx), row, now, tx);
      await this.audit(tx, actor, action, id, now, summary(row), summary(changed));
      return changed;
    });
    this.announce();
    return after;
  }

  private announce() {
    this.deps.changed();
  }

  /** A subscription's address and events, every field in error named at once. */
  private check(fields: SubscriptionFields) {
    const problem = endpointProblem(fields.url, this.deps.production);
    if (problem)
      throw invalidFields('invalid_subscription', [{ field: 'url', messageKey: problem }]);
  }

  private audit(
    tx: Queryable,
    actor: WebhookActor,
    action: string,
    id: string,
    at: Date,
    before: unknown,
    after: unknown,
  ) {
    return audit(tx, {
      at,
      actorId: 'adminId' in actor ? actor.adminId : null,
      action: `webhook_subscription.${action}`,
      resourceType: 'webhook_subscription',
      resourceId: id,
      before,
      after: { ...(after as object), ...('clientId' in actor ? { byClient: actor.clientId } : {}) },
    });
  }
}

/** What the audit log keeps of a subscription: never its secrets. */
const summary = (row: SubscriptionRow) => ({
  clientId: row.client_id,
  url: row.url,
  description: row.description,
  eventTypes: row.event_types,
  status: row.status,
  disabledReason: row.disabled_reason,
});
