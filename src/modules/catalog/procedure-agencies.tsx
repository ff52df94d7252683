import { useName, usePage } from '../../web/context.js';
import type { AgencyRef } from './agency-service.js';
import type { CatalogService } from './service.js';
import { agencyKindLabel } from './labels.js';
import type { Procedure } from './procedure-sections.js';

type LocalAgency = NonNullable<Awaited<ReturnType<CatalogService['localAgency']>>>;

/** The concrete agencies that kind references mean in the chosen province, by `kind:sector`. */
export type LocalAgencies = Record<string, LocalAgency | null>;

const refKey = (ref: AgencyRef) => `${ref.kind}:${ref.sector ?? ''}`;

function AgencyList({ refs, localAgencies }: { refs: AgencyRef[]; localAgencies: LocalAgencies }) {
  const { t } = usePage();
  const name = useName();
  return (
    <ul class="agency-list">
      {refs.map((ref) => {
        const local = ref.code ? null : localAgencies[refKey(ref)];
        return (
          <li key={ref.code ?? refKey(ref)}>
            {ref.code ? (
              <a href={`/agencies/${ref.code}`}>{name(ref)}</a>
            ) : (
              <span>{name(ref)}</span>
            )}
            {local ? (
              <span class="local-agency">
                {' → '}
                <a href={`/agencies/${local.code}`}>{name(local)}</a>
                {local.address ? ` (${t('agency.address')}: ${local.address})` : null}
              </span>
            ) : null}
            {!ref.code && ref.kind?.startsWith('commune') ? (
              <span class="hint"> {t('procedure.communeAgencyHint')}</span>
            ) : null}
            {ref.kind && ref.code ? (
              <span class="hint"> · {t(agencyKindLabel(ref.kind))}</span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** Asks for a province, to name the local agency a kind reference means there. */
function ProvinceChoice({
  procedure: p,
  provinces,
  province,
}: {
  procedure: Procedure;
  provinces: { code: string; name: string; nameEn: string }[];
  province: string | undefined;
}) {
  const { t } = usePage();
  const name = useName();
  return (
    <form method="get" action={`/procedures/${p.code}#agencies`} class="inline-form">
      <div class="field">
        <label for="province">{t('procedure.chooseProvince')}</label>
        <select id="province" name="province">
          <option value="">{t('search.filters.any')}</option>
          {provinces.map((pr) => (
            <option key={pr.code} value={pr.code} selected={pr.code === province}>
              {name(pr)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button button-secondary">
        {t('procedure.showAgency')}
      </button>
    </form>
  );
}

export function AgenciesSection({
  procedure: p,
  provinces,
  province,
  localAgencies,
}: {
  procedure: Procedure;
  provinces: { code: string; name: string; nameEn: string }[];
  province: string | undefined;
  localAgencies: LocalAgencies;
}) {
  const { t } = usePage();
  const hasKindRefs = p.agencies.implementing.some(
    (ref) => !ref.code && ref.kind?.startsWith('province'),
  );
  return (
    <section id="agencies" aria-labelledby="agencies-heading">
      <h2 id="agencies-heading">{t('procedure.section.agencies')}</h2>
      {hasKindRefs ? (
        <ProvinceChoice procedure={p} provinces={provinces} province={province} />
      ) : null}
      <h3>{t('procedure.implementingAgency')}</h3>
      <AgencyList refs={p.agencies.implementing} localAgencies={localAgencies} />
      {(['competent', 'authorised', 'coordinating'] as const).map((role) => {
        const refs = p.agencies[role];
        return refs && refs.length > 0 ? (
          <div key={role}>
            <h3>{t(`procedure.agencyRole.${role}`)}</h3>
            <AgencyList refs={refs} localAgencies={localAgencies} />
          </div>
        ) : null;
      })}
    </section>
  );
}
