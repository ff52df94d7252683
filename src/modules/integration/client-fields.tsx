import type { ComponentChildren } from 'preact';
import { TextField } from '../../web/components.js';
import { usePage } from '../../web/context.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { FormError, TypedClient } from './client-form.js';
import { SCOPES } from './scopes.js';

/** The message of the field with this id, if the portal refused it. */
export const errorOf = (errors: FormError[], id: string) =>
  errors.find((e) => e.field === id)?.message;

/** What a field is described by: its hint, then its error (aria-describedby), if any. */
const describedBy = (id: string, hint: unknown, error: unknown) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

function HintAndError({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

/** A one-line input with a hint under its label (TextField has none). */
export function HintedField(props: {
  id: string;
  name: string;
  label: string;
  hint: string;
  value: string;
  error: string | undefined;
  attributes: Record<string, string | number>;
}) {
  const { id, hint, error } = props;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <HintAndError id={id} hint={hint} error={error} />
      <input
        id={id}
        name={props.name}
        type="text"
        value={props.value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...props.attributes}
      />
    </div>
  );
}

/** A text area with its label, a hint and, when refused, its error, as typed. */
export function TextArea(props: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  value: string;
  error: string | undefined;
  rows?: number;
  maxLength: number;
  /** Keys and codes are read as typed: no spelling help or capitals. */
  code?: boolean;
}) {
  const { id, hint, error } = props;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <HintAndError id={id} {...(hint ? { hint } : {})} {...(error ? { error } : {})} />
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        maxLength={props.maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...(props.code ? { spellcheck: false, autocapitalize: 'off' } : {})}
      >
        {props.value}
      </textarea>
    </div>
  );
}

/** The scopes, one checkbox each (the first box has the id the error summary links to). */
function ScopeChoices({ chosen, error }: { chosen: string[]; error: string | undefined }) {
  const { t } = usePage();
  return (
    <fieldset class="field" aria-describedby={describedBy('scopes', true, error)}>
      <legend>{t('integration.admin.scopes')}</legend>
      <HintAndError
        id="scopes"
        hint={t('integration.field.scopesHint')}
        {...(error ? { error } : {})}
      />
      {SCOPES.map((scope, i) => {
        const id = i === 0 ? 'scopes' : `scopes-${i}`;
        return (
          <div class="checkbox" key={scope}>
            <input
              id={id}
              type="checkbox"
              name="scopes"
              value={scope}
              checked={chosen.includes(scope)}
            />
            <label for={id}>
              {t(`integration.scope.${scope}` as MessageKey)} (<code>{scope}</code>)
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

/** Every field of a connected system, filled with what is typed (or what it says now). */
export function ClientFieldset({
  typed,
  errors,
  children,
}: {
  typed: TypedClient;
  errors: FormError[];
  /** Fields of this form only (a registration's key and secret), after the shared ones. */
  children?: ComponentChildren;
}) {
  const { t } = usePage();
  const text = (id: keyof TypedClient & string, label: MessageKey, more = {}) => (
    <TextField
      id={id}
      name={id}
      label={t(label)}
      value={String(typed[id])}
      error={errorOf(errors, id)}
      attributes={{ maxLength: 200, size: 60, ...more }}
    />
  );
  return (
    <>
      {text('name', 'integration.field.name')}
      <HintedField
        id="ownerAgencyCode"
        name="ownerAgencyCode"
        label={t('integration.field.ownerAgencyCode')}
        hint={t('integration.field.ownerAgencyCodeHint')}
        value={typed.ownerAgencyCode}
        error={errorOf(errors, 'ownerAgencyCode')}
        attributes={{ maxLength: 40, autocapitalize: 'characters', spellcheck: 'false' }}
      />
      <fieldset class="field">
        <legend>{t('integration.field.contact')}</legend>
        {text('contactName', 'integration.field.contactName', { autocomplete: 'name' })}
        {text('contactEmail', 'integration.field.contactEmail', {
          type: 'email',
          autocomplete: 'email',
          spellcheck: 'false',
        })}
        {text('contactPhone', 'integration.field.contactPhone', {
          type: 'tel',
          autocomplete: 'tel',
          maxLength: 30,
        })}
      </fieldset>
      <ScopeChoices chosen={typed.scopes} error={errorOf(errors, 'scopes')} />
      <TextArea
        id="allowedAgencies"
        name="allowedAgencies"
        label={t('integration.field.allowedAgencies')}
        hint={t('integration.field.allowedAgenciesHint')}
        value={typed.allowedAgencies}
        error={errorOf(errors, 'allowedAgencies')}
        maxLength={250_000}
        code
      />
      <HintedField
        id="rateLimitPerMinute"
        name="rateLimitPerMinute"
        label={t('integration.field.rateLimit')}
        hint={t('integration.field.rateLimitHint')}
        value={typed.rateLimitPerMinute}
        error={errorOf(errors, 'rateLimitPerMinute')}
        attributes={{ inputMode: 'numeric', maxLength: 10 }}
      />
      <TextArea
        id="allowedAddresses"
        name="allowedAddresses"
        label={t('integration.field.allowedAddresses')}
        hint={t('integration.field.allowedAddressesHint')}
        value={typed.allowedAddresses}
        error={errorOf(errors, 'allowedAddresses')}
        maxLength={6000}
        code
      />
      {children}
    </>
  );
}
