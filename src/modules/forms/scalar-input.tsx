import { useText } from '../../web/context.js';
import type { AddressValue, ScalarField, ScalarValue } from './definition.js';
import { ErrorText, Hint, inputAttributes, Label, type ScalarProps } from './field-parts.js';
import { AddressInput } from './address-input.js';
import { ChoiceInput } from './choice-input.js';
import { fieldDomId } from './rules.js';

const stringOf = (value: ScalarValue | undefined) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

/** Browsers' own help for each kind of one-line answer: keyboard, length, autofill. */
const ONE_LINE = {
  text: { type: 'text' },
  number: { type: 'text', inputMode: 'numeric' },
  money: { type: 'text', inputMode: 'numeric' },
  date: { type: 'date' },
  personalId: { type: 'text', inputMode: 'numeric', maxLength: 12, autoComplete: 'off' },
  enterpriseCode: { type: 'text', inputMode: 'numeric', maxLength: 14 },
  phone: { type: 'tel', autoComplete: 'tel' },
  email: { type: 'email', autoComplete: 'email' },
} as const;

type OneLineField = ScalarField & { type: keyof typeof ONE_LINE };

/** One answer that is not a table: the input its type calls for. */
export function ScalarInput(props: ScalarProps) {
  const { field } = props;
  switch (field.type) {
    case 'textarea':
      return <TextareaInput {...props} field={field} />;
    case 'choice':
      return <ChoiceInput {...props} field={field} />;
    case 'checkbox':
      return <CheckboxInput {...props} />;
    case 'address':
      return (
        <AddressInput
          field={field}
          path={props.path}
          value={props.value as AddressValue | undefined}
          env={props.env}
        />
      );
    default:
      return <OneLineInput {...props} field={field} />;
  }
}

function TextareaInput(props: ScalarProps<ScalarField & { type: 'textarea' }>) {
  const { field, path, env } = props;
  return (
    <div class="field">
      <Label field={field} path={path} />
      <Hint field={field} path={path} />
      <ErrorText path={path} errors={env.errors} />
      <textarea {...inputAttributes(props)} rows={4} maxLength={field.maxLength ?? 2000}>
        {stringOf(props.value)}
      </textarea>
    </div>
  );
}

function CheckboxInput(props: ScalarProps) {
  const { field, path, env } = props;
  const text = useText();
  return (
    <div class="field">
      <ErrorText path={path} errors={env.errors} />
      <p class="checkbox">
        <input
          type="checkbox"
          {...inputAttributes(props)}
          value="on"
          checked={props.value === true}
        />{' '}
        <label for={fieldDomId(path)}>{text(field.label)}</label>
      </p>
      <Hint field={field} path={path} />
    </div>
  );
}

function OneLineInput(props: ScalarProps<OneLineField>) {
  const { field, path, env } = props;
  const maxLength = field.type === 'text' ? (field.maxLength ?? 200) : undefined;
  return (
    <div class="field">
      <Label field={field} path={path} />
      <Hint field={field} path={path} />
      <ErrorText path={path} errors={env.errors} />
      <input
        {...inputAttributes(props)}
        {...ONE_LINE[field.type]}
        {...(maxLength ? { maxLength } : {})}
        value={stringOf(props.value)}
      />
    </div>
  );
}
