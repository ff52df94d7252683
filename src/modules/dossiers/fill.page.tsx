import { Layout } from '../../web/layout.js';
import { useName, usePage, useText } from '../../web/context.js';
import { Detail, ErrorSummary, type SummaryError } from '../../web/components.js';
import { formatDateTime } from '../../platform/i18n/index.js';
import type { Field, FormDefinition, Section } from '../forms/index.js';
import {
  displayValue,
  FormField,
  isVisible,
  type FieldEnvironment,
  type Place,
} from '../forms/index.js';
import { procedureCrumbs, type Named } from './parts.js';

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

interface SectionPageProps {
  draftId: string;
  procedure: Named;
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
      breadcrumbs={[...procedureCrumbs(procedure, name, t), { label: t('dossier.start.crumb') }]}
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
  procedure: Named;
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
      breadcrumbs={[...procedureCrumbs(procedure, name, t), { label: t('dossier.start.crumb') }]}
    >
      <Progress form={form} current={form.sections.length} draftId={draftId} />
      <p class="caption">{name}</p>
      <h1>{t('dossier.review')}</h1>
      <ErrorSummary errors={props.errors} />
      {props.errors.length > 0 ? <p>{t('dossier.fixBeforeSubmit')}</p> : null}
      <dl class="summary-list">
        <Detail term={t('dossier.agency')}>{props.agencyName}</Detail>
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
