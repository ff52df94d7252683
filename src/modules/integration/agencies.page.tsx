import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { DataTable, ErrorSummary, Tag, type SummaryError } from '../../web/components.js';
import { formatDateTime } from '../../platform/i18n/index.js';

export const AGENCIES_PATH = '/admin/integration/agencies';

interface Named {
  code: string;
  name: string;
  nameEn: string;
}

/** A connected system that receives dossiers, with its agencies marked and markable. */
export interface ReceivingSystem {
  id: string;
  name: string;
  suspended: boolean;
  connected: (Named & { since: Date })[];
  /** Allowed agencies not marked for it yet (those another system has are left out). */
  markable: Named[];
}

function SystemSection({ system, csrf }: { system: ReceivingSystem; csrf: string }) {
  const { t } = usePage();
  const name = useName();
  const heading = `system-${system.id}`;
  const label = (agency: Named) => `${name(agency)} (${agency.code})`;
  return (
    <section aria-labelledby={heading}>
      <h2 id={heading}>
        {system.name}{' '}
        {system.suspended ? <Tag tone="warning">{t('integration.agencies.suspended')}</Tag> : null}
      </h2>
      {system.connected.length === 0 ? (
        <p class="empty">{t('integration.agencies.noneConnected')}</p>
      ) : (
        <DataTable
          caption={{ headingId: heading }}
          headers={[
            t('integration.agencies.agency'),
            t('integration.agencies.since'),
            t('integration.agencies.actions'),
          ]}
        >
          {system.connected.map((agency) => (
            <tr key={agency.code}>
              <td>{label(agency)}</td>
              <td>{formatDateTime(agency.since)}</td>
              <td>
                <form method="post" action={`${AGENCIES_PATH}/remove`} class="inline-form">
                  <input type="hidden" name="csrf" value={csrf} />
                  <input type="hidden" name="clientId" value={system.id} />
                  <input type="hidden" name="agencyCode" value={agency.code} />
                  <button
                    type="submit"
                    class="button button-secondary"
                    aria-label={t('integration.agencies.unmarkLabel', { agency: label(agency) })}
                    data-once
                  >
                    {t('integration.agencies.unmark')}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {system.markable.length === 0 ? (
        <p>{t('integration.agencies.allConnected')}</p>
      ) : (
        <form method="post" action={AGENCIES_PATH}>
          <input type="hidden" name="csrf" value={csrf} />
          <input type="hidden" name="clientId" value={system.id} />
          <div class="field">
            <label for={`agency-${system.id}`}>{t('integration.agencies.choose')}</label>
            <select id={`agency-${system.id}`} name="agencyCode">
              {system.markable.map((agency) => (
                <option key={agency.code} value={agency.code}>
                  {label(agency)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button" data-once>
            {t('integration.agencies.mark')}
          </button>
        </form>
      )}
    </section>
  );
}

/**
 * Which agencies are processed in which connected system: the dossiers filed online for them
 * are delivered to that system, not to the portal's one-stop office. Forms without JavaScript.
 */
export function AgenciesPage(props: {
  systems: ReceivingSystem[];
  csrf: string;
  notice: string | null;
  errors: SummaryError[];
}) {
  const { t } = usePage();
  return (
    <Layout
      title={t('integration.agencies.title')}
      breadcrumbs={[
        { href: '/admin/integration/clients', label: t('integration.agencies.systems') },
        { label: t('integration.agencies.title') },
      ]}
    >
      <h1>{t('integration.agencies.title')}</h1>
      <p class="lead">{t('integration.agencies.lead')}</p>
      <ErrorSummary errors={props.errors} />
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.systems.length === 0 ? (
        <p class="empty">{t('integration.agencies.none')}</p>
      ) : (
        props.systems.map((system) => (
          <SystemSection key={system.id} system={system} csrf={props.csrf} />
        ))
      )}
    </Layout>
  );
}
