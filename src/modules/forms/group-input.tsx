import { usePage, useText } from '../../web/context.js';
import type { GroupField, ScalarValue } from './definition.js';
import type { FieldEnvironment } from './field-environment.js';
import { ErrorText, Hint } from './field-parts.js';
import { fieldDomId, isRequired } from './rules.js';
import { ScalarInput } from './scalar-input.js';

/** A table of rows, each the group's fields; rows are added and removed by form posts. */
export function GroupInput({ field, env }: { field: GroupField; env: FieldEnvironment }) {
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
