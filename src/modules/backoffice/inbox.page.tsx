import { Layout } from '../../web/layout.js';
import { usePage, useName } from '../../web/context.js';
import {
  DataTable,
  ErrorSummary,
  Pagination,
  Tag,
  type SummaryError,
} from '../../web/components.js';
import { formatDateTime, type MessageKey } from '../../platform/i18n/index.js';
import { STATUS, StatusTag } from '../dossiers/index.js';

interface InboxRow {
  code: string;
  status: number;
  /** The name of its processing step, in the page's language. */
  step: string | null;
  procedure: { name: string; nameEn: string };
  applicantName: string;
  dueAt: Date | null;
  late: boolean;
}

/** Every status a dossier in the inbox can have (drafts never reach it). */
const STATUSES = Object.values(STATUS).filter((s) => s !== STATUS.draft);
export const DUE = ['today', 'late', 'waiting', 'stranded'] as const;

type Filter = {
  status?: string;
  due?: string;
  q?: string;
  mine?: string;
  /** One of the officer's agencies, and one procedure (links from the leaders' dashboard). */
  agency?: string | undefined;
  procedure?: string | undefined;
};
type Counts = { status: number; total: number; late: number }[];

/** The agency's inbox: counts, filters, and the dossiers soonest due first. */
export function InboxPage(props: {
  rows: InboxRow[];
  counts: Counts;
  /** Dossiers received or held here that sit at a step nobody holds the role for. */
  stranded: number;
  filter: Filter;
  nextCursor: string | null;
  /** A receiver somewhere: may register dossiers handed in at the counter or by post. */
  canRegister: boolean;
  /** Leads an agency (approver or administrator): the dashboard is theirs to see. */
  canLead?: boolean;
  errors: SummaryError[];
}) {
  const { t } = usePage();
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
        <a href="/backoffice/feedback" class="button button-secondary">
          {t('feedback.inbox.title')}
        </a>
        <a href="/backoffice/ratings" class="button button-secondary">
          {t('ratings.officer.title')}
        </a>
        {props.canLead ? (
          <a href="/backoffice/dashboard" class="button button-secondary">
            {t('dashboard.title')}
          </a>
        ) : null}
      </p>
      <ErrorSummary errors={props.errors} />
      {props.stranded > 0 ? (
        <p class="notice notice-warning">
          {t('backoffice.strandedNotice', { count: props.stranded })}{' '}
          <a href="/backoffice?due=stranded">{t('backoffice.strandedLink')}</a>
        </p>
      ) : null}
      <InboxCounts counts={props.counts} />
      <InboxFilters filter={props.filter} />
      {props.rows.length === 0 ? (
        <p class="empty">{t('backoffice.empty')}</p>
      ) : (
        <InboxTable rows={props.rows} />
      )}
      <Pagination nextCursor={props.nextCursor} />
    </Layout>
  );
}

/** How many dossiers there are in each status, late ones flagged. */
function InboxCounts({ counts }: { counts: Counts }) {
  const { t } = usePage();
  return (
    <section aria-labelledby="counts-heading">
      <h2 id="counts-heading" class="visually-hidden">
        {t('backoffice.counts')}
      </h2>
      <ul class="tags counts">
        {counts.map((c) => (
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
  );
}

/** Search, status, deadline and "mine": a plain GET form. */
function InboxFilters({ filter }: { filter: Filter }) {
  const { t } = usePage();
  return (
    <form
      method="get"
      action="/backoffice"
      class="filters-row"
      aria-label={t('backoffice.filters')}
    >
      {filter.agency ? <input type="hidden" name="agency" value={filter.agency} /> : null}
      {filter.procedure ? <input type="hidden" name="procedure" value={filter.procedure} /> : null}
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
  );
}

/** The dossiers of the page, soonest due first. */
function InboxTable({ rows }: { rows: InboxRow[] }) {
  const { t } = usePage();
  const name = useName();
  return (
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
      {rows.map((row) => (
        <tr key={row.code}>
          <td>
            <a href={`/backoffice/dossiers/${encodeURIComponent(row.code)}`}>{row.code}</a>
          </td>
          <td>{name(row.procedure)}</td>
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
  );
}
