import type { Database } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import type { FileStore } from '../../platform/files.js';
import type { CatalogService } from '../catalog/index.js';
import type { Applicant } from './applicant.js';
import type { Named } from './parts.js';
import type { DossierService } from './service.js';
import type { SyncedRow } from './sync-plan.js';
import { SyncRepository } from './sync-repository.js';

/**
 * Synced dossiers as the people they are about see them (ADR 0016): found by the ID number
 * the identity provider or the business registry vouched for, or by code and ID number in
 * the public lookup. A dossier filed on the portal is shown as the portal's own instead.
 */

/** The owner's ID number, if it was vouched for (national sign-in, the business registry). */
export const verifiedIdNumber = (who: Applicant): string | null =>
  who.verified.personalId === who.idNumber || who.verified.enterpriseCode === who.idNumber
    ? who.idNumber
    : null;

/** How many dossiers of each kind a person's list shows. */
const LIST_LIMIT = 100;

export class SyncedDossiers {
  private readonly repository: SyncRepository;

  constructor(
    db: Database,
    private readonly deps: { catalog: CatalogService; files: FileStore },
  ) {
    this.repository = new SyncRepository(db);
  }

  private async names(procedureCode: string, agencyCode: string) {
    const procedure = await this.deps.catalog.getProcedure(procedureCode);
    const agency = await this.deps.catalog.agency(agencyCode);
    const named = (n: Named): Named => ({ code: n.code, name: n.name, nameEn: n.nameEn });
    return { procedure: named(procedure), agency: named(agency) };
  }

  /**
   * The person's list, read at once: their dossiers on the portal (drafts too) and the
   * synced ones that name their verified ID number (none without one), newest change first.
   */
  async mine(who: Applicant) {
    const rows = await this.repository.listMine(who.ownerId, verifiedIdNumber(who), LIST_LIMIT);
    const own = [];
    const synced = [];
    for (const row of rows) {
      const names = await this.names(row.procedure_code, row.agency_code);
      if (row.synced) synced.push({ row, ...names });
      else own.push({ row, ...names });
    }
    return { own, synced };
  }

  /** One of them, if its applicant is the person: with every event, late ones included. */
  async view(who: Applicant, code: string) {
    const row = await this.owned(who, code);
    return {
      row,
      ...(await this.names(row.procedure_code, row.agency_code)),
      events: await this.repository.timeline(row.code),
    };
  }

  /** A result document of one of them, for its applicant only. */
  async resultFile(who: Applicant, code: string, sha256: string) {
    const row = await this.owned(who, code);
    const file = row.results.find((r) => r.sha256 === sha256);
    if (!file) throw notFound('errors.documentNotFound');
    return { file, content: await this.deps.files.stream(file.sha256) };
  }

  private async owned(who: Applicant, code: string): Promise<SyncedRow> {
    const idNumber = verifiedIdNumber(who);
    const row = idNumber ? await this.repository.findSynced(code) : undefined;
    if (!row || row.applicant_id_number !== idNumber) throw notFound('errors.dossierNotFound');
    return row;
  }

  /**
   * The public lookup of a synced dossier: its code and applicant's ID number open status,
   * procedure, agency and dates; null for a wrong pair, exactly as for an unknown code.
   */
  async lookup(code: string, idNumber: string) {
    const row = await this.repository.findSynced(code.trim());
    if (!row || row.applicant_id_number !== idNumber.trim()) return null;
    return {
      code: row.code,
      status: row.status,
      ...(await this.names(row.procedure_code, row.agency_code)),
      submittedAt: row.received_at!,
      dueAt: row.due_at,
      updatedAt: row.updated_at,
    };
  }
}

/**
 * The public lookup over every dossier: the portal's own first, then those connected systems
 * pushed. A wrong pair looks exactly like an unknown code: 404.
 */
export async function lookUpAnywhere(
  dossiers: Pick<DossierService, 'lookup'>,
  synced: SyncedDossiers,
  code: string,
  idNumber: string,
) {
  const found = (await dossiers.lookup(code, idNumber)) ?? (await synced.lookup(code, idNumber));
  if (!found) throw notFound('errors.dossierLookupFailed');
  return found;
}
