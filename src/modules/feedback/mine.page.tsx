import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';
import { ErrorSummary, type SummaryError } from '../../web/components.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { FeedbackService } from './service.js';
import type { FeedbackRow } from './repository.js';
import { Answer, Content, Files, ItemTable, Timeline, type AgencyNames } from './page-parts.js';

/** The person's feedback, newest first. */
export function MyFeedbackPage(props: { rows: FeedbackRow[]; names: AgencyNames; now: Date }) {
  const { t } = usePage();
  return (
    <Layout title={t('feedback.mine.title')} breadcrumbs={[{ label: t('feedback.mine.title') }]}>
      <h1>{t('feedback.mine.title')}</h1>
      <p>
        <a class="button" href="/feedback/new">
          {t('feedback.newLink')}
        </a>
      </p>
      {props.rows.length === 0 ? (
        <p>{t('feedback.mine.empty')}</p>
      ) : (
        <ItemTable
          caption={t('feedback.mine.title')}
          rows={props.rows}
          names={props.names}
          href={(code) => `/my/feedback/${code}`}
          now={props.now}
        />
      )}
    </Layout>
  );
}

type View = Awaited<ReturnType<FeedbackService['details']>>;

export interface MyItemPageProps {
  view: View;
  names: AgencyNames;
  /** Just done: the acknowledgement, a reply sent, a withdrawal. */
  done: 'sent' | 'reply' | 'withdraw' | null;
  errors: SummaryError[];
  csrf: string;
}

/** What the agency asked, and the form to answer it. */
function ReplyForm({ view, errors, csrf }: Pick<MyItemPageProps, 'view' | 'errors' | 'csrf'>) {
  const { t } = usePage();
  const asked = [...view.events].reverse().find((e) => e.action === 'ask_more');
  const error = errors.find((e) => e.field === 'text')?.message;
  return (
    <section aria-labelledby="reply-heading" class="panel">
      <h2 id="reply-heading">{t('feedback.reply')}</h2>
      {asked?.note ? (
        <>
          <p>{t('feedback.item.asked')}</p>
          <p class="preserve-lines">{asked.note}</p>
        </>
      ) : null}
      <form method="post" action={`/my/feedback/${view.row.code}/reply`} novalidate>
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="version" value={String(view.row.version)} />
        <div class="field">
          <label for="text">{t('feedback.replyText')}</label>
          {error ? (
            <p class="field-error" id="text-error">
              {error}
            </p>
          ) : null}
          <textarea
            id="text"
            name="text"
            rows={4}
            maxLength={5000}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'text-error' : undefined}
          ></textarea>
        </div>
        <button type="submit" class="button">
          {t('feedback.sendReply')}
        </button>
      </form>
    </section>
  );
}

function WithdrawForm({ row, csrf }: { row: FeedbackRow; csrf: string }) {
  const { t } = usePage();
  return (
    <form method="post" action={`/my/feedback/${row.code}/withdraw`} class="inline-form">
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="version" value={String(row.version)} />
      <div class="field">
        <label for="reason">{t('feedback.withdrawReason')}</label>
        <textarea id="reason" name="reason" rows={2} maxLength={1000}></textarea>
      </div>
      <button type="submit" class="button button-secondary">
        {t('feedback.withdraw')}
      </button>
    </form>
  );
}

/** One of the person's items: what they sent, its handling, the answer and what they may do. */
export function MyItemPage(props: MyItemPageProps) {
  const { t } = usePage();
  const { row, files, events, mergedInto } = props.view;
  const href = (id: string) => `/my/feedback/${row.code}/files/${id}`;
  const answerPdf = files.find((f) => f.purpose === 'answer');
  const open = ['submitted', 'in_progress', 'awaiting_sender'].includes(row.status);
  return (
    <Layout
      title={`${row.code} — ${row.title}`}
      breadcrumbs={[{ label: t('feedback.mine.title'), href: '/my/feedback' }, { label: row.code }]}
    >
      <h1>
        <span class="code">{row.code}</span> {row.title}
      </h1>
      <ErrorSummary errors={props.errors} />
      {props.done ? (
        <div class="notice" role="status">
          {props.done === 'sent'
            ? t('feedback.sent', { code: row.code })
            : t(`feedback.done.${props.done}` as MessageKey)}
        </div>
      ) : null}
      <Answer row={row} names={props.names} pdfHref={answerPdf ? href(answerPdf.id) : null} />
      {mergedInto ? (
        <section class="panel" aria-labelledby="merged-heading">
          <h2 id="merged-heading">{t('feedback.status.merged')}</h2>
          <p>{t('feedback.item.mergedInto', { code: mergedInto.code })}</p>
          {mergedInto.answer ? <p class="preserve-lines">{mergedInto.answer}</p> : null}
        </section>
      ) : null}
      {row.status === 'awaiting_sender' ? (
        <ReplyForm view={props.view} errors={props.errors} csrf={props.csrf} />
      ) : null}
      <Content row={row} names={props.names} />
      <Files files={files} href={href} />
      <Timeline events={events} names={props.names} />
      {open ? <WithdrawForm row={row} csrf={props.csrf} /> : null}
    </Layout>
  );
}
