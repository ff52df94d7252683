import type { ComponentChildren } from 'preact';
import { usePage } from '../../web/context.js';
import { formatDate } from '../../platform/i18n/index.js';
import { vietnamDate } from '../../platform/clock.js';
import type {
  AddressValue,
  AnswerValue,
  AttachmentField,
  Field,
  GroupField,
  ScalarField,
  ScalarValue,
  Text,
} from './definition.js';
import { DEFAULT_MAX_FILES } from './definition.js';
import { fieldDomId, isRequired, maskPersonalId } from './rules.js';

export interface Place {
  code: string;
  name: string;
  nameEn: string;
}

export interface StoredFile {
  documentId: string;
  fileName: string;
  size: number;
}

/** What fields need besides their own answer: places, files, errors and limits. */
export interface FieldEnvironment {
  answers: Record<string, AnswerValue>;
  errors: Record<string, string>;
  provinces: Place[];
  /** Communes of each province an address on the page has chosen. */
  communes: Record<string, Place[]>;
  /** Fields whose value the identity provider verified: shown, not editable. */
  locked: Set<string>;
  attached: Record<string, StoredFile[]>;
  /** Documents in the person's store, by document type, to pick instead of uploading. */
  store: Record<string, (StoredFile & { createdAt: Date })[]>;
  maxFileMb: number;
}

const useText = () => {
  const { locale } = usePage();
  return (text: Text) => (locale === 'en' ? text.en : text.vi);
};

function Label({
  field,
  path,
  children,
}: {
  field: Field;
  path: string;
  children?: ComponentChildren;
}) {
  const { t } = usePage();
  const text = useText();
  return (
    <label for={fieldDomId(path)}>
      {text(field.label)}
      {field.required || field.requiredWhen ? null : (
        <span class="hint"> {t('dossier.optional')}</span>
      )}
      {children}
    </label>
  );
}

function Hint({ field, path }: { field: Field; path: string }) {
  const text = useText();
  return field.hint ? (
    <p id={`${fieldDomId(path)}-hint`} class="hint">
      {text(field.hint)}
    </p>
  ) : null;
}

function ErrorText({ path, errors }: { path: string; errors: Record<string, string> }) {
  const message = errors[path];
  return message ? (
    <p id={`${fieldDomId(path)}-error`} class="field-error">
      {message}
    </p>
  ) : null;
}

const describedBy = (field: Field, path: string, errors: Record<string, string>) =>
  [field.hint ? `${fieldDomId(path)}-hint` : '', errors[path] ? `${fieldDomId(path)}-error` : '']
    .filter(Boolean)
    .join(' ') || undefined;

/** A shown value, as text: for locked fields and the check-your-answers page. */
export function displayValue(
  field: Field,
  value: AnswerValue | undefined,
  text: (t: Text) => string,
  places: Map<string, Place>,
  words: { yes: string; no: string; none: string },
): string {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return words.none;
  }
  switch (field.type) {
    case 'choice':
      return text(
        field.options.find((o) => o.value === value)?.label ?? {
          vi: String(value),
          en: String(value),
        },
      );
    case 'checkbox':
    case 'declaration':
      return value === true ? words.yes : words.no;
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? formatDate(value)
        : String(value);
    case 'personalId':
      // ID numbers are never shown whole outside the field that takes them.
      return maskPersonalId(String(value));
    case 'money':
      return typeof value === 'number'
        ? `${new Intl.NumberFormat('vi-VN').format(value)} ₫`
        : String(value);
    case 'address': {
      const a = value as AddressValue;
      const name = (code: string) => {
        const place = places.get(code);
        return place ? text({ vi: place.name, en: place.nameEn }) : code;
      };
      return [a.street, a.commune ? name(a.commune) : '', a.province ? name(a.province) : '']
        .filter(Boolean)
        .join(', ');
    }
    default:
      return String(value);
  }
}

