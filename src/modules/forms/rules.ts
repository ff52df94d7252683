/**
 * The rules of every form, as pure functions with no imports from Node or the server: the
 * server's validation is the single source of truth, and the browser bundle (forms-browser.ts)
 * runs the very same code to point out mistakes before a round trip.
 */
import type {
  AddressValue,
  AnswerValue,
  Answers,
  Condition,
  Field,
  FormDefinition,
  ScalarField,
  ScalarValue,
  Section,
} from './definition.js';
import { DEFAULT_MAX_FILES, MAX_GROUP_ITEMS } from './definition.js';

export const PROBLEMS = [
  'required',
  'notChosen',
  'notAttached',
  'tooLong',
  'notNumber',
  'tooSmall',
  'tooLarge',
  'badDate',
  'dateInFuture',
  'dateInPast',
  'unknownOption',
  'badPersonalId',
  'badEnterpriseCode',
  'badPhone',
  'badEmail',
  'badAddress',
  'mustDeclare',
  'tooFewItems',
  'tooManyItems',
  'tooManyFiles',
  'verifiedChanged',
] as const;
type Problem = (typeof PROBLEMS)[number];

/** Problems that say an answer is still missing, rather than wrong. */
export const isMissing = (problem: Problem) =>
  problem === 'required' || problem === 'notChosen' || problem === 'notAttached';

export interface FieldProblem {
  /** Where the answer is: `field`, or `group.row.field` inside a repeated group. */
  path: string;
  problem: Problem;
  /** The field's label, for the message. */
  label: { vi: string; en: string };
  limit?: number | string;
}

interface RuleContext {
  /** Today in Vietnam (YYYY-MM-DD), for date limits. */
  today: string;
  /** Prefilled values the identity provider vouched for: they must come back unchanged. */
  locked?: Record<string, ScalarValue>;
}

const DEFAULT_TEXT_LENGTH = 200;
const DEFAULT_TEXTAREA_LENGTH = 2000;
const MAX_MONEY = 1_000_000_000_000_000;

/** Vietnamese mobile numbers: 10 digits starting 03, 05, 07, 08 or 09. */
export const PHONE = /^0[35789]\d{8}$/;
export const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
export const ENTERPRISE_CODE = /^\d{10}(-\d{3})?$/;
/**
 * The first three digits of a personal ID number are the province of birth registration
 * (Circular 59/2021/TT-BCA, the 63 provinces before 2025).
 */
const BIRTH_PROVINCES = new Set(
  (
    '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 ' +
    '035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 ' +
    '070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096'
  ).split(' '),
);
export const isPersonalId = (value: string) =>
  /^\d{12}$/.test(value) && BIRTH_PROVINCES.has(value.slice(0, 3));

/** ID numbers are shown with their middle hidden: 001089******45 style, never whole. */
export function maskPersonalId(id: string | null): string {
  if (!id) return '';
  return `${id.slice(0, 3)}${'*'.repeat(Math.max(0, id.length - 5))}${id.slice(-2)}`;
}

// Answers come as JSON too, where a field may be null: nothing typed, like undefined.
const isEmpty = (value: AnswerValue | null | undefined): boolean =>
  value === undefined ||
  value === null ||
  value === '' ||
  value === false ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && !Array.isArray(value) && !value.province && !value.street);

export function conditionHolds(condition: Condition, answers: Answers): boolean {
  if ('all' in condition) return condition.all.every((c) => conditionHolds(c, answers));
  if ('any' in condition) return condition.any.some((c) => conditionHolds(c, answers));
  const value = answers[condition.field];
  if ('equals' in condition) return value === condition.equals;
  if ('in' in condition) return typeof value === 'string' && condition.in.includes(value);
  return isEmpty(value) !== condition.filled;
}

export const isVisible = (field: Field, answers: Answers) =>
  !field.showWhen || conditionHolds(field.showWhen, answers);

export const isRequired = (field: Field, answers: Answers) =>
  field.required === true ||
  (field.requiredWhen ? conditionHolds(field.requiredWhen, answers) : false);

function isValidDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The DOM id of an answer's input, from its path (`children.0.name` → `f-children-0-name`). */
export const fieldDomId = (path: string) => `f-${path.replace(/\./g, '-')}`;

