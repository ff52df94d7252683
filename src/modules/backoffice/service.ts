import { audit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { notFound, ProblemError } from '../../platform/errors.js';
import {
  formatDateTime,
  formatMoney,
  translator,
  type Locale,
  type MessageKey,
} from '../../platform/i18n/index.js';
import { addDays, instantAt } from '../calendar/calendar.js';
import type { CalendarService } from '../calendar/service.js';
import type { CatalogService } from '../catalog/service.js';
import type { NotificationService } from '../notifications/service.js';
import type { FileStore } from '../../platform/files.js';
import type { AgencySigners } from '../../platform/signing.js';
import type { FormService } from '../forms/service.js';
import type { WorkflowService } from './workflow-service.js';
import { holderOf, type ResolvedStep } from './workflow.js';
import { DossierRepository } from '../dossiers/repository.js';
import { resultPdf } from './result.js';
import { STATUS } from '../dossiers/codes.js';
import { BackofficeRepository, type InboxFilter, type ProcessingRow } from './repository.js';
import { outcomeOf } from './deadlines.js';
import { placeCodes } from '../forms/rules.js';
import { apologyPdf, refusalPdf } from './apology.js';
import {
  availableActions,
  blockedActions,
  isRefusal,
  transition,
  type Action,
  type ActionInput,
  BLOCKER_MESSAGES,
  type LifecycleState,
  type Role,
  type Steps,
} from './lifecycle.js';

/** Someone acting on dossiers: an officer with roles at agencies, or the applicant. */
export interface Actor {
  accountId: string;
  /** Officer roles by agency code (`receiver`, `processor`, `approver`). */
  roles: { agencyCode: string; role: string }[];
}

export interface ActionRequest extends ActionInput {
  action: Action;
  /** The version the officer saw: someone else acting first makes this one a 409. */
  version: number;
}

const WORKING_ROLES: Role[] = ['receiver', 'processor', 'approver'];
const INBOX_LIMIT = 50;

const stateOf = (row: ProcessingRow): LifecycleState => ({
  status: row.status as LifecycleState['status'],
  step: row.step,
  resumeStatus: row.resume_status,
  resumeStep: row.resume_step,
  feeDue: row.fee_due ?? false,
});

/** What a 409 shows of the dossier now, so the loser sees the new state. */
const currentOf = (row: ProcessingRow) => ({
  status: row.status,
  step: row.step,
  version: row.version,
  updatedAt: row.updated_at.toISOString(),
});

/** Actions the applicant hears about, with what the message says. */
const NOTIFIED: Partial<Record<Action, true>> = {
  receive: true,
  refuse: true,
  request_supplement: true,
  request_payment: true,
  approve: true,
  stop: true,
  return_result: true,
};

export class BackofficeService {
  private readonly repository: BackofficeRepository;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: {
      catalog: CatalogService;
      calendar: CalendarService;
      notifications: NotificationService;
      files: FileStore;
      forms: FormService;
      signers: AgencySigners;
      workflows: WorkflowService;
    },
  ) {
    this.repository = new BackofficeRepository(db);
  }

  /** Past due and still open (waiting on the applicant does not count: the clock stops). */
  isLate(row: ProcessingRow): boolean {
    const open: number[] = [
      STATUS.submitted,
      STATUS.received,
      STATUS.processing,
      STATUS.paymentRequested,
    ];
    return Boolean(row.due_at && row.due_at < this.clock.now() && open.includes(row.status));
  }

  /** The agencies an officer works at. */
  agenciesOf(actor: Actor): string[] {
    return [
      ...new Set(
        actor.roles
          .filter((r) => (WORKING_ROLES as string[]).includes(r.role))
          .map((r) => r.agencyCode),
      ),
    ];
  }

  rolesAt(actor: Actor, agencyCode: string): Role[] {
    return actor.roles
      .filter((r) => r.agencyCode === agencyCode && (WORKING_ROLES as string[]).includes(r.role))
      .map((r) => r.role as Role);
  }

  /**
   * A dossier the officer's agencies received, hold now, or have a step of; anyone else's
   * is not found.
   */
  private async visible(actor: Actor, code: string): Promise<ProcessingRow> {
    const row = await this.repository.findByCode(code);
    const mine = this.agenciesOf(actor);
    const involved = [
      row?.agency_code,
      row?.handling_agency_code,
      ...(row?.workflow ?? []).map((s) => s.agencyCode),
    ];
    if (!row || !involved.some((agency) => agency && mine.includes(agency))) {
      throw notFound('errors.dossierNotFound');
    }
    return row;
  }

  async inbox(
    actor: Actor,
    input: Omit<InboxFilter, 'agencies' | 'limit' | 'now' | 'today' | 'after'> & {
      agency?: string | undefined;
      cursor?: string | undefined;
      limit?: number | undefined;
    },
  ) {
    const mine = this.agenciesOf(actor);
    const agencies = input.agency ? mine.filter((a) => a === input.agency) : mine;
    const now = this.clock.now();
    const today = vietnamDate(now);
    const limit = Math.min(input.limit ?? INBOX_LIMIT, 200);
    const rows = await this.repository.inbox({
      ...input,
      agencies,
      limit: limit + 1,
      now,
      today: { from: instantAt(today, 0), to: instantAt(addDays(today, 1), 0) },
      after: input.cursor ? decodeCursor(input.cursor) : undefined,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
      counts: await this.repository.counts(agencies, now),
      stranded: await this.repository.strandedCount(agencies),
    };
  }

  async dossier(actor: Actor, code: string) {
    const row = await this.visible(actor, code);
    const events = await this.db.query<{
      at: Date;
      action: string;
      from_status: number | null;
      status: number;
      actor_id: string | null;
      note: string | null;
      details: Record<string, unknown> | null;
    }>(
      `SELECT at, action, from_status, status, actor_id, note, details FROM dossier_events
       WHERE dossier_id = $1 ORDER BY id`,
      [row.id],
    );
    const workflow = row.workflow ?? (await this.workflowAhead(row));
    const steps = await this.staffing(workflow);
    const roles = this.rolesAt(actor, row.handling_agency_code);
    return {
      row,
      events,
      workflow,
      actions: availableActions(stateOf(row), roles, steps),
      blocked: blockedActions(stateOf(row), roles, steps),
    };
  }

  /**
   * The steps with whether anyone holds each one's role where it is handled: the lifecycle
   * sends no dossier to a step nobody can take (it would be stranded there).
   */
  private async staffing(workflow: readonly ResolvedStep[]): Promise<Steps> {
    if (workflow.length === 0) return workflow;
    const held = await this.db.query<{ agency_code: string; role: string }>(
      `SELECT DISTINCT agency_code, role FROM role_grants WHERE agency_code = ANY($1::text[])`,
      [[...new Set(workflow.map((s) => s.agencyCode))]],
    );
    return workflow.map((step) => ({
      ...step,
      staffed: held.some((h) => h.agency_code === step.agencyCode && h.role === step.role),
    }));
  }

  /**
   * The steps a dossier not yet in processing will take (fixed when it is forwarded): what
   * the receiving officer forwards it into.
   */
  private async workflowAhead(row: ProcessingRow) {
    return this.deps.workflows.resolvedFor(row.procedure_code, row.agency_code);
  }

  /** The officers working at an agency, to assign its dossiers to. */
  officersAt(agencyCode: string) {
    return this.db.query<{ id: string; name: string }>(
      `SELECT DISTINCT a.id, a.name FROM role_grants g JOIN accounts a ON a.id = g.account_id
       WHERE g.agency_code = $1 AND g.role IN ('receiver', 'processor', 'approver')
       ORDER BY a.name`,
      [agencyCode],
    );
  }

  /**
   * Gives a dossier to a named officer of its agency (any officer holding a role there may
   * assign). Recorded on the history and in the audit log; the version guards as for actions.
   */
  async assign(actor: Actor, code: string, input: { accountId: string; version: number }) {
    const row = await this.visible(actor, code);
    const officers = await this.officersAt(row.handling_agency_code);
    const assignee = officers.find((o) => o.id === input.accountId);
    if (!assignee) {
      throw new ProblemError(422, 'invalid_assignee', 'errors.invalidAnswers', { count: 1 }, [
        { field: 'accountId', messageKey: 'errors.notAgencyOfficer' },
      ]);
    }
    if (input.version !== row.version) {
      throw new ProblemError(409, 'version_conflict', 'errors.versionConflict', {}, [], {
        current: currentOf(row),
      });
    }
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const [updated] = await tx.query<ProcessingRow>(
        `UPDATE dossiers SET assigned_to = $3, updated_at = $4, version = version + 1
         WHERE id = $1 AND version = $2 RETURNING *`,
        [row.id, row.version, assignee.id, now],
      );
      if (!updated) {
        throw new ProblemError(409, 'version_conflict', 'errors.versionConflict', {}, [], {
          current: currentOf((await this.repository.with(tx).findByCode(code)) ?? row),
        });
      }
      await this.repository.with(tx).addEvent({
        dossierId: row.id,
        at: now,
        action: 'assign',
        fromStatus: row.status,
        status: row.status,
        actorId: actor.accountId,
        note: assignee.name,
        details: { assignedTo: assignee.id },
      });
      await audit(tx, {
        at: now,
        actorId: actor.accountId,
        action: 'dossier.assign',
        resourceType: 'dossier',
        resourceId: row.id,
        before: { assignedTo: row.assigned_to },
        after: { assignedTo: assignee.id },
      });
      return updated;
    });
  }

  /** The files a dossier came with (and supplements), for its officers. */
  async files(actor: Actor, code: string) {
    const row = await this.visible(actor, code);
    return this.db.query<{
      field_id: string;
      document_id: string;
      file_name: string;
      content_type: string;
      sha256: string;
    }>(
      `SELECT a.field_id, a.document_id, d.file_name, d.content_type, d.sha256
       FROM dossier_attachments a JOIN documents d ON d.id = a.document_id
       WHERE a.dossier_id = $1 ORDER BY a.added_at, d.file_name`,
      [row.id],
    );
  }

  async file(actor: Actor, code: string, documentId: string) {
    const file = (await this.files(actor, code)).find((f) => f.document_id === documentId);
    if (!file) throw notFound('errors.documentNotFound');
    return { file, data: await this.deps.files.read(file.sha256) };
  }

  /** The scheduled job: open dossiers past due are marked late, once, on their timeline. */
  async markLate(): Promise<number> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const repository = this.repository.with(tx);
      const marked = await repository.markLate(now);
      for (const dossier of marked) {
        await repository.addEvent({
          dossierId: dossier.id,
          at: now,
          action: 'marked_late',
          fromStatus: dossier.status,
          status: dossier.status,
          actorId: null,
          note: null,
          details: null,
        });
      }
      return marked.length;
    });
  }

  apologies(row: ProcessingRow) {
    return this.repository.apologies(row.id);
  }

  /**
   * A late dossier's apology slip: the reason, and a new appointment (closing time of a
   * working day after today), recorded, put on the timeline and sent to the applicant.
   */
  async apologize(
    actor: Actor,
    code: string,
    input: { reason: string; newDueDate: string; version: number },
  ) {
    const row = await this.visible(actor, code);
    if (!this.isLate(row)) {
      throw new ProblemError(409, 'not_late', 'errors.notLate', {}, [], {
        current: currentOf(row),
      });
    }
    const calendar = await this.deps.calendar.calendar();
    const today = vietnamDate(this.clock.now());
    const problems: { field: string; messageKey: MessageKey }[] = [];
    if (!input.reason.trim())
      problems.push({ field: 'reason', messageKey: 'errors.field.required' });
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(input.newDueDate) ||
      input.newDueDate <= today ||
      !calendar.isWorkingDay(input.newDueDate)
    ) {
      problems.push({ field: 'newDueDate', messageKey: 'errors.newDueDate' });
    }
    if (problems.length > 0) {
      throw new ProblemError(
        422,
        'invalid_input',
        'errors.invalidAnswers',
        { count: problems.length },
        problems,
      );
    }
    if (input.version !== row.version) {
      throw new ProblemError(409, 'version_conflict', 'errors.versionConflict', {}, [], {
        current: currentOf(row),
      });
    }
    const now = this.clock.now();
    const procedure = await this.deps.catalog.getProcedure(row.procedure_code);
    return this.db.transaction(async (tx) => {
      const repository = this.repository.with(tx);
      const done = await repository.apologize({
        row,
        issuedBy: actor.accountId,
        reason: input.reason.trim(),
        newDueAt: instantAt(input.newDueDate, calendar.dayEnd),
        now,
      });
      if (!done) {
        throw new ProblemError(409, 'version_conflict', 'errors.versionConflict', {}, [], {
          current: currentOf((await repository.findByCode(code)) ?? row),
        });
      }
      await repository.addEvent({
        dossierId: row.id,
        at: now,
        action: 'apology',
        fromStatus: row.status,
        status: row.status,
        actorId: actor.accountId,
        note: done.slip.reason,
        details: { number: done.slip.number, newDueAt: done.slip.new_due_at.toISOString() },
      });
      await audit(tx, {
        at: now,
        actorId: actor.accountId,
        action: 'dossier.apology',
        resourceType: 'dossier',
        resourceId: row.id,
        before: { dueAt: row.due_at },
        after: { dueAt: done.slip.new_due_at },
        reason: done.slip.reason,
      });
      await this.deps.notifications.notifyAccount(tx, row.filed_by, {
        template: 'dossier_apology',
        locale: 'vi',
        values: {
          code,
          procedure: procedure.name,
          reason: done.slip.reason,
          dueAt: formatDateTime(done.slip.new_due_at),
        },
      });
      return done;
    });
  }

  /** The dossier's result document, signed with the agency's certificate, in the file store. */
  private async signedResult(
    row: ProcessingRow,
    procedure: Awaited<ReturnType<CatalogService['getProcedure']>>,
    approvedAt: Date,
  ) {
    const form = await this.deps.forms.formFor(row.procedure_code, row.procedure_version);
    if (!form) throw new Error(`no form for ${row.procedure_code}`);
    // The agency of the last step decides, so it signs (the receiving one, unless another
    // agency approves).
    const agency = await this.deps.catalog.agency(
      row.workflow?.at(-1)?.agencyCode ?? row.agency_code,
    );
    const signer = await this.deps.signers.signerFor(agency);
    const pdf = await resultPdf({
      row,
      form,
      procedure,
      agency,
      approvedAt,
      signer: signer.subject,
      places: await this.deps.catalog.placeNames(placeCodes(form, row.answers)),
    });
    const signed = await signer.sign(pdf, {
      reason: `Kết quả giải quyết thủ tục hành chính ${procedure.code}, hồ sơ ${row.code}`,
      signer: agency.name,
      location: agency.address || 'Việt Nam',
    });
    return this.deps.files.put(signed);
  }

  /** An apology slip as a PDF (the caller has checked who may see the dossier). */
  async apologyPdf(code: string, number: number, locale: Locale) {
    const row = await this.repository.findByCode(code);
    const slip = row
      ? (await this.repository.apologies(row.id)).find((a) => a.number === number)
      : undefined;
    if (!row || !slip) throw notFound('errors.documentNotFound');
    return apologyPdf(
      {
        row,
        slip,
        agency: await this.deps.catalog.agency(row.agency_code),
        procedure: await this.deps.catalog.getProcedure(row.procedure_code),
      },
      locale,
    );
  }

  /** The refusal notice of a refused dossier, as a PDF (the caller has checked access). */
  async refusalPdf(code: string, locale: Locale) {
    const row = await this.repository.findByCode(code);
    if (!row || row.status !== STATUS.refused) throw notFound('errors.documentNotFound');
    const [refusal] = await this.db.query<{ at: Date; note: string | null }>(
      `SELECT at, note FROM dossier_events WHERE dossier_id = $1 AND action = 'refuse'
       ORDER BY id DESC LIMIT 1`,
      [row.id],
    );
    if (!refusal) throw notFound('errors.documentNotFound');
    return refusalPdf(
      {
        row,
        refusal: { at: refusal.at, reason: refusal.note ?? '' },
        agency: await this.deps.catalog.agency(row.agency_code),
        procedure: await this.deps.catalog.getProcedure(row.procedure_code),
      },
      locale,
    );
  }

  /** Decree 45/2020: an online dossier is received within 8 working hours of submission. */
  async receiveBy(row: ProcessingRow): Promise<Date | null> {
    if (!row.submitted_at || row.status !== STATUS.submitted) return null;
    return (await this.deps.calendar.calendar()).addWorkingMinutes(row.submitted_at, 8 * 60);
  }

  /** The fees asked of a dossier and the payments made for them, for its officers. */
  fees(row: ProcessingRow) {
    return this.db.query<{
      amount: number;
      items: { name: string; amount: number }[];
      requested_at: Date;
      paid: boolean;
      orders: {
        id: string;
        number: string;
        status: string;
        amount: number;
        refunded: number;
        paidAt: string | null;
      }[];
    }>(
      `SELECT f.amount::float8 AS amount, f.items, f.requested_at, f.paid_order_id IS NOT NULL AS paid,
         coalesce((SELECT json_agg(json_build_object('id', o.id, 'number', o.number,
             'status', o.status, 'amount', o.amount, 'refunded', o.refunded_amount,
             'paidAt', o.paid_at) ORDER BY o.created_at)
           FROM payment_orders o WHERE o.dossier_fee_id = f.id), '[]') AS orders
       FROM dossier_fees f WHERE f.dossier_id = $1 ORDER BY f.requested_at`,
      [row.id],
    );
  }

  /** The payments' hook: a dossier whose fee is paid goes back to where it was. */
  async feePaid(dossierId: string): Promise<void> {
    const [row] = await this.db.query<ProcessingRow>('SELECT * FROM dossiers WHERE id = $1', [
      dossierId,
    ]);
    if (!row?.code || row.status !== STATUS.paymentRequested) return;
    await this.act(
      { accountId: '', roles: [] },
      row.code,
      {
        action: 'payment_received',
        version: row.version,
      },
      'system',
    );
  }

  /**
   * Takes an action on a dossier: the state machine decides whether it may be taken, the
   * version that it still applies, and the transition, its timeline entry, the audit log
   * and the applicant's message are written together.
   */
  async act(
    actor: Actor,
    code: string,
    request: ActionRequest,
    as: 'officer' | 'applicant' | 'system' = 'officer',
  ) {
    const row =
      as === 'officer' ? await this.visible(actor, code) : await this.repository.findByCode(code);
    if (!row) throw notFound('errors.dossierNotFound');
    const roles: Role[] = as === 'officer' ? this.rolesAt(actor, row.handling_agency_code) : [as];
    // Forwarding a received dossier fixes its steps, resolved to the agencies that take them.
    const workflow =
      row.workflow ?? (request.action === 'forward' ? await this.workflowAhead(row) : null);
    // Someone acted since this was shown: that is the reason, whatever the state allows now.
    if (request.version !== row.version) {
      throw new ProblemError(409, 'version_conflict', 'errors.versionConflict', {}, [], {
        current: currentOf(row),
      });
    }
    const steps =
      request.action === 'forward' || request.action === 'send_back'
        ? await this.staffing(workflow ?? [])
        : (workflow ?? []);
    const result = transition(stateOf(row), request.action, roles, steps, request);
    if (isRefusal(result)) {
      if (result.refused === 'role_missing') {
        throw new ProblemError(403, 'role_missing', 'errors.roleMissing');
      }
      if (result.refused === 'input_missing') {
        throw new ProblemError(
          422,
          'input_missing',
          'errors.invalidAnswers',
          { count: result.fields.length },
          result.fields.map((field) => ({ field, messageKey: 'errors.field.required' as const })),
        );
      }
      if (result.refused === 'fee_already_due' || result.refused === 'no_officer_for_step') {
        throw new ProblemError(409, result.refused, BLOCKER_MESSAGES[result.refused], {}, [], {
          current: currentOf(row),
        });
      }
      throw new ProblemError(409, 'illegal_transition', 'errors.illegalTransition', {}, [], {
        current: currentOf(row),
      });
    }
    const now = this.clock.now();
    const calendar = await this.deps.calendar.calendar();
    // The deadline stops while the applicant is asked for more, and moves on by as many
    // working minutes as the wait took.
    let dueAt = row.due_at;
    let pausedAt = row.paused_at;
    if (result.status === STATUS.supplementRequested) pausedAt = now;
    if (row.status === STATUS.supplementRequested && pausedAt && dueAt) {
      const waited = calendar.workingMinutesBetween(pausedAt, now);
      if (waited > 0) dueAt = calendar.addWorkingMinutes(dueAt, waited);
      pausedAt = null;
    }
    const procedure = await this.deps.catalog.getProcedure(row.procedure_code);
    // Approval produces the result: generated, signed and stored before the transaction
    // that records it (a lost race leaves only an unreferenced file behind).
    const resultFile =
      request.action === 'approve' ? await this.signedResult(row, procedure, now) : null;
    return this.db.transaction(async (tx) => {
      const repository = this.repository.with(tx);
      const updated = await repository.update(row.id, row.version, {
        ...result,
        workflow,
        handlingAgencyCode: holderOf(result, workflow, row.agency_code),
        dueAt,
        pausedAt,
        now,
        trackingNumber: request.action === 'return_result' ? request.trackingNumber : null,
        outcome:
          result.status === STATUS.processed && dueAt
            ? outcomeOf(now, dueAt, row.late_since)
            : null,
      });
      if (!updated) {
        const fresh = await repository.findByCode(code);
        throw new ProblemError(409, 'version_conflict', 'errors.versionConflict', {}, [], {
          current: currentOf(fresh ?? row),
        });
      }
      if (request.action === 'request_payment' && request.fee) {
        await new DossierRepository(tx).insertFee(
          row.id,
          request.fee.map((i) => ({ name: i.name.trim(), amount: i.amount })),
          now,
          as === 'system' ? null : actor.accountId,
        );
      }
      if (resultFile) {
        const document = await new DossierRepository(tx).insertDocument({
          ownerId: row.owner_id,
          documentType: 'result',
          fileName: `ket-qua-${code}.pdf`,
          contentType: 'application/pdf',
          size: resultFile.size,
          sha256: resultFile.sha256,
          source: 'result',
          now,
        });
        await tx.query('UPDATE dossiers SET result_document_id = $2 WHERE id = $1', [
          row.id,
          document.id,
        ]);
      }
      const details = {
        ...(request.items ? { items: request.items.filter((i) => i.trim()) } : {}),
        ...(request.trackingNumber ? { trackingNumber: request.trackingNumber } : {}),
        ...(request.fee ? { fee: request.fee } : {}),
        ...(updated.step ? { step: updated.step } : {}),
        ...(updated.handling_agency_code !== row.handling_agency_code
          ? { agencyCode: updated.handling_agency_code }
          : {}),
      };
      await repository.addEvent({
        dossierId: row.id,
        at: now,
        action: request.action,
        fromStatus: row.status,
        status: updated.status,
        actorId: as === 'system' ? null : actor.accountId,
        note: request.reason?.trim() || null,
        details: Object.keys(details).length > 0 ? details : null,
      });
      await audit(tx, {
        at: now,
        actorId: as === 'system' ? null : actor.accountId,
        action: `dossier.${request.action}`,
        resourceType: 'dossier',
        resourceId: row.id,
        before: currentOf(row),
        after: currentOf(updated),
        reason: request.reason?.trim() || null,
      });
      if (NOTIFIED[request.action]) {
        const t = translator('vi');
        await this.deps.notifications.notifyAccount(tx, row.filed_by, {
          template: 'dossier_status_changed',
          locale: 'vi',
          values: {
            code,
            procedure: procedure.name,
            status: t(`dossier.status.${updated.status}` as MessageKey),
            note: [
              request.reason?.trim(),
              ...(request.items ?? []),
              ...(request.fee ?? []).map((i) => `${i.name}: ${formatMoney('vi', i.amount)}`),
            ]
              .filter(Boolean)
              .join('; '),
            at: formatDateTime(now),
          },
        });
      }
      return updated;
    });
  }
}

const encodeCursor = (row: ProcessingRow) =>
  Buffer.from(JSON.stringify([row.due_at?.toISOString(), row.id])).toString('base64url');

function decodeCursor(cursor: string): { dueAt: Date; id: string } {
  try {
    const [due, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const dueAt = new Date(due);
    if (Number.isNaN(dueAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad');
    return { dueAt, id };
  } catch {
    throw new ProblemError(400, 'validation_failed', 'errors.validation', {}, [
      { field: 'cursor', messageKey: 'errors.field.badCursor' },
    ]);
  }
}
