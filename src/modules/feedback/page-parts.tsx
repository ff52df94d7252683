import { DataTable, Detail, Tag } from '../../web/components.js';
import { useName, usePage } from '../../web/context.js';
import { formatDateTime, formatKilobytes, type MessageKey } from '../../platform/i18n/index.js';
import type { FeedbackState } from './lifecycle.js';
import type { FeedbackEventRow, FeedbackFileRow, FeedbackRow } from './repository.js';

/** An agency's names, as the pages show them in the reader's language. */
export interface Named {
  code: string;
  name: string;
  nameEn: string;
}

/** Agencies by code, looked up once for a page. */
export type AgencyNames = ReadonlyMap<string, Named>;

const TONE: Record<FeedbackState, 'neutral' | 'success' | 'info' | 'warning'> = {
  submitted: 'info',
  in_progress: 'info',
  awaiting_sender: 'warning',
  answered: 'success',
  closed: 'neutral',
  rejected: 'neutral',
  merged: 'neutral',
  withdrawn: 'neutral',
};

export function FeedbackStatus({ status }: { status: FeedbackState }) {
  const { t } = usePage();
  return <Tag tone={TONE[status]}>{t(`feedback.status.${status}` as MessageKey)}</Tag>;
}

/** An agency by its name, or its code when the catalog no longer has it. */
export function AgencyName({ code, names }: { code: string | null; names: AgencyNames }) {
  const name = useName();
  if (!code) return null;
  const agency = names.get(code);
  return <>{agency ? name(agency) : code}</>;
}

/** The deadline running now, and whether it has passed or was escalated. */
export function Deadline({ row, now }: { row: FeedbackRow; now: Date }) {
  const { t } = usePage();
  if (!row.due_at || !row.deadline_kind) return <>—</>;
  return (
    <>
      {formatDateTime(row.due_at)}{' '}
      {row.escalated_at ? (
        <Tag tone="warning">{t('feedback.escalated')}</Tag>
      ) : row.due_at < now ? (
        <Tag tone="warning">{t('feedback.overdue')}</Tag>
      ) : null}
    </>
  );
}

/** What was sent: kind, place, procedure, dossier, the text and whether it may be published. */
export function Content({ row, names }: { row: FeedbackRow; names: AgencyNames }) {
  const { t } = usePage();
  return (
    <section aria-labelledby="content-heading">
      <h2 id="content-heading">{t('feedback.item.content')}</h2>
      <dl class="summary-list">
        <Detail term={t('feedback.col.status')}>
          <FeedbackStatus status={row.status} />
        </Detail>
        <Detail term={t('feedback.col.kind')}>
          {t(`feedback.kind.${row.kind}` as MessageKey)}
        </Detail>
        <Detail term={t('feedback.col.agency')}>
          <AgencyName code={row.agency_code} names={names} />
        </Detail>
        {row.procedure_code ? (
          <Detail term={t('feedback.item.procedure')}>
            <a href={`/procedures/${row.procedure_code}`}>{row.procedure_code}</a>
          </Detail>
        ) : null}
        {row.dossier_code ? (
          <Detail term={t('feedback.item.dossier')}>{row.dossier_code}</Detail>
        ) : null}
        {row.place ? <Detail term={t('feedback.item.place')}>{row.place}</Detail> : null}
        <Detail term={t('feedback.col.sentAt')}>{formatDateTime(row.created_at)}</Detail>
        <Detail term={t('feedback.item.published')}>
          {t(row.publish_consent ? 'feedback.yes' : 'feedback.no')}
        </Detail>
      </dl>
      <h3>{row.title}</h3>
      <p class="preserve-lines">{row.body}</p>
    </section>
  );
}

/** Every step, oldest first, with the agencies named and the notes given. */
export function Timeline({ events, names }: { events: FeedbackEventRow[]; names: AgencyNames }) {
  const { t } = usePage();
  const name = useName();
  const agencyName = (code: string | null) => {
    const agency = code ? names.get(code) : undefined;
    return agency ? name(agency) : (code ?? '');
  };
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('feedback.item.timeline')}</h2>
      <ol class="timeline">
        {events.map((event) => (
          <li key={event.id}>
            <strong>
              {t(`feedback.action.${event.action}` as MessageKey, {
                agency: agencyName(
                  event.action === 'forward' ? event.to_agency : event.agency_code,
                ),
              })}
            </strong>{' '}
            <span class="hint">{formatDateTime(event.at)}</span>
            {event.note ? <p class="preserve-lines">{event.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The answer, by whom and when, with its signed PDF. */
export function Answer({
  row,
  names,
  pdfHref,
}: {
  row: FeedbackRow;
  names: AgencyNames;
  pdfHref: string | null;
}) {
  const { t } = usePage();
  const name = useName();
  if (!row.answer_text || !row.answered_at) return null;
  const agency = names.get(row.answer_agency_code ?? row.agency_code);
  return (
    <section aria-labelledby="answer-heading" class="panel">
      <h2 id="answer-heading">{t('feedback.item.answer')}</h2>
      <p class="hint">
        {t('feedback.item.answerBy', {
          agency: agency ? name(agency) : (row.answer_agency_code ?? ''),
          date: formatDateTime(row.answered_at),
        })}
      </p>
      <p class="preserve-lines">{row.answer_text}</p>
      {pdfHref ? <a href={pdfHref}>{t('feedback.item.answerPdf')}</a> : null}
    </section>
  );
}

/** The files sent with it, each a link. */
export function Files({ files, href }: { files: FeedbackFileRow[]; href: (id: string) => string }) {
  const { t, locale } = usePage();
  const attachments = files.filter((f) => f.purpose === 'attachment');
  if (attachments.length === 0) return null;
  return (
    <section aria-labelledby="files-heading">
      <h2 id="files-heading">{t('feedback.item.files')}</h2>
      <ul>
        {attachments.map((file) => (
          <li key={file.id}>
            <a href={href(file.id)}>{file.file_name}</a> ({formatKilobytes(locale, file.size_bytes)}
            )
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A list of items: code, title, agency, status and a date column. */
export function ItemTable({
  caption,
  rows,
  names,
  href,
  now,
}: {
  caption: string;
  rows: FeedbackRow[];
  names: AgencyNames;
  href: (code: string) => string;
  now: Date;
}) {
  const { t } = usePage();
  return (
    <DataTable
      caption={caption}
      headers={[
        t('feedback.col.code'),
        t('feedback.col.title'),
        t('feedback.col.agency'),
        t('feedback.col.status'),
        t('feedback.col.due'),
      ]}
    >
      {rows.map((row) => (
        <tr key={row.code}>
          <td>
            <a href={href(row.code)}>{row.code}</a>
          </td>
          <td>{row.title}</td>
          <td>
            <AgencyName code={row.agency_code} names={names} />
          </td>
          <td>
            <FeedbackStatus status={row.status} />
          </td>
          <td>
            <Deadline row={row} now={now} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
