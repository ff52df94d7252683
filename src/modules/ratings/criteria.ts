import type { MessageKey, MessageParams } from '../../platform/i18n/index.js';

/**
 * What a rating asks (docs/ratings.md): pure, the API and the form read the same answers.
 * Yes/no criteria and scales are kept as they are asked, so the service index can take the
 * share of "yes" and the average of each scale per agency, procedure and month.
 */

/** A first rating is taken this many days after the invitation. */
export const RATING_OPEN_DAYS = 30;
/** A rating can be changed this many days after it was first given, then it is final. */
export const RATING_CHANGE_DAYS = 7;
/** A comment's longest length, in characters. */
export const COMMENT_MAX = 1000;
/** The answer "3" to visits means three times or more. */
export const VISITS_MAX = 3;

export interface RatingAnswers {
  onTime: boolean;
  visits: number;
  conduct: number;
  feesAsAnnounced: boolean;
  overall: number;
  comment: string | null;
  anonymous: boolean;
}

export type Criterion = 'onTime' | 'visits' | 'conduct' | 'feesAsAnnounced' | 'overall';

/** Each criterion and the values it takes, in the order the form asks them. */
export const CRITERIA: readonly { name: Criterion; kind: 'yesNo' | 'count' | 'scale' }[] = [
  { name: 'onTime', kind: 'yesNo' },
  { name: 'visits', kind: 'count' },
  { name: 'conduct', kind: 'scale' },
  { name: 'feesAsAnnounced', kind: 'yesNo' },
  { name: 'overall', kind: 'scale' },
];

/** The values of a kind of criterion, as the form sends them. */
export const CHOICES = {
  yesNo: ['yes', 'no'],
  count: ['0', '1', '2', '3'],
  scale: ['5', '4', '3', '2', '1'],
} as const;

export interface FieldProblem {
  field: string;
  messageKey: MessageKey;
  params?: MessageParams;
}

export type Parsed = { ok: true; answers: RatingAnswers } | { ok: false; errors: FieldProblem[] };

/** A yes/no from JSON (a boolean) or a form ("yes", "no"); undefined for anything else. */
function yesNo(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'yes') return true;
  if (value === 'no') return false;
  return undefined;
}

/** A whole number within bounds, from JSON or a form's text; undefined otherwise. */
function whole(value: unknown, min: number, max: number): number | undefined {
  const n = typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

const BOUNDS = { count: [0, VISITS_MAX], scale: [1, 5] } as const;

/**
 * Reads a rating's answers: every criterion is required; the comment is optional (blank is
 * none), at most COMMENT_MAX characters; anonymous is a boolean, or a form's checkbox ("on").
 */
export function parseRating(input: Record<string, unknown>): Parsed {
  const errors: FieldProblem[] = [];
  const values: Partial<Record<Criterion, boolean | number>> = {};
  for (const { name, kind } of CRITERIA) {
    const raw = input[name];
    const value = kind === 'yesNo' ? yesNo(raw) : whole(raw, BOUNDS[kind][0], BOUNDS[kind][1]);
    if (value === undefined) {
      const missing = raw === undefined || raw === null || raw === '';
      errors.push({
        field: name,
        messageKey: missing ? 'ratings.error.choose' : 'errors.field.notAllowed',
      });
    } else values[name] = value;
  }
  const comment = input.comment ?? null;
  const text = typeof comment === 'string' ? comment.trim() : null;
  if (comment !== null && typeof comment !== 'string') {
    errors.push({ field: 'comment', messageKey: 'errors.field.badFormat' });
  } else if (text !== null && [...text].length > COMMENT_MAX) {
    errors.push({
      field: 'comment',
      messageKey: 'errors.field.tooLong',
      params: { limit: COMMENT_MAX },
    });
  }
  const anonymous = input.anonymous ?? false;
  if (typeof anonymous !== 'boolean' && anonymous !== 'on') {
    errors.push({ field: 'anonymous', messageKey: 'errors.field.badFormat' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    answers: {
      onTime: values.onTime as boolean,
      visits: values.visits as number,
      conduct: values.conduct as number,
      feesAsAnnounced: values.feesAsAnnounced as boolean,
      overall: values.overall as number,
      comment: text || null,
      anonymous: anonymous === true || anonymous === 'on',
    },
  };
}

/** What stands in for what was taken out of a comment. */
export const REDACTED = '[…]';

/**
 * An anonymous rating's comment as officers read it: runs of digits (ID and phone numbers,
 * dossier codes) and email addresses are taken out. Names cannot be told from other words,
 * so the form asks people not to write theirs (docs/ratings.md).
 */
export function redactComment(comment: string): string {
  return comment
    .replace(/[^\s@]+@[^\s@]+/g, REDACTED)
    .replace(/[A-Za-z0-9.]*\d[\d .\-/]{4,}\d[A-Za-z0-9.-]*/g, REDACTED);
}
