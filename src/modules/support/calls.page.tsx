import { formatDate, formatDateTime } from '../../platform/i18n/index.js';
import { DataTable, ErrorSummary, type SummaryError } from '../../web/components.js';
import { usePage } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { Choice, DeskNav, Input, TextArea } from './fields.js';
import type { Figures } from './hotline.js';
import type { CallRow, FigureRow } from './repository.js';
import { CHANNELS, OUTCOMES, TOPICS } from './topics.js';

export type CallValues = Record<
  'channel' | 'topic' | 'procedureCode' | 'idNumber' | 'outcome' | 'duration' | 'summary',
  string
>;

const deskCrumb = (t: ReturnType<typeof usePage>['t']) => ({
  href: '/backoffice/help',
  label: t('support.desk.title'),
});

/** A duration in seconds as m:ss. */
export const minutesAndSeconds = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

function RecentCalls({ calls }: { calls: CallRow[] }) {
  const { t } = usePage();
  return (
    <>
      <h2 id="recent-heading">{t('support.calls.recent')}</h2>
      {calls.length === 0 ? (
        <p>{t('support.calls.none')}</p>
      ) : (
        <DataTable
          caption={{ headingId: 'recent-heading' }}
          headers={[
            t('support.calls.at'),
            t('support.calls.channel'),
            t('support.calls.topic'),
            t('support.calls.outcome'),
            t('support.calls.duration'),
            t('support.calls.agent'),
          ]}
        >
          {calls.map((c) => (
            <tr key={c.id}>
              <td>{formatDateTime(c.at)}</td>
              <td>{t(`support.channel.${c.channel}`)}</td>
              <td>
                {t(`support.topic.${c.topic}`)}
                {c.procedure_code ? ` (${c.procedure_code})` : ''}
              </td>
              <td>{t(`support.outcome.${c.outcome}`)}</td>
              <td>{minutesAndSeconds(c.duration_seconds)}</td>
              <td>{c.agent_name}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

/** /backoffice/help/calls: log a call, chat or email, and the latest logged. */
export function CallsPage(props: {
  values: CallValues;
  errors: SummaryError[];
  notice: string | null;
  calls: CallRow[];
  csrf: string;
}) {
  const { t } = usePage();
  const { values: v, errors } = props;
  return (
    <Layout
      title={t('support.calls.title')}
      breadcrumbs={[deskCrumb(t), { label: t('support.calls.title') }]}
    >
      <h1>{t('support.calls.title')}</h1>
      <DeskNav />
      <ErrorSummary errors={errors} />
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <form method="post" action="/backoffice/help/calls" novalidate>
        <input type="hidden" name="csrf" value={props.csrf} />
        <Choice
          name="channel"
          label={t('support.calls.channel')}
          value={v.channel}
          errors={errors}
          options={CHANNELS}
          prefix="support.channel."
        />
        <Choice
          name="topic"
          label={t('support.calls.topic')}
          value={v.topic}
          errors={errors}
          options={TOPICS}
          prefix="support.topic."
          placeholder={t('support.contact.chooseTopic')}
        />
        <Input
          name="procedureCode"
          label={t('support.calls.procedure')}
          hint={t('support.contact.procedureHint')}
          value={v.procedureCode}
          errors={errors}
          maxLength={40}
        />
        <Input
          name="idNumber"
          label={t('support.calls.idNumber')}
          value={v.idNumber}
          errors={errors}
          maxLength={20}
        />
        <Choice
          name="outcome"
          label={t('support.calls.outcome')}
          value={v.outcome}
          errors={errors}
          options={OUTCOMES}
          prefix="support.outcome."
        />
        <Input
          name="duration"
          label={t('support.calls.duration')}
          hint={t('support.calls.durationHint')}
          value={v.duration}
          errors={errors}
          maxLength={8}
        />
        <TextArea
          name="summary"
          label={t('support.calls.summary')}
          value={v.summary}
          errors={errors}
          maxLength={2000}
          rows={3}
        />
        <button type="submit" class="button" data-once>
          {t('support.calls.save')}
        </button>
      </form>
      <RecentCalls calls={props.calls} />
    </Layout>
  );
}

function FigureTable(props: {
  headingId: string;
  first: string;
  rows: FigureRow[];
  label: (key: string | null) => string;
}) {
  const { t } = usePage();
  return (
    <DataTable
      caption={{ headingId: props.headingId }}
      headers={[
        props.first,
        t('support.figures.phone'),
        t('support.figures.chat'),
        t('support.figures.email'),
        t('support.figures.tickets'),
      ]}
    >
      {props.rows.map((r) => (
        <tr key={r.key ?? ''}>
          <th scope="row">{props.label(r.key)}</th>
          <td>{r.phone}</td>
          <td>{r.chat}</td>
          <td>{r.email}</td>
          <td>{r.tickets}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** /backoffice/help/figures: a week's contacts by topic and by procedure, in tables. */
export function FiguresPage(props: { figures: Figures; day: string; errors: SummaryError[] }) {
  const { t } = usePage();
  const { figures } = props;
  const topicLabel = (key: string | null) =>
    key ? t(`support.topic.${key}` as Parameters<typeof t>[0]) : '';
  const procedureLabel = (key: string | null) => key ?? t('support.figures.noProcedure');
  return (
    <Layout
      title={t('support.figures.title')}
      breadcrumbs={[deskCrumb(t), { label: t('support.figures.title') }]}
    >
      <h1>{t('support.figures.title')}</h1>
      <DeskNav />
      <ErrorSummary errors={props.errors} />
      <form method="get" action="/backoffice/help/figures">
        <Input
          name="week"
          type="date"
          label={t('support.figures.week')}
          value={props.day}
          errors={props.errors}
          maxLength={10}
        />
        <button type="submit" class="button">
          {t('support.figures.show')}
        </button>
      </form>
      <p>
        {t('support.figures.range', {
          from: formatDate(figures.week.from),
          to: formatDate(figures.week.to),
        })}
      </p>
      {figures.byTopic.length === 0 ? (
        <p>{t('support.figures.none')}</p>
      ) : (
        <>
          <h2 id="topic-heading">{t('support.figures.byTopic')}</h2>
          <FigureTable
            headingId="topic-heading"
            first={t('support.figures.topic')}
            rows={[...figures.byTopic, { key: null, ...figures.totals }]}
            label={(k) => (k ? topicLabel(k) : t('support.figures.total'))}
          />
          <h2 id="procedure-heading">{t('support.figures.byProcedure')}</h2>
          <FigureTable
            headingId="procedure-heading"
            first={t('support.figures.procedure')}
            rows={figures.byProcedure}
            label={procedureLabel}
          />
        </>
      )}
    </Layout>
  );
}
