import { useName, usePage, useText } from '../../web/context.js';
import type { AddressValue, ScalarField } from './definition.js';
import type { FieldEnvironment, Place } from './field-environment.js';
import { describedBy, ErrorText, Hint } from './field-parts.js';
import { fieldDomId } from './rules.js';

/** Province, then commune (the list follows the province; without JavaScript, a button). */
export function AddressInput({
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
  // Own keys only: a typed-in province such as `constructor` names no list of communes.
  const province = value?.province;
  const communes = province && Object.hasOwn(env.communes, province) ? env.communes[province]! : [];
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
          <PlaceOptions places={env.provinces} selected={value?.province} />
        </select>
        <button type="submit" name="action" value="refresh" class="button-secondary js-hidden">
          {t('dossier.refreshCommunes')}
        </button>
      </div>
      <div class="field">
        <label for={`${id}-commune`}>{t('dossier.start.commune')}</label>
        <select id={`${id}-commune`} name={`${path}.commune`} aria-invalid={invalid}>
          <PlaceOptions places={communes} selected={value?.commune} />
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

function PlaceOptions({ places, selected }: { places: Place[]; selected: string | undefined }) {
  const { t } = usePage();
  const name = useName();
  return (
    <>
      <option value="">{t('dossier.choose')}</option>
      {places.map((p) => (
        <option key={p.code} value={p.code} selected={selected === p.code}>
          {name(p)}
        </option>
      ))}
    </>
  );
}
