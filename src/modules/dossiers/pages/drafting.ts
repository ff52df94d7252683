import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { notFound, ProblemError } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import type { Translate } from '../../../platform/i18n/index.js';
import type { SummaryError } from '../../../web/components.js';
import {
  checkFields,
  fieldDomId,
  readSectionInput,
  type RawInput,
  type ScalarValue,
  type Section,
} from '../../forms/index.js';
import type { Applicant } from '../applicant.js';
import { STATUS } from '../codes.js';
import { fileTooLarge, readMultipart } from '../multipart.js';
import { labelled, renderReview, renderSection, type DraftingOptions } from './draft-views.js';
import {
  applicantOf,
  checkCsrf,
  citizenPages,
  fieldErrorsOf,
  problemMessage,
  type Query,
} from './shared.js';

const AutosaveFields = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Array(Type.String())]),
);

/** Buttons that change the section and show it again, at the field they changed. */
const STAYS = ['add', 'remove', 'reuse', 'detach', 'refresh'];

/** The button a section's form was sent with: `verb:target:extra`, as `add:children`. */
interface SectionAction {
  verb: string;
  target: string;
  extra: string;
}

type SectionInput = Awaited<ReturnType<typeof readMultipart>>;

/**
 * What was typed is saved first, whatever else happens: nothing entered is lost. Verified
 * values are not taken from the form; a group's rows are added or removed here.
 */
async function saveSection(
  opts: DraftingOptions,
  who: Applicant,
  id: string,
  section: Section,
  fields: RawInput,
  action: SectionAction,
) {
  const answers = readSectionInput(section, fields);
  const locked = new Set(
    section.fields.filter((f) => f.prefill && who.verified[f.prefill] !== undefined),
  );
  for (const field of locked) delete answers[field.id];
  const group = section.fields.find((f) => f.id === action.target && f.type === 'group');
  if (group && Array.isArray(answers[group.id])) {
    const rows = answers[group.id] as Record<string, ScalarValue>[];
    if (action.verb === 'add') rows.push({});
    if (action.verb === 'remove') rows.splice(Number(action.extra), 1);
  }
  await opts.dossiers.saveAnswers(who, id, answers, { strict: false, fields: section.fields });
}

/** Files sent, a stored document reused or one detached; each refusal as a summary entry. */
async function applyFiles(
  opts: DraftingOptions,
  t: Translate,
  who: Applicant,
  id: string,
  input: SectionInput,
  action: SectionAction,
): Promise<SummaryError[]> {
  const { documents, maxFileBytes } = opts;
  const errors: SummaryError[] = input.oversize.flatMap((name) =>
    fieldErrorsOf(fileTooLarge(name.replace(/^file\./, ''), maxFileBytes), t),
  );
  const attempt = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      errors.push(...fieldErrorsOf(error, t));
    }
  };
  for (const file of input.files) {
    await attempt(() => documents.upload(who, id, file.fieldName.replace(/^file\./, ''), file));
  }
  const { verb, target, extra } = action;
  if (verb === 'reuse') await attempt(() => documents.reuse(who, id, target, extra));
  if (verb === 'detach') await documents.removeAttachment(who, id, target, extra);
  return errors;
}

/** The section's problems once saved, after the refused files (one entry per field). */
async function sectionSummary(
  opts: DraftingOptions,
  t: Translate,
  who: Applicant,
  id: string,
  section: Section,
  uploadErrors: SummaryError[],
): Promise<SummaryError[]> {
  const after = await opts.dossiers.draft(who, id);
  const context = opts.dossiers.ruleContext(who, after.form);
  const problems = checkFields(section.fields, after.answers, context).map((p) =>
    labelled(after.form, p),
  );
  return [
    ...uploadErrors,
    ...problems
      .filter((p) => !uploadErrors.some((u) => u.field === fieldDomId(p.path)))
      .map((p) => ({ field: fieldDomId(p.path), message: problemMessage(t, p) })),
  ];
}

/**
 * A section's form, sent: its answers saved, its files kept, then the way on (the next
 * section, the review, "my dossiers") or the section again with what is wrong.
 */
