import { DataTable, Detail } from '../../web/components.js';
import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { formatDateTime, formatMoney, type MessageKey } from '../../platform/i18n/index.js';
import { StatusTag, type Named } from './parts.js';
import type { Fee, ResultFile, Supplement } from './sync-items.js';

export interface SyncedDossierPageProps {
  code: string;
  status: number;
  procedure: Named;
  agency: Named;
  applicantName: string;
  channel: number;
  receivedAt: Date | null;
  dueAt: Date | null;
  returnedAt: Date | null;
  fees: Fee[];
  supplements: Supplement[];
  results: ResultFile[];
  /** Every event in time order, those that arrived late included. */
  events: { at: Date; status: number; note: string | null }[];
}

/** An instant, or "not yet". */
function When({ at }: { at: Date | null }) {
  const { t } = usePage();
  return <>{at ? formatDateTime(at) : t('sync.none')}</>;
}

/** Status, procedure, agency, applicant, channel and dates. */
function Summary(props: SyncedDossierPageProps) {
  const { t } = usePage();
  const name = useName();
  return (
    <dl class="summary-list">
      <Detail term={t('dossier.statusLabel')}>
        <StatusTag status={props.status} />
      </Detail>
      <Detail term={t('dossier.procedure')}>
        <a href={`/procedures/${props.procedure.code}`}>{name(props.procedure)}</a>
      </Detail>
      <Detail term={t('dossier.agency')}>{name(props.agency)}</Detail>
      <Detail term={t('dossier.applicant')}>{props.applicantName}</Detail>
      <Detail term={t('sync.channel')}>{t(`sync.channel.${props.channel}` as MessageKey)}</Detail>
      <Detail term={t('sync.receivedAt')}>
        <When at={props.receivedAt} />
      </Detail>
      <Detail term={t('dossier.dueAt')}>
        <When at={props.dueAt} />
      </Detail>
      <Detail term={t('sync.returnedAt')}>
        <When at={props.returnedAt} />
      </Detail>
    </dl>
  );
}

function Fees({ fees }: { fees: Fee[] }) {
  const { t, locale } = usePage();
  return (
    <section aria-labelledby="fees-heading">
      <h2 id="fees-heading">{t('sync.fees')}</h2>
      <DataTable
        caption={{ headingId: 'fees-heading' }}
        headers={[t('sync.fee.name'), t('sync.fee.amount'), t('sync.fee.state')]}
      >
        {fees.map((fee, i) => (
          <tr key={i}>
            <td>{fee.name}</td>
            <td>{formatMoney(locale, fee.amount)}</td>
            <td>{t(fee.paid ? 'sync.fee.paid' : 'sync.fee.unpaid')}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function Supplements({ supplements }: { supplements: Supplement[] }) {
  const { t } = usePage();
  return (
    <section aria-labelledby="supplements-heading">
      <h2 id="supplements-heading">{t('sync.supplements')}</h2>
      <ul>
        {supplements.map((s, i) => (
          <li key={i}>
            {t('sync.supplement.line', {
              at: formatDateTime(new Date(s.requestedAt)),
              old: formatDateTime(new Date(s.oldDueAt)),
              new: formatDateTime(new Date(s.newDueAt)),
            })}
            {s.reason ? <p class="hint">{s.reason}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What happened, oldest first, as the agency's system reported it. */
function Timeline({ events }: { events: SyncedDossierPageProps['events'] }) {
  const { t } = usePage();
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('dossier.timeline')}</h2>
      <ol class="timeline">
        {events.map((e, i) => (
          <li key={i}>
            <p class="meta">{formatDateTime(e.at)}</p>
            <p>
              <StatusTag status={e.status} />
            </p>
            {e.note ? <p class="hint">{e.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * A dossier filed at an agency (or processed in its own system) as that system reports it,
 * to the person whose verified ID number it names: status, dates, fees, supplements asked
 * for, the results to download and every event.
 */
export function SyncedDossierPage(props: SyncedDossierPageProps) {
  const { t } = usePage();
  const base = `/dossiers/synced/${encodeURIComponent(props.code)}`;
  return (
    <Layout
      title={`${t('dossier.code')} ${props.code}`}
      breadcrumbs={[
        { href: '/my/dossiers', label: t('dossier.mine.title') },
        { label: props.code },
      ]}
    >
      <h1>
        {t('dossier.code')} {props.code}
      </h1>
      <p class="hint">{t('sync.source')}</p>
      <Summary {...props} />
      {props.results.length > 0 ? (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{t('sync.results')}</h2>
          <ul class="file-list">
            {props.results.map((r) => (
              <li key={r.sha256}>
                <a href={`${base}/results/${r.sha256}`}>{r.fileName}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {props.fees.length > 0 ? <Fees fees={props.fees} /> : null}
      {props.supplements.length > 0 ? <Supplements supplements={props.supplements} /> : null}
      <Timeline events={props.events} />
    </Layout>
  );
}
