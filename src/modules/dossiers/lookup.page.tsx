import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { Detail, ErrorSummary, type SummaryError } from '../../web/components.js';
import { formatDateTime } from '../../platform/i18n/index.js';
import { StatusTag, type Named } from './parts.js';

interface Found {
  code: string;
  status: number;
  procedure: Named;
  agency: Named;
  submittedAt: Date;
  /** Null for a dossier filed at an agency whose system has not said yet. */
  dueAt: Date | null;
  updatedAt: Date;
}

/** The code and the ID number, asked for again as they were given. */
function LookupForm(props: {
  code: string;
  idNumber: string;
  errors: SummaryError[];
  csrf: string;
}) {
  const { t } = usePage();
  const invalid = (field: string) =>
    props.errors.some((e) => e.field === field) ? 'true' : undefined;
  return (
    // Posted: the ID number must not end up in an address (history, links, logs).
    <form method="post" action="/lookup" novalidate>
      <input type="hidden" name="csrf" value={props.csrf} />
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
          // Wide enough for a whole code (000.00.01.H29-261130-0001) on a phone.
          size={28}
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
        <Detail term={t('dossier.code')}>{result.code}</Detail>
        <Detail term={t('dossier.statusLabel')}>
          <StatusTag status={result.status} />
        </Detail>
        <Detail term={t('dossier.procedure')}>{name(result.procedure)}</Detail>
        <Detail term={t('dossier.agency')}>{name(result.agency)}</Detail>
        <Detail term={t('dossier.submittedAt')}>{formatDateTime(result.submittedAt)}</Detail>
        <Detail term={t('dossier.dueAt')}>
          {result.dueAt ? formatDateTime(result.dueAt) : t('sync.none')}
        </Detail>
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
  csrf: string;
}) {
  const { t } = usePage();
  return (
    <Layout title={t('lookup.title')} breadcrumbs={[{ label: t('lookup.title') }]}>
      <h1>{t('lookup.title')}</h1>
      <ErrorSummary errors={props.errors} />
      <p>{t('lookup.intro')}</p>
      <LookupForm
        code={props.code}
        idNumber={props.idNumber}
        errors={props.errors}
        csrf={props.csrf}
      />
      {props.result ? <LookupResult result={props.result} /> : null}
    </Layout>
  );
}
