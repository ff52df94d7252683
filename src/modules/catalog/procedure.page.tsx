import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';
import { ScrollTable, Tag } from '../../web/components.js';
import { formatDate, formatMoney } from '../../platform/i18n/index.js';
import type { AgencyRef } from './agency-service.js';
import type { CatalogService } from './service.js';
import {
  agencyKindLabel,
  channelLabel,
  kindLabel,
  levelLabel,
  serviceLevelLabel,
  serviceLevelTone,
  targetLabel,
  timeLimitText,
} from './labels.js';

type Procedure = Awaited<ReturnType<CatalogService['getProcedure']>>;
type LocalAgency = NonNullable<Awaited<ReturnType<CatalogService['localAgency']>>>;

export interface ProcedurePageProps {
  procedure: Procedure;
  provinces: { code: string; name: string; nameEn: string }[];
  province: string | undefined;
  /** For references like "every province's Department of Justice", the one in `province`. */
  localAgencies: Record<string, LocalAgency | null>;
}

const refKey = (ref: AgencyRef) => `${ref.kind}:${ref.sector ?? ''}`;

function AgencyList({ refs, props }: { refs: AgencyRef[]; props: ProcedurePageProps }) {
  const { t, locale } = usePage();
  return (
    <ul class="agency-list">
      {refs.map((ref) => {
        const local = ref.code ? null : props.localAgencies[refKey(ref)];
        return (
          <li key={ref.code ?? refKey(ref)}>
            {ref.code ? (
              <a href={`/agencies/${ref.code}`}>{locale === 'en' ? ref.nameEn : ref.name}</a>
            ) : (
              <span>{locale === 'en' ? ref.nameEn : ref.name}</span>
            )}
            {local ? (
              <span class="local-agency">
                {' → '}
                <a href={`/agencies/${local.code}`}>
                  {locale === 'en' ? local.nameEn : local.name}
                </a>
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

export function ProcedurePage(props: ProcedurePageProps) {
  const { t, locale } = usePage();
  const { procedure: p } = props;
  const name = locale === 'en' ? p.nameEn : p.name;
  const online = p.status === 'active' && p.serviceLevel !== 'information';
  const hasKindRefs = p.agencies.implementing.some(
    (ref) => !ref.code && ref.kind?.startsWith('province'),
  );
  return (
    <Layout
      title={name}
      breadcrumbs={[{ href: '/procedures', label: t('nav.procedures') }, { label: name }]}
    >
      <h1>{name}</h1>
      <p class="tags">
        <Tag tone={serviceLevelTone(p.serviceLevel)}>{t(serviceLevelLabel(p.serviceLevel))}</Tag>
        <Tag>{t(levelLabel(p.level))}</Tag>
        {p.target.map((target) => (
          <Tag key={target}>{t(targetLabel(target))}</Tag>
        ))}
      </p>
      {p.status === 'annulled' && p.annulment ? (
        <div class="notice notice-warning" role="note">
          <p>
            <strong>
              {t('procedure.annulled', { date: formatDate(p.annulment.effectiveFrom) })}
            </strong>{' '}
            {t('procedure.annulledBy', { decision: p.annulment.decision.number })}
          </p>
        </div>
      ) : null}
      <p class="lead">{p.summary}</p>
      {online ? (
        <div class="cta">
          <a class="button button-large" href={`/procedures/${p.code}/submit`}>
            {t('procedure.submitOnline')}
          </a>
          <p class="hint">
            {t(`procedure.submitHint.${p.serviceLevel as 'full_online' | 'partial_online'}`)}
          </p>
        </div>
      ) : p.status === 'active' ? (
        <p class="notice">{t('procedure.informationOnly')}</p>
      ) : null}

      <nav class="toc" aria-labelledby="toc-heading">
        <h2 id="toc-heading">{t('procedure.contents')}</h2>
        <ul>
          {(
            [
              'general',
              'steps',
              'channels',
              'documents',
              'agencies',
              'results',
              'legal',
              'versions',
            ] as const
          ).map((id) => (
            <li key={id}>
              <a href={`#${id}`}>{t(`procedure.section.${id}`)}</a>
            </li>
          ))}
        </ul>
      </nav>

      <section id="general" aria-labelledby="general-heading">
        <h2 id="general-heading">{t('procedure.section.general')}</h2>
        <dl class="summary-list">
          <div>
            <dt>{t('procedure.code')}</dt>
            <dd>{p.code}</dd>
          </div>
          <div>
            <dt>{t('procedure.decision')}</dt>
            <dd>
              {p.decision.number} ({formatDate(p.decision.date)}, {p.decision.issuer})
            </dd>
          </div>
          <div>
            <dt>{t('procedure.effectiveFrom')}</dt>
            <dd>{formatDate(p.effectiveFrom)}</dd>
          </div>
          <div>
            <dt>{t('procedure.level')}</dt>
            <dd>{t(levelLabel(p.level))}</dd>
          </div>
          <div>
            <dt>{t('procedure.kind')}</dt>
            <dd>{t(kindLabel(p.kind))}</dd>
          </div>
          <div>
            <dt>{t('procedure.field')}</dt>
            <dd>
              <a href={`/procedures?field=${p.field.code}`}>
                {locale === 'en' ? p.field.nameEn : p.field.name}
              </a>
            </dd>
          </div>
          <div>
            <dt>{t('procedure.targetDescription')}</dt>
            <dd>{p.targetDescription}</dd>
          </div>
          <div>
            <dt>{t('procedure.receivingAddress')}</dt>
            <dd>{p.receivingAddress}</dd>
          </div>
          {p.conditions ? (
            <div>
              <dt>{t('procedure.conditions')}</dt>
              <dd>{p.conditions}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section id="steps" aria-labelledby="steps-heading">
        <h2 id="steps-heading">{t('procedure.section.steps')}</h2>
        <ol class="steps">
          {p.steps.map((step, i) => (
            <li key={i}>{step}</li>
          ))}
        </ol>
      </section>

      <section id="channels" aria-labelledby="channels-heading">
        <h2 id="channels-heading">{t('procedure.section.channels')}</h2>
        <ScrollTable caption={t('procedure.section.channels')} captionHidden>
          <thead>
            <tr>
              <th scope="col">{t('procedure.channel')}</th>
              <th scope="col">{t('procedure.timeLimit')}</th>
              <th scope="col">{t('procedure.fees')}</th>
              <th scope="col">{t('procedure.description')}</th>
            </tr>
          </thead>
          <tbody>
            {p.channels.map((c, i) => (
              <tr key={i}>
                <th scope="row">{t(channelLabel(c.channel))}</th>
                <td>
                  {timeLimitText(t, c.timeLimit as never)}
                  {c.timeLimit.note ? <span class="hint"> ({c.timeLimit.note})</span> : null}
                </td>
                <td>
                  {c.fees.length === 0 ? (
                    t('procedure.noFee')
                  ) : (
                    <ul class="plain">
                      {c.fees.map((fee, j) => (
                        <li key={j}>
                          {fee.name}:{' '}
                          {fee.amount === 0 ? t('procedure.free') : formatMoney(locale, fee.amount)}
                          {fee.note ? <span class="hint"> ({fee.note})</span> : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>{c.description ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </section>

      <section id="documents" aria-labelledby="documents-heading">
        <h2 id="documents-heading">{t('procedure.section.documents')}</h2>
        {p.documents.map((group, i) => (
          <ScrollTable key={i} caption={group.case ?? t('procedure.allCases')}>
            <thead>
              <tr>
                <th scope="col">{t('procedure.documentName')}</th>
                <th scope="col">{t('procedure.original')}</th>
                <th scope="col">{t('procedure.copy')}</th>
                <th scope="col">{t('procedure.form')}</th>
              </tr>
            </thead>
            <tbody>
              {group.items.map((doc, j) => (
                <tr key={j}>
                  <td>{doc.name}</td>
                  <td>{doc.original}</td>
                  <td>{doc.copy}</td>
                  <td>{doc.form ? `${doc.form.name} (${doc.form.code})` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        ))}
      </section>

      <section id="agencies" aria-labelledby="agencies-heading">
        <h2 id="agencies-heading">{t('procedure.section.agencies')}</h2>
        {hasKindRefs ? (
          <form method="get" action={`/procedures/${p.code}#agencies`} class="inline-form">
            <div class="field">
              <label for="province">{t('procedure.chooseProvince')}</label>
              <select id="province" name="province">
                <option value="">{t('search.filters.any')}</option>
                {props.provinces.map((pr) => (
                  <option key={pr.code} value={pr.code} selected={pr.code === props.province}>
                    {locale === 'en' ? pr.nameEn : pr.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="button button-secondary">
              {t('procedure.showAgency')}
            </button>
          </form>
        ) : null}
        <h3>{t('procedure.implementingAgency')}</h3>
        <AgencyList refs={p.agencies.implementing} props={props} />
        {(['competent', 'authorised', 'coordinating'] as const).map((role) => {
          const refs = p.agencies[role];
          return refs && refs.length > 0 ? (
            <div key={role}>
              <h3>{t(`procedure.agencyRole.${role}`)}</h3>
              <AgencyList refs={refs} props={props} />
            </div>
          ) : null;
        })}
      </section>

      <section id="results" aria-labelledby="results-heading">
        <h2 id="results-heading">{t('procedure.section.results')}</h2>
        <ul>
          {p.results.map((r, i) => (
            <li key={i}>
              {r.name}
              {r.code ? ` (${r.code})` : ''}
            </li>
          ))}
        </ul>
      </section>

      <section id="legal" aria-labelledby="legal-heading">
        <h2 id="legal-heading">{t('procedure.section.legal')}</h2>
        <ScrollTable caption={t('procedure.section.legal')} captionHidden>
          <thead>
            <tr>
              <th scope="col">{t('procedure.legal.number')}</th>
              <th scope="col">{t('procedure.legal.title')}</th>
              <th scope="col">{t('procedure.legal.date')}</th>
              <th scope="col">{t('procedure.legal.issuer')}</th>
            </tr>
          </thead>
          <tbody>
            {p.legalBases.map((doc) => (
              <tr key={doc.number}>
                <td>{doc.number}</td>
                <td>{doc.title}</td>
                <td>{formatDate(doc.date)}</td>
                <td>{doc.issuer}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </section>

      <section id="versions" aria-labelledby="versions-heading">
        <h2 id="versions-heading">{t('procedure.section.versions')}</h2>
        <ScrollTable caption={t('procedure.section.versions')} captionHidden>
          <thead>
            <tr>
              <th scope="col">{t('procedure.version')}</th>
              <th scope="col">{t('procedure.effectiveFrom')}</th>
              <th scope="col">{t('procedure.decision')}</th>
              <th scope="col">{t('procedure.versionStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {p.versions.map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{formatDate(v.effectiveFrom)}</td>
                <td>
                  {v.decision.number} — {v.decision.title}
                </td>
                <td>
                  {v.inForce ? (
                    <Tag tone="success">{t('procedure.inForce')}</Tag>
                  ) : (
                    t('procedure.notInForce')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </section>
    </Layout>
  );
}
