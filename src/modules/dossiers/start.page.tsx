import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { ErrorSummary, type SummaryError } from '../../web/components.js';
import { formatDateTime } from '../../platform/i18n/index.js';
import type { AgencyRef } from '../catalog/index.js';
import type { Place } from '../forms/index.js';
import { procedureCrumbs, type Named } from './parts.js';

/** A list of provinces or communes to choose one from. */
function PlaceSelect(props: { name: string; label: string; places: Place[]; selected: string }) {
  const name = useName();
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <select id={props.name} name={props.name}>
        {props.places.map((p) => (
          <option key={p.code} value={p.code} selected={p.code === props.selected}>
            {name(p)}
          </option>
        ))}
      </select>
    </div>
  );
}

interface StartPageProps {
  procedure: Named & { documents: { case?: string; items: { name: string }[] }[] };
  refs: AgencyRef[];
  choice: 'fixed' | 'province' | 'commune';
  fixedAgency: string | null;
  provinces: Place[];
  communes: Place[];
  province: string;
  commune: string;
  drafts: { id: string; updatedAt: Date }[];
  errors: SummaryError[];
  csrf: string;
}

/** Drafts of this procedure to go back to. */
function DraftsToResume({ drafts }: { drafts: StartPageProps['drafts'] }) {
  const { t } = usePage();
  return (
    <section aria-labelledby="drafts-heading">
      <h2 id="drafts-heading">{t('dossier.start.drafts')}</h2>
      <ul class="link-list">
        {drafts.map((d) => (
          <li key={d.id}>
            <a href={`/dossiers/drafts/${d.id}`}>
              {t('dossier.start.resume', { at: formatDateTime(d.updatedAt) })}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Where the dossier goes: the agency named, or the province (and commune) to choose. */
function AgencyChoice(props: StartPageProps) {
  const { t } = usePage();
  const action = `/procedures/${props.procedure.code}/submit`;
  return (
    <>
      <h2>{t('dossier.start.where')}</h2>
      {props.choice === 'fixed' ? (
        <p>{t('dossier.start.agency', { agency: props.fixedAgency ?? '' })}</p>
      ) : null}
      {props.choice === 'commune' ? (
        // Without JavaScript the commune list follows the province by reloading this page.
        <form method="get" action={action} class="inline-form">
          <PlaceSelect
            name="province"
            label={t('dossier.start.province')}
            places={props.provinces}
            selected={props.province}
          />
          <button type="submit" class="button button-secondary">
            {t('dossier.start.showCommunes')}
          </button>
        </form>
      ) : null}
      <form method="post" action={action}>
        <input type="hidden" name="csrf" value={props.csrf} />
        {props.choice === 'commune' ? (
          <input type="hidden" name="province" value={props.province} />
        ) : null}
        {props.choice === 'province' ? (
          <PlaceSelect
            name="province"
            label={t('dossier.start.province')}
            places={props.provinces}
            selected={props.province}
          />
        ) : null}
        {props.choice === 'commune' ? (
          <PlaceSelect
            name="commune"
            label={t('dossier.start.commune')}
            places={props.communes}
            selected={props.commune}
          />
        ) : null}
        <button type="submit" class="button button-large">
          {t('dossier.start.button')}
        </button>
      </form>
    </>
  );
}

/** Before the first section: where the dossier goes, and drafts to resume. */
export function StartPage(props: StartPageProps) {
  const { t } = usePage();
  const { procedure } = props;
  const name = useName()(procedure);
  return (
    <Layout
      title={t('dossier.start.title', { name })}
      breadcrumbs={[...procedureCrumbs(procedure, name, t), { label: t('dossier.start.crumb') }]}
    >
      <h1>{t('dossier.start.title', { name })}</h1>
      <ErrorSummary errors={props.errors} />
      <p class="lead">{t('dossier.start.intro')}</p>
      {props.drafts.length > 0 ? <DraftsToResume drafts={props.drafts} /> : null}
      <AgencyChoice {...props} />
      <h2>{t('submit.prepare')}</h2>
      {procedure.documents.map((group, i) => (
        <div key={i}>
          {group.case ? <h3>{group.case}</h3> : null}
          <ul class="checklist">
            {group.items.map((doc, j) => (
              <li key={j}>{doc.name}</li>
            ))}
          </ul>
        </div>
      ))}
    </Layout>
  );
}
