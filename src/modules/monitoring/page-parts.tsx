import { usePage, useText } from '../../web/context.js';
import { DataTable } from '../../web/components.js';
import { ColumnChart } from '../../web/charts.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { PlaceKind } from './service.js';
import type { TrendPoint } from './routes/figures.js';
import type { CriterionView, GroupView, PeriodView, PlaceView } from './routes/view.js';

/** A period as people read it: "Tháng 11/2026", "Quý 4/2026", "Năm 2026" (or so far). */
export function usePeriodName() {
  const { t, locale } = usePage();
  const months = new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
    month: 'long',
    timeZone: 'UTC',
  });
  return (period: Pick<PeriodView, 'key' | 'kind'>) => {
    const year = period.key.slice(0, 4);
    if (period.kind === 'year') return t('statistics.period.year', { year });
    if (period.kind === 'quarter') {
      return t('statistics.period.quarter', { quarter: period.key.slice(6), year });
    }
    const month = Number(period.key.slice(5, 7));
    const monthName = months.format(new Date(Date.UTC(Number(year), month - 1, 1)));
    return t('statistics.period.month', { month, monthName, year });
  };
}

/** The period's name, with "so far this month" (quarter, year) while it runs. */
export function usePeriodTitle() {
  const { t } = usePage();
  const name = usePeriodName();
  return (period: PeriodView) =>
    period.soFar
      ? `${t(`statistics.soFar.${period.kind}` as MessageKey)} (${name(period)})`
      : name(period);
}

