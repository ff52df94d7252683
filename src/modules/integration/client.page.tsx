import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';
import { Detail, ErrorSummary, Tag, TextField } from '../../web/components.js';
import { formatDateTime } from '../../platform/i18n/index.js';
import { ClientFieldset, errorOf, TextArea } from './client-fields.js';
import { typedOf, type FormError, type TypedClient } from './client-form.js';
import type { ClientKey } from './client-repository.js';
import { AgencyLabel, clientPath, listCrumb, StatusTag, type AgencyName } from './clients.page.js';
import type { ApiClient } from './scopes.js';

export interface ClientPageProps {
  client: ApiClient;
  owner: AgencyName;
  keys: ClientKey[];
  /** Where the system asks for tokens: the audience its assertions name. */
  tokenEndpoint: string;
  csrf: string;
  notice: string | null;
  errors: FormError[];
  /** The edit form as typed when the portal refused it; the system's details otherwise. */
  typed: TypedClient | null;
  /** What was typed in the other forms when refused (a suspension's reason, a new key). */
  reason: string;
  jwk: string;
}

function Details({ client, owner, tokenEndpoint }: ClientPageProps) {
  const { t, locale } = usePage();
  const perMinute = client.rateLimitPerMinute.toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-GB');
  const none = (list: string[], empty: string) => (list.length === 0 ? empty : list.join(', '));
  return (
    <section aria-labelledby="details-heading">
      <h2 id="details-heading">{t('integration.admin.details')}</h2>
      <dl class="summary-list">
        <Detail term={t('integration.admin.clientId')}>
          <code class="code">{client.id}</code>
        </Detail>
        <Detail term={t('integration.admin.tokenEndpoint')}>
          <code class="code">{tokenEndpoint}</code>
        </Detail>
        <Detail term={t('integration.admin.owner')}>
          <AgencyLabel code={client.ownerAgencyCode} agency={owner} />
        </Detail>
        <Detail term={t('integration.admin.contact')}>
          {[client.contactName, client.contactEmail, client.contactPhone]
            .filter(Boolean)
            .join(' · ')}
        </Detail>
        <Detail term={t('integration.admin.scopes')}>{client.scopes.join(', ')}</Detail>
        <Detail term={t('integration.field.allowedAgencies')}>
          {none(client.allowedAgencies, t('integration.admin.noAgencies'))}
        </Detail>
        <Detail term={t('integration.field.rateLimit')}>
          {t('integration.admin.perMinute', { count: perMinute })}
        </Detail>
        <Detail term={t('integration.field.allowedAddresses')}>
          {none(client.allowedAddresses, t('integration.admin.anyAddress'))}
        </Detail>
        <Detail term={t('integration.admin.hasSecret')}>
          {t(client.hasSecret ? 'integration.admin.secretIssued' : 'integration.admin.secretNone')}
        </Detail>
        <Detail term={t('integration.admin.registeredAt')}>
          {formatDateTime(client.createdAt)}
        </Detail>
        <Detail term={t('integration.admin.updatedAt')}>{formatDateTime(client.updatedAt)}</Detail>
      </dl>
    </section>
  );
}

/** The details as a form, sent back with the version read: a change made meanwhile wins. */
function EditForm(props: ClientPageProps & { typed: TypedClient }) {
  const { t } = usePage();
  const { client } = props;
  return (
    <section aria-labelledby="edit">
      <h2 id="edit" tabIndex={-1}>
        {t('integration.admin.edit')}
      </h2>
      <form method="post" action={clientPath(client.id)} novalidate>
        <input type="hidden" name="csrf" value={props.csrf} />
        <input type="hidden" name="version" value={String(client.version)} />
        <ClientFieldset typed={props.typed} errors={props.errors} />
        <button type="submit" class="button" data-once>
          {t('integration.admin.save')}
        </button>
      </form>
    </section>
  );
}

