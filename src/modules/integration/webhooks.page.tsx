import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';
import { DataTable, ErrorSummary, Tag, type SummaryError } from '../../web/components.js';
import { formatDateTime, type MessageKey } from '../../platform/i18n/index.js';

export interface PageSubscription {
  id: string;
  clientName: string;
  url: string;
  eventTypes: string[];
  status: string;
  disabledReason: string | null;
  consecutiveFailures: number;
}

export interface PageAttempt {
  id: string;
  messageId: string;
  eventType: string;
  subscriptionId: string;
  attemptNumber: number;
  trigger: string;
  state: string;
  dueAt: Date;
  attemptedAt: Date | null;
  httpStatus: number | null;
  error: string | null;
  durationMs: number | null;
  nextAttemptAt: Date | null;
}

const PATH = '/admin/integration/webhooks';

function Subscriptions({ subscriptions }: { subscriptions: PageSubscription[] }) {
  const { t } = usePage();
  return (
    <section>
      <h2 id="subscriptions-heading">{t('integration.webhooks.subscriptions')}</h2>
      {subscriptions.length === 0 ? (
        <p>{t('integration.webhooks.noSubscriptions')}</p>
      ) : (
        <DataTable
          caption={{ headingId: 'subscriptions-heading' }}
          headers={[
            t('integration.webhooks.client'),
            t('integration.webhooks.url'),
            t('integration.webhooks.events'),
            t('integration.webhooks.status'),
            t('integration.webhooks.failures'),
            t('integration.webhooks.actions'),
          ]}
        >
          {subscriptions.map((s) => (
            <tr key={s.id}>
              <td>{s.clientName}</td>
              <td>
                <code>{s.url}</code>
              </td>
              <td>{s.eventTypes.join(', ')}</td>
              <td>
                <Tag tone={s.status === 'active' ? 'success' : 'warning'}>
                  {t(`integration.webhooks.subscription.${s.status}` as MessageKey)}
                </Tag>
                {s.disabledReason
                  ? ` ${t(`integration.webhooks.reason.${s.disabledReason}` as MessageKey)}`
                  : null}
              </td>
              <td>{s.consecutiveFailures}</td>
              <td>
                <a href={`${PATH}?subscription=${s.id}`}>
                  {t('integration.webhooks.showAttempts')}
                  <span class="visually-hidden"> — {s.url}</span>
                </a>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

/** What an attempt came to: the HTTP status, the network error, or nothing yet. */
function Result({ attempt: a }: { attempt: PageAttempt }) {
  const { t } = usePage();
  const tone =
    a.state === 'succeeded'
      ? 'success'
      : a.state === 'pending' || a.state === 'sending'
        ? 'info'
        : 'warning';
  return (
    <>
      <Tag tone={tone}>{t(`integration.webhooks.state.${a.state}` as MessageKey)}</Tag>
      {a.httpStatus !== null
        ? ` ${t('integration.webhooks.httpStatus', { status: a.httpStatus })}`
        : null}
      {a.error ? ` ${a.error}` : null}
    </>
  );
}

function ReplayForm(props: { attempt: PageAttempt; url: string; csrf: string }) {
  const { t } = usePage();
  const { attempt: a } = props;
  return (
    <form method="post" action={`${PATH}/replay`} class="inline-form">
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="subscription" value={a.subscriptionId} />
      <input type="hidden" name="message" value={a.messageId} />
      <button
        type="submit"
        class="button button-secondary"
        aria-label={t('integration.webhooks.replayLabel', { message: a.messageId, url: props.url })}
        data-once
      >
        {t('integration.webhooks.replay')}
      </button>
    </form>
  );
}

function Attempts(props: {
  attempts: PageAttempt[];
  subscriptions: PageSubscription[];
  shown: PageSubscription | null;
  csrf: string;
}) {
  const { t } = usePage();
  const byId = new Map(props.subscriptions.map((s) => [s.id, s]));
  // One replay button per message and subscription: beside its newest attempt.
  const seen = new Set<string>();
  return (
    <section>
      <h2 id="attempts-heading">
        {props.shown
          ? t('integration.webhooks.attemptsOf', { url: props.shown.url })
          : t('integration.webhooks.attempts')}
      </h2>
      {props.shown ? (
        <p>
          <a href={PATH}>{t('integration.webhooks.allAttempts')}</a>
        </p>
      ) : null}
      {props.attempts.length === 0 ? (
        <p>{t('integration.webhooks.noAttempts')}</p>
      ) : (
        <DataTable
          caption={{ headingId: 'attempts-heading' }}
          headers={[
            t('integration.webhooks.message'),
            t('integration.webhooks.url'),
            t('integration.webhooks.attempt'),
            t('integration.webhooks.at'),
            t('integration.webhooks.result'),
            t('integration.webhooks.duration'),
            t('integration.webhooks.next'),
            t('integration.webhooks.actions'),
          ]}
        >
          {props.attempts.map((a) => {
            const subscription = byId.get(a.subscriptionId);
            const key = `${a.subscriptionId} ${a.messageId}`;
            const newest = !seen.has(key);
            seen.add(key);
            return (
              <tr key={a.id}>
                <td>
                  <code>{a.messageId}</code> {a.eventType}
                </td>
                <td>{subscription ? <code>{subscription.url}</code> : '—'}</td>
                <td>
                  {a.attemptNumber} ({a.trigger})
                </td>
                <td>{formatDateTime(a.attemptedAt ?? a.dueAt)}</td>
                <td>
                  <Result attempt={a} />
                </td>
                <td>
                  {a.durationMs === null
                    ? '—'
                    : t('integration.webhooks.milliseconds', { ms: a.durationMs })}
                </td>
                <td>{a.nextAttemptAt ? formatDateTime(a.nextAttemptAt) : '—'}</td>
                <td>
                  {newest && subscription?.status === 'active' ? (
                    <ReplayForm attempt={a} url={subscription.url} csrf={props.csrf} />
                  ) : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}

/** The administrators' view of webhooks out: every subscription, recent attempts, replay. */
export function WebhooksPage(props: {
  subscriptions: PageSubscription[];
  attempts: PageAttempt[];
  /** The subscription whose attempts are shown; null: every subscription's. */
  shown: PageSubscription | null;
  csrf: string;
  notice: string | null;
  errors: SummaryError[];
}) {
  const { t } = usePage();
  return (
    <Layout
      title={t('integration.webhooks.title')}
      breadcrumbs={[{ label: t('integration.webhooks.title') }]}
    >
      <h1>{t('integration.webhooks.title')}</h1>
      <ErrorSummary errors={props.errors} />
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <p class="lead">{t('integration.webhooks.lead')}</p>
      <Subscriptions subscriptions={props.subscriptions} />
      <Attempts
        attempts={props.attempts}
        subscriptions={props.subscriptions}
        shown={props.shown}
        csrf={props.csrf}
      />
    </Layout>
  );
}
