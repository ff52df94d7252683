import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/db.js';
import { changeKeys, type Changes } from '../../platform/changes.js';
import { ProblemError } from '../../platform/errors.js';
import type { Locale } from '../../platform/i18n/index.js';
import type { MessageProvider } from './providers.js';
import { MAX_ATTEMPTS, renderTemplate, retryDelayMs, type TemplateName } from './templates.js';

type Channel = 'email' | 'sms' | 'in_app';

export interface NotificationRow {
  id: string;
  channel: Channel;
  recipient: string;
  template: string;
  subject: string;
  body: string;
  status: 'queued' | 'sent' | 'delivered' | 'failed';
  attempts: number;
  provider: string | null;
  provider_answer: string | null;
  created_at: Date;
  read_at: Date | null;
}

/** How a person can be told things, and how they chose to be: their account's contact. */
export interface Contact {
  email: string | null;
  phone: string | null;
  notifyByEmail: boolean;
  notifyBySms: boolean;
}

/**
 * Where people's contact details are kept. Notifications sit below the module that keeps
 * accounts (identity) and import nothing of it: that module hands its directory in at start.
 */
export interface ContactDirectory {
  /** An account's contact, read through the caller's transaction; null for no such account. */
  contactOf(q: Queryable, accountId: string): Promise<Contact | null>;
}

/** A message to write: to an account in the portal, or to an address by email or SMS. */
interface Message {
  channel: Channel;
  recipient: string;
  accountId?: string | null;
  template: TemplateName;
  locale: Locale;
  values: Record<string, string | number>;
}

/** At most this many emails or SMS to one address in an hour: no flooding anyone. */
export const RECIPIENT_LIMIT_PER_HOUR = 10;

/** How many of the newest messages a page's header lists. */
const HEADER_LATEST = 3;

/** A page header's messages, as headerMessagesSql reads them. */
export interface HeaderMessages {
  unread: number;
  latest: { id: string; subject: string; read: boolean }[];
}
/** A claimed message is not claimed again by another worker for this long. */
const CLAIM_LEASE_MS = 5 * 60_000;

