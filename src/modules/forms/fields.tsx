import { usePage, useText } from '../../web/context.js';
import type { DeclarationField, Field, ScalarValue } from './definition.js';
import type { FieldEnvironment } from './field-environment.js';
import { ErrorText } from './field-parts.js';
import { displayValue } from './display-value.js';
import { AttachmentInput } from './attachment-input.js';
import { GroupInput } from './group-input.js';
import { ScalarInput } from './scalar-input.js';
import { fieldDomId } from './rules.js';

/** One field of a form, as its type says, with its label, hint and error. */
export function FormField({ field, env }: { field: Field; env: FieldEnvironment }) {
  const value = env.answers[field.id];
  if (env.locked.has(field.id)) return <LockedField field={field} env={env} />;
  switch (field.type) {
    case 'group':
      return <GroupInput field={field} env={env} />;
    case 'attachment':
      return <AttachmentInput field={field} env={env} />;
    case 'declaration':
      return <DeclarationInput field={field} env={env} />;
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

/** A value the identity provider verified: shown as text, not to be changed. */
function LockedField({ field, env }: { field: Field; env: FieldEnvironment }) {
  const { t } = usePage();
  const text = useText();
  const places = new Map(
    [...env.provinces, ...Object.values(env.communes).flat()].map((p) => [p.code, p]),
  );
  return (
    <div class="field locked">
      <p class="label">{text(field.label)}</p>
      <p class="locked-value">
        {displayValue(field, env.answers[field.id], text, places, {
          yes: t('dossier.yes'),
          no: t('dossier.no'),
          none: t('dossier.noAnswer'),
        })}
      </p>
      <p class="hint">{t('dossier.verifiedLocked')}</p>
    </div>
  );
}

function DeclarationInput({ field, env }: { field: DeclarationField; env: FieldEnvironment }) {
  const text = useText();
  return (
    <div class="field declaration">
      <ErrorText path={field.id} errors={env.errors} />
      <p class="checkbox">
        <input
          type="checkbox"
          id={fieldDomId(field.id)}
          name={field.id}
          value="on"
          checked={env.answers[field.id] === true}
          aria-invalid={env.errors[field.id] ? true : undefined}
          data-field={field.id}
        />{' '}
        <label for={fieldDomId(field.id)}>{text(field.text)}</label>
      </p>
    </div>
  );
}
