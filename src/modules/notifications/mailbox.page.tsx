import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';
import type { NotificationRow } from './service.js';
import { formatDateTime } from '../../platform/i18n/index.js';

/** Every email and SMS the portal would have sent, for development and tests. */
export function MailboxPage({ messages }: { messages: NotificationRow[] }) {
  const { t } = usePage();
  return (
    <Layout title={t('mailbox.title')}>
      <h1>{t('mailbox.title')}</h1>
      <p class="notice" role="note">
        {t('mailbox.notice')}
      </p>
      {messages.length === 0 ? (
        <p>{t('mailbox.empty')}</p>
      ) : (
        <ol class="result-list">
          {messages.map((m) => (
            <li key={m.id} class="result mail">
              <h2>{m.subject}</h2>
              <p class="meta">
                {t('mailbox.meta', {
                  channel: m.channel === 'sms' ? 'SMS' : 'Email',
                  to: m.recipient,
                  status: m.status,
                  at: formatDateTime(m.created_at),
                })}
              </p>
              <p>{m.body}</p>
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}
