import type { ComponentChildren } from 'preact';
import type { SummaryError } from '../../web/components.js';
import { usePage } from '../../web/context.js';

/** The help desk's form fields: label, error tied to the control, as `TextField` does. */

const errorOf = (errors: SummaryError[], field: string) =>
  errors.find((e) => e.field === field)?.message;

function Field(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  error: string | undefined;
  children: (described: string | undefined) => ComponentChildren;
}) {
  const { id, error, hint } = props;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      ) : null}
      {props.children(described || undefined)}
    </div>
  );
}

export function Input(props: {
  name: string;
  label: string;
  value: string;
  errors: SummaryError[];
  hint?: string;
  type?: string;
  maxLength: number;
  autoComplete?: string;
}) {
  const error = errorOf(props.errors, props.name);
  return (
    <Field id={props.name} label={props.label} hint={props.hint} error={error}>
      {(described) => (
        <input
          id={props.name}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value}
          maxLength={props.maxLength}
          autoComplete={props.autoComplete ?? 'off'}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={described}
        />
      )}
    </Field>
  );
}

export function TextArea(props: {
  name: string;
  label: string;
  value: string;
  errors: SummaryError[];
  maxLength: number;
  rows?: number;
  hint?: string;
}) {
  const error = errorOf(props.errors, props.name);
  return (
    <Field id={props.name} label={props.label} hint={props.hint} error={error}>
      {(described) => (
        <textarea
          id={props.name}
          name={props.name}
          rows={props.rows ?? 6}
          maxLength={props.maxLength}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={described}
        >
          {props.value}
        </textarea>
      )}
    </Field>
  );
}

/** A choice of one of a fixed list, labelled from the catalogs by `prefix` + value. */
export function Choice(props: {
  name: string;
  label: string;
  value: string;
  errors: SummaryError[];
  options: readonly string[];
  prefix: string;
  /** The empty first option's label, when nothing is chosen at first. */
  placeholder?: string;
}) {
  const { t } = usePage();
  const error = errorOf(props.errors, props.name);
  return (
    <Field id={props.name} label={props.label} error={error}>
      {(described) => (
        <select
          id={props.name}
          name={props.name}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={described}
        >
          {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
          {props.options.map((option) => (
            <option key={option} value={option} selected={option === props.value}>
              {t(`${props.prefix}${option}` as Parameters<typeof t>[0])}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The links between the support desk's pages. */
export function DeskNav() {
  const { t } = usePage();
  const links: [string, Parameters<typeof t>[0]][] = [
    ['/backoffice/help', 'support.desk.tickets'],
    ['/backoffice/help/calls', 'support.calls.title'],
    ['/backoffice/help/articles', 'support.articles.title'],
    ['/backoffice/help/figures', 'support.figures.title'],
  ];
  return (
    <nav aria-label={t('support.desk.links')}>
      <ul>
        {links.map(([href, key]) => (
          <li key={href}>
            <a href={href}>{t(key)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
