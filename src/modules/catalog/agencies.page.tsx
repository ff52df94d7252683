import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { ErrorSummary, Pagination, ScrollTable, type SummaryError } from '../../web/components.js';
import { agencyKindLabel } from './labels.js';
import type { CatalogService } from './service.js';

type AgencyList = Awaited<ReturnType<CatalogService['listAgencies']>>;

interface AgenciesPageProps {
  list: AgencyList | null;
  provinces: { code: string; name: string; nameEn: string }[];
  province: string | undefined;
  errors: SummaryError[];
}

export function AgenciesPage({ list, provinces, province, errors }: AgenciesPageProps) {
  const { t } = usePage();
  const name = useName();
  const selected = provinces.find((p) => p.code === province);
  return (
    <Layout title={t('agencies.title')} breadcrumbs={[{ label: t('nav.agencies') }]}>
      <h1>{t('agencies.title')}</h1>
      <ErrorSummary errors={errors} />
      <p class="lead">{t('agencies.lead')}</p>
      <form method="get" action="/agencies" class="inline-form">
        <div class="field">
          <label for="province">{t('agencies.byProvince')}</label>
          <select id="province" name="province">
            <option value="">{t('agencies.centralAndProvinces')}</option>
            {provinces.map((p) => (
              <option key={p.code} value={p.code} selected={p.code === province}>
                {name(p)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button-secondary">
          {t('agencies.show')}
        </button>
      </form>
      {list ? (
        <section aria-labelledby="agency-list-heading">
          <h2 id="agency-list-heading">
            {selected
              ? t('agencies.inProvince', { province: name(selected) })
              : t('agencies.centralAndProvinces')}{' '}
            <span class="count">({list.total})</span>
          </h2>
          <ScrollTable caption={t('agencies.title')} captionHidden>
            <thead>
              <tr>
                <th scope="col">{t('agency.name')}</th>
                <th scope="col">{t('agency.code')}</th>
                <th scope="col">{t('agency.kind')}</th>
                <th scope="col">{t('agency.address')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((a) => (
                <tr key={a.code}>
                  <td>
                    <a href={`/agencies/${a.code}`}>{name(a)}</a>
                  </td>
                  <td>{a.code}</td>
                  <td>{t(agencyKindLabel(a.kind))}</td>
                  <td>{a.address}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          <Pagination nextCursor={list.nextCursor} />
        </section>
      ) : null}
    </Layout>
  );
}
