import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { DataTable, Detail, ErrorSummary, Tag } from '../../web/components.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { ClientFieldset, errorOf, TextArea } from './client-fields.js';
import type { FormError, TypedRegistration } from './client-form.js';
import type { ApiClient } from './scopes.js';

/** A name in both languages, for the agency that owns a system (null: not in the catalog). */
export type AgencyName = { name: string; nameEn: string } | null;

export const LIST_PATH = '/admin/integration/clients';
export const clientPath = (id: string) => `${LIST_PATH}/${id}`;

/** Where every page of the connected systems sits. */
export const listCrumb = (t: (key: MessageKey) => string) => ({
  href: LIST_PATH,
  label: t('integration.admin.title'),
});

export function StatusTag({ status }: { status: ApiClient['status'] }) {
  const { t } = usePage();
  return (
    <Tag tone={status === 'active' ? 'success' : 'warning'}>
      {t(`integration.status.${status}`)}
    </Tag>
  );
}

/** An agency by its name and code, or its code alone when the catalog has no such agency. */
export function AgencyLabel({ code, agency }: { code: string; agency: AgencyName }) {
  const name = useName();
  return <>{agency ? `${name(agency)} (${code})` : code}</>;
}

export interface ListedClient {
  client: ApiClient;
  owner: AgencyName;
  keys: number;
}

/** Every connected system, with the way to register another. */
export function ClientsPage({ items }: { items: ListedClient[] }) {
  const { t } = usePage();
  return (
    <Layout
      title={t('integration.admin.title')}
      breadcrumbs={[{ label: t('integration.admin.title') }]}
    >
      <h1>{t('integration.admin.title')}</h1>
      <p class="lead">{t('integration.admin.lead')}</p>
      <nav aria-label={t('integration.admin.sections')}>
        <ul>
          <li>
            <a href="/admin/integration/agencies">{t('integration.agencies.title')}</a>
          </li>
          <li>
            <a href="/admin/integration/messages">{t('integration.log.title')}</a>
          </li>
          <li>
            <a href="/admin/integration/webhooks">{t('integration.webhooks.title')}</a>
          </li>
        </ul>
      </nav>
      <p>
        <a class="button" href={`${LIST_PATH}/new`}>
          {t('integration.admin.register')}
        </a>
      </p>
      <h2 id="clients-heading">{t('integration.admin.list')}</h2>
      {items.length === 0 ? (
        <p class="empty">{t('integration.admin.none')}</p>
      ) : (
        <div class="wide-table">
          <DataTable
            caption={{ headingId: 'clients-heading' }}
            headers={[
              t('integration.admin.name'),
              t('integration.admin.owner'),
              t('integration.admin.scopes'),
              t('integration.admin.status'),
              t('integration.admin.allowedCount'),
              t('integration.admin.keyCount'),
            ]}
          >
            {items.map(({ client, owner, keys }) => (
              <tr key={client.id}>
                <td>
                  <a href={clientPath(client.id)}>{client.name}</a>
                </td>
                <td>
                  <AgencyLabel code={client.ownerAgencyCode} agency={owner} />
                </td>
                <td>{client.scopes.join(', ')}</td>
                <td>
                  <StatusTag status={client.status} />
                </td>
                <td>{client.allowedAgencies.length}</td>
                <td>{keys}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}
    </Layout>
  );
}

/** The registration form: a new system's details, a first key, a secret in development. */
export function NewClientPage(props: {
  typed: TypedRegistration;
  errors: FormError[];
  csrf: string;
  /** Whether the portal issues client secrets (development and tests). */
  secretsAllowed: boolean;
}) {
  const { t } = usePage();
  const { typed, errors } = props;
  const title = t('integration.admin.register');
  return (
    <Layout title={title} breadcrumbs={[listCrumb(t), { label: title }]}>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      <p>{t('integration.admin.registerLead')}</p>
      <form method="post" action={LIST_PATH} novalidate>
        <input type="hidden" name="csrf" value={props.csrf} />
        <ClientFieldset typed={typed} errors={errors}>
          <TextArea
            id="jwk"
            name="jwk"
            label={t('integration.field.jwk')}
            hint={t('integration.field.jwkHint')}
            value={typed.jwk}
            error={errorOf(errors, 'jwk')}
            rows={5}
            maxLength={10_000}
            code
          />
          {props.secretsAllowed ? (
            <div class="field">
              <div class="checkbox">
                <input
                  id="secret"
                  type="checkbox"
                  name="secret"
                  value="yes"
                  checked={typed.secret}
                  aria-describedby="secret-hint"
                />
                <label for="secret">{t('integration.field.secret')}</label>
              </div>
              <p id="secret-hint" class="hint">
                {t('integration.field.secretHint')}
              </p>
            </div>
          ) : null}
        </ClientFieldset>
        <button type="submit" class="button" data-once>
          {t('integration.admin.submitRegister')}
        </button>
      </form>
    </Layout>
  );
}

/** A system just registered with a client secret: the secret, shown this once. */
export function RegisteredPage({ client, secret }: { client: ApiClient; secret: string }) {
  const { t } = usePage();
  const title = t('integration.admin.registeredTitle', { name: client.name });
  return (
    <Layout title={title} breadcrumbs={[listCrumb(t), { label: client.name }]}>
      <h1>{title}</h1>
      <p class="notice notice-warning" role="alert">
        {t('integration.admin.secretWarning')}
      </p>
      <dl class="summary-list">
        <Detail term={t('integration.admin.clientId')}>
          <code class="code">{client.id}</code>
        </Detail>
        <Detail term={t('integration.admin.secret')}>
          <code class="code">{secret}</code>
        </Detail>
      </dl>
      <p>
        <a href={clientPath(client.id)}>{t('integration.admin.toClient')}</a>
      </p>
    </Layout>
  );
}
