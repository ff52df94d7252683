import type { ComponentChildren } from 'preact';
import { Layout } from '../../web/layout.js';
import { usePage, withQuery } from '../../web/context.js';
import { ErrorSummary, Pagination, type SummaryError } from '../../web/components.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { AGENCY_ACTIONS, type AgencyAction } from './handling.js';
import { actionsFor } from './lifecycle.js';
import type { FeedbackRow } from './repository.js';
import type { FeedbackService } from './service.js';
import {
  Answer,
  Content,
  Deadline,
  Files,
  ItemTable,
  Timeline,
  type AgencyNames,
} from './page-parts.js';

/** The agency's inbox: open items (escalated first, then by deadline) or those done. */
export function InboxPage(props: {
  rows: FeedbackRow[];
  total: number;
  open: boolean;
  names: AgencyNames;
  /** The item just forwarded to another agency, to say so. */
  forwarded: string | null;
  now: Date;
  nextCursor: string | null;
}) {
  const { t, url } = usePage();
  const title = t('feedback.inbox.title');
  return (
    <Layout title={title} breadcrumbs={[{ label: title }]}>
      <h1>{title}</h1>
      {props.forwarded ? (
        <p class="notice" role="status">
          {t('feedback.officer.forwarded', { code: props.forwarded })}
        </p>
      ) : null}
      <nav aria-label={title}>
        <ul>
          <li>
            <a href="/backoffice/feedback" aria-current={props.open ? 'page' : undefined}>
              {t('feedback.inbox.open')}
            </a>
          </li>
          <li>
            <a
              href={withQuery(url, { state: 'done', cursor: undefined })}
              aria-current={props.open ? undefined : 'page'}
            >
              {t('feedback.inbox.done')}
            </a>
          </li>
        </ul>
      </nav>
      <p>{t('feedback.inbox.count', { count: props.total })}</p>
      {props.rows.length === 0 ? (
        <p>{t('feedback.inbox.empty')}</p>
      ) : (
        <ItemTable
          caption={t(props.open ? 'feedback.inbox.open' : 'feedback.inbox.done')}
          rows={props.rows}
          names={props.names}
          href={(code) => `/backoffice/feedback/${code}`}
          now={props.now}
        />
      )}
      <Pagination nextCursor={props.nextCursor} />
    </Layout>
  );
}

type View = Awaited<ReturnType<FeedbackService['details']>>;

const BUTTONS: Record<AgencyAction, MessageKey> = {
  accept: 'feedback.officer.accept',
  forward: 'feedback.officer.forward',
  ask_more: 'feedback.officer.askMore',
  answer: 'feedback.officer.answer',
  close: 'feedback.officer.close',
  reject: 'feedback.officer.reject',
  merge: 'feedback.officer.merge',
};

/** One action's form: its fields and its button. */
function StepForm(props: {
  row: FeedbackRow;
  action: AgencyAction;
  csrf: string;
  children?: ComponentChildren;
}) {
  const { t } = usePage();
  return (
    <form method="post" action={`/backoffice/feedback/${props.row.code}/steps`} class="panel">
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="version" value={String(props.row.version)} />
      <input type="hidden" name="action" value={props.action} />
      {props.children}
      <button type="submit" class="button">
        {t(BUTTONS[props.action])}
      </button>
    </form>
  );
}

/** A labelled text field of a step's form, its error tied to it. */
function StepField(props: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error: string | undefined;
  multiline?: boolean;
}) {
  const described =
    [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : '']
      .filter(Boolean)
      .join(' ') || undefined;
  const common = {
    id: props.id,
    name: props.name,
    'aria-invalid': props.error ? ('true' as const) : undefined,
    'aria-describedby': described,
  };
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
      {props.multiline ? (
        <textarea {...common} rows={5} maxLength={5000}></textarea>
      ) : (
        <input {...common} type="text" maxLength={1000} />
      )}
    </div>
  );
}

