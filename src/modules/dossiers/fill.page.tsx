import { Layout } from '../../web/layout.js';
import { useName, usePage, useText } from '../../web/context.js';
import { ErrorSummary, type SummaryError } from '../../web/components.js';
import { formatDateTime } from '../../platform/i18n/index.js';
import type { Field, FormDefinition, Section } from '../forms/index.js';
import { displayValue, FormField, type FieldEnvironment, type Place } from '../forms/index.js';
import { isVisible } from '../forms/index.js';
import type { AgencyRef } from '../catalog/index.js';

interface ProcedureInfo {
  code: string;
  name: string;
  nameEn: string;
}

/** Where the person is among the form's sections, and the ones before are links. */
function Progress({
  form,
  current,
  draftId,
}: {
  form: FormDefinition;
  current: number;
  draftId: string;
}) {
  const { t } = usePage();
  const text = useText();
  const total = form.sections.length + 1;
  return (
    <nav class="progress" aria-label={t('dossier.progressLabel')}>
      <p class="progress-count">{t('dossier.progress', { current: current + 1, total })}</p>
      <ol>
        {form.sections.map((section, i) => (
          <li key={section.id} aria-current={i === current ? 'step' : undefined}>
            {i < current ? (
              <a href={`/dossiers/drafts/${draftId}/sections/${section.id}`}>
                {text(section.title)}
              </a>
            ) : (
              text(section.title)
            )}
          </li>
        ))}
        <li aria-current={current === form.sections.length ? 'step' : undefined}>
          {t('dossier.reviewStep')}
        </li>
      </ol>
    </nav>
  );
}

function Crumbs(procedure: ProcedureInfo, name: string, t: (k: 'nav.procedures') => string) {
  return [
    { href: '/procedures', label: t('nav.procedures') },
    { href: `/procedures/${procedure.code}`, label: name },
  ];
}

interface SectionPageProps {
  draftId: string;
  procedure: ProcedureInfo;
  agencyName: string;
  form: FormDefinition;
  index: number;
  env: FieldEnvironment;
  errors: SummaryError[];
  csrf: string;
  savedAt: Date | null;
  /** What the browser's copy of the rules needs: messages, today, verified fields. */
  browserRules: {
    messages: Record<string, string>;
    today: string;
    locked: string[];
    answers: FieldEnvironment['answers'];
  };
}

/** One section of the form: its fields, the error summary, and the ways on. */
export function SectionPage(props: SectionPageProps) {
  const { t, locale } = usePage();
  const text = useText();
  const { form, index, env, draftId, procedure } = props;
  const section = form.sections[index]!;
  const name = useName()(procedure);
  const title = text(section.title);
  return (
    <Layout
      title={`${title} · ${name}`}
      breadcrumbs={[...Crumbs(procedure, name, t), { label: t('dossier.start.crumb') }]}
    >
      <Progress form={form} current={index} draftId={draftId} />
      <p class="caption">{name}</p>
      <h1>{title}</h1>
      <ErrorSummary errors={props.errors} />
      {props.savedAt ? (
        <p class="notice" role="status">
          {t('dossier.savedAt', { at: formatDateTime(props.savedAt) })}
        </p>
      ) : null}
      <p class="hint">{t('dossier.start.agency', { agency: props.agencyName })}</p>
      <form
        method="post"
        action={`/dossiers/drafts/${draftId}/sections/${section.id}`}
        enctype="multipart/form-data"
        novalidate
        data-draft={draftId}
        data-section={section.id}
      >
        <input type="hidden" name="csrf" value={props.csrf} />
        {section.fields.map((field) => (
          <div
            key={field.id}
            class="conditional"
            data-show-when={field.showWhen ? JSON.stringify(field.showWhen) : undefined}
            hidden={field.showWhen && !isVisible(field, env.answers) ? true : undefined}
          >
            <FormField field={field} env={env} />
          </div>
        ))}
        <p class="autosave hint" role="status" aria-live="polite" data-autosave-status></p>
        <div class="button-row">
          <button type="submit" name="action" value="continue" class="button">
            {t('dossier.saveContinue')}
          </button>
          <button type="submit" name="action" value="later" class="button button-secondary">
            {t('dossier.saveLater')}
          </button>
        </div>
      </form>
      {index > 0 ? (
        <p>
          <a href={`/dossiers/drafts/${draftId}/sections/${form.sections[index - 1]!.id}`}>
            {t('dossier.back')}
          </a>
        </p>
      ) : null}
      <script
        type="application/json"
        id="form-rules"
        // JSON for the browser's copy of the rules; "<" escaped so it cannot end the script.
        dangerouslySetInnerHTML={{
          __html: JSON.stringify({ section, locale, ...props.browserRules }).replace(
            /</g,
            '\\u003c',
          ),
        }}
      />
      <script src="/assets/forms.js" defer></script>
    </Layout>
  );
}