async function sendSection(
  opts: DraftingOptions,
  request: FastifyRequest<{ Params: { id: string; section: string } }>,
  reply: FastifyReply,
) {
  const who = applicantOf(request);
  const { id } = request.params;
  const input = await readMultipart(request, opts.maxFileBytes);
  checkCsrf(request, input.text('csrf'));
  const view = await opts.dossiers.draft(who, id);
  if (view.row.status !== STATUS.draft) {
    return reply.redirect(`/dossiers/${view.row.code}`, 303);
  }
  const section = view.form.sections.find((s) => s.id === request.params.section);
  if (!section) throw notFound();
  const [verb = '', target = '', extra = ''] = (input.text('action') ?? 'continue').split(':');
  const action = { verb, target, extra };
  await saveSection(opts, who, id, section, input.fields, action);
  const uploadErrors = await applyFiles(opts, request.t, who, id, input, action);
  if (uploadErrors.length === 0) {
    if (STAYS.includes(verb)) {
      const at = fieldDomId(target || section.fields[0]!.id);
      return reply.redirect(`/dossiers/drafts/${id}/sections/${section.id}#${at}`, 303);
    }
    if (verb === 'later') return reply.redirect(`/my/dossiers?saved=${id}`, 303);
  }
  const summary = await sectionSummary(opts, request.t, who, id, section, uploadErrors);
  // "Later" still stops for a refused file: the person must know it was not kept.
  if (summary.length > 0 && (verb !== 'later' || uploadErrors.length > 0)) {
    return renderSection(opts, request, reply, id, section.id, summary, 422);
  }
  if (verb === 'later') return reply.redirect(`/my/dossiers?saved=${id}`, 303);
  const next = view.form.sections[view.form.sections.indexOf(section) + 1];
  return reply.redirect(
    next ? `/dossiers/drafts/${id}/sections/${next.id}` : `/dossiers/drafts/${id}/review`,
    303,
  );
}

/** Section by section, a draft is filled, saved, reviewed and submitted. */
export async function draftingPages(app: App, opts: DraftingOptions) {
  const { dossiers } = opts;
  const { ownById, ownByIdWithQuery } = citizenPages(opts.identity);

  // A draft opens where it was left: the first section with something still to answer.
  app.get<{ Params: { id: string } }>('/dossiers/drafts/:id', ownById, async (request, reply) => {
    const view = await dossiers.draft(applicantOf(request), request.params.id);
    if (view.row.status !== STATUS.draft) return reply.redirect(`/dossiers/${view.row.code}`, 303);
    const pending = view.form.sections.find((s) =>
      view.problems.some((p) => s.fields.some((f) => f.id === p.path.split('.')[0])),
    );
    return reply.redirect(
      pending
        ? `/dossiers/drafts/${view.row.id}/sections/${pending.id}`
        : `/dossiers/drafts/${view.row.id}/review`,
      303,
    );
  });

  app.get<{ Params: { id: string; section: string }; Querystring: Query }>(
    '/dossiers/drafts/:id/sections/:section',
    ownByIdWithQuery,
    async (request, reply) =>
      renderSection(opts, request, reply, request.params.id, request.params.section, []),
  );

  app.post<{ Params: { id: string; section: string } }>(
    '/dossiers/drafts/:id/sections/:section',
    { ...ownById, schema: { ...ownById.schema, consumes: ['multipart/form-data'] } },
    async (request, reply) => sendSection(opts, request, reply),
  );

  /** Saves what is typed as it is typed (the browser's script), unchecked. */
  app.post<{ Params: { id: string }; Body: Record<string, string | string[] | undefined> }>(
    '/dossiers/drafts/:id/autosave',
    // Texts, a name repeated for a list; a post without fields is a 400, not a crash.
    { ...ownById, schema: { ...ownById.schema, body: AutosaveFields } },
    async (request, reply) => {
      const who = applicantOf(request);
      const view = await dossiers.draft(who, request.params.id);
      const section = view.form.sections.find((s) => s.id === request.body.section);
      if (!section) throw notFound();
      const answers = readSectionInput(section, request.body);
      for (const field of section.fields) {
        if (field.prefill && who.verified[field.prefill] !== undefined) delete answers[field.id];
        // Rows are added and removed by the buttons; typing never changes how many there are.
        if (field.type === 'group') delete answers[field.id];
      }
      await dossiers.autosave(who, request.params.id, answers);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { id: string } }>(
    '/dossiers/drafts/:id/review',
    ownById,
    async (request, reply) => renderReview(opts, request, reply, request.params.id),
  );

  app.post<{ Params: { id: string }; Body: Query }>(
    '/dossiers/drafts/:id/submit',
    ownById,
    async (request, reply) => {
      try {
        const result = await dossiers.submit(applicantOf(request), request.params.id);
        return reply.redirect(`/dossiers/${encodeURIComponent(result.code)}?submitted=1`, 303);
      } catch (error) {
        if (!(error instanceof ProblemError) || error.status !== 422) throw error;
        return renderReview(opts, request, reply, request.params.id, [
          { field: 'submit', message: request.t('dossier.fixBeforeSubmit'), href: '#main' },
        ]);
      }
    },
  );
}
