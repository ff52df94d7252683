import type { Clock } from '../../platform/clock.js';
import { notFound, ProblemError } from '../../platform/errors.js';
import { STATUS, type DossierRecords, type DossierRow, type Party } from '../dossiers/index.js';
import { agenciesWith, can, WORKING_ROLES, type Actor } from '../identity/index.js';

/** The statuses a dossier's deadline runs in (waiting on the applicant stops the clock). */
const RUNNING: number[] = [
  STATUS.submitted,
  STATUS.received,
  STATUS.processing,
  STATUS.paymentRequested,
];

/** A dossier as permissions see it: whose it is, and the agencies it passes through. */
const dossierResource = (row: DossierRow) => ({
  type: 'dossier' as const,
  ownerId: row.owner_id,
  agencies: [
    row.agency_code,
    row.handling_agency_code,
    ...(row.workflow ?? []).map((s) => s.agencyCode),
  ],
});

/** The agencies an officer works at. */
export const agenciesOf = (actor: Actor): string[] => agenciesWith(actor, 'agency.work');

/** An officer who works dossiers somewhere; anyone else is turned away (403). */
export function requireWorker(actor: Actor): Actor {
  if (agenciesOf(actor).length === 0) {
    throw new ProblemError(403, 'not_officer', 'errors.notOfficer');
  }
  return actor;
}

/** The working roles (receiver, processor, approver) an officer holds at an agency. */
export function rolesAt(actor: Actor, agencyCode: string): Party[] {
  return actor.roles
    .filter((r) => r.agencyCode === agencyCode && (WORKING_ROLES as string[]).includes(r.role))
    .map((r) => r.role as Party);
}

/** Whether an officer receives dossiers at any of their agencies (counter intake). */
export const receivesSomewhere = (actor: Actor): boolean =>
  agenciesOf(actor).some((code) => rolesAt(actor, code).includes('receiver'));

/** Who may see which dossier, and whether it is late now. */
export class DossierAccess {
  constructor(
    private readonly records: DossierRecords,
    private readonly clock: Clock,
  ) {}

  /** Past due and still open (waiting on the applicant does not count: the clock stops). */
  isLate(row: DossierRow): boolean {
    return Boolean(row.due_at && row.due_at < this.clock.now() && RUNNING.includes(row.status));
  }

  /** Whether the actor may see the dossier: its owner, or an officer of an agency in it. */
  async mayView(actor: Actor, code: string): Promise<boolean> {
    const row = await this.records.byCode(code);
    return row !== undefined && can(actor, 'dossier.view', dossierResource(row));
  }

  /**
   * A dossier the officer's agencies received, hold now, or have a step of; anyone else's
   * is not found.
   */
  async visible(actor: Actor, code: string): Promise<DossierRow> {
    const row = await this.records.byCode(code);
    if (!row || actor.kind !== 'officer' || !can(actor, 'dossier.view', dossierResource(row))) {
      throw notFound('errors.dossierNotFound');
    }
    return row;
  }
}
