import { audit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/db.js';
import { notFound, ProblemError } from '../../platform/errors.js';
import type { NotificationService } from '../notifications/index.js';
import { DeliveryRepository } from './webhook-delivery-repository.js';
import {
  callEvent,
  catalogEvent,
  dossierStatusEvent,
  feedbackEvent,
  payloadOf,
  paymentEvent,
  ratingEvent,
  ticketEvent,
  type DossierStatusChange,
  type FeedbackStep,
  type HelpCall,
  type HelpTicketChange,
  type PaymentSucceededEvent,
  type RatingGiven,
  type WebhookEvent,
} from './webhook-events.js';
import { SubscriptionRepository } from './webhook-repository.js';
import { WebhookSender } from './webhook-sender.js';
import { newMessageId, SecretBox } from './webhook-signing.js';
import { SubscriptionService, type WebhookActor } from './webhook-subscriptions.js';
import type { WebhookTransport } from './webhook-transport.js';

/** How long what is subscribed to is remembered when this process changed nothing. */
const REMEMBER_WANTED_MS = 5_000;

export interface Page {
  limit: number;
  offset: number;
  messageId?: string;
}

/**
 * Webhooks out: events published (in the caller's transaction) to the subscriptions that
 * want them, sent soon after by the sender, every attempt kept and replayable.
 */
export class WebhookService {
  readonly subscriptions: SubscriptionService;
  private readonly sender: WebhookSender;
  private wanted: { types: Set<string>; at: number } | null = null;
  /** The read of the wanted types under way, shared by the events that ask meanwhile. */
  private reading: { read: Promise<Set<string>>; generation: number } | null = null;
  /** Counts changes of subscriptions: what was read before one is not remembered. */
  private generation = 0;
  private onError: (error: unknown) => void = () => undefined;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    deps: {
      serverSecret: string;
      transport: WebhookTransport;
      notifications: NotificationService;
      production: boolean;
      disableAfter: number;
      timeoutMs: number;
    },
  ) {
    const box = new SecretBox(deps.serverSecret);
    const changed = () => {
      this.generation += 1;
      this.wanted = null;
    };
    this.subscriptions = new SubscriptionService(db, clock, {
      box,
      production: deps.production,
      // One enabled again sends what waited for it at once.
      changed: () => {
        changed();
        this.sender.soon();
      },
    });
    this.sender = new WebhookSender(db, clock, {
      box,
      transport: deps.transport,
      notifications: deps.notifications,
      disableAfter: deps.disableAfter,
      timeoutMs: deps.timeoutMs,
      changed,
      onError: (error) => this.onError(error),
    });
  }

  /** Where failures of background work are reported (the app's log). */
  reportTo(onError: (error: unknown) => void): void {
    this.onError = onError;
  }

  /**
   * Publishes an event in the caller's transaction (or on its own through the database):
   * the message and one attempt due now for every active subscription that wants it, sent
   * once committed. Answers the message's id, or null when no subscription wanted it (then
   * nothing is written).
   */
  async publish(q: Queryable, event: WebhookEvent): Promise<string | null> {
    if (!(await this.wants(q, event.type))) return null;
    const id = newMessageId();
    const at = this.clock.now();
    const attempts = await new DeliveryRepository(q).publish({
      id,
      type: event.type,
      agencyCode: event.agencyCode ?? null,
      payload: payloadOf(event, at),
      at,
    });
    if (attempts === 0) return null;
    q.afterCommit(() => this.sender.soon());
    return id;
  }

  /** The dossiers module's status sync announces a change (wired in src/app.ts). */
  onDossierStatusChanged(change: DossierStatusChange): void {
    this.publishAlone(dossierStatusEvent(change));
  }

  /** The payments module announces a payment committed. */
  onPaymentSucceeded(payment: PaymentSucceededEvent): void {
    this.publishAlone(paymentEvent(payment));
  }

  /** The catalog changed (versions took effect). */
  onCatalogChanged(): void {
    this.publishAlone(catalogEvent(this.clock.now()));
  }

  /** A step of a feedback item's handling, once committed. */
  onFeedbackStep(step: FeedbackStep): void {
    this.publishAlone(feedbackEvent(step));
  }

  /** A satisfaction rating given or changed. */
  onRated(rating: RatingGiven): void {
    this.publishAlone(ratingEvent(rating));
  }

  /** The help desk's tickets and calls, for the figures of where people get stuck. */
  onHelpTicketChanged(ticket: HelpTicketChange): void {
    this.publishAlone(ticketEvent(ticket));
  }

  onHelpCallLogged(call: HelpCall): void {
    this.publishAlone(callEvent(call));
  }

  /** Sends what is due now: the scheduled job, and tests. */
  sendDue() {
    return this.sender.sendDue();
  }

  /** Resolves once the background sends asked for so far are done. */
  settled(): Promise<void> {
    return this.sender.settled();
  }

  stop(): Promise<void> {
    return this.sender.stop();
  }

  /**
   * One more attempt of a message to a subscription, due now: a client replays what it
   * received (or missed), an administrator what a client asks for. Once, not retried.
   */
  async replay(actor: WebhookActor, subscriptionId: string, messageId: string) {
    const now = this.clock.now();
    const attempt = await this.db.transaction(async (tx) => {
      const subscription = await this.subscriptions.get(actor, subscriptionId, tx, true);
      const deliveries = new DeliveryRepository(tx);
      if (!(await deliveries.wasSent(messageId, subscription.id))) throw notFound();
      if (subscription.status !== 'active') {
        throw new ProblemError(
          409,
          'subscription_state',
          'errors.integration.webhookState',
          { state: subscription.status },
          [],
          { current: { status: subscription.status } },
        );
      }
      const made = await deliveries.next(messageId, subscription.id, 'replay', null, now, now);
      await audit(tx, {
        at: now,
        actorId: 'adminId' in actor ? actor.adminId : null,
        action: 'webhook_message.replay',
        resourceType: 'webhook_subscription',
        resourceId: subscription.id,
        after: { messageId, attempt: made.attempt_number },
      });
      tx.afterCommit(() => this.sender.soon());
      return made;
    });
    return attempt;
  }

  /** The messages meant for a subscription the actor may see, each with its delivery. */
  async messages(actor: WebhookActor, subscriptionId: string, page: Page) {
    const subscription = await this.subscriptions.get(actor, subscriptionId);
    return new DeliveryRepository(this.db).messages(subscription.id, page);
  }

  /** A subscription's attempts, newest first (every subscription's for administrators). */
  async attempts(actor: WebhookActor, subscriptionId: string | null, page: Page) {
    const ids =
      subscriptionId === null
        ? 'adminId' in actor
          ? null
          : []
        : [(await this.subscriptions.get(actor, subscriptionId)).id];
    return new DeliveryRepository(this.db).attempts(ids, page);
  }

  /** A message published on its own, after the change that caused it was committed. */
  private publishAlone(event: WebhookEvent) {
    this.publish(this.db, event).catch((error: unknown) => this.onError(error));
  }

  /** The types wanted, read once for every event asking while the read is under way. */
  private sharedRead(generation: number): Promise<Set<string>> {
    if (this.reading?.generation !== generation) {
      const read = new SubscriptionRepository(this.db).wantedTypes();
      this.reading = { read, generation };
      const done = () => {
        if (this.reading?.read === read) this.reading = null;
      };
      read.then(done, done);
    }
    return this.reading.read;
  }

  /** Whether any active subscription wants events of this type (remembered a few seconds). */
  private async wants(q: Queryable, type: string): Promise<boolean> {
    const now = Date.now();
    if (this.wanted && now - this.wanted.at <= REMEMBER_WANTED_MS)
      return this.wanted.types.has(type);
    const generation = this.generation;
    // Through the caller's transaction: the embedded database would wait for it to end.
    // Outside one, the events of a batch (a thousand status changes at once) share one read.
    const types = await (q === this.db
      ? this.sharedRead(generation)
      : new SubscriptionRepository(q).wantedTypes());
    if (generation === this.generation) this.wanted = { types, at: now };
    return types.has(type);
  }
}
