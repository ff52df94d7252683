import { Layout } from '../../web/layout.js';
import { usePage, useName, useText } from '../../web/context.js';
import { ErrorSummary, TextField, type SummaryError } from '../../web/components.js';
import {
  FormField,
  isVisible,
  type Field,
  type FieldEnvironment,
  type FormDefinition,
} from '../forms/index.js';

interface Named {
  code: string;
  name: string;
  nameEn: string;
}

const crumbs = (t: (key: 'backoffice.title') => string, label: string) => [
  { href: '/backoffice', label: t('backoffice.title') },
  { label },
];

/** Counter and postal intake, first step: which procedure, at which agency, how it came. */
export function IntakeStartPage(props: {
  procedures: (Named & { agencies: string[] })[];
  agencies: Named[];
  errors: SummaryError[];
}) {
  const { t } = usePage();
  const name = useName();
  return (
    <Layout title={t('intake.title')} breadcrumbs={crumbs(t, t('intake.title'))}>
      <h1>{t('intake.title')}</h1>
      <p class="lead">{t('intake.intro')}</p>
      <ErrorSummary errors={props.errors} />
      <form method="get" action="/backoffice/intake/form">
        <div class="field">
          <label for="agency">{t('dossier.agency')}</label>
          <select id="agency" name="agency">
            {props.agencies.map((a) => (
              <option key={a.code} value={a.code}>
                {name(a)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="procedure">{t('dossier.procedure')}</label>
          <select id="procedure" name="procedure">
            {props.procedures.map((p) => (
              <option key={p.code} value={p.code}>
                {p.code} · {name(p)}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="field">
          <legend>{t('intake.channel')}</legend>
          <p class="radio">
            <input id="channel-1" type="radio" name="channel" value="1" checked />{' '}
            <label for="channel-1">{t('intake.channel.1')}</label>
          </p>
          <p class="radio">
            <input id="channel-3" type="radio" name="channel" value="3" />{' '}
            <label for="channel-3">{t('intake.channel.3')}</label>
          </p>
        </fieldset>
        <button type="submit" class="button">
          {t('intake.continue')}
        </button>
      </form>
    </Layout>
  );
}

interface IntakeFormProps {
  procedure: Named;
  agency: Named;
  channel: 1 | 3;
  form: FormDefinition;
  /** The form's fields an officer types in (files and the declaration are on paper). */
  fields: Field[];
  applicant: { name: string; idNumber: string; phone: string };
  env: FieldEnvironment;
  errors: SummaryError[];
  csrf: string;
}

/** The dossier as the applicant handed it in: who they are, and the form's answers. */
export function IntakeFormPage(props: IntakeFormProps) {
  const { t } = usePage();
  const name = useName();
  return (
    <Layout title={t('intake.title')} breadcrumbs={crumbs(t, t('intake.title'))}>
      <p class="caption">
        {name(props.procedure)} · {name(props.agency)}
      </p>
      <h1>{t(props.channel === 1 ? 'intake.channel.1' : 'intake.channel.3')}</h1>
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/backoffice/intake/form" novalidate>
        <input type="hidden" name="csrf" value={props.csrf} />
        <input type="hidden" name="procedure" value={props.procedure.code} />
        <input type="hidden" name="agency" value={props.agency.code} />
        <input type="hidden" name="channel" value={String(props.channel)} />
        <ApplicantBox applicant={props.applicant} errors={props.env.errors} />
        <FormSections {...props} />
        <p class="hint">{t('intake.paperNote')}</p>
        <div class="button-row">
          <button type="submit" name="action" value="register" class="button">
            {t('intake.register')}
          </button>
          <button type="submit" name="action" value="refresh" class="button button-secondary">
            {t('intake.refresh')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

type ApplicantKey = 'name' | 'idNumber' | 'phone';

/** Who handed the dossier in, typed once: the form's own fields of the same meaning follow. */
function ApplicantBox(props: {
  applicant: IntakeFormProps['applicant'];
  errors: FieldEnvironment['errors'];
}) {
  const { t } = usePage();
  const field = (id: ApplicantKey, label: string, attributes: Record<string, string | number>) => (
    <TextField
      id={`f-applicant-${id}`}
      name={`applicant.${id}`}
      label={label}
      value={props.applicant[id]}
      error={props.errors[`applicant.${id}`]}
      attributes={attributes}
    />
  );
  return (
    <fieldset>
      <legend>
        <h2>{t('intake.applicant')}</h2>
      </legend>
      {field('name', t('intake.applicantName'), { maxLength: 200, autocomplete: 'off' })}
      {field('idNumber', t('intake.applicantId'), { maxLength: 14, inputMode: 'numeric' })}
      {field('phone', t('intake.applicantPhone'), { maxLength: 20 })}
    </fieldset>
  );
}

/** The form's sections with the fields an officer types in (hidden while not asked). */
function FormSections(props: IntakeFormProps) {
  const text = useText();
  const typed = new Set(props.fields.map((f) => f.id));
  return (
    <>
      {props.form.sections.map((section) => {
        const fields = section.fields.filter((f) => typed.has(f.id));
        return fields.length === 0 ? null : (
          <fieldset key={section.id}>
            <legend>
              <h2>{text(section.title)}</h2>
            </legend>
            {fields.map((field) => (
              <div
                key={field.id}
                hidden={field.showWhen && !isVisible(field, props.env.answers) ? true : undefined}
              >
                <FormField field={field} env={props.env} />
              </div>
            ))}
          </fieldset>
        );
      })}
    </>
  );
}
