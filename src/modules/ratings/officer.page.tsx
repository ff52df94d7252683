import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { DataTable } from '../../web/components.js';
import { formatDateTime, type MessageKey } from '../../platform/i18n/index.js';
import type { Averages } from './repository.js';
import type { AgencyRatings, OfficerRating } from './officer-view.js';

/** A share of "yes" as a percentage, a mean to a tenth; a dash for no ratings. */
function useFigures() {
  const { locale } = usePage();
  const tag = locale === 'vi' ? 'vi-VN' : 'en-GB';
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 0 });
  const tenths = new Intl.NumberFormat(tag, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  return (a: Averages) =>
    a.count === 0
      ? ['—', '—', '—', '—', '—']
      : [
          percent.format(a.on_time),
          tenths.format(a.visits),
          tenths.format(a.conduct),
          percent.format(a.fees_as_announced),
          tenths.format(a.overall),
        ];
}

function Filters(props: { view: AgencyRatings; months: string[] }) {
  const { t } = usePage();
  const name = useName();
  const { view } = props;
  return (
    <form method="get" action="/backoffice/ratings" class="filters-row">
      {view.agencies.length > 1 ? (
        <div class="field">
          <label for="agency">{t('ratings.agency')}</label>
          <select id="agency" name="agency">
            <option value="">{t('ratings.officer.allAgencies')}</option>
            {view.agencies.map((a) => (
              <option key={a.code} value={a.code} selected={view.agency === a.code}>
                {name(a)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div class="field">
        <label for="month">{t('ratings.officer.month')}</label>
        <select id="month" name="month">
          <option value="">{t('ratings.officer.allMonths')}</option>
          {props.months.map((m) => (
            <option key={m} value={m} selected={view.month === m}>
              {`${m.slice(5)}/${m.slice(0, 4)}`}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button button-secondary">
        {t('ratings.officer.show')}
      </button>
    </form>
  );
}

function AveragesTable({ view }: { view: AgencyRatings }) {
  const { t } = usePage();
  const name = useName();
  const figures = useFigures();
  const headers = [
    t('dossier.procedure'),
    t('ratings.officer.count'),
    t('ratings.short.onTime'),
    t('ratings.short.visits'),
    t('ratings.short.conduct'),
    t('ratings.short.feesAsAnnounced'),
    t('ratings.short.overall'),
  ];
  return (
    <section>
      <h2 id="averages-heading">{t('ratings.officer.averages')}</h2>
      <DataTable caption={{ headingId: 'averages-heading' }} headers={headers}>
        <tr>
          <th scope="row">{t('ratings.officer.allProcedures')}</th>
          <td>{view.all.count}</td>
          {figures(view.all).map((f, i) => (
            <td key={i}>{f}</td>
          ))}
        </tr>
        {view.procedures.map((p) => (
          <tr key={p.procedure.code}>
            <th scope="row">{name(p.procedure)}</th>
            <td>{p.count}</td>
            {figures(p).map((f, i) => (
              <td key={i}>{f}</td>
            ))}
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function RatingCard({ rating }: { rating: OfficerRating }) {
  const { t } = usePage();
  const name = useName();
  const yes = (v: boolean) => t(v ? 'ratings.choice.yesNo.yes' : 'ratings.choice.yesNo.no');
  return (
    <li class="card">
      <p>
        <strong>{name(rating.procedure)}</strong>
        {rating.anonymous ? (
          <>
            {' '}
            —{' '}
            {t('ratings.officer.anonymousIn', {
              month: `${rating.month.slice(5)}/${rating.month.slice(0, 4)}`,
            })}
          </>
        ) : (
          <>
            {' '}
            —{' '}
            {rating.dossierCode
              ? t('ratings.officer.namedOn', {
                  code: rating.dossierCode,
                  at: formatDateTime(rating.givenAt),
                })
              : formatDateTime(rating.givenAt)}
          </>
        )}
      </p>
      <ul>
        <li>
          {t('ratings.short.onTime')}: {yes(rating.onTime)}
        </li>
        <li>
          {t('ratings.short.visits')}: {t(`ratings.choice.count.${rating.visits}` as MessageKey)}
        </li>
        <li>
          {t('ratings.short.conduct')}: {rating.conduct}/5
        </li>
        <li>
          {t('ratings.short.feesAsAnnounced')}: {yes(rating.feesAsAnnounced)}
        </li>
        <li>
          {t('ratings.short.overall')}: {rating.overall}/5
        </li>
      </ul>
      {rating.comment ? <blockquote>{rating.comment}</blockquote> : null}
    </li>
  );
}

function RatingList(props: {
  id: string;
  heading: string;
  hint?: string;
  ratings: OfficerRating[];
}) {
  const { t } = usePage();
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.heading}</h2>
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      {props.ratings.length === 0 ? (
        <p class="empty">{t('ratings.officer.none')}</p>
      ) : (
        <ul class="card-list">
          {props.ratings.map((r, i) => (
            <RatingCard key={i} rating={r} />
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The agency's ratings: averages per criterion, in all and per procedure; the latest ratings
 * given with a name; the anonymous ones, without anything that leads back to a dossier.
 */
export function OfficerRatingsPage(props: { view: AgencyRatings; months: string[] }) {
  const { t } = usePage();
  const { view } = props;
  return (
    <Layout
      title={t('ratings.officer.title')}
      breadcrumbs={[
        { href: '/backoffice', label: t('backoffice.title') },
        { label: t('ratings.officer.title') },
      ]}
    >
      <h1>{t('ratings.officer.title')}</h1>
      <Filters view={view} months={props.months} />
      <AveragesTable view={view} />
      <RatingList id="named-heading" heading={t('ratings.officer.named')} ratings={view.named} />
      <RatingList
        id="anonymous-heading"
        heading={t('ratings.officer.anonymous')}
        hint={t('ratings.officer.anonymousHint')}
        ratings={view.anonymous}
      />
    </Layout>
  );
}
