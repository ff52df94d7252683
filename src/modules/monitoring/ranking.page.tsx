import { Layout } from '../../web/layout.js';
import { useName, usePage, useText, withQuery } from '../../web/context.js';
import { DataTable, ErrorSummary, type SummaryError } from '../../web/components.js';
import { BarChart } from '../../web/charts.js';
import type { PlaceKind } from './service.js';
import type { Ranking } from './routes/figures.js';
import { placePath } from './routes/view.js';
import {
  DefinitionNote,
  Downloads,
  GroupTable,
  PeriodForm,
  ScoreSummary,
  useNumbers,
  usePeriodTitle,
  type PeriodOption,
} from './page-parts.js';

export interface RankingPageProps {
  ranking: Ranking | null;
  /** What the form shows as chosen (the period asked for, or the default). */
  period: string;
  kind: PlaceKind;
  options: PeriodOption[];
  errors: SummaryError[];
}

function RankingTable({ ranking }: { ranking: Ranking }) {
  const { t } = usePage();
  const name = useName();
  const text = useText();
  const numbers = useNumbers();
  const heading = t(`statistics.rankingOf.${ranking.kind}`);
  const chart = ranking.places.map((place) => ({
    label: `${place.rank ?? '–'}. ${name(place)}`,
    value: place.score,
    valueLabel: numbers.score(place.score),
  }));
  return (
    <section aria-labelledby="ranking-heading">
      <h2 id="ranking-heading">{heading}</h2>
      <BarChart
        title={t('statistics.chart.ranking', { heading })}
        description={t('statistics.chart.rankingDesc')}
        data={chart}
        max={100}
      />
      <div class="wide-table">
        <DataTable
          caption={{ headingId: 'ranking-heading' }}
          headers={[
            t('statistics.rank'),
            t('statistics.place'),
            ...ranking.nation.groups.map((group) => text(group.name)),
            t('statistics.score'),
            t('statistics.rating'),
          ]}
        >
          {ranking.places.map((place) => (
            <tr key={place.code}>
              <td>{place.rank ?? '—'}</td>
              <th scope="row">
                <a href={withQuery(placePath(place.code), { period: ranking.period.key })}>
                  {name(place)}
                </a>
              </th>
              {place.groups.map((group) => (
                <td key={group.code}>
                  {numbers.points(group.availablePoints > 0 ? group.points : null, group.maxPoints)}
                </td>
              ))}
              <td>{numbers.score(place.score)}</td>
              <td>{place.rating ? text(place.rating.name) : numbers.none}</td>
            </tr>
          ))}
        </DataTable>
      </div>
    </section>
  );
}

/** The ranking of provinces or ministries for a period, with the nation's score above it. */
export function RankingPage(props: RankingPageProps) {
  const { t } = usePage();
  const periodTitle = usePeriodTitle();
  const { ranking } = props;
  const query = { period: ranking?.period.key, kind: props.kind };
  return (
    <Layout title={t('statistics.title')} breadcrumbs={[{ label: t('statistics.title') }]}>
      <h1>{t('statistics.title')}</h1>
      <p class="lead">{t('statistics.lead')}</p>
      <ErrorSummary errors={props.errors} />
      <PeriodForm
        action="/statistics"
        period={props.period}
        kind={props.kind}
        options={props.options}
        invalid={props.errors.some((error) => error.field === 'period')}
      />
      {ranking ? (
        <>
          <p class="count">
            {t('statistics.periodHeading', { period: periodTitle(ranking.period) })}
          </p>
          <DefinitionNote definition={ranking.definition} />
          <section aria-labelledby="nation-heading">
            <h2 id="nation-heading">{t('statistics.nation')}</h2>
            <ScoreSummary place={ranking.nation} period={ranking.period} />
          </section>
          <GroupTable
            id="nation-groups"
            heading={t('statistics.groups')}
            groups={ranking.nation.groups}
          />
          <RankingTable ranking={ranking} />
          <Downloads
            links={[
              {
                href: withQuery('/statistics/ranking.csv', query),
                label: t('statistics.download.rankingCsv'),
              },
              {
                href: withQuery('/statistics/ranking.xlsx', query),
                label: t('statistics.download.rankingXlsx'),
              },
            ]}
          />
        </>
      ) : null}
    </Layout>
  );
}
