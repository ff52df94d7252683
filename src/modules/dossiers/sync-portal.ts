import type { Queryable } from '../../platform/db.js';
import { translator } from '../../platform/i18n/index.js';
import { STATUS } from './codes.js';
import { outcomeOf } from './deadlines.js';
import { DocumentRepository } from './document-repository.js';
import type { ResolvedStep } from './lifecycle.js';
import type { DossierRow } from './rows.js';
import type { CodePlan } from './sync-plan.js';
import { safeFileName } from './uploads.js';

/**
 * What a sync does to a dossier filed on the portal (ADR 0016): its status and due date as
 * the connected system processing it reports them, every event on its timeline, and each
 * result document in its owner's document store. The row is locked by the batch, so it is
 * written without a version guard (its version still moves on, for officers' forms).
 */

/** The step of a dossier in processing (4) elsewhere than in the portal's back office. */
export const EXTERNAL_STEP = 'external';

const vi = translator('vi');
const en = translator('en');

/** The one step a dossier processed in a connected system has. */
const externalWorkflow = (row: DossierRow, agencyName: string): ResolvedStep[] => [
  {
    code: EXTERNAL_STEP,
    name: { vi: vi('sync.externalStep'), en: en('sync.externalStep') },
    role: 'processor',
    department: null,
    agencyCode: row.agency_code,
    agencyName,
  },
];

/** The columns of the dossiers row the state machine's CHECKs tie to its status. */
export interface PortalColumns {
  id: string;
  status: number;
  step: string | null;
  stepRole: string | null;
  workflow: ResolvedStep[] | null;
  resumeStatus: number | null;
  resumeStep: string | null;
  dueAt: Date;
  withdrawnAt: Date | null;
  finishedAt: Date | null;
  outcome: 'early' | 'on_time' | 'late' | null;
}

/**
 * A portal dossier at the status a connected system reports. Processing (4) needs a step:
 * the one it had, the one it waits to go back to, or the connected system's own. Waiting
 * on the applicant or a payment (5, 6) remembers where it was. The deadline is the
 * connected system's; the portal's pause while waiting (paused_at) does not apply.
 */
export function portalColumns(row: DossierRow, plan: CodePlan, agencyName: string): PortalColumns {
  const status = plan.values.status;
  const at = new Date(plan.newest!.at);
  const step =
    status !== STATUS.processing
      ? null
      : row.status === STATUS.processing
        ? row.step
        : (row.resume_step ?? EXTERNAL_STEP);
  const workflow =
    step !== null && !row.workflow ? externalWorkflow(row, agencyName) : row.workflow;
  const waits = status === STATUS.supplementRequested || status === STATUS.paymentRequested;
  const from = row.status;
  const fromOpen =
    from === STATUS.submitted || from === STATUS.received || from === STATUS.processing;
  const finished = status >= STATUS.processed && !row.finished_at;
  const dueAt = plan.values.dueAt === null ? row.due_at! : new Date(plan.values.dueAt);
  return {
    id: row.id,
    status,
    step,
    stepRole:
      step === null || step === EXTERNAL_STEP
        ? null
        : (workflow?.find((s) => s.code === step)?.role ?? null),
    workflow,
    resumeStatus: waits ? (fromOpen ? from : row.resume_status) : null,
    resumeStep: waits ? (from === STATUS.processing ? row.step : row.resume_step) : null,
    dueAt,
    withdrawnAt: status === STATUS.withdrawn ? (row.withdrawn_at ?? at) : row.withdrawn_at,
    finishedAt: finished ? at : row.finished_at,
    outcome: finished ? outcomeOf(at, dueAt, row.late_since) : row.outcome,
  };
}

const isoOf = (date: Date | null) => date?.toISOString() ?? null;

/**
 * The portal dossiers a batch moved: result documents into their owners' stores, the rows,
 * and the timeline (every new event, the late ones too, at its own time).
 */
export async function writePortalDossiers(
  q: Queryable,
  plans: CodePlan[],
  agencyNames: ReadonlyMap<string, string>,
  now: Date,
): Promise<void> {
  const moved = plans.filter((p) => p.portal && p.newest);
  const results = new Map<string, string>();
  const documents = new DocumentRepository(q);
  for (const plan of moved) {
    for (const file of plan.newResults) {
      const document = await documents.insertDocument({
        ownerId: plan.portal!.owner_id,
        documentType: 'result',
        fileName: safeFileName(file.fileName, file.contentType),
        contentType: file.contentType,
        size: file.size,
        sha256: file.sha256,
        source: 'result',
        now,
      });
      results.set(plan.portal!.id, document.id);
    }
  }
  const columns = moved.map((p) =>
    portalColumns(p.portal!, p, agencyNames.get(p.portal!.agency_code) ?? p.portal!.agency_code),
  );
  if (columns.length > 0) {
    await q.query(
      `UPDATE dossiers d SET status = u.status, step = u.step, step_role = u.step_role,
             workflow = u.workflow::jsonb, resume_status = u.resume_status,
             resume_step = u.resume_step, paused_at = NULL, due_at = u.due_at,
             withdrawn_at = u.withdrawn_at, finished_at = u.finished_at, outcome = u.outcome,
             result_document_id = coalesce(u.result_document_id, d.result_document_id),
             updated_at = $1, version = d.version + 1
           FROM unnest($2::uuid[], $3::smallint[], $4::text[], $5::text[], $6::text[],
             $7::smallint[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[],
             $12::text[], $13::uuid[]) AS u(id, status, step, step_role, workflow, resume_status,
             resume_step, due_at, withdrawn_at, finished_at, outcome, result_document_id)
           WHERE d.id = u.id`,
      [
        now,
        columns.map((c) => c.id),
        columns.map((c) => c.status),
        columns.map((c) => c.step),
        columns.map((c) => c.stepRole),
        columns.map((c) => (c.workflow ? JSON.stringify(c.workflow) : null)),
        columns.map((c) => c.resumeStatus),
        columns.map((c) => c.resumeStep),
        columns.map((c) => isoOf(c.dueAt)),
        columns.map((c) => isoOf(c.withdrawnAt)),
        columns.map((c) => isoOf(c.finishedAt)),
        columns.map((c) => c.outcome),
        columns.map((c) => results.get(c.id) ?? null),
      ],
    );
  }
  await addTimeline(
    q,
    plans.filter((p) => p.portal),
  );
}

/** Each new event of portal dossiers on their timelines, as `synced`, at its own time. */
async function addTimeline(q: Queryable, plans: CodePlan[]) {
  const events = plans.flatMap((p) => p.events.map((e) => ({ ...e, dossierId: p.portal!.id })));
  if (events.length === 0) return;
  await q.query(
    `INSERT INTO dossier_events (dossier_id, at, action, from_status, status, note, details)
     SELECT e.dossier_id, e.at, 'synced', e.from_status, e.status, e.note, e.details::jsonb
     FROM unnest($1::uuid[], $2::timestamptz[], $3::smallint[], $4::smallint[], $5::text[],
       $6::text[]) AS e(dossier_id, at, from_status, status, note, details)`,
    [
      events.map((e) => e.dossierId),
      events.map((e) => new Date(e.item.at).toISOString()),
      events.map((e) => e.fromStatus),
      events.map((e) => e.item.status),
      events.map((e) => e.item.note),
      events.map((e) =>
        JSON.stringify({
          eventId: e.item.eventId,
          ...(e.applied ? {} : { late: true }),
          ...(e.flag ? { flag: e.flag } : {}),
        }),
      ),
    ],
  );
}