function ScalarInput({
  field,
  path,
  value,
  env,
}: {
  field: ScalarField;
  path: string;
  value: ScalarValue | undefined;
  env: FieldEnvironment;
}) {
  const { t } = usePage();
  const text = useText();
  const id = fieldDomId(path);
  const invalid = env.errors[path] ? true : undefined;
  const described = describedBy(field, path, env.errors);
  const common = {
    id,
    name: path,
    'aria-describedby': described,
    'aria-invalid': invalid,
    'data-field': path,
  };
  const stringValue = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  switch (field.type) {
    case 'textarea':
      return (
        <div class="field">
          <Label field={field} path={path} />
          <Hint field={field} path={path} />
          <ErrorText path={path} errors={env.errors} />
          <textarea {...common} rows={4} maxLength={field.maxLength ?? 2000}>
            {stringValue}
          </textarea>
        </div>
      );
    case 'choice':
      if (field.display === 'radio') {
        return (
          <fieldset class="field" aria-describedby={described}>
            <legend>{text(field.label)}</legend>
            <Hint field={field} path={path} />
            <ErrorText path={path} errors={env.errors} />
            {field.options.map((option, i) => (
              <p class="radio" key={option.value}>
                <input
                  type="radio"
                  id={i === 0 ? id : `${id}-${option.value}`}
                  name={path}
                  value={option.value}
                  checked={value === option.value}
                  data-field={path}
                />{' '}
                <label for={i === 0 ? id : `${id}-${option.value}`}>{text(option.label)}</label>
              </p>
            ))}
          </fieldset>
        );
      }
      return (
        <div class="field">
          <Label field={field} path={path} />
          <Hint field={field} path={path} />
          <ErrorText path={path} errors={env.errors} />
          <select {...common}>
            <option value="">{t('dossier.choose')}</option>
            {field.options.map((option) => (
              <option key={option.value} value={option.value} selected={value === option.value}>
                {text(option.label)}
              </option>
            ))}
          </select>
        </div>
      );
    case 'checkbox':
      return (
        <div class="field">
          <ErrorText path={path} errors={env.errors} />
          <p class="checkbox">
            <input type="checkbox" {...common} value="on" checked={value === true} />{' '}
            <label for={id}>{text(field.label)}</label>
          </p>
          <Hint field={field} path={path} />
        </div>
      );
    case 'address':
      return (
        <AddressInput
          field={field}
          path={path}
          value={value as AddressValue | undefined}
          env={env}
        />
      );
    default: {
      const kind = {
        text: { type: 'text' },
        number: { type: 'text', inputMode: 'numeric' },
        money: { type: 'text', inputMode: 'numeric' },
        date: { type: 'date' },
        personalId: { type: 'text', inputMode: 'numeric', maxLength: 12, autoComplete: 'off' },
        enterpriseCode: { type: 'text', inputMode: 'numeric', maxLength: 14 },
        phone: { type: 'tel', autoComplete: 'tel' },
        email: { type: 'email', autoComplete: 'email' },
      }[field.type];
      const maxLength = field.type === 'text' ? (field.maxLength ?? 200) : undefined;
      return (
        <div class="field">
          <Label field={field} path={path} />
          <Hint field={field} path={path} />
          <ErrorText path={path} errors={env.errors} />
          <input {...common} {...kind} {...(maxLength ? { maxLength } : {})} value={stringValue} />
        </div>
      );
    }
  }
}

