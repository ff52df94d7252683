import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../platform/errors.js';
import { localName } from '../../../platform/i18n/index.js';
import type { SummaryError } from '../../../web/components.js';
import type { CatalogService } from '../../catalog/index.js';
import {
  allFields,
  fieldDomId,
  PROBLEMS,
  type Field,
  type FieldEnvironment,
  type FieldProblem,
  type FormDefinition,
  type Section,
} from '../../forms/index.js';
import type { IdentityService } from '../../identity/index.js';
import type { Applicant } from '../applicant.js';
import { STATUS } from '../codes.js';
import type { DocumentStore } from '../document-store.js';
import { ReviewPage, SectionPage } from '../fill.page.js';
import type { DossierService } from '../service.js';
import {
  applicantOf,
  places,
  placesByCode,
  problemMessage,
  provincesIn,
  type Query,
} from './shared.js';

/** What the pages of a draft being filled need. */
export interface DraftingOptions {
  dossiers: DossierService;
  documents: DocumentStore;
  catalog: CatalogService;
  identity: IdentityService;
  maxFileBytes: number;
}

type DraftView = Awaited<ReturnType<DossierService['draft']>>;

const BROWSER_MESSAGES = ['errors.summaryTitle', 'dossier.autosaved', 'dossier.uploading'] as const;

/** Labels of group rows name the row: "Người cùng đăng ký 2: Họ và tên". */
export function labelled(form: FormDefinition, problem: FieldProblem): FieldProblem {
  const [groupId, row] = problem.path.split('.');
  if (row === undefined) return problem;
  const group = allFields(form).find((f) => f.id === groupId);
  if (group?.type !== 'group') return problem;
  const n = Number(row) + 1;
  return {
    ...problem,
    label: {
      vi: `${group.itemLabel.vi} ${n}: ${problem.label.vi}`,
      en: `${group.itemLabel.en} ${n}: ${problem.label.en}`,
    },
  };
}

/** A draft's attached files, listed under the field each was given for. */
function filesByField(attachments: DraftView['attachments']) {
  const byField: FieldEnvironment['attached'] = {};
  for (const a of attachments) {
    (byField[a.field_id] ??= []).push({
      documentId: a.document_id,
      fileName: a.file_name,
      size: a.size,
    });
  }
  return byField;
}

/** The person's stored documents, by type, to attach again. */
async function storedDocuments(documents: DocumentStore, who: Applicant) {
  const store: FieldEnvironment['store'] = {};
  for (const d of await documents.documents(who)) {
    (store[d.document_type] ??= []).push({
      documentId: d.id,
      fileName: d.file_name,
      size: d.size,
      createdAt: d.created_at,
    });
  }
  return store;
}

/** What the fields of a section are drawn with: answers, errors, places, files, locks. */
async function fieldEnvironment(
  opts: DraftingOptions,
  who: Applicant,
  view: DraftView,
  fields: Field[],
  errors: Record<string, string>,
): Promise<FieldEnvironment> {
  const { provinces, communes } = await places(opts.catalog, provincesIn(fields, view.answers));
  const attached = filesByField(view.attachments);
  const store = await storedDocuments(opts.documents, who);
  const locked = new Set(
    allFields(view.form)
      .filter((f) => f.prefill && who.verified[f.prefill] !== undefined)
      .map((f) => f.id),
  );
  return {
    answers: view.answers,
    errors,
    provinces,
    communes,
    locked,
    attached,
    store,
    maxFileMb: Math.round(opts.maxFileBytes / 1_048_576),
  };
}

/** What the browser's copy of the rules needs: messages, today, locks, other answers. */
function browserRules(
  request: FastifyRequest,
  opts: DraftingOptions,
  who: Applicant,
  view: DraftView,
  section: Section,
  env: FieldEnvironment,
) {
  const keys = [...BROWSER_MESSAGES, ...PROBLEMS.map((p) => `form.error.${p}` as const)];
  return {
    messages: Object.fromEntries(keys.map((key) => [key, request.t(key)])),
    today: opts.dossiers.ruleContext(who, view.form).today,
    locked: [...env.locked],
    answers: Object.fromEntries(
      Object.entries(view.answers).filter(([id]) => !section.fields.some((f) => f.id === id)),
    ),
  };
}

/** A section of a draft, with the problems found in what was sent (a submitted one is shown). */
export async function renderSection(
  opts: DraftingOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  sectionId: string,
  summary: SummaryError[],
  status = 200,
) {
  const who = applicantOf(request);
  const view = await opts.dossiers.draft(who, id);
  if (view.row.status !== STATUS.draft) return reply.redirect(`/dossiers/${view.row.code}`, 303);
  const index = view.form.sections.findIndex((s) => s.id === sectionId);
  if (index < 0) throw notFound();
  const section = view.form.sections[index]!;
  const byField: Record<string, string> = {};
  for (const e of summary) byField[e.field.replace(/^f-/, '').replace(/-/g, '.')] = e.message;
  const env = await fieldEnvironment(opts, who, view, section.fields, byField);
  return reply.page(
    h(SectionPage, {
      draftId: id,
      procedure: view.procedure,
      agencyName: localName(request.locale, view.agency),
      form: view.form,
      index,
      env,
      errors: summary,
      csrf: request.viewer?.csrfToken ?? '',
      savedAt: (request.query as Query).saved ? view.row.updated_at : null,
      browserRules: browserRules(request, opts, who, view, section, env),
    }),
    status,
  );
}

/** Everything answered, with what still stops submission (and `extra`, refused at submit). */
export async function renderReview(
  opts: DraftingOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  extra: SummaryError[] = [],
) {
  const who = applicantOf(request);
  const view = await opts.dossiers.draft(who, id);
  if (view.row.status !== STATUS.draft) return reply.redirect(`/dossiers/${view.row.code}`, 303);
  const sectionOf = (path: string) =>
    view.form.sections.find((s) => s.fields.some((f) => f.id === path.split('.')[0]));
  const errors = [
    ...extra,
    ...view.problems.map((p) => ({
      field: fieldDomId(p.path),
      message: problemMessage(request.t, labelled(view.form, p)),
      href: `/dossiers/drafts/${id}/sections/${sectionOf(p.path)?.id ?? ''}#${fieldDomId(p.path)}`,
    })),
  ];
  return reply.page(
    h(ReviewPage, {
      draftId: id,
      procedure: view.procedure,
      agencyName: localName(request.locale, view.agency),
      form: view.form,
      answers: view.answers,
      attached: filesByField(view.attachments),
      places: await placesByCode(opts.catalog, allFields(view.form), view.answers),
      errors,
      csrf: request.viewer?.csrfToken ?? '',
    }),
    errors.length > 0 && extra.length > 0 ? 422 : 200,
  );
}
