import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { ErrorSummary, type SummaryError } from '../../web/components.js';
import { formatDateTime } from '../../platform/i18n/index.js';
import { StatusTag, type Named } from './parts.js';

interface Found {
  code: string;
  status: number;
  procedure: Named;
  agency: Named;
  submittedAt: Date;
  dueAt: Date;
  updatedAt: Date;
}

/** The code and the ID number, asked for again as they were given. */
function LookupForm(props: { code: string; idNumber: string; errors: SummaryError[] }) {
  const { t } = usePage();
  const invalid = (field: string) =>
    props.errors.some((e) => e.field === field) ? 'true' : undefined;
  return (
    <form method="get" action="/lookup" novalidate>
      <div class="field">
        <label for="code">{t('lookup.code')}</label>
        <p class="hint" id="code-hint">
          {t('lookup.codeHint')}
        </p>
        <input
          id="code"
          name="code"
          type="text"
          maxLength={60}
          value={props.code}
          aria-describedby="code-hint"
          aria-invalid={invalid('code')}
          autoComplete="off"
        />
      </div>
      <div class="field">
        <label for="idNumber">{t('lookup.idNumber')}</label>
        <input
          id="idNumber"
          name="idNumber"
          type="text"
          inputMode="numeric"
          maxLength={20}
          value={props.idNumber}
          aria-invalid={invalid('idNumber')}
          autoComplete="off"
        />
      </div>
      <button type="submit" class="button">
        {t('lookup.button')}
      </button>
    </form>
  );
}

/** What the lookup shows: status, procedure, agency and dates, nothing else. */
function LookupResult({ result }: { result: Found }) {
  const { t } = usePage();
  const name = useName();
  return (
    <section aria-labelledby="result-heading">
      <h2 id="result-heading">{t('lookup.result')}</h2>
      <dl class="summary-list">
        <div>
          <dt>{t('dossier.code')}</dt>
          <dd>{result.code}</dd>
        </div>
        <div>
          <dt>{t('dossier.statusLabel')}</dt>
          <dd>
            <StatusTag status={result.status} />
          </dd>
        </div>
        <div>
          <dt>{t('dossier.procedure')}</dt>
          <dd>{name(result.procedure)}</dd>
        </div>
        <div>
          <dt>{t('dossier.agency')}</dt>
          <dd>{name(result.agency)}</dd>
        </div>
        <div>
          <dt>{t('dossier.submittedAt')}</dt>
          <dd>{formatDateTime(result.submittedAt)}</dd>
        </div>
        <div>
          <dt>{t('dossier.dueAt')}</dt>
          <dd>{formatDateTime(result.dueAt)}</dd>
        </div>
      </dl>
    </section>
  );
}

/** The public lookup: anyone with a dossier's code and its applicant's ID number. */
export function LookupPage(props: {
  code: string;
  idNumber: string;
  errors: SummaryError[];
  result: Found | null;
}) {
  const { t } = usePage();
  return (
    <Layout title={t('lookup.title')} breadcrumbs={[{ label: t('lookup.title') }]}>
      <h1>{t('lookup.title')}</h1>
      <ErrorSummary errors={props.errors} />
      <p>{t('lookup.intro')}</p>
      <LookupForm code={props.code} idNumber={props.idNumber} errors={props.errors} />
      {props.result ? <LookupResult result={props.result} /> : null}
    </Layout>
  );
}
