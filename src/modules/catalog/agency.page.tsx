import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { Detail, Tag } from '../../web/components.js';
import { agencyKindLabel, serviceLevelLabel, serviceLevelTone } from './labels.js';
import type { CatalogService } from './service.js';
import type { ProcedureSummary } from './search-service.js';

type Agency = Awaited<ReturnType<CatalogService['getAgency']>>;
type Procedures = { items: ProcedureSummary[]; total: number };

/** An agency: how to reach it, the procedures it carries out, and the units under it. */
export function AgencyPage({ agency, procedures }: { agency: Agency; procedures: Procedures }) {
  const { t } = usePage();
  const name = useName();
  return (
    <Layout
      title={name(agency)}
      breadcrumbs={[{ href: '/agencies', label: t('nav.agencies') }, { label: name(agency) }]}
    >
      <h1>{name(agency)}</h1>
      <AgencyDetails agency={agency} />
      <AgencyProcedures agency={agency} procedures={procedures} />
      {agency.children.length > 0 ? (
        <section aria-labelledby="children-heading">
          <h2 id="children-heading">
            {t('agency.children')} <span class="count">({agency.children.length})</span>
          </h2>
          <ul class="link-list columns">
            {agency.children.map((c) => (
              <li key={c.code}>
                <a href={`/agencies/${c.code}`}>{name(c)}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

function AgencyDetails({ agency }: { agency: Agency }) {
  const { t } = usePage();
  const name = useName();
  return (
    <dl class="summary-list">
      <Detail term={t('agency.code')}>{agency.code}</Detail>
      <Detail term={t('agency.kind')}>{t(agencyKindLabel(agency.kind))}</Detail>
      {agency.parent ? (
        <Detail term={t('agency.parent')}>
          <a href={`/agencies/${agency.parent.code}`}>{name(agency.parent)}</a>
        </Detail>
      ) : null}
      <Detail term={t('agency.address')}>{agency.address}</Detail>
      {agency.phone ? <Detail term={t('agency.phone')}>{agency.phone}</Detail> : null}
      {agency.email ? <Detail term={t('agency.email')}>{agency.email}</Detail> : null}
      {agency.website ? (
        <Detail term={t('agency.website')}>
          <a href={agency.website} rel="noopener noreferrer">
            {agency.website}
          </a>
        </Detail>
      ) : null}
    </dl>
  );
}

function AgencyProcedures({ agency, procedures }: { agency: Agency; procedures: Procedures }) {
  const { t } = usePage();
  const name = useName();
  return (
    <section aria-labelledby="agency-procedures-heading">
      <h2 id="agency-procedures-heading">
        {t('agency.procedures')} <span class="count">({procedures.total})</span>
      </h2>
      {procedures.items.length > 0 ? (
        <ul class="link-list">
          {procedures.items.map((p) => (
            <li key={p.code}>
              <a href={`/procedures/${p.code}`}>{name(p)}</a>{' '}
              <Tag tone={serviceLevelTone(p.serviceLevel)}>
                {t(serviceLevelLabel(p.serviceLevel))}
              </Tag>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('agency.noProcedures')}</p>
      )}
      {procedures.total > procedures.items.length ? (
        <p>
          <a href={`/procedures?agency=${agency.code}`}>
            {t('agency.allProcedures', { total: procedures.total })}
          </a>
        </p>
      ) : null}
    </section>
  );
}
