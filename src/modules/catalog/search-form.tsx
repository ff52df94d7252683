import { usePage } from '../../web/context.js';
import { MAX_QUERY_LENGTH } from './search.js';

/** The search box: a plain GET form; site.js adds suggestions while typing. */
export function SearchForm({
  q = '',
  large = false,
  invalid = false,
}: {
  q?: string;
  large?: boolean;
  invalid?: boolean;
}) {
  const { t } = usePage();
  return (
    <form
      class={large ? 'search-form search-form-large' : 'search-form'}
      action="/procedures"
      method="get"
      role="search"
    >
      <label for="q" class={large ? 'search-label-large' : undefined}>
        {t('search.label')}
      </label>
      <p id="q-hint" class="hint">
        {t('search.hint')}
      </p>
      <div class="search-row">
        <input
          id="q"
          name="q"
          type="search"
          value={q}
          maxLength={MAX_QUERY_LENGTH}
          autoComplete="off"
          list="q-suggestions"
          aria-describedby="q-hint"
          aria-invalid={invalid ? 'true' : undefined}
          data-suggest="/api/v1/procedures/suggestions"
        />
        <datalist id="q-suggestions" />
        <button type="submit" class="button">
          {t('search.submit')}
        </button>
      </div>
    </form>
  );
}
