import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { DataTable, Pagination, Tag } from '../../web/components.js';
import { formatDateTime, type MessageKey } from '../../platform/i18n/index.js';
import type { AgencyLine, Dashboard, Rate } from './dashboard.js';
import { QUALITY_PAGE } from './dashboard.js';
import { numbersFor } from './numbers.js';

const useNumbers = () => numbersFor(usePage().locale);

/** The agency to show, when the officer leads more than one: a plain GET form. */
function AgencyChoice({ dashboard }: { dashboard: Dashboard }) {
  const { t } = usePage();
  const name = useName();
  if (dashboard.choices.length < 2) return null;
  return (
    <form
      method="get"
      action="/backoffice/dashboard"
      class="filters-row"
      aria-label={t('dashboard.choose')}
    >
      <div class="field">
        <label for="agency">{t('dashboard.choose')}</label>
        <select id="agency" name="agency">
          {dashboard.choices.map((choice) => (
            <option
              key={choice.code}
              value={choice.code}
              selected={choice.code === dashboard.leading.code}
            >
              {name(choice)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button">
        {t('dashboard.show')}
      </button>
    </form>
  );
}

function RateValue({ rate }: { rate: Rate }) {
  const { t } = usePage();
  const numbers = useNumbers();
  if (rate.rate === null) return <>{t('dashboard.noData')}</>;
  return (
    <>
      <strong>{numbers.percent(rate.rate)}</strong>{' '}
      <span class="hint">
        (
        {t('dashboard.lateDetail', {
          late: numbers.whole(rate.late),
          resolved: numbers.whole(rate.resolved),
        })}
        )
      </span>
    </>
  );
}

function Summary({ dashboard }: { dashboard: Dashboard }) {
  const { t } = usePage();
  const numbers = useNumbers();
  const total = (pick: (line: AgencyLine) => number) =>
    numbers.whole(dashboard.agencies.reduce((sum, line) => sum + pick(line), 0));
  const feedbackOverdue = dashboard.agencies.reduce((sum, line) => sum + line.feedbackOverdue, 0);
  return (
    <section aria-labelledby="summary-heading">
      <h2 id="summary-heading">{t('dashboard.summary')}</h2>
      <dl class="summary-list">
        <div>
          <dt>{t('dashboard.overdue')}</dt>
          <dd>
            <strong>{total((line) => line.overdue)}</strong>
          </dd>
        </div>
        <div>
          <dt>{t('dashboard.dueSoon')}</dt>
          <dd>{total((line) => line.dueSoon)}</dd>
        </div>
        <div>
          <dt>{t('dashboard.feedbackOpen')}</dt>
          <dd>
            {total((line) => line.feedbackOpen)}{' '}
            {feedbackOverdue > 0 ? (
              <Tag tone="warning">
                {t('dashboard.feedbackOverdue', { count: numbers.whole(feedbackOverdue) })}
              </Tag>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t('dashboard.lateMonth', { period: dashboard.lateRate.month.period })}</dt>
          <dd>
            <RateValue rate={dashboard.lateRate.month} />
          </dd>
        </div>
        <div>
          <dt>{t('dashboard.lateYear', { period: dashboard.lateRate.year.period })}</dt>
          <dd>
            <RateValue rate={dashboard.lateRate.year} />
          </dd>
        </div>
      </dl>
    </section>
  );
}

function WorkLinks({ links }: { links: AgencyLine['links'] }) {
  const { t } = usePage();
  const items = [
    links.inbox ? <a href={links.inbox}>{t('dashboard.link.inbox')}</a> : null,
    links.feedback ? <a href={links.feedback}>{t('dashboard.link.feedback')}</a> : null,
    links.ratings ? <a href={links.ratings}>{t('dashboard.link.ratings')}</a> : null,
  ].filter((item) => item !== null);
  if (items.length === 0) return <>—</>;
  return (
    <ul class="link-list">
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

function Agencies({ dashboard }: { dashboard: Dashboard }) {
  const { t } = usePage();
  const name = useName();
  const numbers = useNumbers();
  return (
    <section aria-labelledby="agencies-heading">
      <h2 id="agencies-heading">{t('dashboard.agencies')}</h2>
      <DataTable
        caption={{ headingId: 'agencies-heading' }}
        headers={[
          t('dashboard.agency'),
          t('dashboard.overdue'),
          t('dashboard.dueSoon'),
          t('dashboard.feedbackOpen'),
          t('dashboard.lateRateYear'),
          t('dashboard.work'),
        ]}
      >
        {dashboard.agencies.map((line) => (
          <tr key={line.code}>
            <th scope="row">{name(line)}</th>
            <td>{numbers.whole(line.overdue)}</td>
            <td>{numbers.whole(line.dueSoon)}</td>
            <td>
              {numbers.whole(line.feedbackOpen)}
              {line.feedbackOverdue > 0 ? (
                <>
                  {' '}
                  <Tag tone="warning">
                    {t('dashboard.feedbackOverdue', { count: numbers.whole(line.feedbackOverdue) })}
                  </Tag>
                </>
              ) : null}
            </td>
            <td>
              {line.lateRateYear === null
                ? t('dashboard.noData')
                : numbers.percent(line.lateRateYear)}
            </td>
            <td>
              <WorkLinks links={line.links} />
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function Deadlines({ dashboard }: { dashboard: Dashboard }) {
  const { t } = usePage();
  const name = useName();
  const numbers = useNumbers();
  return (
    <section aria-labelledby="deadlines-heading">
      <h2 id="deadlines-heading">{t('dashboard.deadlines')}</h2>
      {dashboard.deadlines.length === 0 ? (
        <p class="empty">{t('dashboard.deadlines.none')}</p>
      ) : (
        <DataTable
          caption={{ headingId: 'deadlines-heading' }}
          headers={[
            t('dashboard.procedure'),
            t('dashboard.agency'),
            t('dashboard.overdue'),
            t('dashboard.dueSoon'),
            t('dashboard.work'),
          ]}
        >
          {dashboard.deadlines.map((row) => (
            <tr key={`${row.agency.code} ${row.procedure.code}`}>
              <th scope="row">
                {name(row.procedure)} <span class="hint">({row.procedure.code})</span>
              </th>
              <td>{name(row.agency)}</td>
              <td>{numbers.whole(row.overdue)}</td>
              <td>{numbers.whole(row.dueSoon)}</td>
              <td>{row.inbox ? <a href={row.inbox}>{t('dashboard.openInbox')}</a> : '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function LowestRated({ dashboard }: { dashboard: Dashboard }) {
  const { t } = usePage();
  const name = useName();
  const numbers = useNumbers();
  return (
    <section aria-labelledby="rated-heading">
      <h2 id="rated-heading">{t('dashboard.lowestRated')}</h2>
      <p>{t('dashboard.lowestRated.intro')}</p>
      {dashboard.lowestRated.length === 0 ? (
        <p class="empty">{t('dashboard.lowestRated.none')}</p>
      ) : (
        <DataTable
          caption={{ headingId: 'rated-heading' }}
          headers={[
            t('dashboard.procedure'),
            t('dashboard.average'),
            t('dashboard.rated'),
            t('dashboard.work'),
          ]}
        >
          {dashboard.lowestRated.map((row) => (
            <tr key={row.procedure.code}>
              <th scope="row">
                {name(row.procedure)} <span class="hint">({row.procedure.code})</span>
              </th>
              <td>{numbers.tenths(row.average)}</td>
              <td>{numbers.whole(row.rated)}</td>
              <td>{row.ratings ? <a href={row.ratings}>{t('dashboard.link.ratings')}</a> : '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function QualityDossiers({ dashboard }: { dashboard: Dashboard }) {
  const { t } = usePage();
  const name = useName();
  const { quality } = dashboard;
  const next =
    quality.offset + QUALITY_PAGE < quality.total ? String(quality.offset + QUALITY_PAGE) : null;
  return (
    <section aria-labelledby="quality-dossiers-heading">
      <h3 id="quality-dossiers-heading">{t('dashboard.quality.dossiers')}</h3>
      {quality.total === 0 && quality.offset === 0 ? (
        <p class="empty">{t('dashboard.quality.none')}</p>
      ) : (
        <>
          <p>{t('dashboard.quality.intro', { total: useNumbers().whole(quality.total) })}</p>
          <DataTable
            caption={{ headingId: 'quality-dossiers-heading' }}
            headers={[
              t('dashboard.quality.code'),
              t('dashboard.quality.problem'),
              t('dashboard.quality.at'),
              t('dashboard.agency'),
              t('dashboard.procedure'),
            ]}
          >
            {quality.items.map((item) => (
              <tr key={item.code}>
                <th scope="row">{item.code}</th>
                <td>
                  <ul class="link-list">
                    {item.problems.map((problem) => (
                      <li key={problem}>{t(`dashboard.problem.${problem}` as MessageKey)}</li>
                    ))}
                  </ul>
                </td>
                <td>{formatDateTime(item.at)}</td>
                <td>{name(item.agency)}</td>
                <td>{name(item.procedure)}</td>
              </tr>
            ))}
          </DataTable>
          <Pagination nextCursor={next} cursorParam="offset" />
        </>
      )}
    </section>
  );
}

function Quality({ dashboard }: { dashboard: Dashboard }) {
  const { t } = usePage();
  const name = useName();
  return (
    <section aria-labelledby="quality-heading" id="quality">
      <h2 id="quality-heading">{t('dashboard.quality')}</h2>
      <QualityDossiers dashboard={dashboard} />
      <section aria-labelledby="quality-procedures-heading">
        <h3 id="quality-procedures-heading">{t('dashboard.quality.procedures')}</h3>
        {dashboard.incomplete.length === 0 ? (
          <p class="empty">{t('dashboard.quality.procedures.none')}</p>
        ) : (
          <>
            <p>{t('dashboard.quality.procedures.intro')}</p>
            <ul class="link-list">
              {dashboard.incomplete.map((procedure) => (
                <li key={procedure.code}>
                  <a href={`/procedures/${encodeURIComponent(procedure.code)}`}>
                    {name(procedure)} ({procedure.code})
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </section>
  );
}

/** The leaders' dashboard: what is late, what waits for an answer, what people rate low. */
export function DashboardPage({ dashboard }: { dashboard: Dashboard }) {
  const { t } = usePage();
  const name = useName();
  const count = dashboard.agencies.length;
  return (
    <Layout
      title={t('dashboard.title')}
      breadcrumbs={[
        { label: t('backoffice.title'), href: '/backoffice' },
        { label: t('dashboard.title') },
      ]}
    >
      <h1>{t('dashboard.title')}</h1>
      <p class="lead">
        {count > 1
          ? t('dashboard.introUnit', { agency: name(dashboard.leading), count })
          : t('dashboard.intro', { agency: name(dashboard.leading) })}
      </p>
      <AgencyChoice dashboard={dashboard} />
      <Summary dashboard={dashboard} />
      <Agencies dashboard={dashboard} />
      <Deadlines dashboard={dashboard} />
      <LowestRated dashboard={dashboard} />
      <Quality dashboard={dashboard} />
    </Layout>
  );
}
