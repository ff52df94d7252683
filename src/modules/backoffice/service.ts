import type { Clock } from '../../platform/clock.js';
import { invalidFields } from '../../platform/errors.js';
import type { FileStore } from '../../platform/files.js';
import type { AgencySigners } from '../../platform/signing.js';
import type { CalendarService } from '../calendar/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { FormService } from '../forms/index.js';
import {
  STATUS,
  availableActions,
  blockedActions,
  stateOf,
  type Action,
  type ActionInput,
  type DossierProcess,
  type DossierRecords,
  type DossierRow,
  type ResolvedStep,
  type Steps,
} from '../dossiers/index.js';
import type { Actor, RoleGrants } from '../identity/index.js';
import type { PaymentService } from '../payments/index.js';
import type { DossierAccess } from './access.js';
import { rolesAt } from './access.js';
import { signedResult } from './result.js';
import type { WorkflowService } from './workflow-service.js';

export interface ActionRequest extends ActionInput {
  action: Action;
  /** The version the officer saw: someone else acting first makes this one a 409. */
  version: number;
}

/**
 * A dossier as its officers work on it: what they see of it (its steps, the actions their
 * roles allow and those that must wait, its fees), their actions and assignments. The
 * dossiers module decides and records every change.
 */
export class BackofficeService {
  constructor(
    private readonly clock: Clock,
    private readonly access: DossierAccess,
    private readonly deps: {
      catalog: CatalogService;
      calendar: CalendarService;
      process: DossierProcess;
      records: DossierRecords;
      grants: RoleGrants;
      payments: PaymentService;
      files: FileStore;
      forms: FormService;
      signers: AgencySigners;
      workflows: WorkflowService;
    },
  ) {}

  async dossier(actor: Actor, code: string) {
    const row = await this.access.visible(actor, code);
    const events = await this.deps.records.events(row.id);
    const workflow = row.workflow ?? (await this.workflowAhead(row));
    const steps = await this.staffing(workflow);
    const roles = rolesAt(actor, row.handling_agency_code);
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
    const held = await this.deps.grants.held([...new Set(workflow.map((s) => s.agencyCode))]);
    return workflow.map((step) => ({
      ...step,
      staffed: held.some((h) => h.agencyCode === step.agencyCode && h.role === step.role),
    }));
  }

  /**
   * The steps a dossier not yet in processing will take (fixed when it is forwarded): what
   * the receiving officer forwards it into.
   */
  private async workflowAhead(row: DossierRow) {
    return this.deps.workflows.resolvedFor(row.procedure_code, row.agency_code);
  }

  /** The officers working at an agency, to assign its dossiers to. */
  officersAt(agencyCode: string) {
    return this.deps.grants.officersAt(agencyCode);
  }

  /**
   * Gives a dossier to a named officer of its agency (any officer holding a role there may
   * assign). Recorded on the history and in the audit log; the version guards as for actions.
   */
  async assign(actor: Actor, code: string, input: { accountId: string; version: number }) {
    const row = await this.access.visible(actor, code);
    const officers = await this.officersAt(row.handling_agency_code);
    const assignee = officers.find((o) => o.id === input.accountId);
    if (!assignee) {
      throw invalidFields('invalid_assignee', [
        { field: 'accountId', messageKey: 'errors.notAgencyOfficer' },
      ]);
    }
    return this.deps.process.amend(row, {
      version: input.version,
      actorId: actor.accountId,
      assignedTo: assignee.id,
      event: { action: 'assign', note: assignee.name, details: { assignedTo: assignee.id } },
    });
  }

  /** Decree 45/2020: an online dossier is received within 8 working hours of submission. */
  async receiveBy(row: DossierRow): Promise<Date | null> {
    if (!row.submitted_at || row.status !== STATUS.submitted) return null;
    return (await this.deps.calendar.calendar()).addWorkingMinutes(row.submitted_at, 8 * 60);
  }

  /** The fees asked of a dossier and the payments made for them, for its officers. */
  async fees(row: DossierRow) {
    const fees = await this.deps.records.fees(row.id);
    const orders = await this.deps.payments.ordersForFees(fees.map((f) => f.id));
    return fees.map((fee) => ({
      amount: fee.amount,
      items: fee.items,
      requested_at: fee.requested_at,
      paid: fee.paid_order_id !== null,
      orders: orders.filter((o) => o.feeId === fee.id),
    }));
  }

  /**
   * An officer's action on a dossier: who they are where it is handled, the steps it
   * follows (fixed when it is forwarded) with whether anyone can take them, and for an
   * approval the signed result; the dossiers module decides and records the change.
   */
  async act(actor: Actor, code: string, request: ActionRequest) {
    const row = await this.access.visible(actor, code);
    // Forwarding a received dossier fixes its steps, resolved to the agencies that take them.
    const workflow =
      row.workflow ?? (request.action === 'forward' ? await this.workflowAhead(row) : null);
    const moves = request.action === 'forward' || request.action === 'send_back';
    const change = {
      action: request.action,
      version: request.version,
      parties: rolesAt(actor, row.handling_agency_code),
      actorId: actor.accountId,
      steps: moves ? await this.staffing(workflow ?? []) : (workflow ?? []),
      workflow,
      input: request,
    };
    // Approval produces the result: decided, then generated, signed and stored before the
    // transaction that records it (a lost race leaves only an unreferenced file behind).
    if (request.action === 'approve' && request.version === row.version) {
      this.deps.process.decide(row, change);
      const result = await signedResult(this.deps, row, this.clock.now());
      return this.deps.process.change(row, { ...change, result });
    }
    return this.deps.process.change(row, change);
  }
}
