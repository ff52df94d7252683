import { invalidFields } from '../../platform/errors.js';
import type { MessageKey, MessageParams } from '../../platform/i18n/index.js';
import { FEEDBACK_KINDS, type FeedbackKind } from './lifecycle.js';

/** What a person sends, as the API and the form give it. */
export interface Submission {
  kind: string;
  title: string;
  body: string;
  procedureCode?: string | undefined;
  dossierCode?: string | undefined;
  agencyCode?: string | undefined;
  provinceCode?: string | undefined;
  communeCode?: string | undefined;
  place?: string | undefined;
  publishConsent: boolean;
}

export const LIMITS = {
  title: { min: 5, max: 200 },
  body: { min: 20, max: 5000 },
  place: { max: 300 },
  files: 5,
} as const;

/** The submission with its texts trimmed and empty choices left out. */
export interface CheckedSubmission {
  kind: FeedbackKind;
  title: string;
  body: string;
  procedureCode: string | null;
  dossierCode: string | null;
  agencyCode: string | null;
  provinceCode: string | null;
  communeCode: string | null;
  place: string | null;
  publishConsent: boolean;
}

const given = (text: string | undefined) => {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

/**
 * The rules a submission is held to before anything is looked up: its kind, the lengths of
 * its texts, and what each kind must name (a dossier about its handling; a procedure, or
 * an agency for the rest). Answers it checked, or throws every problem at its field (422).
 */
export function checkSubmission(input: Submission): CheckedSubmission {
  const errors: { field: string; messageKey: MessageKey; params?: MessageParams }[] = [];
  const problem = (field: string, messageKey: MessageKey, params?: MessageParams) =>
    errors.push({ field, messageKey, ...(params ? { params } : {}) });
  const kind = input.kind as FeedbackKind;
  if (!FEEDBACK_KINDS.includes(kind)) problem('kind', 'feedback.error.kind');
  const title = input.title.trim();
  const body = input.body.trim();
  if (title.length < LIMITS.title.min || title.length > LIMITS.title.max) {
    problem('title', 'feedback.error.length', { min: LIMITS.title.min, max: LIMITS.title.max });
  }
  if (body.length < LIMITS.body.min || body.length > LIMITS.body.max) {
    problem('body', 'feedback.error.length', { min: LIMITS.body.min, max: LIMITS.body.max });
  }
  const checked: CheckedSubmission = {
    kind,
    title,
    body,
    procedureCode: given(input.procedureCode),
    dossierCode: given(input.dossierCode)?.toUpperCase() ?? null,
    agencyCode: given(input.agencyCode),
    provinceCode: given(input.provinceCode),
    communeCode: given(input.communeCode),
    place: given(input.place),
    publishConsent: input.publishConsent,
  };
  if ((checked.place?.length ?? 0) > LIMITS.place.max) {
    problem('place', 'feedback.error.length', { min: 0, max: LIMITS.place.max });
  }
  if (kind === 'dossier' && !checked.dossierCode) problem('dossierCode', 'feedback.error.dossier');
  if (kind === 'procedure' && !checked.procedureCode) {
    problem('procedureCode', 'feedback.error.procedure');
  }
  if ((kind === 'regulation' || kind === 'conduct') && !checked.agencyCode) {
    problem('agencyCode', 'feedback.error.agency');
  }
  if (checked.communeCode && !checked.provinceCode) {
    problem('provinceCode', 'feedback.error.province');
  }
  if (errors.length > 0) throw invalidFields('invalid_feedback', errors);
  return checked;
}
