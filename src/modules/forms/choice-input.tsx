import { usePage, useText } from '../../web/context.js';
import type { ScalarField } from './definition.js';
import {
  describedBy,
  ErrorText,
  Hint,
  inputAttributes,
  Label,
  type ScalarProps,
} from './field-parts.js';
import { fieldDomId } from './rules.js';

type ChoiceField = ScalarField & { type: 'choice' };

/** One of a list: radio buttons when the form says so, else a drop-down. */
export function ChoiceInput(props: ScalarProps<ChoiceField>) {
  return props.field.display === 'radio' ? <RadioChoice {...props} /> : <SelectChoice {...props} />;
}

function RadioChoice({ field, path, value, env }: ScalarProps<ChoiceField>) {
  const text = useText();
  const id = fieldDomId(path);
  return (
    <fieldset class="field" aria-describedby={describedBy(field, path, env.errors)}>
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

function SelectChoice(props: ScalarProps<ChoiceField>) {
  const { field, path, value, env } = props;
  const { t } = usePage();
  const text = useText();
  return (
    <div class="field">
      <Label field={field} path={path} />
      <Hint field={field} path={path} />
      <ErrorText path={path} errors={env.errors} />
      <select {...inputAttributes(props)}>
        <option value="">{t('dossier.choose')}</option>
        {field.options.map((option) => (
          <option key={option.value} value={option.value} selected={value === option.value}>
            {text(option.label)}
          </option>
        ))}
      </select>
    </div>
  );
}
