import { Type } from '@sinclair/typebox';
import type { JWK } from 'jose';
import { ProblemError } from '../../platform/errors.js';
import type { MessageKey, Translate } from '../../platform/i18n/index.js';
import { EMAIL } from '../forms/index.js';
import type { ClientFields } from './client-repository.js';
import { isScope, type ApiClient, type Scope } from './scopes.js';

/**
 * The administrators' form for a connected system: what it posts, read as typed (so that a
 * refused form comes back as it was), and checked into the fields ClientService takes.
 */

/** A posted form: single texts, and the scope checkboxes (a name sent once per box ticked). */
export type FormBody = Record<string, string | string[] | undefined>;
export const FormBodySchema = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 20 })]),
);

/** A field as posted (the first, if sent more than once), or ''. */
export const one = (body: FormBody, key: string): string => {
  const value = body[key];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};
const many = (body: FormBody, key: string): string[] => {
  const value = body[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};

/** The client's fields as the form shows them: texts, the lists one entry a line. */
export interface TypedClient {
  name: string;
  ownerAgencyCode: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  scopes: string[];
  allowedAgencies: string;
  rateLimitPerMinute: string;
  allowedAddresses: string;
}

/** The registration form adds a first key and, in development, a client secret. */
export interface TypedRegistration extends TypedClient {
  jwk: string;
  secret: boolean;
}

/** An error as pages show it: the id of the field at fault, and what is wrong in words. */
export interface FormError {
  field: string;
  message: string;
}

export const BLANK_CLIENT: TypedRegistration = {
  name: '',
  ownerAgencyCode: '',
  contactName: '',
  contactEmail: '',
  contactPhone: '',
  scopes: [],
  allowedAgencies: '',
  rateLimitPerMinute: '600',
  allowedAddresses: '',
  jwk: '',
  secret: false,
};

export const typedOf = (client: ApiClient): TypedClient => ({
  name: client.name,
  ownerAgencyCode: client.ownerAgencyCode,
  contactName: client.contactName,
  contactEmail: client.contactEmail,
  contactPhone: client.contactPhone ?? '',
  scopes: client.scopes,
  allowedAgencies: client.allowedAgencies.join('\n'),
  rateLimitPerMinute: String(client.rateLimitPerMinute),
  allowedAddresses: client.allowedAddresses.join('\n'),
});

export const readClient = (body: FormBody): TypedClient => ({
  name: one(body, 'name'),
  ownerAgencyCode: one(body, 'ownerAgencyCode'),
  contactName: one(body, 'contactName'),
  contactEmail: one(body, 'contactEmail'),
  contactPhone: one(body, 'contactPhone'),
  scopes: many(body, 'scopes'),
  allowedAgencies: one(body, 'allowedAgencies'),
  rateLimitPerMinute: one(body, 'rateLimitPerMinute'),
  allowedAddresses: one(body, 'allowedAddresses'),
});

export const readRegistration = (body: FormBody): TypedRegistration => ({
  ...readClient(body),
  jwk: one(body, 'jwk'),
  secret: one(body, 'secret') === 'yes',
});

/** A list typed one entry a line, or separated by commas, semicolons or spaces: no repeats. */
export const entries = (text: string): string[] => [
  ...new Set(text.split(/[\s,;]+/).filter((entry) => entry !== '')),
];

const PHONE = /^\+?[\d .()-]{5,29}$/;
const TEXT_LIMIT = 200;
const LIMITS = { allowedAgencies: [5000, 40], allowedAddresses: [100, 50] } as const;

/**
 * The client's fields when the form is right, and every error it has otherwise, each named
 * by its label (the summary lists them away from their fields). What only the service can
 * tell (agencies that exist, addresses that parse) it adds with `serviceErrors`.
 */
export function checkClient(
  typed: TypedClient,
  t: Translate,
): { fields: ClientFields; errors: FormError[] } {
  const errors: FormError[] = [];
  const fail = (field: string, label: MessageKey, key: MessageKey, params = {}) =>
    errors.push({ field, message: `${t(label)}: ${t(key, params)}` });
  const text = (field: keyof TypedClient & string, label: MessageKey, required = true) => {
    const value = String(typed[field]).trim();
    if (required && value === '') fail(field, label, 'errors.field.required');
    else if (value.length > TEXT_LIMIT) {
      fail(field, label, 'errors.field.tooLong', { limit: TEXT_LIMIT });
    }
    return value;
  };
  const name = text('name', 'integration.field.name');
  const ownerAgencyCode = text('ownerAgencyCode', 'integration.field.ownerAgencyCode');
  const contactName = text('contactName', 'integration.field.contactName');
  const contactEmail = text('contactEmail', 'integration.field.contactEmail');
  if (contactEmail !== '' && contactEmail.length <= TEXT_LIMIT && !EMAIL.test(contactEmail)) {
    fail('contactEmail', 'integration.field.contactEmail', 'integration.error.email');
  }
  const contactPhone = typed.contactPhone.trim();
  if (contactPhone !== '' && !PHONE.test(contactPhone)) {
    fail('contactPhone', 'integration.field.contactPhone', 'integration.error.phone');
  }
  const scopes = typed.scopes.filter(isScope);
  if (scopes.length === 0 || scopes.length !== typed.scopes.length) {
    fail('scopes', 'integration.admin.scopes', 'integration.error.scopes');
  }
  const lists = {
    allowedAgencies: entries(typed.allowedAgencies),
    allowedAddresses: entries(typed.allowedAddresses),
  };
  const labels = {
    allowedAgencies: 'integration.field.allowedAgencies',
    allowedAddresses: 'integration.field.allowedAddresses',
  } as const;
  for (const field of ['allowedAgencies', 'allowedAddresses'] as const) {
    const [most, longest] = LIMITS[field];
    if (lists[field].length > most) {
      fail(field, labels[field], 'integration.error.tooMany', { limit: most });
    } else if (lists[field].some((entry) => entry.length > longest)) {
      fail(field, labels[field], 'errors.field.tooLong', { limit: longest });
    }
  }
  // Thousands may be grouped as people write them (600, 1.000, 10 000).
  const rateText = typed.rateLimitPerMinute.replace(/[\s.,]/g, '');
  const rateLimitPerMinute =
    rateText === '' ? 600 : /^\d{1,6}$/.test(rateText) ? Number(rateText) : Number.NaN;
  if (!(rateLimitPerMinute >= 1 && rateLimitPerMinute <= 100_000)) {
    fail('rateLimitPerMinute', 'integration.field.rateLimit', 'integration.error.rateLimit');
  }
  return {
    fields: {
      name,
      ownerAgencyCode,
      contactName,
      contactEmail,
      contactPhone: contactPhone || null,
      scopes: [...new Set<Scope>(scopes)],
      allowedAgencies: lists.allowedAgencies,
      rateLimitPerMinute,
      allowedAddresses: lists.allowedAddresses,
    },
    errors,
  };
}

/** The JWK typed in a key field: a JSON object, or an error saying it is not one. */
export function readJwk(text: string, t: Translate, field = 'jwk'): JWK | FormError {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as JWK;
    }
  } catch {
    // Said below.
  }
  return { field, message: `${t('integration.field.jwk')}: ${t('integration.error.jwkJson')}` };
}

