import { Layout, type Crumb } from '../../web/layout.js';
import { useName, usePage, useText, withQuery } from '../../web/context.js';
import { DataTable, ErrorSummary, type SummaryError } from '../../web/components.js';
import type { PlaceFigures } from './routes/figures.js';
import { agencyPath } from './routes/view.js';
import {
  CriteriaTables,
  DefinitionNote,
  Downloads,
  GroupTable,
  PeriodForm,
  ScoreSummary,
  TrendSection,
  useNumbers,
  usePeriodTitle,
  type PeriodOption,
} from './page-parts.js';

/** The period form and what every drill-down shows of a score, above what is its own. */
export function ScoreSections(props: {
  figures: PlaceFigures;
  action: string;
  options: PeriodOption[];
}) {
  const { t } = usePage();
  const name = useName();
  const periodTitle = usePeriodTitle();
  const { figures } = props;
  return (
    <>
      <PeriodForm action={props.action} period={figures.period.key} options={props.options} />
      <p class="count">{t('statistics.periodHeading', { period: periodTitle(figures.period) })}</p>
      <DefinitionNote definition={figures.definition} />
      <ScoreSummary place={figures.place} period={figures.period} />
      <GroupTable
        id="groups-heading"
        heading={t('statistics.groups')}
        groups={figures.place.groups}
      />
      <CriteriaTables groups={figures.place.groups} />
      <TrendSection name={name(figures.place)} trend={figures.trend} />
    </>
  );
}

function AgencyTable({ figures }: { figures: PlaceFigures }) {
  const { t } = usePage();
  const name = useName();
  const text = useText();
  const numbers = useNumbers();
  return (
    <section aria-labelledby="agencies-heading">
      <h2 id="agencies-heading">{t('statistics.agencies')}</h2>
      {figures.agencies.length === 0 ? (
        <p class="empty">{t('statistics.agenciesNone')}</p>
      ) : (
        <DataTable
          caption={{ headingId: 'agencies-heading' }}
          headers={[
            t('statistics.rank'),
            t('statistics.agency'),
            t('statistics.score'),
            t('statistics.rating'),
            t('statistics.totalPoints'),
          ]}
        >
          {figures.agencies.map((agency) => (
            <tr key={agency.code}>
              <td>{agency.rank ?? '—'}</td>
              <th scope="row">
                <a href={withQuery(agencyPath(agency.code), { period: figures.period.key })}>
                  {name(agency)}
                </a>
              </th>
              <td>{numbers.score(agency.score)}</td>
              <td>{agency.rating ? text(agency.rating.name) : numbers.none}</td>
              <td>{numbers.points(agency.points, agency.availablePoints)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

export interface PlacePageProps {
  figures: PlaceFigures;
  /** The page's own address, without its query. */
  path: string;
  kind: 'province' | 'ministry';
  options: PeriodOption[];
}

/** A province or ministry: its score, criteria with their figures, trend and agencies. */
export function PlacePage({ figures, path, kind, options }: PlacePageProps) {
  const { t } = usePage();
  const name = useName();
  const title = name(figures.place);
  const query = { period: figures.period.key };
  return (
    <Layout
      title={title}
      breadcrumbs={[
        { href: withQuery('/statistics', { ...query, kind }), label: t('statistics.title') },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      <ScoreSections figures={figures} action={path} options={options} />
      <AgencyTable figures={figures} />
      <Downloads
        links={[
          {
            href: withQuery(`${path}.csv`, query),
            label: t('statistics.download.placeCsv', { name: title }),
          },
          {
            href: withQuery(`${path}.xlsx`, query),
            label: t('statistics.download.placeXlsx', { name: title }),
          },
        ]}
      />
    </Layout>
  );
}

/** A drill-down asked for with a period that is none: what is wrong, and the form to fix it. */
export function PeriodErrorPage(props: {
  errors: SummaryError[];
  action: string;
  options: PeriodOption[];
  period: string;
  breadcrumbs?: Crumb[];
}) {
  const { t } = usePage();
  return (
    <Layout
      title={t('statistics.title')}
      breadcrumbs={props.breadcrumbs ?? [{ href: '/statistics', label: t('statistics.title') }]}
    >
      <h1>{t('statistics.title')}</h1>
      <ErrorSummary errors={props.errors} />
      <PeriodForm action={props.action} period={props.period} options={props.options} invalid />
      <p>
        <a href="/statistics">{t('statistics.back')}</a>
      </p>
    </Layout>
  );
}
