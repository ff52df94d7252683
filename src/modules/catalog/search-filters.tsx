import { useName, usePage, withQuery } from '../../web/context.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import {
  LEVELS,
  SERVICE_LEVELS,
  TARGETS,
  levelLabel,
  serviceLevelLabel,
  targetLabel,
} from './labels.js';
import type { SearchPageProps } from './search.page.js';

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

/** The search's filters, each with how many results it would leave. */
export function SearchFilters({
  props,
  q,
  filtered,
}: {
  props: SearchPageProps;
  q: string;
  filtered: boolean;
}) {
  const { t } = usePage();
  const name = useName();
  const { query, facets } = props;
  const enumOptions = (values: readonly string[], label: (v: string) => MessageKey) =>
    values.map((v) => ({ value: v, label: t(label(v)) }));
  return (
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
  );
}
