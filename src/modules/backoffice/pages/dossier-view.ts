import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { localText, type Locale } from '../../../platform/i18n/index.js';
import type { SummaryError } from '../../../web/components.js';
import type { CatalogService } from '../../catalog/index.js';
import { feeOf, type DossierService, type EventRow } from '../../dossiers/index.js';
import {
  allFields,
  displayValue,
  isVisible,
  placeCodes,
  type FormDefinition,
  type Text,
} from '../../forms/index.js';
import { actorOf, type Actor } from '../../identity/index.js';
import { agenciesOf, type DossierAccess } from '../access.js';
import type { DossierPapers } from '../documents.js';
import { OfficerDossierPage } from '../dossier.page.js';
import type { BackofficeService } from '../service.js';

/** What the officer's dossier page is drawn from. */
export interface DossierPageDeps {
  access: DossierAccess;
  backoffice: BackofficeService;
  papers: DossierPapers;
  catalog: CatalogService;
  dossiers: DossierService;
}

/** What the page says besides the dossier: what just happened, or what was wrong. */
interface DossierPageExtra {
  done?: string | null;
  /** Why the action just tried was refused, as the officer should read it. */
  refusal?: string | null;
  errors?: SummaryError[];
  apologySent?: { number: number; dueAt: Date } | null;
  assignedNow?: string | null;
  registered?: boolean;
}

type View = Awaited<ReturnType<BackofficeService['dossier']>>;

/** The officer's page of a dossier: its state, papers and the actions they may take. */
export async function renderDossier(
  deps: DossierPageDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  code: string,
  extra: DossierPageExtra,
  status = 200,
) {
  const actor = actorOf(request);
  const view = await deps.backoffice.dossier(actor, code);
  const { row } = view;
  const procedure = await deps.catalog.getProcedure(row.procedure_code);
  const late = deps.access.isLate(row);
  return reply.page(
    h(OfficerDossierPage, {
      code,
      status: row.status,
      step: row.step,
      workflow: view.workflow,
      version: row.version,
      procedure,
      agency: await deps.catalog.getAgency(row.agency_code),
      applicantName: row.applicant_name ?? '',
      submittedAt: row.submitted_at,
      dueAt: row.due_at,
      receiveBy: await deps.backoffice.receiveBy(row),
      late,
      ...(await answersAndFiles(deps, request, actor, view, code)),
      history: historyOf(view, request.locale),
      actions: view.actions,
      blocked: view.blocked,
      fees: await deps.backoffice.fees(row),
      defaultFee: feeOf(procedure),
      heldElsewhere: await heldElsewhere(deps, actor, row.handling_agency_code),
      canApologize: late,
      apologies: (await deps.papers.apologies(row)).map((a) => ({
        number: a.number,
        newDueAt: a.new_due_at,
      })),
      outcome: row.outcome,
      trackingNumber: row.result_tracking_number,
      officers: await deps.backoffice.officersAt(row.handling_agency_code),
      assignedTo: row.assigned_to,
      csrf: request.viewer?.csrfToken ?? '',
      ...pageExtra(extra),
    }),
    status,
  );
}

/** The answers shown as the applicant gave them, and the files with their fields' labels. */
async function answersAndFiles(
  deps: DossierPageDeps,
  request: FastifyRequest,
  actor: Actor,
  view: View,
  code: string,
) {
  const { answers } = view.row;
  const form = await deps.dossiers.formOf(view.row);
  const files = await deps.papers.files(actor, code);
  const places = await deps.catalog.placeNames(placeCodes(form, answers));
  const text = (t: Text) => localText(request.locale, t);
  const words = {
    yes: request.t('dossier.yes'),
    no: request.t('dossier.no'),
    none: request.t('dossier.noAnswer'),
  };
  return {
    answers: shownFields(form, answers).map((f) => ({
      label: text(f.label),
      value: displayValue(f, answers[f.id], text, places, words),
    })),
    files: files.map((f) => ({
      documentId: f.document_id,
      fileName: f.file_name,
      label: text(fieldLabel(form, f.field_id)),
    })),
  };
}

/** The answered fields shown (files are listed apart, groups by their fields). */
const shownFields = (form: FormDefinition, answers: View['row']['answers']) =>
  allFields(form).filter(
    (f) => f.type !== 'attachment' && f.type !== 'group' && isVisible(f, answers),
  );

const fieldLabel = (form: FormDefinition, fieldId: string): Text =>
  allFields(form).find((field) => field.id === fieldId)?.label ?? { vi: fieldId, en: fieldId };

/** The history, a move between steps saying where to, in the page's language. */
const historyOf = (view: View, locale: Locale) =>
  view.events.map((e: EventRow) => {
    const step = view.workflow.find((s) => s.code === e.details?.step);
    const to =
      step && (e.action === 'forward' || e.action === 'send_back')
        ? `→ ${localText(locale, step.name)} (${step.agencyName})`
        : null;
    return { ...e, note: [to, e.note].filter(Boolean).join(' — ') || null };
  });

/** The agency holding the dossier now, when it is not one of the officer's. */
const heldElsewhere = async (deps: DossierPageDeps, actor: Actor, holding: string) =>
  agenciesOf(actor).includes(holding) ? null : (await deps.catalog.agency(holding)).name;

const pageExtra = (extra: DossierPageExtra) => ({
  apologySent: extra.apologySent ?? null,
  assignedNow: extra.assignedNow ?? null,
  done: extra.done ?? null,
  registered: extra.registered ?? false,
  refusal: extra.refusal ?? null,
  errors: extra.errors ?? [],
});
