import { performance } from 'node:perf_hooks';
import { audit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/db.js';
import { ProblemError } from '../../platform/errors.js';
import { formatDateTime } from '../../platform/i18n/index.js';
import type { NotificationService } from '../notifications/index.js';
import { DeliveryRepository, type ClaimedAttempt } from './webhook-delivery-repository.js';
import {
  afterFailure,
  delivered,
  nextAttemptState,
  nextSubscriptionState,
} from './webhook-lifecycle.js';
import { SubscriptionRepository, type SubscriptionRow } from './webhook-repository.js';
import { webhookHeaders, type SecretBox } from './webhook-signing.js';
import type { WebhookAnswer, WebhookTransport } from './webhook-transport.js';

/** A claimed attempt is not claimed again by another sender for this long. */
const LEASE_MS = 5 * 60_000;
/** Attempts claimed and sent at once (to as many endpoints, concurrently). */
const BATCH = 20;
/** Batches one run sends at most; the next run (a minute later at the latest) goes on. */
const MAX_BATCHES = 50;

export interface SendSummary {
  /** Attempts made (each ended with an answer or a network error). */
  sent: number;
  delivered: number;
  failed: number;
}

/**
 * Sends the attempts that are due: claimed with FOR UPDATE SKIP LOCKED (several senders,
 * in several processes, never send one attempt twice), signed, POSTed through the transport,
 * and recorded with what came of them. A failure schedules the next try (webhook-lifecycle.ts);
 * too many failures in a row disable the endpoint and its client's contact is emailed.
 */
export class WebhookSender {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: {
      box: SecretBox;
      transport: WebhookTransport;
      notifications: NotificationService;
      disableAfter: number;
      timeoutMs: number;
      /** Told when the sender disables a subscription. */
      changed: () => void;
      onError: (error: unknown) => void;
    },
  ) {}

  /** Sends every attempt due now, batch after batch. */
  async sendDue(): Promise<SendSummary> {
    const summary: SendSummary = { sent: 0, delivered: 0, failed: 0 };
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const now = this.clock.now();
      const claimed = await new DeliveryRepository(this.db).claim(
        now,
        new Date(now.getTime() + LEASE_MS),
        BATCH,
      );
      const results = await Promise.all(claimed.map((attempt) => this.deliver(attempt)));
      for (const ok of results) {
        if (ok === null) continue;
        summary.sent += 1;
        summary[ok ? 'delivered' : 'failed'] += 1;
      }
      if (claimed.length < BATCH) break;
    }
    return summary;
  }

  /**
   * A send in the background, soon: after a publish or a replay is committed, so a webhook
   * leaves within a second rather than at the next minute's run. Calls close together make
   * one run; one asked for while a run is under way makes one more after it.
   */
  soon(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.loop().finally(() => {
        this.running = null;
      });
    }, 10);
  }

  /** Resolves once no background send is waiting or under way. */
  async settled(): Promise<void> {
    while (this.timer || this.running) {
      await (this.running ?? new Promise((resolve) => setTimeout(resolve, 5)));
    }
  }

  /** No more background sends; waits for the one under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async loop() {
    do {
      this.again = false;
      await this.sendDue().catch(this.deps.onError);
    } while (this.again && !this.stopped);
  }

  /**
   * One attempt: signed with the subscription's secret (and the rotated-out one while it
   * lasts), sent, and recorded. True when delivered, false when not, null when another
   * sender had taken it over meanwhile (nothing recorded).
   */
  private async deliver(attempt: ClaimedAttempt): Promise<boolean | null> {
    const at = this.clock.now();
    const body = JSON.stringify(attempt.payload);
    let answer: WebhookAnswer;
    const started = performance.now();
    try {
      const secrets = [this.deps.box.open(attempt.secret_sealed)];
      const previous = attempt.previous_secret_sealed;
      if (previous && attempt.previous_secret_expires_at! > at) {
        secrets.push(this.deps.box.open(previous));
      }
      answer = await this.deps.transport.post({
        url: attempt.url,
        headers: webhookHeaders(secrets, attempt.message_id, at, body),
        body,
        timeoutMs: this.deps.timeoutMs,
      });
    } catch (error) {
      answer = { error: error instanceof Error ? error.message : String(error) };
    }
    const durationMs = Math.round(performance.now() - started);
    const ok = 'status' in answer && delivered(answer.status);
    try {
      return await this.db.transaction(async (tx) => {
        const recorded = ok
          ? await this.succeeded(tx, attempt, answer, durationMs)
          : await this.failed(tx, attempt, answer, durationMs);
        return recorded ? ok : null;
      });
    } catch (error) {
      this.deps.onError(error);
      return null;
    }
  }

  private async succeeded(
    tx: Queryable,
    attempt: ClaimedAttempt,
    answer: WebhookAnswer,
    durationMs: number,
  ) {
    const now = this.clock.now();
    const recorded = await new DeliveryRepository(tx).record(attempt, {
      state: nextAttemptState('sending', 'succeed')!,
      at: now,
      httpStatus: 'status' in answer ? answer.status : null,
      error: null,
      durationMs,
      nextAttemptAt: null,
    });
    if (recorded) await new SubscriptionRepository(tx).succeeded(attempt.subscription_id, now);
    return recorded;
  }

  /**
   * A failed attempt: the next try scheduled (none after the schedule's last, or once the
   * subscription is deleted), one more failure in a row counted, and at the threshold the
   * subscription disabled and its client's contact told.
   */
  private async failed(
    tx: Queryable,
    attempt: ClaimedAttempt,
    answer: WebhookAnswer,
    durationMs: number,
  ) {
    const now = this.clock.now();
    const subscriptions = new SubscriptionRepository(tx);
    const deliveries = new DeliveryRepository(tx);
    // Locked first, as changes of the subscription do: they cancel its pending attempts.
    const subscription = await subscriptions.find(attempt.subscription_id, true);
    const then =
      subscription?.status === 'deleted'
        ? { action: 'give_up' as const }
        : afterFailure(attempt.schedule_step);
    const next = then.action === 'fail' ? new Date(now.getTime() + then.retryInMs) : null;
    const error = 'error' in answer ? answer.error : null;
    const recorded = await deliveries.record(attempt, {
      state: nextAttemptState('sending', then.action)!,
      at: now,
      httpStatus: 'status' in answer ? answer.status : null,
      error,
      durationMs,
      nextAttemptAt: next,
    });
    if (!recorded) return false;
    if (next) {
      const step = (attempt.schedule_step ?? 0) + 1;
      await deliveries.next(attempt.message_id, attempt.subscription_id, 'retry', step, next, now);
    }
    const counted = await subscriptions.failed(attempt.subscription_id, now);
    if (counted.status === 'active' && counted.consecutive_failures >= this.deps.disableAfter) {
      await this.trip(tx, counted, error ?? `HTTP ${'status' in answer ? answer.status : '?'}`);
    }
    return true;
  }

  /** Too many failures in a row: the subscription is disabled and its owner emailed. */
  private async trip(tx: Queryable, subscription: SubscriptionRow, lastError: string) {
    const to = nextSubscriptionState(subscription.status, 'trip');
    if (!to) return;
    const now = this.clock.now();
    const repository = new SubscriptionRepository(tx);
    await repository.setStatus(subscription.id, to, 'failing', now);
    await audit(tx, {
      at: now,
      actorId: null,
      action: 'webhook_subscription.trip',
      resourceType: 'webhook_subscription',
      resourceId: subscription.id,
      before: { status: subscription.status },
      after: { status: to, failures: subscription.consecutive_failures },
    });
    tx.afterCommit(() => this.deps.changed());
    const contact = await repository.contactOf(subscription.client_id);
    if (!contact) return;
    try {
      await this.deps.notifications.enqueue(tx, {
        channel: 'email',
        recipient: contact.contact_email,
        template: 'webhook_endpoint_disabled',
        locale: 'vi',
        values: {
          name: contact.contact_name,
          client: contact.name,
          url: subscription.url,
          at: formatDateTime(now),
          failures: subscription.consecutive_failures,
          error: lastError,
          id: subscription.id,
        },
      });
    } catch (error) {
      // The address had its hour's share of email: the endpoint is disabled all the same.
      if (!(error instanceof ProblemError && error.status === 429)) throw error;
    }
  }
}
