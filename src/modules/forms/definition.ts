/**
 * Form definitions: what a procedure's online form asks, stored as data (JSON) per
 * procedure version. Labels are data like procedure names, in both languages.
 */

export interface Text {
  vi: string;
  en: string;
}

/** Show or require a field depending on earlier answers (top-level fields only). */
export type Condition =
  | { field: string; equals: string | number | boolean }
  | { field: string; in: string[] }
  | { field: string; filled: boolean }
  | { all: Condition[] }
  | { any: Condition[] };

/** Where a field's value comes from when the applicant is signed in. */
export type PrefillSource =
  | 'name'
  | 'personalId'
  | 'birthDate'
  | 'gender'
  | 'address'
  | 'phone'
  | 'email'
  | 'enterpriseCode'
  | 'businessName';

interface BaseField {
  id: string;
  label: Text;
  hint?: Text;
  required?: boolean;
  /** Required only when this holds (instead of `required`). */
  requiredWhen?: Condition;
  /** Shown (and validated) only when this holds; hidden answers are dropped on submit. */
  showWhen?: Condition;
  prefill?: PrefillSource;
}

export interface Option {
  value: string;
  label: Text;
}

export type ScalarField = BaseField &
  (
    | { type: 'text'; maxLength?: number }
    | { type: 'textarea'; maxLength?: number }
    | { type: 'number'; min?: number; max?: number }
    | { type: 'money'; min?: number; max?: number }
    | { type: 'date'; notAfterToday?: boolean; notBeforeToday?: boolean }
    | { type: 'choice'; options: Option[]; display?: 'radio' | 'select' }
    | { type: 'checkbox' }
    | { type: 'personalId' }
    | { type: 'enterpriseCode' }
    | { type: 'phone' }
    | { type: 'email' }
    | { type: 'address' }
  );

/** A repeated group: a table of rows, each row the same small set of fields. */
export type GroupField = BaseField & {
  type: 'group';
  fields: ScalarField[];
  minItems?: number;
  maxItems?: number;
  itemLabel: Text;
};

/** A statement the applicant must tick to go on. */
export type DeclarationField = BaseField & { type: 'declaration'; text: Text };

/** Files for one of the procedure's required documents, or picked from the document store. */
export type AttachmentField = BaseField & {
  type: 'attachment';
  documentType: string;
  /** Office documents (Word, Excel) besides PDF and images. */
  allowOffice?: boolean;
  maxFiles?: number;
};

export type Field = ScalarField | GroupField | DeclarationField | AttachmentField;

export interface Section {
  id: string;
  title: Text;
  fields: Field[];
}

export interface FormDefinition {
  procedureCode: string;
  /** The catalog version of the procedure this form was made for (and later ones). */
  procedureVersion: number;
  sections: Section[];
  /** The online channel's fee is paid on filing (the procedure's decision says so). */
  feeAtSubmission?: boolean;
}

/** An address as answered: a province, one of its communes, and the street. */
export interface AddressValue {
  province: string;
  commune: string;
  street: string;
}

export type ScalarValue = string | number | boolean | AddressValue;
export type AnswerValue = ScalarValue | Record<string, ScalarValue>[] | string[];
export type Answers = Record<string, AnswerValue>;

export const MAX_GROUP_ITEMS = 50;
export const DEFAULT_MAX_FILES = 5;
