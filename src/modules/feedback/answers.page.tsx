import { Fragment } from 'preact';
import { Layout } from '../../web/layout.js';
import { useName, usePage, withQuery } from '../../web/context.js';
import { Detail, ErrorSummary, Pagination, Tag, type SummaryError } from '../../web/components.js';
import { formatDateTime, type MessageKey } from '../../platform/i18n/index.js';
import { REDACTED } from './redact.js';
import { EXCERPT_LENGTH } from './answers-excerpts.js';
import type { AnswerSummary } from './answers.js';
import {
  MAX_QUERY_LENGTH,
  type AnswerDetail,
  type AnswerResults,
  type Named,
} from './answers-http.js';

const kindLabel = (kind: string) => `answers.kind.${kind}` as MessageKey;
const dateOf = (iso: string) => formatDateTime(new Date(iso)).slice(0, 10);

/** A published text: each piece of personal data removed shown as such, in the reader's words. */
export function RedactedText({ text }: { text: string }) {
  const { t } = usePage();
  const parts = text.split(REDACTED);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 ? <span class="redacted">{t('answers.redacted')}</span> : null}
        </Fragment>
      ))}
    </>
  );
}

/** Paragraphs as the agency wrote them (blank lines between). */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .filter((paragraph) => paragraph.trim() !== '')
        .map((paragraph, i) => (
          <p key={i}>
            <RedactedText text={paragraph.trim()} />
          </p>
        ))}
    </>
  );
}

export interface AnswersPageProps {
  query: Record<string, string | undefined>;
  errors: SummaryError[];
  result: AnswerResults | null;
  agencies: Named[];
  fields: Named[];
}

/** The search of published answers: words, filters, results a page at a time. */
export function AnswersPage({ query, errors, result, agencies, fields }: AnswersPageProps) {
  const { t } = usePage();
  const q = query.q ?? '';
  const filtered = Boolean(query.agency || query.field || query.procedure);
  return (
    <Layout
      title={q ? t('answers.titleFor', { q }) : t('answers.title')}
      breadcrumbs={[{ label: t('answers.title') }]}
    >
      <h1>{t('answers.title')}</h1>
      <p class="lead">{t('answers.lead')}</p>
      <ErrorSummary errors={errors} />
      <form class="search-form" action="/answers" method="get" role="search">
        <label for="q">{t('answers.search.label')}</label>
        <p id="q-hint" class="hint">
          {t('answers.search.hint')}
        </p>
        <div class="search-row">
          <input
            id="q"
            name="q"
            type="search"
            value={q}
            maxLength={MAX_QUERY_LENGTH}
            aria-describedby="q-hint"
            aria-invalid={errors.some((e) => e.field === 'q') ? 'true' : undefined}
          />
          {(['agency', 'field', 'procedure'] as const).map((key) =>
            query[key] ? <input key={key} type="hidden" name={key} value={query[key]} /> : null,
          )}
          <button type="submit" class="button">
            {t('answers.search.submit')}
          </button>
        </div>
      </form>
      <div class="search-layout">
        <Filters query={query} agencies={agencies} fields={fields} filtered={filtered} />
        <section class="results" aria-labelledby="results-heading">
          <h2 id="results-heading" aria-live="polite">
            {result ? t('answers.count', { total: result.total }) : t('answers.title')}
          </h2>
          {result?.correctedQuery && result.items.length > 0 ? (
            <p class="notice" role="note">
              {t('answers.corrected', { corrected: result.correctedQuery, q })}
            </p>
          ) : null}
          {result && result.items.length > 0 ? (
            <ol class="result-list">
              {result.items.map((item) => (
                <AnswerResult key={item.code} item={item} />
              ))}
            </ol>
          ) : result ? (
            <p class="empty">{t('answers.empty')}</p>
          ) : null}
          {result ? <Pagination nextCursor={result.nextCursor} /> : null}
        </section>
      </div>
    </Layout>
  );
}

