import { formatDateTime } from '../../platform/i18n/index.js';
import { DataTable, ErrorSummary, type SummaryError } from '../../web/components.js';
import { usePage } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { Choice, Input, TextArea } from './fields.js';
import type { EntryRow, TicketRow } from './repository.js';
import { Timeline, TicketStatus, TicketSummary } from './timeline.js';
import { TOPICS } from './topics.js';

/** The contact form's fields as typed (sent back as they were when refused). */
export type ContactValues = Record<
  'topic' | 'procedureCode' | 'subject' | 'message' | 'name' | 'email' | 'phone',
  string
>;

const helpCrumb = (t: ReturnType<typeof usePage>['t']) => ({
  href: '/help',
  label: t('support.help.title'),
});

/** /help/contact: signed in, the ticket is the account's; otherwise name and an address. */
export function ContactPage(props: {
  values: ContactValues;
  errors: SummaryError[];
  csrf: string;
  /** The account's name when signed in. */
  signedInAs: string | null;
  sent: { code: string; address: string | null } | null;
}) {
  const { t } = usePage();
  const { values: v, errors } = props;
  return (
    <Layout
      title={t('support.contact.title')}
      breadcrumbs={[helpCrumb(t), { label: t('support.contact.title') }]}
    >
      <h1>{t('support.contact.title')}</h1>
      <ErrorSummary errors={errors} />
      {props.sent ? (
        <div class="notice" role="status">
          <p>{t('support.contact.sent', { code: props.sent.code })}</p>
          {props.sent.address ? (
            <p>{t('support.contact.sentAnonymous', { address: props.sent.address })}</p>
          ) : (
            <p>
              <a href="/my/help">{t('support.help.myLink')}</a>
            </p>
          )}
        </div>
      ) : null}
      <p>{t('support.contact.intro')}</p>
      <p>
        {props.signedInAs
          ? t('support.contact.signedInAs', { name: props.signedInAs })
          : t('support.contact.anonymous')}
      </p>
      <form method="post" action="/help/contact" novalidate>
        <input type="hidden" name="csrf" value={props.csrf} />
        <Choice
          name="topic"
          label={t('support.contact.topic')}
          value={v.topic}
          errors={errors}
          options={TOPICS}
          prefix="support.topic."
          placeholder={t('support.contact.chooseTopic')}
        />
        <Input
          name="procedureCode"
          label={t('support.contact.procedure')}
          hint={t('support.contact.procedureHint')}
          value={v.procedureCode}
          errors={errors}
          maxLength={40}
        />
        <Input
          name="subject"
          label={t('support.contact.subject')}
          value={v.subject}
          errors={errors}
          maxLength={200}
        />
        <TextArea
          name="message"
          label={t('support.contact.message')}
          value={v.message}
          errors={errors}
          maxLength={5000}
        />
        {props.signedInAs ? null : (
          <>
            <Input
              name="name"
              label={t('support.contact.name')}
              value={v.name}
              errors={errors}
              maxLength={100}
              autoComplete="name"
            />
            <Input
              name="email"
              type="email"
              label={t('support.contact.email')}
              value={v.email}
              errors={errors}
              maxLength={254}
              autoComplete="email"
            />
            <Input
              name="phone"
              type="tel"
              label={t('support.contact.phone')}
              value={v.phone}
              errors={errors}
              maxLength={20}
              autoComplete="tel"
            />
          </>
        )}
        <button type="submit" class="button" data-once>
          {t('support.contact.send')}
        </button>
      </form>
    </Layout>
  );
}

/** /my/help: the person's tickets. */
export function MyTicketsPage(props: { tickets: TicketRow[]; now: Date }) {
  const { t } = usePage();
  return (
    <Layout
      title={t('support.mine.title')}
      breadcrumbs={[helpCrumb(t), { label: t('support.mine.title') }]}
    >
      <h1>{t('support.mine.title')}</h1>
      {props.tickets.length === 0 ? (
        <p>{t('support.mine.none')}</p>
      ) : (
        <DataTable
          caption={t('support.mine.title')}
          headers={[
            t('support.ticket.code'),
            t('support.ticket.subject'),
            t('support.ticket.status'),
            t('support.ticket.created'),
          ]}
        >
          {props.tickets.map((ticket) => (
            <tr key={ticket.id}>
              <td>
                <a href={`/my/help/${ticket.id}`}>{ticket.code}</a>
              </td>
              <td>{ticket.subject}</td>
              <td>
                <TicketStatus ticket={ticket} now={props.now} />
              </td>
              <td>{formatDateTime(ticket.created_at)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <p>
        <a href="/help/contact">{t('support.help.contactLink')}</a>
      </p>
    </Layout>
  );
}

/** /my/help/:id: the person's ticket, its answers, and a form to write again. */
export function MyTicketPage(props: {
  ticket: TicketRow;
  entries: EntryRow[];
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
      title={ticket.subject}
      breadcrumbs={[
        helpCrumb(t),
        { href: '/my/help', label: t('support.mine.title') },
        { label: ticket.code },
      ]}
    >
      <h1>{ticket.subject}</h1>
      <ErrorSummary errors={props.errors} />
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <TicketSummary ticket={ticket} now={props.now} />
      <Timeline entries={props.entries} staff={false} />
      {ticket.status === 'closed' ? null : (
        <form method="post" action={`/my/help/${ticket.id}`} novalidate>
          <input type="hidden" name="csrf" value={props.csrf} />
          <TextArea
            name="body"
            label={t('support.mine.reply')}
            value={props.typed}
            errors={props.errors}
            maxLength={5000}
            rows={4}
          />
          <button type="submit" class="button" data-once>
            {t('support.mine.replySend')}
          </button>
        </form>
      )}
    </Layout>
  );
}
