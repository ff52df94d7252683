import type { Changes } from '../../platform/changes.js';
import { audit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/db.js';
import { ProblemError } from '../../platform/errors.js';
import {
  formatDateTime,
  formatMoney,
  translator,
  type MessageKey,
} from '../../platform/i18n/index.js';
import type { CalendarService } from '../calendar/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { NotificationService } from '../notifications/index.js';
import { STATUS } from './codes.js';
import { outcomeOf } from './deadlines.js';
import { DocumentRepository } from './document-repository.js';
import { FeeRepository } from './fee-repository.js';
import {
  BLOCKER_MESSAGES,
  holderOf,
  isRefusal,
  transition,
  type Action,
  type ActionInput,
  type LifecycleState,
  type Party,
  type Refusal,
  type ResolvedStep,
  type Steps,
} from './lifecycle.js';
import { DossierRepository } from './repository.js';
import type { DossierRow } from './rows.js';
import { StatusListeners, type StatusListener } from './status-listeners.js';

/** A change of state someone asks for, as the lifecycle takes it. */
export interface StateChange {
  action: Action;
  /** The version the actor saw: someone else acting first makes this one a 409. */
  version: number;
  /** Who acts, as the lifecycle knows them (an officer's roles where the dossier is). */
  parties: readonly Party[];
  /** The account acting; null for the portal itself. */
  actorId: string | null;
  /** The dossier's steps, with staffing where the action moves between them. */
  steps: Steps;
  /** The steps fixed on the dossier (resolved when it is forwarded into processing). */
  workflow: readonly ResolvedStep[] | null;
  input?: ActionInput;
  /** The signed result (already in the file store) an approval issues. */
  result?: { size: number; sha256: string } | null;
  /** The caller tells the applicant itself (in their language, with its own message). */
  quiet?: boolean;
  /** What to answer when the lifecycle refuses, where the generic problem would not do. */
  refusal?: ProblemError;
}

export const stateOf = (row: DossierRow): LifecycleState => ({
  status: row.status as LifecycleState['status'],
  step: row.step,
  resumeStatus: row.resume_status,
  resumeStep: row.resume_step,
  feeDue: row.fee_due ?? false,
});

/** What a 409 shows of the dossier now, so the loser sees the new state. */
export const currentOf = (row: DossierRow) => ({
  status: row.status,
  step: row.step,
  version: row.version,
  updatedAt: row.updated_at.toISOString(),
});

const versionConflict = (row: DossierRow) =>
  new ProblemError(409, 'version_conflict', 'errors.versionConflict', {}, [], {
    current: currentOf(row),
  });

/** Why the lifecycle refused, as the API and pages answer it. */
function refusalProblem(refusal: Refusal, row: DossierRow): ProblemError {
  switch (refusal.refused) {
    case 'role_missing':
      return new ProblemError(403, 'role_missing', 'errors.roleMissing');
    case 'input_missing':
      return new ProblemError(
        422,
        'input_missing',
        'errors.invalidAnswers',
        { count: refusal.fields.length },
        refusal.fields.map((field) => ({ field, messageKey: 'errors.field.required' as const })),
      );
    case 'fee_already_due':
    case 'no_officer_for_step':
      return new ProblemError(409, refusal.refused, BLOCKER_MESSAGES[refusal.refused], {}, [], {
        current: currentOf(row),
      });
    case 'not_allowed_in_state':
      return new ProblemError(409, 'illegal_transition', 'errors.illegalTransition', {}, [], {
        current: currentOf(row),
      });
  }
}

/**
 * A rule from outside the dossier that officers' changes must pass: the integration hub
 * refuses those of a dossier handed to a connected system, which processes it there. Asked
 * with the queryable the change is written through (the caller's transaction, if any); an
 * answer is the problem to refuse with.
 */
export type OfficerGuard = (row: DossierRow, q: Queryable) => Promise<ProblemError | null>;

/** Whether the change is an officer's (not the applicant's, nor the portal's own). */
const byOfficer = (parties: readonly Party[]) =>
  parties.some((party) => party !== 'applicant' && party !== 'system');

/** Officers' actions the applicant hears about. */
const NOTIFIED: Partial<Record<Action, true>> = {
  receive: true,
  refuse: true,
  request_supplement: true,
  request_payment: true,
  approve: true,
  stop: true,
  return_result: true,
};

/** Timeline names that differ from the action's (kept as stored since the first release). */
const EVENT_NAMES: Partial<Record<Action, string>> = { withdraw: 'withdrawn' };

/**
 * The one way a dossier's state changes: the lifecycle decides, the version guards against
 * someone having acted first, and the new state, its timeline entry, a fee asked for, a
 * result issued, the audit log and the applicant's message are written together.
 */
export class DossierProcess {
  private readonly dossiers: DossierRepository;
  private readonly guards: OfficerGuard[] = [];
  private readonly statusListeners = new StatusListeners();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: {
      calendar: CalendarService;
      catalog: CatalogService;
      notifications: NotificationService;
      changes: Changes;
    },
  ) {
    this.dossiers = new DossierRepository(db, deps.changes);
  }

  /** Called after commit for each change that moves a dossier to another status. */
  onStatusChanged(listener: StatusListener): () => void {
    return this.statusListeners.add(listener);
  }

  /** Adds a rule officers' changes and amendments must pass (see OfficerGuard). */
  guardOfficers(guard: OfficerGuard): void {
    this.guards.push(guard);
  }

  private async checkGuards(row: DossierRow, q: Queryable): Promise<void> {
    for (const guard of this.guards) {
      const refusal = await guard(row, q);
      if (refusal) throw refusal;
    }
  }

  /** The lifecycle's next state, or the problem the API answers. */
  decide(row: DossierRow, change: Omit<StateChange, 'version' | 'actorId' | 'workflow'>) {
    const { action, parties, steps, input } = change;
    const result = transition(stateOf(row), action, parties, steps, input);
    if (isRefusal(result)) throw change.refusal ?? refusalProblem(result, row);
    return result;
  }

  /** Applies a change; within `tx` when the caller writes more with it. */
  async change(row: DossierRow, change: StateChange, tx?: Queryable): Promise<DossierRow> {
    // Someone acted since this was shown: that is the reason, whatever the state allows now.
    if (change.version !== row.version) throw versionConflict(row);
    const next = this.decide(row, change);
    if (byOfficer(change.parties)) await this.checkGuards(row, tx ?? this.db);
    // What is read besides the dossier is read first: on the embedded database another
    // query cannot run while a transaction holds the connection.
    const deadline = await this.deadline(row, next);
    const notified = NOTIFIED[change.action] && !change.quiet;
    const procedure = notified ? await this.deps.catalog.getProcedure(row.procedure_code) : null;
    const write = async (q: Queryable) => {
      const now = this.clock.now();
      const resultDocumentId = change.result ? await this.storeResult(q, row, change.result) : null;
      const updated = await this.dossiers.with(q).update(row.id, row.version, {
        ...next,
        workflow: change.workflow,
        handlingAgencyCode: holderOf(next, change.workflow, row.agency_code),
        ...deadline,
        now,
        trackingNumber: change.action === 'return_result' ? change.input?.trackingNumber : null,
        resultDocumentId,
        outcome:
          next.status === STATUS.processed && deadline.dueAt
            ? outcomeOf(now, deadline.dueAt, row.late_since)
            : null,
      });
      if (!updated)
        throw versionConflict((await this.dossiers.with(q).findByCode(row.code!)) ?? row);
      await this.record(q, row, updated, change, now);
      const { code, agency_code: agencyCode, status } = updated;
      if (status !== row.status) {
        this.statusListeners.after(q, [
          { code: code!, agencyCode, status, at: now, source: 'portal' },
        ]);
      }
      if (procedure) await this.notify(q, row, updated, change, procedure.name, now);
      return updated;
    };
    return tx ? write(tx) : this.db.transaction(write);
  }

  /**
   * The deadline stops while the applicant is asked for more, and moves on by as many
   * working minutes as the wait took.
   */
  private async deadline(row: DossierRow, next: LifecycleState) {
    const now = this.clock.now();
    let dueAt = row.due_at;
    let pausedAt = row.paused_at;
    if (next.status === STATUS.supplementRequested) pausedAt = now;
    if (row.status === STATUS.supplementRequested && pausedAt && dueAt) {
      const calendar = await this.deps.calendar.calendar();
      const waited = calendar.workingMinutesBetween(pausedAt, now);
      if (waited > 0) dueAt = calendar.addWorkingMinutes(dueAt, waited);
      pausedAt = null;
    }
    return { dueAt, pausedAt };
  }

  private async storeResult(q: Queryable, row: DossierRow, file: { size: number; sha256: string }) {
    const document = await new DocumentRepository(q).insertDocument({
      ownerId: row.owner_id,
      documentType: 'result',
      fileName: `ket-qua-${row.code}.pdf`,
      contentType: 'application/pdf',
      size: file.size,
      sha256: file.sha256,
      source: 'result',
      now: this.clock.now(),
    });
    return document.id;
  }

  /** The timeline entry, a fee asked for, and the audit log of a change. */
  private async record(
    q: Queryable,
    row: DossierRow,
    updated: DossierRow,
    change: StateChange,
    now: Date,
  ) {
    const input = change.input ?? {};
    if (change.action === 'request_payment' && input.fee) {
      const items = input.fee.map((i) => ({ name: i.name.trim(), amount: i.amount }));
      await new FeeRepository(q).insert(row.id, items, now, change.actorId);
    }
    const details = {
      ...(input.items ? { items: input.items.filter((i) => i.trim()) } : {}),
      ...(input.trackingNumber ? { trackingNumber: input.trackingNumber } : {}),
      ...(input.fee ? { fee: input.fee } : {}),
      ...(updated.step ? { step: updated.step } : {}),
      ...(updated.handling_agency_code !== row.handling_agency_code
        ? { agencyCode: updated.handling_agency_code }
        : {}),
    };
    const reason = input.reason?.trim() || null;
    await this.dossiers.with(q).addEvent({
      dossierId: row.id,
      at: now,
      action: EVENT_NAMES[change.action] ?? change.action,
      fromStatus: row.status,
      status: updated.status,
      actorId: change.actorId,
      note: reason,
      details: Object.keys(details).length > 0 ? details : null,
    });
    await audit(q, {
      at: now,
      actorId: change.actorId,
      action: `dossier.${change.action}`,
      resourceType: 'dossier',
      resourceId: row.id,
      before: currentOf(row),
      after: currentOf(updated),
      reason,
    });
  }

  private async notify(
    q: Queryable,
    row: DossierRow,
    updated: DossierRow,
    change: StateChange,
    procedure: string,
    now: Date,
  ) {
    const input = change.input ?? {};
    const t = translator('vi');
    await this.deps.notifications.notifyAccount(q, row.filed_by, {
      template: 'dossier_status_changed',
      locale: 'vi',
      values: {
        code: row.code!,
        procedure,
        status: t(`dossier.status.${updated.status}` as MessageKey),
        note: [
          input.reason?.trim(),
          ...(input.items ?? []),
          ...(input.fee ?? []).map((i) => `${i.name}: ${formatMoney('vi', i.amount)}`),
        ]
          .filter(Boolean)
          .join('; '),
        at: formatDateTime(now),
      },
    });
  }

  /** The scheduled job: open dossiers past due are marked late, once, on their timeline. */
  async markLate(): Promise<number> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const repository = this.dossiers.with(tx);
      let marked = 0;
      for (const row of await repository.lateCandidates(now)) {
        if (isRefusal(transition(stateOf(row), 'mark_late', ['system'], []))) continue;
        await repository.markLate(row.id, now);
        await repository.addEvent({
          dossierId: row.id,
          at: now,
          action: 'marked_late',
          fromStatus: row.status,
          status: row.status,
          actorId: null,
        });
        marked += 1;
      }
      return marked;
    });
  }

  /**
   * Gives a dossier to an officer, or sets a new due date (an apology slip): not a change of
   * state, but guarded by the version and recorded on the timeline and in the audit log.
   */
  async amend(
    row: DossierRow,
    amendment: {
      version: number;
      actorId: string;
      assignedTo?: string;
      dueAt?: Date;
      event: { action: 'assign' | 'apology'; note: string; details: Record<string, unknown> };
    },
    tx?: Queryable,
  ): Promise<DossierRow> {
    if (amendment.version !== row.version) throw versionConflict(row);
    await this.checkGuards(row, tx ?? this.db);
    const write = async (q: Queryable) => {
      const now = this.clock.now();
      const repository = this.dossiers.with(q);
      const updated = await repository.amend(row.id, row.version, { ...amendment, now });
      if (!updated) throw versionConflict((await repository.findByCode(row.code!)) ?? row);
      await repository.addEvent({
        dossierId: row.id,
        at: now,
        action: amendment.event.action,
        fromStatus: row.status,
        status: row.status,
        actorId: amendment.actorId,
        note: amendment.event.note,
        details: amendment.event.details,
      });
      await audit(q, {
        at: now,
        actorId: amendment.actorId,
        action: `dossier.${amendment.event.action}`,
        resourceType: 'dossier',
        resourceId: row.id,
        before: amendment.dueAt ? { dueAt: row.due_at } : { assignedTo: row.assigned_to },
        after: amendment.dueAt ? { dueAt: updated.due_at } : { assignedTo: updated.assigned_to },
        ...(amendment.dueAt ? { reason: amendment.event.note } : {}),
      });
      return updated;
    };
    return tx ? write(tx) : this.db.transaction(write);
  }
}
