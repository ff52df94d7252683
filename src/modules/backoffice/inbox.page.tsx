import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';
import {
  DataTable,
  ErrorSummary,
  Pagination,
  Tag,
  type SummaryError,
} from '../../web/components.js';
import { formatDateTime, formatMoney, type MessageKey } from '../../platform/i18n/index.js';
import { StatusTag } from '../dossiers/track.page.js';
import { ACTIONS, BLOCKER_MESSAGES, type Action, type Blocker } from './lifecycle.js';
import type { ResolvedStep } from './workflow.js';

export interface InboxRow {
  code: string;
  status: number;
  /** The name of its processing step, in the page's language. */
  step: string | null;
  procedure: { name: string; nameEn: string };
  applicantName: string;
  dueAt: Date | null;
  late: boolean;
}

const STATUSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
export const DUE = ['today', 'late', 'waiting', 'stranded'] as const;

/** The agency's inbox: counts, filters, and the dossiers soonest due first. */
export function InboxPage(props: {
  rows: InboxRow[];
  counts: { status: number; total: number; late: number }[];
  /** Dossiers received or held here that sit at a step nobody holds the role for. */
  stranded: number;
  filter: { status?: string; due?: string; q?: string; mine?: string };
  nextCursor: string | null;
  /** A receiver somewhere: may register dossiers handed in at the counter or by post. */
  canRegister: boolean;
  errors: SummaryError[];
}) {
  const { t, locale } = usePage();
  const { filter } = props;
  return (
    <Layout title={t('backoffice.title')} breadcrumbs={[{ label: t('backoffice.title') }]}>
      <h1>{t('backoffice.title')}</h1>
      <p class="lead">{t('backoffice.intro')}</p>
      <p class="button-row">
        {props.canRegister ? (
          <a href="/backoffice/intake" class="button button-secondary">
            {t('backoffice.intakeLink')}
          </a>
        ) : null}
        <a href="/backoffice/payments" class="button button-secondary">
          {t('backoffice.paymentsLink')}
        </a>
      </p>
      <ErrorSummary errors={props.errors} />
      {props.stranded > 0 ? (
        <p class="notice notice-warning">
          {t('backoffice.strandedNotice', { count: props.stranded })}{' '}
          <a href="/backoffice?due=stranded">{t('backoffice.strandedLink')}</a>
        </p>
      ) : null}
      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading" class="visually-hidden">
          {t('backoffice.counts')}
        </h2>
        <ul class="tags counts">
          {props.counts.map((c) => (
            <li key={c.status}>
              <a href={`/backoffice?status=${c.status}`}>
                {t(`dossier.status.${c.status}` as MessageKey)}: {c.total}
              </a>
              {c.late > 0 ? (
                <>
                  {' '}
                  <Tag tone="warning">{t('backoffice.countLate', { count: c.late })}</Tag>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <form
        method="get"
        action="/backoffice"
        class="filters-row"
        aria-label={t('backoffice.filters')}
      >
        <div class="field">
          <label for="q">{t('backoffice.search')}</label>
          <input id="q" name="q" type="search" maxLength={100} value={filter.q ?? ''} />
        </div>
        <div class="field">
          <label for="status">{t('backoffice.status')}</label>
          <select id="status" name="status">
            <option value="">{t('backoffice.anyStatus')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={String(s)} selected={filter.status === String(s)}>
                {t(`dossier.status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="due">{t('backoffice.due')}</label>
          <select id="due" name="due">
            <option value="">{t('backoffice.due.any')}</option>
            {DUE.map((d) => (
              <option key={d} value={d} selected={filter.due === d}>
                {t(`backoffice.due.${d}`)}
              </option>
            ))}
          </select>
        </div>
        <p class="checkbox">
          <input id="mine" name="mine" type="checkbox" value="1" checked={filter.mine === '1'} />{' '}
          <label for="mine">{t('backoffice.mine')}</label>
        </p>
        <button type="submit" class="button">
          {t('backoffice.apply')}
        </button>
      </form>
      {props.rows.length === 0 ? (
        <p class="empty">{t('backoffice.empty')}</p>
      ) : (
        <DataTable
          caption={t('backoffice.title')}
          headers={[
            t('dossier.code'),
            t('dossier.procedure'),
            t('backoffice.applicant'),
            t('backoffice.status'),
            t('backoffice.dueAt'),
          ]}
        >
          {props.rows.map((row) => (
            <tr key={row.code}>
              <td>
                <a href={`/backoffice/dossiers/${encodeURIComponent(row.code)}`}>{row.code}</a>
              </td>
              <td>{locale === 'en' ? row.procedure.nameEn : row.procedure.name}</td>
              <td>{row.applicantName}</td>
              <td>
                <StatusTag status={row.status} />
                {row.step ? <span class="hint"> {row.step}</span> : null}
              </td>
              <td>
                {row.dueAt ? formatDateTime(row.dueAt) : '—'}{' '}
                {row.late ? <Tag tone="warning">{t('backoffice.late')}</Tag> : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination nextCursor={props.nextCursor} />
    </Layout>
  );
}

/** The reason and items an action asks for, as form fields. */
const NEEDS: Partial<Record<Action, ('reason' | 'items' | 'trackingNumber')[]>> = {
  refuse: ['reason'],
  request_supplement: ['items', 'reason'],
  send_back: ['reason'],
  stop: ['reason'],
  return_result: ['trackingNumber'],
};

export interface OfficerDossierProps {
  code: string;
  status: number;
  step: string | null;
  /** Its processing steps (those it will take, before it is forwarded). */
  workflow: ResolvedStep[];
  version: number;
  procedure: { code: string; name: string; nameEn: string };
  agency: { name: string; nameEn: string };
  applicantName: string;
  submittedAt: Date | null;
  dueAt: Date | null;
  receiveBy: Date | null;
  late: boolean;
  answers: { label: string; value: string }[];
  files: { documentId: string; fileName: string; label: string }[];
  history: { at: Date; action: string; status: number; note: string | null }[];
  actions: Action[];
  /** Actions the officer's roles could take but that must wait, and why. */
  blocked: { action: Action; blocker: Blocker }[];
  fees: {
    amount: number;
    items: { name: string; amount: number }[];
    requested_at: Date;
    paid: boolean;
    orders: { id: string; number: string; status: string; amount: number; refunded: number }[];
  }[];
  /** The procedure's fee for online filing, to start the fee form with. */
  defaultFee: { name: string; amount: number } | null;
  /** The agency holding the dossier now, when it is not one of the officer's. */
  heldElsewhere: string | null;
  /** Late and still open: an apology slip with a new date can be sent. */
  canApologize: boolean;
  apologies: { number: number; newDueAt: Date }[];
  outcome: 'early' | 'on_time' | 'late' | null;
  trackingNumber: string | null;
  apologySent: { number: number; dueAt: Date } | null;
  officers: { id: string; name: string }[];
  assignedTo: string | null;
  assignedNow: string | null;
  csrf: string;
  done: string | null;
  /** Just registered at the counter or from the post. */
  registered: boolean;
  refusal: string | null;
  errors: SummaryError[];
}

/** A dossier as an officer works on it: state, deadlines, answers, files, history, actions. */
export function OfficerDossierPage(props: OfficerDossierProps) {
  const { t, locale } = usePage();
  const name = (n: { name: string; nameEn: string }) => (locale === 'en' ? n.nameEn : n.name);
  const ordered = ACTIONS.filter((a) => props.actions.includes(a));
  const text = (label: { vi: string; en: string }) => (locale === 'en' ? label.en : label.vi);
  const here = props.workflow.findIndex((s) => s.code === props.step);
  /** Where forward and send back lead, said on their buttons. */
  const buttonLabel = (action: Action) => {
    const target =
      action === 'forward'
        ? props.workflow[here + 1]
        : action === 'send_back'
          ? props.workflow[here - 1]
          : undefined;
    if (!target) return t(`backoffice.action.${action}` as MessageKey);
    return action === 'forward'
      ? t('backoffice.forwardTo', { step: text(target.name), agency: target.agencyName })
      : t('backoffice.sendBackTo', { step: text(target.name) });
  };
  const current = here >= 0 ? props.workflow[here] : undefined;
  /** Why an action waits; for a step nobody holds, which step and where. */
  const blockedText = (b: OfficerDossierProps['blocked'][number]) => {
    const target = props.workflow[b.action === 'send_back' ? here - 1 : here + 1];
    return b.blocker === 'no_officer_for_step' && target
      ? t('backoffice.blockedStep', { step: text(target.name), agency: target.agencyName })
      : t(BLOCKER_MESSAGES[b.blocker]);
  };
  return (
    <Layout
      title={`${t('dossier.code')} ${props.code}`}
      breadcrumbs={[{ href: '/backoffice', label: t('backoffice.title') }, { label: props.code }]}
    >
      <h1>
        {t('dossier.code')} {props.code}
      </h1>
      <ErrorSummary errors={props.errors} />
      {props.done ? (
        <p class="notice" role="status">
          {t('backoffice.done', { action: t(`backoffice.action.${props.done}` as MessageKey) })}
        </p>
      ) : null}
      {props.registered ? (
        <p class="notice" role="status">
          {t('intake.done', { code: props.code })}
        </p>
      ) : null}
      {props.apologySent ? (
        <p class="notice" role="status">
          {t('backoffice.apologySent', {
            number: props.apologySent.number,
            dueAt: formatDateTime(props.apologySent.dueAt),
          })}
        </p>
      ) : null}
      {props.assignedNow ? (
        <p class="notice" role="status">
          {t('backoffice.assigned', { name: props.assignedNow })}
        </p>
      ) : null}
      {props.refusal ? (
        <p class="notice notice-warning" role="alert">
          {props.refusal}
        </p>
      ) : null}
      <dl class="summary-list">
        <div>
          <dt>{t('backoffice.status')}</dt>
          <dd>
            <StatusTag status={props.status} />
            {current ? <span class="hint"> {text(current.name)}</span> : null}
          </dd>
        </div>
        <div>
          <dt>{t('dossier.procedure')}</dt>
          <dd>
            {name(props.procedure)} ({props.procedure.code})
          </dd>
        </div>
        <div>
          <dt>{t('dossier.agency')}</dt>
          <dd>{name(props.agency)}</dd>
        </div>
        <div>
          <dt>{t('backoffice.applicant')}</dt>
          <dd>{props.applicantName}</dd>
        </div>
        <div>
          <dt>{t('dossier.submittedAt')}</dt>
          <dd>{props.submittedAt ? formatDateTime(props.submittedAt) : '—'}</dd>
        </div>
        {props.receiveBy ? (
          <div>
            <dt>{t('backoffice.receiveBy')}</dt>
            <dd>{formatDateTime(props.receiveBy)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('backoffice.dueAt')}</dt>
          <dd>
            {props.dueAt ? formatDateTime(props.dueAt) : '—'}{' '}
            {props.late ? <Tag tone="warning">{t('backoffice.late')}</Tag> : null}
            {props.outcome ? (
              <Tag tone={props.outcome === 'late' ? 'warning' : 'success'}>
                {t(`backoffice.outcome.${props.outcome}`)}
              </Tag>
            ) : null}
          </dd>
        </div>
        {props.trackingNumber ? (
          <div>
            <dt>{t('dossier.trackingNumber')}</dt>
            <dd>{props.trackingNumber}</dd>
          </div>
        ) : null}
      </dl>
      {props.apologies.length > 0 ? (
        <ul class="file-list" aria-label={t('dossier.apologies')}>
          {props.apologies.map((a) => (
            <li key={a.number}>
              <a
                href={`/api/v1/dossiers/${encodeURIComponent(props.code)}/apologies/${a.number}.pdf`}
              >
                {t('dossier.apologyLink', { number: a.number, dueAt: formatDateTime(a.newDueAt) })}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {props.canApologize ? (
        <section aria-labelledby="apology-heading">
          <h2 id="apology-heading">{t('backoffice.apology')}</h2>
          <form
            method="post"
            action={`/backoffice/dossiers/${encodeURIComponent(props.code)}/apologies`}
            class="action-form"
          >
            <input type="hidden" name="csrf" value={props.csrf} />
            <input type="hidden" name="version" value={String(props.version)} />
            <div class="field">
              <label for="apology-reason">{t('backoffice.apologyReason')}</label>
              <textarea id="apology-reason" name="reason" rows={2} maxLength={2000}></textarea>
            </div>
            <div class="field">
              <label for="apology-newDueDate">{t('backoffice.newDueDate')}</label>
              <input id="apology-newDueDate" name="newDueDate" type="date" />
            </div>
            <button type="submit" class="button">
              {t('backoffice.sendApology')}
            </button>
          </form>
        </section>
      ) : null}
      <form
        method="post"
        action={`/backoffice/dossiers/${encodeURIComponent(props.code)}/assignment`}
        class="inline-form"
      >
        <input type="hidden" name="csrf" value={props.csrf} />
        <input type="hidden" name="version" value={String(props.version)} />
        <div class="field">
          <label for="assignee">{t('backoffice.assignedTo')}</label>
          <select id="assignee" name="accountId">
            {props.assignedTo ? null : <option value="">{t('backoffice.nobody')}</option>}
            {props.officers.map((o) => (
              <option key={o.id} value={o.id} selected={o.id === props.assignedTo}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button-secondary">
          {t('backoffice.assignButton')}
        </button>
      </form>
      <section aria-labelledby="actions-heading">
        <h2 id="actions-heading">{t('backoffice.actions')}</h2>
        {ordered.length === 0 ? (
          <p>
            {props.heldElsewhere
              ? t('backoffice.heldElsewhere', { agency: props.heldElsewhere })
              : t('backoffice.noActions')}
          </p>
        ) : null}
        {props.blocked.map((b) => (
          <p key={b.action} class="notice notice-warning">
            {blockedText(b)}
          </p>
        ))}
        {ordered.map((action) => (
          <form
            key={action}
            method="post"
            action={`/backoffice/dossiers/${encodeURIComponent(props.code)}/actions`}
            class="action-form"
          >
            <input type="hidden" name="csrf" value={props.csrf} />
            <input type="hidden" name="version" value={String(props.version)} />
            <input type="hidden" name="action" value={action} />
            {action === 'request_payment' ? (
              <>
                <div class="field">
                  <label for="request_payment-feeName">{t('backoffice.feeName')}</label>
                  <input
                    id="request_payment-feeName"
                    name="feeName"
                    type="text"
                    maxLength={200}
                    value={props.defaultFee?.name ?? ''}
                  />
                </div>
                <div class="field">
                  <label for="request_payment-feeAmount">{t('backoffice.feeAmount')}</label>
                  <input
                    id="request_payment-feeAmount"
                    name="feeAmount"
                    type="text"
                    inputMode="numeric"
                    maxLength={20}
                    value={props.defaultFee ? String(props.defaultFee.amount) : ''}
                  />
                </div>
              </>
            ) : null}
            {(NEEDS[action] ?? []).map((need) => {
              const id = `${action}-${need}`;
              return need === 'trackingNumber' ? (
                <div class="field" key={need}>
                  <label for={id}>{t('backoffice.tracking')}</label>
                  <input id={id} name={need} type="text" maxLength={50} />
                </div>
              ) : (
                <div class="field" key={need}>
                  <label for={id}>
                    {t(need === 'reason' ? 'backoffice.reason' : 'backoffice.items')}
                  </label>
                  {need === 'items' ? (
                    <p class="hint" id={`${id}-hint`}>
                      {t('backoffice.itemsHint')}
                    </p>
                  ) : null}
                  <textarea
                    id={id}
                    name={need}
                    rows={need === 'items' ? 3 : 2}
                    maxLength={2000}
                    aria-describedby={need === 'items' ? `${id}-hint` : undefined}
                  ></textarea>
                </div>
              );
            })}
            <button
              type="submit"
              class={
                action === 'refuse' || action === 'stop' ? 'button button-secondary' : 'button'
              }
            >
              {buttonLabel(action)}
            </button>
          </form>
        ))}
      </section>
      {props.fees.length > 0 ? (
        <section aria-labelledby="fees-heading">
          <h2 id="fees-heading">{t('backoffice.fees')}</h2>
          <ul class="file-list">
            {props.fees.map((fee, i) => (
              <li key={i}>
                {fee.items.map((item) => item.name).join(', ')}: {formatMoney(locale, fee.amount)}{' '}
                <Tag tone={fee.paid ? 'success' : 'warning'}>
                  {t(fee.paid ? 'backoffice.feePaid' : 'backoffice.feeWaiting')}
                </Tag>
                {fee.orders.length > 0 ? (
                  <ul>
                    {fee.orders.map((o) => (
                      <li key={o.id}>
                        {o.number}: {t(`payments.status.${o.status}` as MessageKey)}
                        {o.refunded > 0
                          ? ` (${t('payments.refunded')} ${formatMoney(locale, o.refunded)})`
                          : ''}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="workflow-heading">
        <h2 id="workflow-heading">{t('backoffice.workflow')}</h2>
        <ol class="steps">
          {props.workflow.map((step, i) => (
            <li key={step.code} aria-current={i === here ? 'step' : undefined}>
              <strong>{text(step.name)}</strong>
              {i === here ? (
                <>
                  {' '}
                  <Tag tone="info">{t('backoffice.workflow.current')}</Tag>
                </>
              ) : null}
              <br />
              <span class="hint">
                {step.department ? `${text(step.department)}, ` : ''}
                {step.agencyName}
              </span>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="files-heading">
        <h2 id="files-heading">{t('backoffice.files')}</h2>
        <ul class="file-list">
          {props.files.map((f) => (
            <li key={f.documentId}>
              {f.label}:{' '}
              <a
                href={`/backoffice/dossiers/${encodeURIComponent(props.code)}/files/${f.documentId}`}
              >
                {f.fileName}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="answers-heading">
        <h2 id="answers-heading">{t('backoffice.answers')}</h2>
        <dl class="summary-list">
          {props.answers.map((a, i) => (
            <div key={i}>
              <dt>{a.label}</dt>
              <dd>{a.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t('backoffice.history')}</h2>
        <ol class="timeline">
          {props.history.map((e, i) => (
            <li key={i}>
              <p class="meta">{formatDateTime(e.at)}</p>
              <p>
                {t(`dossier.action.${e.action}` as MessageKey)} <StatusTag status={e.status} />
              </p>
              {e.note ? <p class="hint">{e.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}
