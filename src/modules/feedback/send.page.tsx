import type { ComponentChildren } from 'preact';
import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { ErrorSummary, type SummaryError } from '../../web/components.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { FEEDBACK_KINDS } from './lifecycle.js';
import { LIMITS } from './submission.js';

/** What the form holds: as given, so a refused form comes back as it was sent. */
export interface SendForm {
  kind: string;
  title: string;
  body: string;
  procedureCode: string;
  dossierCode: string;
  agencyCode: string;
  provinceCode: string;
  place: string;
  publishConsent: boolean;
}

export const EMPTY_FORM: SendForm = {
  kind: '',
  title: '',
  body: '',
  procedureCode: '',
  dossierCode: '',
  agencyCode: '',
  provinceCode: '',
  place: '',
  publishConsent: false,
};

export interface SendPageProps {
  form: SendForm;
  errors: SummaryError[];
  dossiers: { code: string; procedureName: string }[];
  provinces: { code: string; name: string; nameEn: string }[];
  maxFileMb: number;
  csrf: string;
}

/** A field with its label, hint and error, tied together for screen readers. */
function Field(props: {
  id: string;
  label: string;
  hint?: string;
  error: string | undefined;
  children: (described: string | undefined) => ComponentChildren;
}) {
  const described =
    [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : '']
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
      {props.children(described)}
    </div>
  );
}

/** A one-line text field of the form, as given back after a refusal. */
function TextInput(props: {
  id: keyof SendForm;
  label: string;
  hint?: string;
  error: string | undefined;
  maxLength: number;
  size?: number;
  value: string;
}) {
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
      {(described) => (
        <input
          id={props.id}
          name={props.id}
          type="text"
          maxLength={props.maxLength}
          size={props.size}
          value={props.value}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={described}
        />
      )}
    </Field>
  );
}

/** The kinds, as radio buttons. */
function Kinds({ form, error }: { form: SendForm; error: string | undefined }) {
  const { t } = usePage();
  return (
    <fieldset class="field" id="kind" tabIndex={-1}>
      <legend>{t('feedback.kind')}</legend>
      {error ? <p class="field-error">{error}</p> : null}
      {FEEDBACK_KINDS.map((kind) => (
        <p class="radio" key={kind}>
          <input
            id={`kind-${kind}`}
            type="radio"
            name="kind"
            value={kind}
            checked={form.kind === kind}
          />{' '}
          <label for={`kind-${kind}`}>{t(`feedback.kind.${kind}` as MessageKey)}</label>
        </p>
      ))}
    </fieldset>
  );
}

/** Sending feedback: what it is about, the text, the place, files and consent to publish. */
export function SendPage(props: SendPageProps) {
  const { t } = usePage();
  const name = useName();
  const { form } = props;
  const error = (field: string) => props.errors.find((e) => e.field === field)?.message;
  const invalid = (field: string) => (error(field) ? 'true' : undefined);
  return (
    <Layout
      title={t('feedback.new.title')}
      breadcrumbs={[
        { label: t('feedback.mine.title'), href: '/my/feedback' },
        { label: t('feedback.new.title') },
      ]}
    >
      <h1>{t('feedback.new.title')}</h1>
      <ErrorSummary errors={props.errors} />
      <p>{t('feedback.new.intro')}</p>
      <form method="post" action="/feedback" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="csrf" value={props.csrf} />
        <Kinds form={form} error={error('kind')} />
        <TextInput
          id="title"
          label={t('feedback.field.title')}
          error={error('title')}
          maxLength={LIMITS.title.max}
          value={form.title}
        />
        <Field
          id="body"
          label={t('feedback.field.body')}
          hint={t('feedback.field.bodyHint', LIMITS.body)}
          error={error('body')}
        >
          {(described) => (
            <textarea
              id="body"
              name="body"
              rows={8}
              maxLength={LIMITS.body.max}
              aria-invalid={invalid('body')}
              aria-describedby={described}
            >
              {form.body}
            </textarea>
          )}
        </Field>
        <Field
          id="dossierCode"
          label={t('feedback.field.dossierCode')}
          hint={t('feedback.field.dossierHint')}
          error={error('dossierCode')}
        >
          {(described) => (
            <select
              id="dossierCode"
              name="dossierCode"
              aria-invalid={invalid('dossierCode')}
              aria-describedby={described}
            >
              <option value="">{t('feedback.field.noDossier')}</option>
              {props.dossiers.map((d) => (
                <option key={d.code} value={d.code} selected={form.dossierCode === d.code}>
                  {d.code} — {d.procedureName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextInput
          id="procedureCode"
          label={t('feedback.field.procedureCode')}
          hint={t('feedback.field.procedureHint')}
          error={error('procedureCode')}
          maxLength={40}
          size={12}
          value={form.procedureCode}
        />
        <TextInput
          id="agencyCode"
          label={t('feedback.field.agencyCode')}
          hint={t('feedback.field.agencyHint')}
          error={error('agencyCode')}
          maxLength={40}
          size={16}
          value={form.agencyCode}
        />
        <Field
          id="provinceCode"
          label={t('feedback.field.provinceCode')}
          error={error('provinceCode')}
        >
          {(described) => (
            <select
              id="provinceCode"
              name="provinceCode"
              aria-invalid={invalid('provinceCode')}
              aria-describedby={described}
            >
              <option value="">{t('feedback.field.noProvince')}</option>
              {props.provinces.map((p) => (
                <option key={p.code} value={p.code} selected={form.provinceCode === p.code}>
                  {name(p)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextInput
          id="place"
          label={t('feedback.field.place')}
          error={error('place')}
          maxLength={LIMITS.place.max}
          value={form.place}
        />
        <Field
          id="files"
          label={t('feedback.field.files')}
          hint={t('feedback.field.filesHint', { max: LIMITS.files, limit: props.maxFileMb })}
          error={error('files')}
        >
          {(described) => (
            <input
              id="files"
              name="files"
              type="file"
              multiple
              accept=".pdf,.jpg,.jpeg,.png,.heic,.docx,.xlsx,.doc,.xls"
              aria-invalid={invalid('files')}
              aria-describedby={described}
            />
          )}
        </Field>
        <p class="checkbox">
          <input
            id="publishConsent"
            name="publishConsent"
            type="checkbox"
            value="on"
            checked={form.publishConsent}
          />{' '}
          <label for="publishConsent">{t('feedback.field.publishConsent')}</label>
        </p>
        <button type="submit" class="button">
          {t('feedback.send')}
        </button>
      </form>
    </Layout>
  );
}
