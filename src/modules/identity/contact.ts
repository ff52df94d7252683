import type { Clock } from '../../platform/clock.js';
import { changeKeys, type Changes } from '../../platform/changes.js';
import type { Database, Queryable } from '../../platform/db.js';
import { ProblemError } from '../../platform/errors.js';
import { formatDateTime, type Locale } from '../../platform/i18n/index.js';
import type { NotificationService } from '../notifications/index.js';
import { IdentityRepository } from './repository.js';

type ContactDetails = Parameters<IdentityRepository['updateContact']>[1];

/** Saved, or refused because another portal account signs in with that email or phone. */
export type ContactSaved = 'saved' | 'email' | 'phone';

const WHAT = {
  email: { vi: 'địa chỉ thư điện tử', en: 'email address' },
  phone: { vi: 'số điện thoại', en: 'phone number' },
} as const;

/**
 * A person's contact details, changed. The address being replaced is told (by email or
 * SMS, as it was), so someone using a session left open on a shared computer cannot move
 * where notices and sign-in codes go without the owner hearing of it.
 */
export class ContactChanges {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
    /** Told of each change: who is signed in is remembered with their contact details. */
    private readonly changes: Changes,
  ) {}

  async change(accountId: string, contact: ContactDetails, locale: Locale): Promise<ContactSaved> {
    const taken = await new IdentityRepository(this.db).signInAddressTaken(
      accountId,
      contact.email,
      contact.phone,
    );
    if (taken) return taken;
    try {
      await this.db.transaction(async (tx) => {
        const repository = new IdentityRepository(tx);
        const before = await repository.accountForUpdate(accountId);
        await repository.updateContact(accountId, contact);
        this.changes.after(tx, changeKeys.account(accountId));
        if (!before) return;
        if (before.email && before.email !== contact.email) {
          await this.tell(tx, accountId, 'email', before.email, before.name, locale);
        }
        if (before.phone && before.phone !== contact.phone) {
          await this.tell(tx, accountId, 'phone', before.phone, before.name, locale);
        }
      });
      return 'saved';
    } catch (error) {
      // Two portal accounts taking one address at once: the unique index decides.
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code !== '23505') throw error;
      return constraint === 'accounts_local_phone_idx' ? 'phone' : 'email';
    }
  }

  private async tell(
    tx: Queryable,
    accountId: string,
    what: 'email' | 'phone',
    recipient: string,
    name: string,
    locale: Locale,
  ) {
    const notice = {
      channel: what === 'email' ? 'email' : 'sms',
      recipient,
      accountId,
      template: 'contact_changed',
      locale,
      values: { name, what: WHAT[what][locale], at: formatDateTime(this.clock.now()) },
    } as const;
    try {
      await this.notifications.enqueue(tx, notice);
    } catch (error) {
      // An address that has had its hour's share of messages: the change is still saved.
      if (!(error instanceof ProblemError && error.status === 429)) throw error;
    }
  }
}
