import { usePage, useText } from '../../web/context.js';
import type { Field, ScalarField, ScalarValue } from './definition.js';
import type { FieldEnvironment } from './field-environment.js';
import { fieldDomId } from './rules.js';

/** The parts every field is made of: its label, hint and error, tied to its input. */

export function Label({ field, path }: { field: Field; path: string }) {
  const { t } = usePage();
  const text = useText();
  return (
    <label for={fieldDomId(path)}>
      {text(field.label)}
      {field.required || field.requiredWhen ? null : (
        <span class="hint"> {t('dossier.optional')}</span>
      )}
    </label>
  );
}

export function Hint({ field, path }: { field: Field; path: string }) {
  const text = useText();
  return field.hint ? (
    <p id={`${fieldDomId(path)}-hint`} class="hint">
      {text(field.hint)}
    </p>
  ) : null;
}

export function ErrorText({ path, errors }: { path: string; errors: Record<string, string> }) {
  const message = errors[path];
  return message ? (
    <p id={`${fieldDomId(path)}-error`} class="field-error">
      {message}
    </p>
  ) : null;
}

/** The ids of the hint and the error an input is described by, if it has them. */
export const describedBy = (field: Field, path: string, errors: Record<string, string>) =>
  [field.hint ? `${fieldDomId(path)}-hint` : '', errors[path] ? `${fieldDomId(path)}-error` : '']
    .filter(Boolean)
    .join(' ') || undefined;

/** What one scalar input is given: its field, where its answer goes, and that answer. */
export interface ScalarProps<F extends ScalarField = ScalarField> {
  field: F;
  path: string;
  value: ScalarValue | undefined;
  env: FieldEnvironment;
}

/** The attributes every input of an answer carries: its id and name, and how it is described. */
export const inputAttributes = ({ field, path, env }: ScalarProps) => ({
  id: fieldDomId(path),
  name: path,
  'aria-describedby': describedBy(field, path, env.errors),
  'aria-invalid': env.errors[path] ? true : undefined,
  'data-field': path,
});