function Filters(props: {
  query: Record<string, string | undefined>;
  agencies: Named[];
  fields: Named[];
  filtered: boolean;
}) {
  const { t, url } = usePage();
  const name = useName();
  const { query } = props;
  const select = (id: 'agency' | 'field', label: MessageKey, options: Named[]) => (
    <div class="field">
      <label for={`filter-${id}`}>{t(label)}</label>
      <select id={`filter-${id}`} name={id}>
        <option value="">{t('answers.filter.any')}</option>
        {options.map((option) => (
          <option key={option.code} value={option.code} selected={option.code === query[id]}>
            {name(option)}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <aside class="filters" aria-labelledby="filters-heading">
      <h2 id="filters-heading">{t('answers.filter.title')}</h2>
      <form action="/answers" method="get">
        {query.q ? <input type="hidden" name="q" value={query.q} /> : null}
        {select('agency', 'answers.filter.agency', props.agencies)}
        {select('field', 'answers.filter.field', props.fields)}
        <div class="field">
          <label for="filter-procedure">{t('answers.filter.procedure')}</label>
          <p id="filter-procedure-hint" class="hint">
            {t('answers.filter.procedureHint')}
          </p>
          <input
            id="filter-procedure"
            name="procedure"
            type="text"
            value={query.procedure ?? ''}
            maxLength={40}
            inputMode="decimal"
            aria-describedby="filter-procedure-hint"
          />
        </div>
        <button type="submit" class="button button-secondary">
          {t('answers.filter.apply')}
        </button>
        {props.filtered ? (
          <p>
            <a
              href={withQuery(url, {
                agency: undefined,
                field: undefined,
                procedure: undefined,
                cursor: undefined,
              })}
            >
              {t('answers.filter.clear')}
            </a>
          </p>
        ) : null}
      </form>
    </aside>
  );
}

function AnswerResult({ item }: { item: AnswerResults['items'][number] }) {
  const { t } = usePage();
  const name = useName();
  return (
    <li class="result">
      <h3>
        <a href={`/answers/${item.code}`}>
          <RedactedText text={item.title} />
        </a>
      </h3>
      <p class="meta">
        <span>{name(item.agency)}</span> ·{' '}
        <span>{t('answers.answeredOn', { date: dateOf(item.answeredAt) })}</span>
        {item.field ? (
          <>
            {' '}
            · <span>{name(item.field)}</span>
          </>
        ) : null}
      </p>
      <p>
        <RedactedText text={item.excerpt} />
        {item.excerpt.length >= EXCERPT_LENGTH ? '…' : null}
      </p>
    </li>
  );
}

/** One published answer: the question and the agency's answer, personal data removed. */
export function AnswerPage({ answer }: { answer: AnswerDetail }) {
  const { t } = usePage();
  const name = useName();
  return (
    <Layout
      title={answer.title.replaceAll(REDACTED, t('answers.redacted'))}
      breadcrumbs={[{ href: '/answers', label: t('answers.title') }, { label: answer.code }]}
    >
      <h1>
        <RedactedText text={answer.title} />
      </h1>
      <p class="tags">
        <Tag>{t(kindLabel(answer.kind))}</Tag>
      </p>
      <dl class="summary-list">
        <Detail term={t('answers.code')}>{answer.code}</Detail>
        {answer.procedure ? (
          <Detail term={t('answers.about')}>
            <a href={`/procedures/${answer.procedure.code}`}>{name(answer.procedure)}</a>
          </Detail>
        ) : null}
        {answer.field ? <Detail term={t('answers.field')}>{name(answer.field)}</Detail> : null}
      </dl>
      <section aria-labelledby="question-heading">
        <h2 id="question-heading">{t('answers.question')}</h2>
        <Paragraphs text={answer.question} />
      </section>
      <section aria-labelledby="answer-heading">
        <h2 id="answer-heading">{t('answers.answer', { agency: name(answer.agency) })}</h2>
        <p class="meta">{t('answers.answeredOn', { date: dateOf(answer.answeredAt) })}</p>
        <Paragraphs text={answer.answer} />
      </section>
      <p class="hint">{t('answers.redactedNote')}</p>
      <p>
        <a href="/answers">{t('answers.back')}</a>
      </p>
    </Layout>
  );
}

/** The procedure page's section: the latest answers about it, and a link to all of them. */
export function ProcedureAnswers({
  procedureCode,
  items,
  total,
}: {
  procedureCode: string;
  items: AnswerSummary[];
  total: number;
}) {
  const { t } = usePage();
  return (
    <>
      <ul class="link-list">
        {items.map((item) => (
          <li key={item.code}>
            <a href={`/answers/${item.code}`}>
              <RedactedText text={item.title} />
            </a>{' '}
            <span class="meta">
              {t('answers.answeredOn', { date: dateOf(item.answeredAt.toISOString()) })}
            </span>
          </li>
        ))}
      </ul>
      {total > items.length ? (
        <p>
          <a href={withQuery('/answers', { procedure: procedureCode })}>
            {t('answers.procedure.more')}
          </a>
        </p>
      ) : null}
    </>
  );
}
