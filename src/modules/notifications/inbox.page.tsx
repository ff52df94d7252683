import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';
import { Tag } from '../../web/components.js';
import type { NotificationRow } from './service.js';
import { formatDateTime } from '../../platform/i18n/index.js';

/** The in-app notification list: what the portal told this person, newest first. */
export function InboxPage({ messages, csrf }: { messages: NotificationRow[]; csrf: string }) {
  const { t } = usePage();
  const unread = messages.some((m) => m.read_at === null);
  return (
    <Layout title={t('notifications.title')} breadcrumbs={[{ label: t('notifications.title') }]}>
      <h1>{t('notifications.title')}</h1>
      {messages.length === 0 ? <p>{t('notifications.empty')}</p> : null}
      <ol class="result-list">
        {messages.map((m) => (
          <li key={m.id} class="result">
            <h2>
              {m.subject}{' '}
              {m.read_at === null ? <Tag tone="info">{t('notifications.unread')}</Tag> : null}
            </h2>
            <p class="meta">{formatDateTime(m.created_at)}</p>
            <p>{m.body}</p>
          </li>
        ))}
      </ol>
      {unread ? (
        <form method="post" action="/notifications/read">
          <input type="hidden" name="csrf" value={csrf} />
          <button type="submit" class="button button-secondary">
            {t('notifications.markAllRead')}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}