/** The forms of the steps the agency may take on the item now. */
function Steps(props: {
  row: FeedbackRow;
  errors: SummaryError[];
  csrf: string;
  maxForwards: number;
}) {
  const { t } = usePage();
  const { row, csrf } = props;
  const error = (action: string, field: string) =>
    props.errors.find((e) => e.field === `${action}-${field}`)?.message;
  const forms: Record<string, ComponentChildren> = {
    accept: <p class="hint">{t('feedback.officer.acceptHint')}</p>,
    forward: (
      <>
        <p class="hint">{t('feedback.officer.forwardHint', { max: props.maxForwards })}</p>
        <StepField
          id="forward-toAgency"
          name="toAgency"
          label={t('feedback.officer.forwardTo')}
          error={error('forward', 'toAgency')}
        />
        <StepField
          id="forward-text"
          name="text"
          label={t('feedback.officer.reason')}
          error={error('forward', 'text')}
          multiline
        />
      </>
    ),
    ask_more: (
      <StepField
        id="ask_more-text"
        name="text"
        label={t('feedback.officer.question')}
        error={error('ask_more', 'text')}
        multiline
      />
    ),
    answer: (
      <>
        <StepField
          id="answer-text"
          name="text"
          label={t('feedback.officer.answerText')}
          error={error('answer', 'text')}
          multiline
        />
        <p class="checkbox">
          <input id="answer-signedPdf" name="signedPdf" type="checkbox" value="on" />{' '}
          <label for="answer-signedPdf">{t('feedback.officer.signedPdf')}</label>
        </p>
      </>
    ),
    close: null,
    reject: (
      <StepField
        id="reject-text"
        name="text"
        label={t('feedback.officer.reason')}
        error={error('reject', 'text')}
        multiline
      />
    ),
    merge: (
      <StepField
        id="merge-mergeInto"
        name="mergeInto"
        label={t('feedback.officer.mergeInto')}
        error={error('merge', 'mergeInto')}
      />
    ),
  };
  const actions = AGENCY_ACTIONS.filter((a) => actionsFor(row.status, 'agency').includes(a));
  if (actions.length === 0) return null;
  return (
    <section aria-labelledby="actions-heading" id="actions" tabIndex={-1}>
      <h2 id="actions-heading">{t('feedback.officer.actions')}</h2>
      {actions.map((action) => (
        <StepForm key={action} row={row} action={action} csrf={csrf}>
          {forms[action]}
        </StepForm>
      ))}
    </section>
  );
}

/** An item held by the officer's agency: what was sent, by whom, its handling, and the steps. */
export function HandlePage(props: {
  view: View;
  names: AgencyNames;
  now: Date;
  done: AgencyAction | null;
  errors: SummaryError[];
  csrf: string;
  maxForwards: number;
}) {
  const { t } = usePage();
  const { row, files, events } = props.view;
  const href = (id: string) => `/backoffice/feedback/${row.code}/files/${id}`;
  const answerPdf = files.find((f) => f.purpose === 'answer');
  return (
    <Layout
      title={`${row.code} — ${row.title}`}
      breadcrumbs={[
        { label: t('feedback.inbox.title'), href: '/backoffice/feedback' },
        { label: row.code },
      ]}
    >
      <h1>
        <span class="code">{row.code}</span> {row.title}
      </h1>
      <ErrorSummary errors={props.errors} />
      {props.done ? (
        <p class="notice" role="status">
          {t('feedback.officer.done', { action: t(BUTTONS[props.done]) })}
        </p>
      ) : null}
      <dl class="summary-list">
        <div>
          <dt>{t('feedback.item.sender')}</dt>
          <dd>{row.sender_name}</dd>
        </div>
        <div>
          <dt>{t(`feedback.deadline.${row.deadline_kind ?? 'answer'}` as MessageKey)}</dt>
          <dd>
            <Deadline row={row} now={props.now} />
          </dd>
        </div>
      </dl>
      <Answer row={row} names={props.names} pdfHref={answerPdf ? href(answerPdf.id) : null} />
      <Content row={row} names={props.names} />
      <Files files={files} href={href} />
      <Steps row={row} errors={props.errors} csrf={props.csrf} maxForwards={props.maxForwards} />
      <Timeline events={events} names={props.names} />
    </Layout>
  );
}