/** Suspending (with a reason) takes effect at once; a suspended system can be let in again. */
function StatusForm({ client, csrf, errors, reason }: ClientPageProps) {
  const { t } = usePage();
  return (
    <section aria-labelledby="status-heading">
      <h2 id="status-heading">{t('integration.admin.suspendTitle')}</h2>
      {client.status === 'suspended' ? (
        <form method="post" action={`${clientPath(client.id)}/reactivate`} class="action-form">
          <input type="hidden" name="csrf" value={csrf} />
          <p>{t('integration.admin.suspendedBecause', { reason: client.suspendedReason ?? '' })}</p>
          <button type="submit" class="button" data-once>
            {t('integration.admin.reactivate')}
          </button>
        </form>
      ) : (
        <form method="post" action={`${clientPath(client.id)}/suspend`} class="action-form">
          <input type="hidden" name="csrf" value={csrf} />
          <p>{t('integration.admin.suspendHint')}</p>
          <TextField
            id="reason"
            name="reason"
            label={t('integration.field.reason')}
            value={reason}
            error={errorOf(errors, 'reason')}
            attributes={{ maxLength: 500, size: 60 }}
          />
          <button type="submit" class="button button-secondary" data-once>
            {t('integration.admin.suspend')}
          </button>
        </form>
      )}
    </section>
  );
}

/** A key's type as people name it: `EC P-256`, `RSA RS256`, `OKP Ed25519`. */
const keyKind = (jwk: Record<string, unknown>) =>
  [jwk.kty, jwk.crv ?? jwk.alg].filter((part) => typeof part === 'string').join(' ');

/** The system's keys, retiring the ones still accepted, and adding a new one. */
function Keys({ client, keys, csrf, errors, jwk }: ClientPageProps) {
  const { t } = usePage();
  const path = clientPath(client.id);
  return (
    <section aria-labelledby="keys-heading">
      <h2 id="keys-heading">{t('integration.admin.keys')}</h2>
      <p>{t('integration.admin.keysHint')}</p>
      {keys.length === 0 ? <p class="empty">{t('integration.admin.noKeys')}</p> : null}
      <ul class="card-list">
        {keys.map((key) => (
          <li key={key.kid} class="card">
            <h3>
              <span class="visually-hidden">{t('integration.admin.kid')}: </span>
              <code>{key.kid}</code>
            </h3>
            <p>
              <Tag tone={key.retiredAt ? 'neutral' : 'success'}>
                {key.retiredAt
                  ? t('integration.admin.keyRetired', { at: formatDateTime(key.retiredAt) })
                  : t('integration.admin.keyActive')}
              </Tag>
            </p>
            <p>
              {t('integration.admin.keyType')}: {keyKind(key.jwk)} ·{' '}
              {t('integration.admin.addedAt')}: {formatDateTime(key.addedAt)}
            </p>
            {key.retiredAt ? null : (
              <form method="post" action={`${path}/keys/retire`}>
                <input type="hidden" name="csrf" value={csrf} />
                <input type="hidden" name="kid" value={key.kid} />
                <button type="submit" class="button button-secondary" data-once>
                  {t('integration.admin.retire')}
                  <span class="visually-hidden"> {key.kid}</span>
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <form method="post" action={`${path}/keys`} class="action-form">
        <input type="hidden" name="csrf" value={csrf} />
        <TextArea
          id="jwk"
          name="jwk"
          label={t('integration.admin.newKey')}
          hint={t('integration.field.newKeyHint')}
          value={jwk}
          error={errorOf(errors, 'jwk')}
          rows={5}
          maxLength={10_000}
          code
        />
        <button type="submit" class="button" data-once>
          {t('integration.admin.addKey')}
        </button>
      </form>
    </section>
  );
}

/** One connected system: what it is, changing it, suspending it, and its keys. */
export function ClientPage(props: ClientPageProps) {
  const { t } = usePage();
  const { client } = props;
  return (
    <Layout title={client.name} breadcrumbs={[listCrumb(t), { label: client.name }]}>
      <h1>{client.name}</h1>
      <p>
        <StatusTag status={client.status} />
      </p>
      <ErrorSummary errors={props.errors} />
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <Details {...props} />
      <EditForm {...props} typed={props.typed ?? typedOf(client)} />
      <StatusForm {...props} />
      <Keys {...props} />
    </Layout>
  );
}
