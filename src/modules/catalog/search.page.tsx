import { Layout } from '../../web/layout.js';
import { usePage, withQuery } from '../../web/context.js';
import { ErrorSummary, Pagination, Tag, type SummaryError } from '../../web/components.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { SearchForm } from './search-form.js';
import {
  LEVELS,
  SERVICE_LEVELS,
  TARGETS,
  levelLabel,
  serviceLevelLabel,
  serviceLevelTone,
  targetLabel,
} from './labels.js';
import type { Facets, ProcedureSummary } from './search-service.js';

export interface SearchPageProps {
  query: Record<string, string | undefined>;
  errors: SummaryError[];
  result: {
    items: ProcedureSummary[];
    total: number;
    nextCursor: string | null;
    match: 'words' | 'typos';
  } | null;
  facets: Facets | null;
  fields: { code: string; name: string; nameEn: string }[];
  provinces: { code: string; name: string; nameEn: string }[];
  agency: { code: string; name: string; nameEn: string } | null;
  popular: { code: string; name: string; nameEn: string }[];
}

function FilterSelect({
  id,
  label,
  value,
  options,
  counts,
}: {
  id: string;
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  counts?: Record<string, number> | undefined;
}) {
  const { t } = usePage();
  return (
    <div class="field">
      <label for={`filter-${id}`}>{label}</label>
      <select id={`filter-${id}`} name={id}>
        <option value="">{t('search.filters.any')}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value} selected={option.value === value}>
            {counts ? `${option.label} (${counts[option.value] ?? 0})` : option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function SearchPage(props: SearchPageProps) {
  const { t, locale, url } = usePage();
  const { query, errors, result, facets } = props;
  const name = (item: { name: string; nameEn: string }) =>
    locale === 'en' ? item.nameEn : item.name;
  const q = query.q ?? '';
  const title = q ? t('search.titleFor', { q }) : t('search.title');
  const filtered = ['field', 'level', 'target', 'serviceLevel', 'province', 'agency'].some(
    (k) => query[k],
  );
  const enumOptions = (values: readonly string[], label: (v: string) => MessageKey) =>
    values.map((v) => ({ value: v, label: t(label(v)) }));
  return (
    <Layout title={title} breadcrumbs={[{ label: t('nav.procedures') }]}>
      <h1>{t('search.title')}</h1>
      <ErrorSummary errors={errors} />
      <SearchForm q={q} invalid={errors.some((e) => e.field === 'q')} />
      <div class="search-layout">
        <aside class="filters" aria-labelledby="filters-heading">
          <h2 id="filters-heading">{t('search.filters.heading')}</h2>
          <form action="/procedures" method="get">
            {q ? <input type="hidden" name="q" value={q} /> : null}
            {props.agency ? <input type="hidden" name="agency" value={props.agency.code} /> : null}
            <FilterSelect
              id="field"
              label={t('search.filters.field')}
              value={query.field}
              options={props.fields.map((f) => ({ value: f.code, label: name(f) }))}
              counts={facets?.field}
            />
            <FilterSelect
              id="level"
              label={t('search.filters.level')}
              value={query.level}
              options={enumOptions(LEVELS, levelLabel)}
              counts={facets?.level}
            />
            <FilterSelect
              id="target"
              label={t('search.filters.target')}
              value={query.target}
              options={enumOptions(TARGETS, targetLabel)}
              counts={facets?.target}
            />
            <FilterSelect
              id="serviceLevel"
              label={t('search.filters.serviceLevel')}
              value={query.serviceLevel}
              options={enumOptions(SERVICE_LEVELS, serviceLevelLabel)}
              counts={facets?.serviceLevel}
            />
            <FilterSelect
              id="province"
              label={t('search.filters.province')}
              value={query.province}
              options={props.provinces.map((p) => ({ value: p.code, label: name(p) }))}
            />
            <button type="submit" class="button button-secondary">
              {t('search.filters.apply')}
            </button>
            {filtered ? (
              <p>
                <a href={withQuery('/procedures', { q: q || undefined })}>
                  {t('search.filters.clear')}
                </a>
              </p>
            ) : null}
          </form>
        </aside>
        <section class="results" aria-labelledby="results-heading">
          <h2 id="results-heading" aria-live="polite">
            {result ? t('search.count', { total: result.total }) : t('search.title')}
          </h2>
          {props.agency ? (
            <p>
              {t('search.agencyFilter')}{' '}
              <a href={`/agencies/${props.agency.code}`}>{name(props.agency)}</a> ·{' '}
              <a href={withQuery(url, { agency: undefined, cursor: undefined })}>
                {t('search.removeFilter')}
              </a>
            </p>
          ) : null}
          {result && result.match === 'typos' && result.items.length > 0 ? (
            <p class="notice" role="note">
              {t('search.typoNotice', { q })}
            </p>
          ) : null}
          {result && result.items.length > 0 ? (
            <ol class="result-list">
              {result.items.map((item) => (
                <li key={item.code} class="result">
                  <h3>
                    <a href={`/procedures/${item.code}`}>{name(item)}</a>
                  </h3>
                  <p class="meta">
                    <span>
                      {t('procedure.code')}: {item.code}
                    </span>{' '}
                    · <span>{name(item.field)}</span> · <span>{t(levelLabel(item.level))}</span>
                  </p>
                  <p class="tags">
                    {item.status === 'annulled' ? (
                      <Tag tone="warning">{t('search.annulled')}</Tag>
                    ) : null}
                    <Tag tone={serviceLevelTone(item.serviceLevel)}>
                      {t(serviceLevelLabel(item.serviceLevel))}
                    </Tag>
                    {item.target.map((target) => (
                      <Tag key={target}>{t(targetLabel(target))}</Tag>
                    ))}
                  </p>
                  {item.agencies.length > 0 ? (
                    <p class="meta">
                      {t('procedure.implementingAgency')}: {item.agencies.map(name).join('; ')}
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          ) : result ? (
            <div class="empty">
              <p class="lead">{q ? t('search.empty.titleFor', { q }) : t('search.empty.title')}</p>
              <ul>
                <li>{t('search.empty.spelling')}</li>
                <li>{t('search.empty.fewerWords')}</li>
                {filtered ? (
                  <li>
                    <a href={withQuery('/procedures', { q: q || undefined })}>
                      {t('search.empty.clearFilters')}
                    </a>
                  </li>
                ) : null}
                <li>
                  <a href="/agencies">{t('search.empty.browseAgencies')}</a>
                </li>
              </ul>
              <h3>{t('home.popular')}</h3>
              <ul class="link-list">
                {props.popular.map((p) => (
                  <li key={p.code}>
                    <a href={`/procedures/${p.code}`}>{name(p)}</a>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {result ? <Pagination nextCursor={result.nextCursor} /> : null}
        </section>
      </div>
    </Layout>
  );
}