export const isFormError = (value: unknown): value is FormError =>
  typeof value === 'object' && value !== null && 'field' in value && 'message' in value;

/** Labels of the fields the service names in its refusals. */
const SERVICE_LABELS: Record<string, MessageKey> = {
  ownerAgencyCode: 'integration.field.ownerAgencyCode',
  allowedAgencies: 'integration.field.allowedAgencies',
  allowedAddresses: 'integration.field.allowedAddresses',
  jwk: 'integration.field.jwk',
};

/**
 * A refusal of the service (422) as the form's errors: one per field, several unknown agency
 * codes named together. Anything else is not the form's to show, and is thrown on.
 */
export function serviceErrors(error: unknown, t: Translate, jwkField = 'jwk'): FormError[] {
  if (!(error instanceof ProblemError) || error.status !== 422) throw error;
  if (error.fieldErrors.length === 0) {
    const field = error.code === 'secrets_not_allowed' ? 'secret' : jwkField;
    return [{ field, message: t(error.messageKey, error.params) }];
  }
  const byField = new Map<string, string[]>();
  for (const f of error.fieldErrors) {
    const codes = byField.get(f.field) ?? [];
    byField.set(f.field, [...codes, String(f.params?.code ?? '')]);
  }
  return [...byField].map(([field, codes]) => {
    const first = error.fieldErrors.find((f) => f.field === field)!;
    const params =
      field === 'allowedAgencies' ? { ...first.params, code: codes.join(', ') } : first.params;
    const label = SERVICE_LABELS[field];
    const message = t(first.messageKey, params);
    return {
      field: field === 'jwk' ? jwkField : field,
      message: label ? `${t(label)}: ${message}` : message,
    };
  });
}
