import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { Tag } from '../../web/components.js';
import { formatDate } from '../../platform/i18n/index.js';
import { levelLabel, serviceLevelLabel, serviceLevelTone, targetLabel } from './labels.js';
import { AgenciesSection, type LocalAgencies } from './procedure-agencies.js';
import type { ExtraSection } from './procedure-extras.js';
import {
  ChannelsSection,
  DocumentsSection,
  GeneralSection,
  LegalSection,
  ResultsSection,
  StepsSection,
  VersionsSection,
  type Procedure,
} from './procedure-sections.js';

export type { LocalAgencies } from './procedure-agencies.js';

interface ProcedurePageProps {
  procedure: Procedure;
  provinces: { code: string; name: string; nameEn: string }[];
  province: string | undefined;
  /** For references like "every province's Department of Justice", the one in `province`. */
  localAgencies: LocalAgencies;
  /** Sections other modules add (procedure-extras.ts), after the record's own. */
  sections: ExtraSection[];
}

const SECTIONS = [
  'general',
  'steps',
  'channels',
  'documents',
  'agencies',
  'results',
  'legal',
  'versions',
] as const;

/** A procedure's record in force, section by section, with a way to file it online. */
export function ProcedurePage({
  procedure: p,
  provinces,
  province,
  localAgencies,
  sections,
}: ProcedurePageProps) {
  const { t } = usePage();
  const name = useName()(p);
  return (
    <Layout
      title={name}
      breadcrumbs={[{ href: '/procedures', label: t('nav.procedures') }, { label: name }]}
    >
      <h1>{name}</h1>
      <ProcedureTags procedure={p} />
      <Annulment procedure={p} />
      <p class="lead">{p.summary}</p>
      <SubmitOnline procedure={p} />
      <nav class="toc" aria-labelledby="toc-heading">
        <h2 id="toc-heading">{t('procedure.contents')}</h2>
        <ul>
          {SECTIONS.map((id) => (
            <li key={id}>
              <a href={`#${id}`}>{t(`procedure.section.${id}`)}</a>
            </li>
          ))}
          {sections.map(({ id, heading }) => (
            <li key={id}>
              <a href={`#${id}`}>{t(heading)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <GeneralSection procedure={p} />
      <StepsSection procedure={p} />
      <ChannelsSection procedure={p} />
      <DocumentsSection procedure={p} />
      <AgenciesSection
        procedure={p}
        provinces={provinces}
        province={province}
        localAgencies={localAgencies}
      />
      <ResultsSection procedure={p} />
      <LegalSection procedure={p} />
      <VersionsSection procedure={p} />
      {sections.map(({ id, heading, content }) => (
        <section key={id} id={id} aria-labelledby={`${id}-heading`}>
          <h2 id={`${id}-heading`}>{t(heading)}</h2>
          {content}
        </section>
      ))}
    </Layout>
  );
}

function ProcedureTags({ procedure: p }: { procedure: Procedure }) {
  const { t } = usePage();
  return (
    <p class="tags">
      <Tag tone={serviceLevelTone(p.serviceLevel)}>{t(serviceLevelLabel(p.serviceLevel))}</Tag>
      <Tag>{t(levelLabel(p.level))}</Tag>
      {p.target.map((target) => (
        <Tag key={target}>{t(targetLabel(target))}</Tag>
      ))}
    </p>
  );
}

function Annulment({ procedure: p }: { procedure: Procedure }) {
  const { t } = usePage();
  return p.status === 'annulled' && p.annulment ? (
    <div class="notice notice-warning" role="note">
      <p>
        <strong>{t('procedure.annulled', { date: formatDate(p.annulment.effectiveFrom) })}</strong>{' '}
        {t('procedure.annulledBy', { decision: p.annulment.decision.number })}
      </p>
    </div>
  ) : null;
}

/** The way to file online, or why this procedure has none. */
function SubmitOnline({ procedure: p }: { procedure: Procedure }) {
  const { t } = usePage();
  if (p.status === 'active' && p.serviceLevel !== 'information') {
    return (
      <div class="cta">
        <a class="button button-large" href={`/procedures/${p.code}/submit`}>
          {t('procedure.submitOnline')}
        </a>
        <p class="hint">
          {t(`procedure.submitHint.${p.serviceLevel as 'full_online' | 'partial_online'}`)}
        </p>
      </div>
    );
  }
  return p.status === 'active' ? <p class="notice">{t('procedure.informationOnly')}</p> : null;
}
