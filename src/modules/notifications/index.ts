import type { Clock } from '../../platform/clock.js';
import type { Changes } from '../../platform/changes.js';
import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import type { JobDefinition } from '../../platform/jobs.js';
import { developmentStandIns, type Config } from '../../config.js';
import { HttpSmsProvider, MailboxProvider, SmtpEmailProvider } from './providers.js';
import { NotificationService } from './service.js';
import { notificationRoutes } from './routes.js';

// What other modules may use of notifications (docs/adr/0007-module-boundaries.md).
export type { Contact, ContactDirectory, HeaderMessages, NotificationService } from './service.js';

/**
 * Notifications: the outbox and its channels. Without SMTP_URL or SMS_GATEWAY_URL the
 * messages stay in the outbox instead of leaving the machine; in development they can be
 * read at /dev/mailbox.
 */
export function createNotificationsModule(
  db: Database,
  clock: Clock,
  config: Config,
  changes: Changes,
) {
  const mailbox = new MailboxProvider();
  const service = new NotificationService(
    db,
    clock,
    {
      email: config.SMTP_URL ? new SmtpEmailProvider(config.SMTP_URL, config.MAIL_FROM) : mailbox,
      sms: config.SMS_GATEWAY_URL
        ? new HttpSmsProvider(config.SMS_GATEWAY_URL, config.SMS_GATEWAY_TOKEN ?? null)
        : mailbox,
    },
    changes,
  );
  const jobs: JobDefinition[] = [
    { name: 'notifications-dispatch', cron: '* * * * *', run: () => service.dispatchDue() },
  ];
  return {
    service,
    jobs,
    routes(app: App) {
      // Called on the app itself (not in a scope of its own): the root's hooks and body
      // parsers apply, whichever module adds them.
      void notificationRoutes(app, {
        notifications: service,
        mailbox: developmentStandIns(config),
      });
    },
  };
}
