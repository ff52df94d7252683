import { formatDateTime } from '../../platform/i18n/index.js';
import { DataTable, Detail, ErrorSummary, type SummaryError } from '../../web/components.js';
import { usePage } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { DeskNav, TextArea } from './fields.js';
import type { TicketAction } from './lifecycle.js';
import type { EntryRow, TicketRow } from './repository.js';
import { Timeline, TicketStatus, TicketSummary } from './timeline.js';

const deskCrumb = (t: ReturnType<typeof usePage>['t']) => ({
  href: '/backoffice/help',
  label: t('support.desk.title'),
});

/** /backoffice/help: the tickets, overdue first. */
export function DeskPage(props: { tickets: TicketRow[]; now: Date; showClosed: boolean }) {
  const { t } = usePage();
  return (
    <Layout title={t('support.desk.title')} breadcrumbs={[{ label: t('support.desk.title') }]}>
      <h1>{t('support.desk.title')}</h1>
      <DeskNav />
      <h2 id="tickets-heading">{t('support.desk.tickets')}</h2>
      <form method="get" action="/backoffice/help">
        <div class="field checkbox">
          <input id="closed" name="closed" type="checkbox" value="1" checked={props.showClosed} />
          <label for="closed">{t('support.desk.showClosed')}</label>
        </div>
        <button type="submit" class="button button-secondary">
          {t('support.figures.show')}
        </button>
      </form>
      {props.tickets.length === 0 ? (
        <p>{t('support.desk.noTickets')}</p>
      ) : (
        <DataTable
          caption={{ headingId: 'tickets-heading' }}
          headers={[
            t('support.ticket.code'),
            t('support.ticket.subject'),
            t('support.ticket.topic'),
            t('support.ticket.status'),
            t('support.ticket.due'),
          ]}
        >
          {props.tickets.map((ticket) => (
            <tr key={ticket.id}>
              <td>
                <a href={`/backoffice/help/tickets/${ticket.id}`}>{ticket.code}</a>
              </td>
              <td>{ticket.subject}</td>
              <td>{t(`support.topic.${ticket.topic}`)}</td>
              <td>
                <TicketStatus ticket={ticket} now={props.now} />
              </td>
              <td>{ticket.due_at ? formatDateTime(ticket.due_at) : t('support.ticket.noDue')}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}

/** The reply form: the text, and what becomes of the ticket once it is sent. */
function ReplyForm(props: {
  ticket: TicketRow;
  actions: TicketAction[];
  csrf: string;
  errors: SummaryError[];
  typed: string;
}) {
  const { t } = usePage();
  const replies = props.actions.filter((a) => a === 'ask' || a === 'resolve' || a === 'note');
  if (replies.length === 0) return null;
  return (
    <form method="post" action={`/backoffice/help/tickets/${props.ticket.id}`} novalidate>
      <h2>{t('support.desk.reply')}</h2>
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="version" value={String(props.ticket.version)} />
      <TextArea
        name="body"
        label={t('support.desk.replyText')}
        value={props.typed}
        errors={props.errors}
        maxLength={5000}
      />
      <fieldset class="field">
        <legend>{t('support.desk.nextStep')}</legend>
        {replies.map((action, i) => (
          <div class="radio" key={action}>
            <input
              id={`action-${action}`}
              type="radio"
              name="action"
              value={action}
              checked={i === 0}
            />
            <label for={`action-${action}`}>{t(`support.action.${action}`)}</label>
          </div>
        ))}
      </fieldset>
      <button type="submit" class="button" data-once>
        {t('support.desk.send')}
      </button>
    </form>
  );
}

/** Actions without a text: one small form (and button) each. */
function OtherActions(props: { ticket: TicketRow; actions: TicketAction[]; csrf: string }) {
  const { t } = usePage();
  const plain = props.actions.filter((a) => a === 'take' || a === 'close' || a === 'reopen');
  if (plain.length === 0) return null;
  return (
    <section aria-labelledby="other-heading">
      <h2 id="other-heading">{t('support.desk.otherActions')}</h2>
      {plain.map((action) => (
        <form key={action} method="post" action={`/backoffice/help/tickets/${props.ticket.id}`}>
          <input type="hidden" name="csrf" value={props.csrf} />
          <input type="hidden" name="version" value={String(props.ticket.version)} />
          <input type="hidden" name="action" value={action} />
          <button type="submit" class="button button-secondary" data-once>
            {t(`support.action.${action}`)}
          </button>
        </form>
      ))}
    </section>
  );
}

/** /backoffice/help/tickets/:id: the ticket, its whole timeline, reply and status. */
export function DeskTicketPage(props: {
  ticket: TicketRow;
  entries: EntryRow[];
  actions: TicketAction[];
  now: Date;
  csrf: string;
  errors: SummaryError[];
  notice: string | null;
  typed: string;
}) {
  const { t } = usePage();
  const { ticket } = props;
  return (
    <Layout
      title={`${ticket.code} · ${ticket.subject}`}
      breadcrumbs={[deskCrumb(t), { label: ticket.code }]}
    >
      <h1>{ticket.subject}</h1>
      <ErrorSummary errors={props.errors} />
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <TicketSummary ticket={ticket} now={props.now} />
      <dl class="summary-list">
        <Detail term={t('support.ticket.contact')}>
          {[ticket.contact_name, ticket.contact_email, ticket.contact_phone]
            .filter(Boolean)
            .join(' · ')}
        </Detail>
      </dl>
      <Timeline entries={props.entries} staff />
      <ReplyForm {...props} />
      <OtherActions ticket={ticket} actions={props.actions} csrf={props.csrf} />
    </Layout>
  );
}