function checkScalar(
  field: ScalarField,
  value: AnswerValue | undefined,
  path: string,
  answers: Answers,
  context: RuleContext,
): FieldProblem | null {
  const problem = (p: Problem, limit?: number | string): FieldProblem => ({
    path,
    problem: p,
    label: field.label,
    ...(limit === undefined ? {} : { limit }),
  });
  if (isEmpty(value)) {
    if (!isRequired(field, answers)) return null;
    return problem(field.type === 'choice' ? 'notChosen' : 'required');
  }
  switch (field.type) {
    case 'text':
    case 'textarea': {
      const max =
        field.maxLength ?? (field.type === 'text' ? DEFAULT_TEXT_LENGTH : DEFAULT_TEXTAREA_LENGTH);
      if (typeof value !== 'string') return problem('required');
      return value.length > max ? problem('tooLong', max) : null;
    }
    case 'number':
    case 'money': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return problem('notNumber');
      if (field.type === 'money' && !Number.isInteger(value)) return problem('notNumber');
      const min = field.min ?? 0;
      const max = field.max ?? MAX_MONEY;
      if (value < min) return problem('tooSmall', min);
      return value > max ? problem('tooLarge', max) : null;
    }
    case 'date':
      if (typeof value !== 'string' || !isValidDate(value)) return problem('badDate');
      if (field.notAfterToday && value > context.today) return problem('dateInFuture');
      return field.notBeforeToday && value < context.today ? problem('dateInPast') : null;
    case 'choice':
      return field.options.some((o) => o.value === value) ? null : problem('unknownOption');
    case 'checkbox':
      return typeof value === 'boolean' ? null : problem('unknownOption');
    case 'personalId':
      return typeof value === 'string' && isPersonalId(value) ? null : problem('badPersonalId');
    case 'enterpriseCode':
      return typeof value === 'string' && ENTERPRISE_CODE.test(value)
        ? null
        : problem('badEnterpriseCode');
    case 'phone':
      return typeof value === 'string' && PHONE.test(value) ? null : problem('badPhone');
    case 'email':
      return typeof value === 'string' && EMAIL.test(value) ? null : problem('badEmail');
    case 'address': {
      const address = value as AddressValue;
      const ok =
        typeof address === 'object' &&
        /^\d{2}$/.test(address.province ?? '') &&
        /^\d{5}$/.test(address.commune ?? '') &&
        typeof address.street === 'string' &&
        address.street.trim().length > 0 &&
        address.street.length <= DEFAULT_TEXT_LENGTH;
      return ok ? null : problem('badAddress');
    }
  }
}

/** JSON with object keys sorted: stored answers (jsonb) do not keep key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

const sameValue = (a: AnswerValue | undefined, b: ScalarValue) => canonical(a) === canonical(b);

/** Every problem with the answers to the fields given (a section's, or the whole form's). */
export function checkFields(fields: Field[], answers: Answers, context: RuleContext) {
  const problems: FieldProblem[] = [];
  for (const field of fields) {
    if (!isVisible(field, answers)) continue;
    const value = answers[field.id];
    const locked = context.locked?.[field.id];
    if (locked !== undefined && !sameValue(value, locked)) {
      problems.push({ path: field.id, problem: 'verifiedChanged', label: field.label });
      continue;
    }
    if (field.type === 'group') {
      const rows = Array.isArray(value) ? (value as Record<string, ScalarValue>[]) : [];
      const min = field.minItems ?? (isRequired(field, answers) ? 1 : 0);
      const max = Math.min(field.maxItems ?? MAX_GROUP_ITEMS, MAX_GROUP_ITEMS);
      if (rows.length < min) {
        problems.push({ path: field.id, problem: 'tooFewItems', label: field.label, limit: min });
      }
      if (rows.length > max) {
        problems.push({ path: field.id, problem: 'tooManyItems', label: field.label, limit: max });
      }
      rows.slice(0, max).forEach((row, index) => {
        for (const sub of field.fields) {
          const found = checkScalar(
            sub,
            row[sub.id],
            `${field.id}.${index}.${sub.id}`,
            row,
            context,
          );
          if (found) problems.push(found);
        }
      });
    } else if (field.type === 'declaration') {
      if (value !== true)
        problems.push({ path: field.id, problem: 'mustDeclare', label: field.label });
    } else if (field.type === 'attachment') {
      const files = Array.isArray(value) ? value : [];
      const max = field.maxFiles ?? DEFAULT_MAX_FILES;
      if (files.length === 0 && isRequired(field, answers)) {
        problems.push({ path: field.id, problem: 'notAttached', label: field.label });
      } else if (files.length > max) {
        problems.push({ path: field.id, problem: 'tooManyFiles', label: field.label, limit: max });
      }
    } else {
      const found = checkScalar(field, value, field.id, answers, context);
      if (found) problems.push(found);
    }
  }
  return problems;
}

