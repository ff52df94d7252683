import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { Tag } from '../../web/components.js';
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
      <div>
        <dt>{t('agency.code')}</dt>
        <dd>{agency.code}</dd>
      </div>
      <div>
        <dt>{t('agency.kind')}</dt>
        <dd>{t(agencyKindLabel(agency.kind))}</dd>
      </div>
      {agency.parent ? (
        <div>
          <dt>{t('agency.parent')}</dt>
          <dd>
            <a href={`/agencies/${agency.parent.code}`}>{name(agency.parent)}</a>
          </dd>
        </div>
      ) : null}
      <div>
        <dt>{t('agency.address')}</dt>
        <dd>{agency.address}</dd>
      </div>
      {agency.phone ? (
        <div>
          <dt>{t('agency.phone')}</dt>
          <dd>{agency.phone}</dd>
        </div>
      ) : null}
      {agency.email ? (
        <div>
          <dt>{t('agency.email')}</dt>
          <dd>{agency.email}</dd>
        </div>
      ) : null}
      {agency.website ? (
        <div>
          <dt>{t('agency.website')}</dt>
          <dd>
            <a href={agency.website} rel="noopener noreferrer">
              {agency.website}
            </a>
          </dd>
        </div>
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
