import { invalidFields, ProblemError } from '../../platform/errors.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { vietnamDate } from '../../platform/clock.js';
import type { TimeUnit, WorkingCalendar } from '../calendar/index.js';
import type { CatalogService } from '../catalog/index.js';
import {
  allFields,
  checkForm,
  visibleAnswers,
  type Answers,
  type FieldProblem,
  type FormDefinition,
  type ScalarValue,
} from '../forms/index.js';
import type { Applicant } from './applicant.js';
import type { AttachedDossierRow, Submission } from './repository.js';
import type { DossierRow } from './rows.js';

/** What filing a dossier rests on besides the service: channels, time limits, fees, answers. */

type Procedure = Awaited<ReturnType<CatalogService['getProcedure']>>;

/** How a dossier came in: at the counter, online, or by post (the national codes). */
export const CHANNEL = { counter: 1, online: 2, post: 3 } as const;

/** Field problems as the API and pages report them: 422 with every field listed. */
export const invalidAnswers = (problems: FieldProblem[]): ProblemError =>
  invalidFields(
    'invalid_answers',
    problems.map((p) => ({
      field: p.path,
      messageKey: `form.error.${p.problem}` as MessageKey,
      params: { field: p.label.vi, fieldEn: p.label.en, limit: p.limit ?? '' },
    })),
  );

export const draftOnly = () => new ProblemError(409, 'dossier_not_draft', 'errors.dossierNotDraft');

/** The online channel's time limit (or the first channel's, for procedures without one). */
export function timeLimitOf(
  procedure: Procedure,
  via: 'online' | 'in_person' | 'post' = 'online',
): { value: number; unit: TimeUnit } {
  const channel = procedure.channels.find((c) => c.channel === via) ?? procedure.channels[0];
  const unit = channel?.timeLimit.unit;
  const known: TimeUnit[] = ['working_days', 'days', 'working_hours', 'hours'];
  return channel && known.includes(unit as TimeUnit)
    ? { value: channel.timeLimit.value, unit: unit as TimeUnit }
    : { value: 1, unit: 'working_days' };
}
/** The channel's standard fee (its first, as the catalog lists it), if it has one. */
export function feeOf(
  procedure: Pick<Procedure, 'channels'>,
  via: 'online' | 'in_person' | 'post' = 'online',
): { name: string; amount: number } | null {
  const fee = procedure.channels.find((c) => c.channel === via)?.fees[0];
  return fee && fee.amount > 0 ? { name: fee.name, amount: fee.amount } : null;
}

/**
 * What filing a draft online writes, once every answer passes (verified identity values
 * included): else 422, every problem listed.
 */
export function onlineFiling(
  who: Applicant,
  row: AttachedDossierRow,
  read: {
    form: FormDefinition;
    context: Parameters<typeof checkForm>[2];
    procedure: Procedure;
    calendar: WorkingCalendar;
    now: Date;
  },
): Submission {
  const { form, now } = read;
  const answers = withAttachments(row.answers, form, row.attached);
  const problems = checkForm(form, answers, read.context);
  if (problems.length > 0) throw invalidAnswers(problems);
  return {
    id: row.id,
    version: row.version,
    attached: row.attached,
    agencyCode: row.agency_code,
    day: vietnamDate(now),
    answers: withoutFiles(form, visibleAnswers(form, answers)),
    applicantName: who.name,
    applicantIdNumber: who.idNumber,
    channel: CHANNEL.online,
    now,
    dueAt: read.calendar.dueAt(now, timeLimitOf(read.procedure)),
    action: 'submitted',
    actorId: who.accountId,
  };
}

export function submissionResult(row: DossierRow) {
  return {
    id: row.id,
    code: row.code!,
    status: row.status,
    submittedAt: row.submitted_at!.toISOString(),
    appointmentDate: row.due_at!.toISOString(),
  };
}

/** Attachments are kept as links, not inside the answers. */
export function withoutFiles(form: FormDefinition, answers: Answers): Answers {
  const kept = { ...answers };
  for (const field of allFields(form)) if (field.type === 'attachment') delete kept[field.id];
  return kept;
}

/** Answers with the attachments filled in (lists of document ids per field). */
export function withAttachments(
  given: Answers,
  form: FormDefinition,
  attachments: { field_id: string; document_id: string }[],
): Answers {
  const answers: Answers = { ...given };
  for (const field of allFields(form)) {
    if (field.type !== 'attachment') continue;
    answers[field.id] = attachments
      .filter((a) => a.field_id === field.id)
      .map((a) => a.document_id);
  }
  return answers;
}

/** The values vouched for by the identity provider, by the field each prefills. */
export function verifiedValues(form: FormDefinition, who: Applicant): Record<string, ScalarValue> {
  const locked: Record<string, ScalarValue> = {};
  for (const field of allFields(form)) {
    const value = field.prefill ? who.verified[field.prefill] : undefined;
    if (value !== undefined) locked[field.id] = value;
  }
  return locked;
}

/** Answers a new draft starts with: what the identity provider and profile say. */
export function prefill(form: FormDefinition, who: Applicant): Answers {
  const answers: Answers = {};
  for (const field of allFields(form)) {
    const value: ScalarValue | undefined = field.prefill ? who.prefill[field.prefill] : undefined;
    if (value !== undefined && value !== '') answers[field.id] = value;
  }
  return answers;
}