export class NotificationService {
  private contacts: ContactDirectory | null = null;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly providers: Record<'email' | 'sms', MessageProvider>,
    /** Told of each in-app message and read mark: the header shows them. */
    private readonly changes: Changes,
  ) {}

  /** Where `notifyAccount` finds people's contact details: set once at start, by identity. */
  useContacts(directory: ContactDirectory): void {
    this.contacts = directory;
  }

  /**
   * Writes a message into the outbox inside the caller's transaction, so it exists if and
   * only if the event that causes it does. In-app messages are delivered by being written;
   * an email or SMS to an address that had its hour's share already is refused (429).
   */
  async enqueue(tx: Queryable, message: Message): Promise<string> {
    const id = await this.write(tx, message);
    if (id === null) throw new ProblemError(429, 'too_many_messages', 'errors.tooManyMessages');
    return id;
  }

  /**
   * The message written, in one statement that also counts the address's last hour (email
   * and SMS): its id, or null when the address is past its share and nothing was written.
   */
  private async write(tx: Queryable, message: Message): Promise<string | null> {
    const now = this.clock.now();
    const { subject, body } = renderTemplate(message.template, message.locale, message.values);
    const inApp = message.channel === 'in_app';
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO notifications (account_id, channel, recipient, template, locale, subject, body,
         status, next_attempt_at, created_at, sent_at, provider)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11
       WHERE $2 = 'in_app' OR (SELECT count(*) FROM notifications
         WHERE recipient = $3 AND channel = $2 AND created_at > $12) < $13
       RETURNING id`,
      [
        message.accountId ?? null,
        message.channel,
        message.recipient,
        message.template,
        message.locale,
        subject,
        body,
        inApp ? 'delivered' : 'queued',
        now,
        inApp ? now : null,
        inApp ? 'in-app' : null,
        new Date(now.getTime() - 3600_000),
        RECIPIENT_LIMIT_PER_HOUR,
      ],
    );
    if (!row) return null;
    if (inApp && message.accountId) this.changes.after(tx, changeKeys.messages(message.accountId));
    return row.id;
  }

  /**
   * Tells a person something the way they chose on their profile: always in the portal,
   * and by email and/or SMS when they asked for it and gave the address. `known` is their
   * contact when the caller holds it already (the person signed in, read with their
   * session): it is not read again.
   */
  async notifyAccount(
    tx: Queryable,
    accountId: string,
    message: { template: TemplateName; locale: Locale; values: Record<string, string | number> },
    known?: Contact,
  ): Promise<void> {
    if (!this.contacts) throw new Error('notifications: no contact directory (identity sets it)');
    const contact = known ?? (await this.contacts.contactOf(tx, accountId));
    if (!contact) return;
    await this.enqueue(tx, { channel: 'in_app', recipient: accountId, accountId, ...message });
    // Past the hourly limit an address gets no more email or SMS, but the event itself
    // (a submission, say) must not fail for it: the in-app copy always stays.
    const copies: [Channel, string | null, boolean][] = [
      ['email', contact.email, contact.notifyByEmail],
      ['sms', contact.phone, contact.notifyBySms],
    ];
    for (const [channel, recipient, wanted] of copies) {
      if (wanted && recipient) await this.write(tx, { channel, recipient, accountId, ...message });
    }
  }

  /**
   * Sends what is due: claims a batch (SKIP LOCKED, so workers share without doubles),
   * hands each to its channel's provider, and records the answer; a failure is retried
   * with growing delays, then marked failed.
   */
  async dispatchDue(batch = 50): Promise<{ sent: number; failed: number }> {
    const now = this.clock.now();
    const claimed = await this.db.query<NotificationRow>(
      `UPDATE notifications SET attempts = attempts + 1, next_attempt_at = $2
       WHERE id IN (SELECT id FROM notifications
                    WHERE status = 'queued' AND next_attempt_at <= $1
                    ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, channel, recipient, template, subject, body, status, attempts, provider,
         provider_answer, created_at, read_at`,
      [now, new Date(now.getTime() + CLAIM_LEASE_MS), batch],
    );
    let sent = 0;
    let failed = 0;
    for (const message of claimed) {
      const provider = this.providers[message.channel as 'email' | 'sms'];
      try {
        const result = await provider.send({
          to: message.recipient,
          subject: message.subject,
          body: message.body,
        });
        await this.db.query(
          `UPDATE notifications SET status = $2, provider = $3, provider_message_id = $4,
             provider_answer = $5, sent_at = $6 WHERE id = $1`,
          [
            message.id,
            result.status,
            provider.name,
            result.providerMessageId,
            result.answer,
            this.clock.now(),
          ],
        );
        sent += 1;
      } catch (error) {
        const giveUp = message.attempts >= MAX_ATTEMPTS;
        await this.db.query(
          `UPDATE notifications SET status = $2, provider = $3, provider_answer = $4,
             next_attempt_at = $5 WHERE id = $1`,
          [
            message.id,
            giveUp ? 'failed' : 'queued',
            provider.name,
            error instanceof Error ? error.message.slice(0, 1000) : String(error),
            new Date(this.clock.now().getTime() + retryDelayMs(message.attempts)),
          ],
        );
        if (giveUp) failed += 1;
      }
    }
    return { sent, failed };
  }

  /** A person's in-app messages, newest first. */
  async inbox(accountId: string, limit = 50) {
    return this.db.query<NotificationRow>(
      `SELECT id, channel, recipient, template, subject, body, status, attempts, provider,
         provider_answer, created_at, read_at
       FROM notifications WHERE account_id = $1 AND channel = 'in_app'
       ORDER BY created_at DESC LIMIT $2`,
      [accountId, limit],
    );
  }

  /**
   * What a page's header shows of an account's messages (how many unread, the newest
   * three), as an SQL expression of the account's id: identity reads it with the session,
   * so a signed-in page costs one round trip before its own reads. Read by `headerOf`.
   */
  headerMessagesSql(accountId: string): string {
    return `jsonb_build_object(
      'unread', (SELECT count(*) FROM notifications
        WHERE account_id = ${accountId} AND channel = 'in_app' AND read_at IS NULL),
      'latest', coalesce((SELECT jsonb_agg(jsonb_build_object('id', n.id, 'subject', n.subject,
          'read', n.read_at IS NOT NULL) ORDER BY n.created_at DESC)
        FROM (SELECT id, subject, read_at, created_at FROM notifications
          WHERE account_id = ${accountId} AND channel = 'in_app'
          ORDER BY created_at DESC LIMIT ${HEADER_LATEST}) n), '[]'::jsonb))`;
  }

  async markAllRead(accountId: string): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET read_at = $2
       WHERE account_id = $1 AND channel = 'in_app' AND read_at IS NULL`,
      [accountId, this.clock.now()],
    );
    this.changes.changed(changeKeys.messages(accountId));
  }

  /** Every email and SMS, newest first: the development mailbox. */
  async mailbox(limit = 100) {
    return this.db.query<NotificationRow>(
      `SELECT id, channel, recipient, template, subject, body, status, attempts, provider,
         provider_answer, created_at, read_at
       FROM notifications WHERE channel <> 'in_app' ORDER BY created_at DESC LIMIT $1`,
      [limit],
    );
  }
}
