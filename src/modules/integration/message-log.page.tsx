import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';
import {
  DataTable,
  ErrorSummary,
  Pagination,
  Tag,
  TextField,
  type SummaryError,
} from '../../web/components.js';
import { formatDateTime, type MessageKey } from '../../platform/i18n/index.js';
import type { TypedFilters } from './message-log-filters.js';
import { OUTCOMES, type MessageRecord, type Outcome } from './message-log.js';

export type ListedRecord = MessageRecord & { clientName: string | null };

const TONES: Record<Outcome, 'success' | 'warning' | 'neutral' | 'info'> = {
  ok: 'success',
  refused: 'warning',
  rejected: 'neutral',
  failed: 'warning',
  aborted: 'neutral',
};

const outcomeKey = (outcome: Outcome) => `integration.log.outcome.${outcome}` as MessageKey;

/** A hash as the table shows it: its first 16 hex digits (the API answers all 64). */
const short = (hash: string) => `${hash.slice(0, 16)}…`;

/** A select of the form, with its error between label and control as TextField has it. */
function SelectField(props: {
  id: keyof TypedFilters;
  label: string;
  value: string;
  error: string | undefined;
  options: { value: string; label: string }[];
}) {
  const { id, error } = props;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {error ? (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      ) : null}
      <select
        id={id}
        name={id}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The filters: a plain GET form, usable without JavaScript. */
function Filters(props: {
  typed: TypedFilters;
  errors: SummaryError[];
  clients: { id: string; name: string }[];
}) {
  const { t } = usePage();
  const { typed } = props;
  const errorOf = (field: keyof TypedFilters) =>
    props.errors.find((e) => e.field === field)?.message;
  const text = (
    field: keyof TypedFilters,
    label: MessageKey,
    attributes: Record<string, string | number>,
  ) => (
    <TextField
      id={field}
      name={field}
      label={t(label)}
      value={typed[field]}
      error={errorOf(field)}
      attributes={attributes}
    />
  );
  return (
    <form
      method="get"
      action="/admin/integration/messages"
      class="filters-row"
      aria-label={t('integration.log.filters')}
    >
      <SelectField
        id="client"
        label={t('integration.log.client')}
        value={typed.client}
        error={errorOf('client')}
        options={[
          { value: '', label: t('integration.log.anyClient') },
          ...props.clients.map((c) => ({ value: c.id, label: c.name })),
        ]}
      />
      {text('requestId', 'integration.log.requestId', { maxLength: 36, spellCheck: 'false' })}
      {text('from', 'integration.log.from', { type: 'date' })}
      {text('to', 'integration.log.to', { type: 'date' })}
      {text('status', 'integration.log.status', { inputMode: 'numeric', maxLength: 3 })}
      <SelectField
        id="outcome"
        label={t('integration.log.outcome')}
        value={typed.outcome}
        error={errorOf('outcome')}
        options={[
          { value: '', label: t('integration.log.anyOutcome') },
          ...OUTCOMES.map((o) => ({ value: o, label: t(outcomeKey(o)) })),
        ]}
      />
      {text('path', 'integration.log.path', { maxLength: 1000 })}
      <button type="submit" class="button">
        {t('integration.log.search')}
      </button>
    </form>
  );
}

/** The records of the page, newest first. */
function Records({ records }: { records: ListedRecord[] }) {
  const { t } = usePage();
  const client = (r: ListedRecord) =>
    r.clientId === null
      ? t('integration.log.unauthenticated')
      : (r.clientName ?? t('integration.log.unknownClient', { id: r.clientId }));
  return (
    <DataTable
      caption={t('integration.log.records')}
      headers={[
        t('integration.log.seq'),
        t('integration.log.at'),
        t('integration.log.client'),
        t('integration.log.exchange'),
        t('integration.log.answer'),
        t('integration.log.duration'),
        t('integration.log.requestId'),
        t('integration.log.hashes'),
      ]}
    >
      {records.map((r) => (
        <tr key={r.seq}>
          <td>{r.seq}</td>
          <td>{formatDateTime(r.at)}</td>
          <td>{client(r)}</td>
          <td>
            <code>
              {r.method} {r.path}
            </code>
          </td>
          <td>
            {r.status ?? '—'} <Tag tone={TONES[r.outcome]}>{t(outcomeKey(r.outcome))}</Tag>
            {r.problemCode ? <span class="hint"> {r.problemCode}</span> : null}
          </td>
          <td>{t('integration.log.milliseconds', { ms: (r.durationUs / 1000).toFixed(1) })}</td>
          <td>
            <code>{r.requestId}</code>
          </td>
          <td>
            <code>{r.requestSha256 ? short(r.requestSha256) : t('integration.log.notRead')}</code>
            {' / '}
            <code>
              {r.responseSha256 ? short(r.responseSha256) : t('integration.log.noAnswer')}
            </code>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** Administrators' view of the message log: filters and the records they select. */
export function MessageLogPage(props: {
  records: ListedRecord[];
  typed: TypedFilters;
  errors: SummaryError[];
  clients: { id: string; name: string }[];
  nextBefore: number | null;
  retentionDays: number;
}) {
  const { t } = usePage();
  const title = t('integration.log.title');
  return (
    <Layout title={title} breadcrumbs={[{ label: title }]}>
      <h1>{title}</h1>
      <p class="lead">{t('integration.log.intro')}</p>
      <p class="hint">
        {t('integration.log.retention', { days: props.retentionDays })}{' '}
        {t('integration.log.verifyHint', { command: 'npm run integration-log -- verify' })}
      </p>
      <ErrorSummary errors={props.errors} />
      <Filters typed={props.typed} errors={props.errors} clients={props.clients} />
      {props.records.length > 0 ? (
        <Records records={props.records} />
      ) : props.errors.length === 0 ? (
        <p class="empty">{t('integration.log.none')}</p>
      ) : null}
      <Pagination
        nextCursor={props.nextBefore === null ? null : String(props.nextBefore)}
        cursorParam="before"
      />
    </Layout>
  );
}
