import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { DataTable } from '../../web/components.js';
import { formatDate, formatDateTime } from '../../platform/i18n/index.js';
import { vietnamDate } from '../../platform/clock.js';
import { StatusTag, type Named } from './parts.js';

interface Draft {
  id: string;
  procedure: Named;
  updatedAt: Date;
}

/** A dossier a connected system pushed under the person's verified ID number. */
interface Synced {
  code: string;
  procedure: Named;
  agency: Named;
  status: number;
  receivedAt: Date | null;
  dueAt: Date | null;
}

interface Submitted {
  code: string;
  procedure: Named;
  status: number;
  submittedAt: Date;
  dueAt: Date;
}

/** Drafts to continue, each a link. */
function DraftList({ drafts }: { drafts: Draft[] }) {
  const { t } = usePage();
  const name = useName();
  return (
    <section aria-labelledby="drafts-heading">
      <h2 id="drafts-heading">{t('dossier.mine.drafts')}</h2>
      <ul class="link-list">
        {drafts.map((d) => (
          <li key={d.id}>
            <a href={`/dossiers/drafts/${d.id}`}>
              {t('dossier.mine.continue', { name: name(d.procedure) })}
            </a>{' '}
            <span class="hint">
              {t('dossier.updatedAt')} {formatDateTime(d.updatedAt)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Submitted dossiers in a table: code, procedure, status and dates. */
function SubmittedTable({ submitted }: { submitted: Submitted[] }) {
  const { t } = usePage();
  const name = useName();
  return (
    <section aria-labelledby="submitted-heading">
      <h2 id="submitted-heading">{t('dossier.mine.submitted')}</h2>
      <DataTable
        caption={t('dossier.mine.submitted')}
        headers={[
          t('dossier.code'),
          t('dossier.procedure'),
          t('dossier.statusLabel'),
          t('dossier.submittedAt'),
          t('dossier.dueAt'),
        ]}
      >
        {submitted.map((d) => (
          <tr key={d.code}>
            <td>
              <a href={`/dossiers/${encodeURIComponent(d.code)}`}>{d.code}</a>
            </td>
            <td>{name(d.procedure)}</td>
            <td>
              <StatusTag status={d.status} />
            </td>
            <td>{formatDateTime(d.submittedAt)}</td>
            <td>{formatDate(vietnamDate(d.dueAt))}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** Dossiers filed at agencies (or processed in their systems), as those systems report them. */
function SyncedTable({ synced }: { synced: Synced[] }) {
  const { t } = usePage();
  const name = useName();
  const when = (at: Date | null, format: (at: Date) => string) =>
    at ? format(at) : t('sync.none');
  return (
    <section aria-labelledby="synced-heading">
      <h2 id="synced-heading">{t('sync.mine.title')}</h2>
      <p class="hint">{t('sync.mine.hint')}</p>
      <DataTable
        caption={t('sync.mine.title')}
        headers={[
          t('dossier.code'),
          t('dossier.procedure'),
          t('dossier.agency'),
          t('dossier.statusLabel'),
          t('sync.receivedAt'),
          t('dossier.dueAt'),
        ]}
      >
        {synced.map((d) => (
          <tr key={d.code}>
            <td>
              <a href={`/dossiers/synced/${encodeURIComponent(d.code)}`}>{d.code}</a>
            </td>
            <td>{name(d.procedure)}</td>
            <td>{name(d.agency)}</td>
            <td>
              <StatusTag status={d.status} />
            </td>
            <td>{when(d.receivedAt, formatDateTime)}</td>
            <td>{when(d.dueAt, (at) => formatDate(vietnamDate(at)))}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/**
 * A person's dossiers: drafts to continue, those submitted, and those filed at agencies that
 * their systems report under the person's verified ID number.
 */
export function MyDossiersPage(props: {
  drafts: Draft[];
  submitted: Submitted[];
  synced: Synced[];
  /** Signed in without a verified ID number: dossiers filed at agencies cannot be matched. */
  unverified: boolean;
  savedDraft: boolean;
}) {
  const { t } = usePage();
  const empty =
    props.drafts.length === 0 && props.submitted.length === 0 && props.synced.length === 0;
  return (
    <Layout title={t('dossier.mine.title')} breadcrumbs={[{ label: t('dossier.mine.title') }]}>
      <h1>{t('dossier.mine.title')}</h1>
      {props.savedDraft ? (
        <p class="notice" role="status">
          {t('dossier.savedAt', { at: formatDateTime(new Date()) })}
        </p>
      ) : null}
      {empty ? (
        <p class="empty">
          {t('dossier.mine.empty')} <a href="/procedures">{t('nav.procedures')}</a>
        </p>
      ) : null}
      {props.drafts.length > 0 ? <DraftList drafts={props.drafts} /> : null}
      {props.submitted.length > 0 ? <SubmittedTable submitted={props.submitted} /> : null}
      {props.synced.length > 0 ? <SyncedTable synced={props.synced} /> : null}
      {props.unverified ? <p class="hint">{t('sync.mine.unverified')}</p> : null}
      <ul>
        <li>
          <a href="/my/documents">{t('nav.documents')}</a>
        </li>
        <li>
          <a href="/my/feedback">{t('feedback.mine.title')}</a>
        </li>
        <li>
          <a href="/my/ratings">{t('ratings.mine.title')}</a>
        </li>
        <li>
          <a href="/my/help">{t('support.mine.title')}</a>
        </li>
      </ul>
    </Layout>
  );
}