export const checkSection = (section: Section, answers: Answers, context: RuleContext) =>
  checkFields(section.fields, answers, context);

export const checkForm = (form: FormDefinition, answers: Answers, context: RuleContext) =>
  form.sections.flatMap((section) => checkFields(section.fields, answers, context));

export const allFields = (form: FormDefinition): Field[] => form.sections.flatMap((s) => s.fields);

/** The province and commune codes the address answers hold (to look their names up). */
export function placeCodes(form: FormDefinition, answers: Answers): string[] {
  return allFields(form).flatMap((field) => {
    const value = answers[field.id] as Partial<AddressValue> | undefined;
    return field.type === 'address' && value
      ? [value.province ?? '', value.commune ?? ''].filter(Boolean)
      : [];
  });
}

/** The answers without those to fields that are hidden or unknown: what is submitted. */
export function visibleAnswers(form: FormDefinition, answers: Answers): Answers {
  const kept: Answers = {};
  for (const field of allFields(form)) {
    const value = answers[field.id];
    if (value !== undefined && isVisible(field, answers)) kept[field.id] = value;
  }
  return kept;
}

/** Form input as browsers send it: every value a string (or several, for repeated names). */
export type RawInput = Record<string, string | string[] | undefined>;

const first = (raw: string | string[] | undefined): string =>
  (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';

function readScalar(field: ScalarField, raw: RawInput, name: string): ScalarValue | undefined {
  switch (field.type) {
    case 'checkbox':
      return raw[name] !== undefined && first(raw[name]) !== '';
    case 'number':
    case 'money': {
      // People write 1.500.000 or 1 500 000 đ; money takes whole đồng only.
      const text = first(raw[name])
        .replace(/[\s.₫đ]/gi, '')
        .replace(',', '.');
      if (text === '') return '';
      const number = Number(text);
      return Number.isFinite(number) ? number : first(raw[name]);
    }
    case 'address':
      return {
        province: first(raw[`${name}.province`]),
        commune: first(raw[`${name}.commune`]),
        street: first(raw[`${name}.street`]),
      };
    case 'personalId':
    case 'enterpriseCode':
    case 'phone':
      return first(raw[name]).replace(/\s/g, '');
    default:
      return raw[name] === undefined ? undefined : first(raw[name]);
  }
}

/** How many rows of a group the form sent (the highest row index present, plus one). */
function rowCount(raw: RawInput, groupId: string): number {
  let count = 0;
  const prefix = `${groupId}.`;
  for (const key of Object.keys(raw)) {
    if (!key.startsWith(prefix)) continue;
    const index = Number(key.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(index) && index >= 0 && index < MAX_GROUP_ITEMS) {
      count = Math.max(count, index + 1);
    }
  }
  return count;
}

/**
 * Reads a section's answers from form input (attachments are handled apart, as files).
 * A checkbox missing from the input is false: browsers send nothing for an unticked box.
 */
export function readSectionInput(section: Section, raw: RawInput): Answers {
  const answers: Answers = {};
  for (const field of section.fields) {
    if (field.type === 'attachment') continue;
    if (field.type === 'declaration') {
      answers[field.id] = raw[field.id] !== undefined && first(raw[field.id]) !== '';
    } else if (field.type === 'group') {
      const rows: Record<string, ScalarValue>[] = [];
      for (let i = 0; i < rowCount(raw, field.id); i++) {
        const row: Record<string, ScalarValue> = {};
        for (const sub of field.fields) {
          const value = readScalar(sub, raw, `${field.id}.${i}.${sub.id}`);
          if (value !== undefined) row[sub.id] = value;
        }
        // A row left wholly empty is not an answer (an optional table starts with none).
        if (Object.values(row).some((v) => !isEmpty(v))) rows.push(row);
      }
      answers[field.id] = rows;
    } else {
      const value = readScalar(field, raw, field.id);
      if (value !== undefined) answers[field.id] = value;
    }
  }
  return answers;
}