/** Province, then commune (the list follows the province; without JavaScript, a button). */
function AddressInput({
  field,
  path,
  value,
  env,
}: {
  field: ScalarField;
  path: string;
  value: AddressValue | undefined;
  env: FieldEnvironment;
}) {
  const { t } = usePage();
  const text = useText();
  const id = fieldDomId(path);
  const communes = value?.province ? (env.communes[value.province] ?? []) : [];
  const invalid = env.errors[path] ? true : undefined;
  return (
    <fieldset class="field address" aria-describedby={describedBy(field, path, env.errors)}>
      <legend>{text(field.label)}</legend>
      <Hint field={field} path={path} />
      <ErrorText path={path} errors={env.errors} />
      <div class="field">
        <label for={id}>{t('dossier.start.province')}</label>
        <select
          id={id}
          name={`${path}.province`}
          aria-invalid={invalid}
          data-communes={`${id}-commune`}
        >
          <option value="">{t('dossier.choose')}</option>
          {env.provinces.map((p) => (
            <option key={p.code} value={p.code} selected={value?.province === p.code}>
              {text({ vi: p.name, en: p.nameEn })}
            </option>
          ))}
        </select>
        <button type="submit" name="action" value="refresh" class="button-secondary js-hidden">
          {t('dossier.refreshCommunes')}
        </button>
      </div>
      <div class="field">
        <label for={`${id}-commune`}>{t('dossier.start.commune')}</label>
        <select id={`${id}-commune`} name={`${path}.commune`} aria-invalid={invalid}>
          <option value="">{t('dossier.choose')}</option>
          {communes.map((c) => (
            <option key={c.code} value={c.code} selected={value?.commune === c.code}>
              {text({ vi: c.name, en: c.nameEn })}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${id}-street`}>{t('dossier.street')}</label>
        <input
          id={`${id}-street`}
          name={`${path}.street`}
          type="text"
          maxLength={200}
          autoComplete="street-address"
          value={value?.street ?? ''}
          aria-invalid={invalid}
        />
      </div>
    </fieldset>
  );
}

function GroupInput({ field, env }: { field: GroupField; env: FieldEnvironment }) {
  const { t } = usePage();
  const text = useText();
  const rows = Array.isArray(env.answers[field.id])
    ? (env.answers[field.id] as Record<string, ScalarValue>[])
    : [];
  // A table that needs rows starts with an empty one; an optional one only offers to add.
  const needed = (field.minItems ?? 0) > 0 || isRequired(field, env.answers);
  const shown = rows.length > 0 ? rows : needed ? [{}] : [];
  const item = text(field.itemLabel);
  return (
    <fieldset class="field group" id={fieldDomId(field.id)} tabIndex={-1}>
      <legend>{text(field.label)}</legend>
      <Hint field={field} path={field.id} />
      <ErrorText path={field.id} errors={env.errors} />
      {shown.map((row, index) => (
        <fieldset class="group-row" key={index}>
          <legend>{t('dossier.row', { item, n: index + 1 })}</legend>
          {field.fields.map((sub) => (
            <ScalarInput
              key={sub.id}
              field={sub}
              path={`${field.id}.${index}.${sub.id}`}
              value={row[sub.id]}
              env={env}
            />
          ))}
          {shown.length > 1 || !needed ? (
            <button
              type="submit"
              name="action"
              value={`remove:${field.id}:${index}`}
              class="button-secondary"
            >
              {t('dossier.removeRow', { item: item.toLowerCase(), n: index + 1 })}
            </button>
          ) : null}
        </fieldset>
      ))}
      {shown.length < (field.maxItems ?? 50) ? (
        <button type="submit" name="action" value={`add:${field.id}`} class="button-secondary">
          {t('dossier.addRow', { item: item.toLowerCase() })}
        </button>
      ) : null}
    </fieldset>
  );
}

function AttachmentInput({ field, env }: { field: AttachmentField; env: FieldEnvironment }) {
  const { t, locale } = usePage();
  const text = useText();
  const id = fieldDomId(field.id);
  const attached = env.attached[field.id] ?? [];
  const offered = (env.store[field.documentType] ?? []).filter(
    (d) => !attached.some((a) => a.documentId === d.documentId),
  );
  const full = attached.length >= (field.maxFiles ?? DEFAULT_MAX_FILES);
  const size = (bytes: number) =>
    new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 }).format(
      bytes / 1024,
    ) + ' KB';
  return (
    <fieldset class="field attachment" aria-describedby={describedBy(field, field.id, env.errors)}>
      <legend>
        {text(field.label)}
        {isRequired(field, env.answers) ? null : <span class="hint"> {t('dossier.optional')}</span>}
      </legend>
      <Hint field={field} path={field.id} />
      <ErrorText path={field.id} errors={env.errors} />
      {attached.length > 0 ? (
        <ul class="file-list" aria-label={t('dossier.attached')}>
          {attached.map((file) => (
            <li key={file.documentId}>
              <a href={`/my/documents/${file.documentId}`}>{file.fileName}</a> ({size(file.size)}){' '}
              <button
                type="submit"
                name="action"
                value={`detach:${field.id}:${file.documentId}`}
                class="button-secondary"
              >
                {t('dossier.removeFile', { name: file.fileName })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {full ? null : (
        <>
          <div class="field">
            <label for={id}>{t('dossier.upload')}</label>
            <p class="hint" id={`${id}-types`}>
              {t(field.allowOffice ? 'dossier.uploadHintOffice' : 'dossier.uploadHint', {
                limit: env.maxFileMb,
              })}
            </p>
            <input
              type="file"
              id={id}
              name={`file.${field.id}`}
              aria-describedby={`${id}-types`}
              aria-invalid={env.errors[field.id] ? true : undefined}
              accept={
                field.allowOffice
                  ? 'application/pdf,image/jpeg,image/png,image/heic,.doc,.docx,.xls,.xlsx'
                  : 'application/pdf,image/jpeg,image/png,image/heic'
              }
              data-upload={field.id}
            />
          </div>
          {offered.length > 0 ? (
            <div class="store-pick">
              <p class="hint">{t('dossier.fromStore')}</p>
              <ul class="file-list">
                {offered.map((d) => (
                  <li key={d.documentId}>
                    <button
                      type="submit"
                      name="action"
                      value={`reuse:${field.id}:${d.documentId}`}
                      class="button-secondary"
                    >
                      {t('dossier.useDocument', { name: d.fileName })}
                    </button>{' '}
                    <span class="hint">{formatDate(vietnamDate(d.createdAt))}</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      )}
    </fieldset>
  );
}

/** One field of a form, as its type says, with its label, hint and error. */
export function FormField({ field, env }: { field: Field; env: FieldEnvironment }) {
  const { t } = usePage();
  const text = useText();
  const value = env.answers[field.id];
  if (env.locked.has(field.id)) {
    const places = new Map(
      [...env.provinces, ...Object.values(env.communes).flat()].map((p) => [p.code, p]),
    );
    return (
      <div class="field locked">
        <p class="label">{text(field.label)}</p>
        <p class="locked-value">
          {displayValue(field, value, text, places, {
            yes: t('dossier.yes'),
            no: t('dossier.no'),
            none: t('dossier.noAnswer'),
          })}
        </p>
        <p class="hint">{t('dossier.verifiedLocked')}</p>
      </div>
    );
  }
  switch (field.type) {
    case 'group':
      return <GroupInput field={field} env={env} />;
    case 'attachment':
      return <AttachmentInput field={field} env={env} />;
    case 'declaration':
      return (
        <div class="field declaration">
          <ErrorText path={field.id} errors={env.errors} />
          <p class="checkbox">
            <input
              type="checkbox"
              id={fieldDomId(field.id)}
              name={field.id}
              value="on"
              checked={value === true}
              aria-invalid={env.errors[field.id] ? true : undefined}
              data-field={field.id}
            />{' '}
            <label for={fieldDomId(field.id)}>{text(field.text)}</label>
          </p>
        </div>
      );
    default:
      return (
        <ScalarInput
          field={field}
          path={field.id}
          value={value as ScalarValue | undefined}
          env={env}
        />
      );
  }
}
