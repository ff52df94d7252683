import { Layout } from '../../web/layout.js';
import { useName, usePage, withQuery } from '../../web/context.js';
import { ErrorSummary, Pagination, Tag, type SummaryError } from '../../web/components.js';
import { SearchForm } from './search-form.js';
import { SearchFilters } from './search-filters.js';
import { levelLabel, serviceLevelLabel, serviceLevelTone, targetLabel } from './labels.js';
import type { Facets, ProcedureSummary, SearchResult } from './search-service.js';

type Named = { code: string; name: string; nameEn: string };

export interface SearchPageProps {
  query: Record<string, string | undefined>;
  errors: SummaryError[];
  result: SearchResult | null;
  facets: Facets | null;
  fields: Named[];
  provinces: Named[];
  agency: Named | null;
  popular: Named[];
}

const FILTERS = ['field', 'level', 'target', 'serviceLevel', 'province', 'agency'];

export function SearchPage(props: SearchPageProps) {
  const { t, url } = usePage();
  const name = useName();
  const { query, errors, result } = props;
  const q = query.q ?? '';
  const title = q ? t('search.titleFor', { q }) : t('search.title');
  const filtered = FILTERS.some((k) => query[k]);
  return (
    <Layout title={title} breadcrumbs={[{ label: t('nav.procedures') }]}>
      <h1>{t('search.title')}</h1>
      <ErrorSummary errors={errors} />
      <SearchForm q={q} invalid={errors.some((e) => e.field === 'q')} />
      <div class="search-layout">
        <SearchFilters props={props} q={q} filtered={filtered} />
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
          {result?.correctedQuery && result.items.length > 0 ? (
            <p class="notice" role="note">
              {t('search.corrected', { corrected: result.correctedQuery, q })}
            </p>
          ) : null}
          {result && result.items.length > 0 ? (
            <ol class="result-list">
              {result.items.map((item) => (
                <SearchResult key={item.code} item={item} />
              ))}
            </ol>
          ) : result ? (
            <NoResults q={q} filtered={filtered} popular={props.popular} />
          ) : null}
          {result ? <Pagination nextCursor={result.nextCursor} /> : null}
        </section>
      </div>
    </Layout>
  );
}

function SearchResult({ item }: { item: ProcedureSummary }) {
  const { t } = usePage();
  const name = useName();
  return (
    <li class="result">
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
        {item.status === 'annulled' ? <Tag tone="warning">{t('search.annulled')}</Tag> : null}
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
  );
}

/** Nothing found: what to try instead, and the procedures most people look for. */
function NoResults({ q, filtered, popular }: { q: string; filtered: boolean; popular: Named[] }) {
  const { t } = usePage();
  const name = useName();
  return (
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
        {popular.map((p) => (
          <li key={p.code}>
            <a href={`/procedures/${p.code}`}>{name(p)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