/** Numbers in the reader's language: scores and points to two decimals, shares as percents. */
export function useNumbers() {
  const { t, locale } = usePage();
  const tag = locale === 'vi' ? 'vi-VN' : 'en-GB';
  const decimal = new Intl.NumberFormat(tag, { maximumFractionDigits: 2 });
  const tenths = new Intl.NumberFormat(tag, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  const whole = new Intl.NumberFormat(tag);
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const none = t('statistics.noData');
  return {
    none,
    whole: (n: number) => whole.format(n),
    decimal: (n: number | null) => (n === null ? none : decimal.format(n)),
    tenths: (n: number | null) => (n === null ? none : tenths.format(n)),
    percent: (n: number | null) => (n === null ? none : percent.format(n)),
    score: (n: number | null) => (n === null ? none : decimal.format(n)),
    // No-break spaces: "10 / 18" never wraps at the slash in a narrow column.
    points: (points: number | null, max: number) =>
      `${points === null ? '—' : decimal.format(points)}\u00a0/\u00a0${decimal.format(max)}`,
  };
}

export interface PeriodOption {
  key: string;
  kind: PeriodView['kind'];
}

/**
 * The form that picks the period (and, on the ranking, what is ranked): a plain GET form, so
 * it works without JavaScript; any period can also be typed into the address.
 */
export function PeriodForm(props: {
  action: string;
  period: string;
  options: PeriodOption[];
  kind?: PlaceKind;
  invalid?: boolean;
}) {
  const { t } = usePage();
  const name = usePeriodName();
  const groups = [
    ['month', 'statistics.form.months'],
    ['quarter', 'statistics.form.quarters'],
    ['year', 'statistics.form.years'],
  ] as const;
  return (
    <form method="get" action={props.action} class="filters-row" aria-labelledby="period-form">
      <h2 id="period-form" class="visually-hidden">
        {t('statistics.form.title')}
      </h2>
      {props.kind ? (
        <div class="field">
          <label for="kind">{t('statistics.form.kind')}</label>
          <select id="kind" name="kind">
            {(['province', 'ministry'] as const).map((kind) => (
              <option key={kind} value={kind} selected={kind === props.kind}>
                {t(`statistics.kind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div class="field">
        <label for="period">{t('statistics.form.period')}</label>
        <select id="period" name="period" aria-invalid={props.invalid ? 'true' : undefined}>
          {groups.map(([kind, label]) => (
            <optgroup key={kind} label={t(label)}>
              {props.options
                .filter((option) => option.kind === kind)
                .map((option) => (
                  <option
                    key={option.key}
                    value={option.key}
                    selected={option.key === props.period}
                  >
                    {name(option)}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </div>
      <button type="submit" class="button button-secondary">
        {t('statistics.form.show')}
      </button>
    </form>
  );
}

/** The score, its rating and how it is worked out: the head of every statistics page. */
export function ScoreSummary({ place, period }: { place: PlaceView; period: PeriodView }) {
  const { t } = usePage();
  const text = useText();
  const numbers = useNumbers();
  return (
    <>
      <dl class="summary-list">
        <div>
          <dt>{t('statistics.score')}</dt>
          <dd>
            <strong>
              {place.score === null
                ? numbers.none
                : t('statistics.scoreOutOf', { score: numbers.score(place.score) })}
            </strong>
          </dd>
        </div>
        <div>
          <dt>{t('statistics.rating')}</dt>
          <dd>{place.rating ? text(place.rating.name) : numbers.none}</dd>
        </div>
        <div>
          <dt>{t('statistics.totalPoints')}</dt>
          <dd>
            {t('statistics.pointsOfAvailable', {
              points: numbers.decimal(place.points),
              available: numbers.decimal(place.availablePoints),
              max: numbers.decimal(place.maxPoints),
            })}
          </dd>
        </div>
      </dl>
      {period.soFar ? <p class="notice">{t('statistics.soFarNote')}</p> : null}
      <p class="hint">{t('statistics.scoreNote')}</p>
    </>
  );
}

/** The five groups' points: earned, of those with figures, of the group's maximum. */
export function GroupTable({
  id,
  heading,
  groups,
}: {
  id: string;
  heading: string;
  groups: GroupView[];
}) {
  const { t } = usePage();
  const text = useText();
  const numbers = useNumbers();
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <DataTable
        caption={{ headingId: id }}
        headers={[t('statistics.group'), t('statistics.points'), t('statistics.availablePoints')]}
      >
        {groups.map((group) => (
          <tr key={group.code}>
            <th scope="row">{text(group.name)}</th>
            <td>
              {numbers.points(group.availablePoints > 0 ? group.points : null, group.maxPoints)}
            </td>
            <td>{numbers.decimal(group.availablePoints)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function CriterionRow({ criterion }: { criterion: CriterionView }) {
  const { t } = usePage();
  const text = useText();
  const numbers = useNumbers();
  const why =
    criterion.missing === 'unavailable'
      ? t('statistics.missing.unavailable', {
          reason: criterion.reason ? text(criterion.reason) : '',
        })
      : criterion.missing === 'no_data'
        ? t('statistics.missing.no_data')
        : null;
  return (
    <tr>
      <th scope="row">
        {criterion.code}. {text(criterion.name)}
      </th>
      <td>{criterion.value === null ? numbers.none : numbers.percent(criterion.value)}</td>
      <td>{numbers.points(criterion.points, criterion.maxPoints)}</td>
      <td>
        {criterion.numerator === null || criterion.denominator === null
          ? '—'
          : `${numbers.decimal(criterion.numerator / criterion.scale)} / ${numbers.whole(criterion.denominator)}`}
        {why ? <p class="hint">{why}</p> : null}
      </td>
      <td>{text(criterion.source)}</td>
    </tr>
  );
}

/** One table of criteria per group, with the numbers behind each value and their source. */
export function CriteriaTables({ groups }: { groups: GroupView[] }) {
  const { t } = usePage();
  const text = useText();
  const numbers = useNumbers();
  return (
    <section aria-labelledby="criteria-heading">
      <h2 id="criteria-heading">{t('statistics.criteria')}</h2>
      {groups.map((group) => (
        <section key={group.code} aria-labelledby={`group-${group.code}`}>
          <h3 id={`group-${group.code}`}>
            {text(group.name)}:{' '}
            {numbers.points(group.availablePoints > 0 ? group.points : null, group.maxPoints)}
          </h3>
          <div class="wide-table">
            <DataTable
              caption={{ headingId: `group-${group.code}` }}
              headers={[
                t('statistics.criterion'),
                t('statistics.value'),
                t('statistics.points'),
                t('statistics.behind'),
                t('statistics.source'),
              ]}
            >
              {group.criteria.map((criterion) => (
                <CriterionRow key={criterion.code} criterion={criterion} />
              ))}
            </DataTable>
          </div>
        </section>
      ))}
    </section>
  );
}

/** The score month by month: a column chart and the table of the same figures. */
export function TrendSection({ name, trend }: { name: string; trend: TrendPoint[] }) {
  const { t } = usePage();
  const text = useText();
  const numbers = useNumbers();
  const periodName = usePeriodName();
  const first = trend[0];
  const last = trend.at(-1);
  if (!first || !last) return null;
  const data = trend.map((point, i) => ({
    label: point.period.key.slice(5, 7),
    sublabel:
      i === 0 || point.period.key.endsWith('-01') ? point.period.key.slice(0, 4) : undefined,
    value: point.score,
    valueLabel: point.score === null ? '–' : String(Math.round(point.score)),
  }));
  return (
    <section aria-labelledby="trend-heading">
      <h2 id="trend-heading">{t('statistics.trend')}</h2>
      <ColumnChart
        title={t('statistics.chart.trend', { name })}
        description={t('statistics.chart.trendDesc', {
          from: periodName(first.period),
          to: periodName(last.period),
        })}
        data={data}
        max={100}
      />
      <DataTable
        caption={{ headingId: 'trend-heading' }}
        headers={[t('statistics.month'), t('statistics.score'), t('statistics.rating')]}
      >
        {trend.map((point) => (
          <tr key={point.period.key}>
            <th scope="row">{periodName(point.period)}</th>
            <td>{numbers.score(point.score)}</td>
            <td>{point.rating ? text(point.rating.name) : numbers.none}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** Links to the same figures as CSV and as an Excel workbook. */
export function Downloads({ links }: { links: { href: string; label: string }[] }) {
  const { t } = usePage();
  return (
    <section aria-labelledby="downloads-heading">
      <h2 id="downloads-heading">{t('statistics.downloads')}</h2>
      <ul class="link-list">
        {links.map((link) => (
          <li key={link.href}>
            <a href={link.href} download>
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The definition that scored the period: its name, legal basis and version. */
export function DefinitionNote({
  definition,
}: {
  definition: {
    version: string;
    title: { vi: string; en: string };
    basis: { vi: string; en: string };
  };
}) {
  const { t } = usePage();
  const text = useText();
  return (
    <p class="meta">
      {t('statistics.definition', {
        title: text(definition.title),
        basis: text(definition.basis),
        version: definition.version,
      })}
    </p>
  );
}
