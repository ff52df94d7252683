import { formatDateTime } from '../../platform/i18n/index.js';
import { Detail, Tag } from '../../web/components.js';
import { usePage } from '../../web/context.js';
import type { EntryRow, TicketRow } from './repository.js';

/** A ticket's status as a tag: overdue ones stand out. */
export function TicketStatus({ ticket, now }: { ticket: TicketRow; now: Date }) {
  const { t } = usePage();
  const overdue = ticket.due_at !== null && ticket.due_at < now;
  return (
    <>
      <Tag tone={ticket.status === 'resolved' || ticket.status === 'closed' ? 'success' : 'info'}>
        {t(`support.status.${ticket.status}`)}
      </Tag>
      {overdue ? (
        <>
          {' '}
          <Tag tone="warning">{t('support.ticket.overdue')}</Tag>
        </>
      ) : null}
    </>
  );
}

/** What a ticket is about, as the person and the desk both see it. */
export function TicketSummary({ ticket, now }: { ticket: TicketRow; now: Date }) {
  const { t } = usePage();
  return (
    <dl class="summary-list">
      <Detail term={t('support.ticket.code')}>{ticket.code}</Detail>
      <Detail term={t('support.ticket.status')}>
        <TicketStatus ticket={ticket} now={now} />
      </Detail>
      <Detail term={t('support.ticket.topic')}>{t(`support.topic.${ticket.topic}`)}</Detail>
      {ticket.procedure_code ? (
        <Detail term={t('support.ticket.procedure')}>
          <a href={`/procedures/${ticket.procedure_code}`}>{ticket.procedure_code}</a>
        </Detail>
      ) : null}
      <Detail term={t('support.ticket.created')}>{formatDateTime(ticket.created_at)}</Detail>
      <Detail term={t('support.ticket.due')}>
        {ticket.due_at ? formatDateTime(ticket.due_at) : t('support.ticket.noDue')}
      </Detail>
    </dl>
  );
}

/** The timeline: messages and replies in full, status changes in a line. */
export function Timeline({ entries, staff }: { entries: EntryRow[]; staff: boolean }) {
  const { t } = usePage();
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('support.ticket.timeline')}</h2>
      <ol class="timeline">
        {entries.map((e) => (
          <li key={e.id}>
            <p>
              <strong>{t(`support.entry.${e.kind}`)}</strong>
              {staff && e.author_name ? ` · ${e.author_name}` : ''} ·{' '}
              <time dateTime={e.at.toISOString()}>{formatDateTime(e.at)}</time>
              {e.kind === 'status' || e.from_status !== e.to_status
                ? ` · ${t(`support.status.${e.to_status}`)}`
                : ''}
            </p>
            {e.body ? <p class="entry-body">{e.body}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