/** One answer as the review shows it: files by name, a group's rows, a value in words. */
function ReviewValue(props: {
  field: Field;
  answers: FieldEnvironment['answers'];
  attached: FieldEnvironment['attached'];
  places: Map<string, Place>;
}) {
  const { t } = usePage();
  const text = useText();
  const { field, answers, places } = props;
  const words = { yes: t('dossier.yes'), no: t('dossier.no'), none: t('dossier.noAnswer') };
  if (field.type === 'attachment') {
    const files = props.attached[field.id] ?? [];
    return files.length > 0 ? (
      <ul class="file-list">
        {files.map((f) => (
          <li key={f.documentId}>{f.fileName}</li>
        ))}
      </ul>
    ) : (
      <>{words.none}</>
    );
  }
  if (field.type === 'group') {
    const rows = Array.isArray(answers[field.id])
      ? (answers[field.id] as Record<string, string | number>[])
      : [];
    return (
      <ol>
        {rows.map((row, i) => (
          <li key={i}>
            {field.fields
              .map((sub) => displayValue(sub, row[sub.id], text, places, words))
              .join(' · ')}
          </li>
        ))}
      </ol>
    );
  }
  return <>{displayValue(field, answers[field.id], text, places, words)}</>;
}

interface ReviewPageProps {
  draftId: string;
  procedure: ProcedureInfo;
  agencyName: string;
  form: FormDefinition;
  answers: FieldEnvironment['answers'];
  attached: FieldEnvironment['attached'];
  places: Map<string, Place>;
  errors: SummaryError[];
  csrf: string;
}

/** A section's answers, with the link to change them. */
function ReviewSection({ section, ...props }: ReviewPageProps & { section: Section }) {
  const { t } = usePage();
  const text = useText();
  return (
    <section aria-labelledby={`review-${section.id}`}>
      <h2 id={`review-${section.id}`}>
        {text(section.title)}{' '}
        <a
          class="change-link"
          href={`/dossiers/drafts/${props.draftId}/sections/${section.id}`}
          aria-label={t('dossier.changeSection', { section: text(section.title) })}
        >
          {t('dossier.change')}
        </a>
      </h2>
      <dl class="summary-list">
        {section.fields
          .filter((field) => isVisible(field, props.answers))
          .map((field) => (
            <div key={field.id}>
              <dt>{text(field.label)}</dt>
              <dd>
                <ReviewValue
                  field={field}
                  answers={props.answers}
                  attached={props.attached}
                  places={props.places}
                />
              </dd>
            </div>
          ))}
      </dl>
    </section>
  );
}

/** Everything answered, section by section with a change link, and the submit button. */
export function ReviewPage(props: ReviewPageProps) {
  const { t } = usePage();
  const { form, procedure, draftId } = props;
  const name = useName()(procedure);
  return (
    <Layout
      title={`${t('dossier.review')} · ${name}`}
      breadcrumbs={[...Crumbs(procedure, name, t), { label: t('dossier.start.crumb') }]}
    >
      <Progress form={form} current={form.sections.length} draftId={draftId} />
      <p class="caption">{name}</p>
      <h1>{t('dossier.review')}</h1>
      <ErrorSummary errors={props.errors} />
      {props.errors.length > 0 ? <p>{t('dossier.fixBeforeSubmit')}</p> : null}
      <dl class="summary-list">
        <div>
          <dt>{t('dossier.agency')}</dt>
          <dd>{props.agencyName}</dd>
        </div>
      </dl>
      {form.sections.map((section) => (
        <ReviewSection key={section.id} section={section} {...props} />
      ))}
      <form method="post" action={`/dossiers/drafts/${draftId}/submit`}>
        <input type="hidden" name="csrf" value={props.csrf} />
        <p class="hint">{t('dossier.submitHint')}</p>
        <button type="submit" class="button button-large" data-once>
          {t('dossier.submit')}
        </button>
      </form>
    </Layout>
  );
}

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
  procedure: ProcedureInfo & { documents: { case?: string; items: { name: string }[] }[] };
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
      breadcrumbs={[...Crumbs(procedure, name, t), { label: t('dossier.start.crumb') }]}
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
