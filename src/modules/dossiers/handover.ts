import type { Database } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import type { FileStore } from '../../platform/files.js';
import type { Listeners } from '../../platform/listeners.js';
import type { FeeRow } from './fee-repository.js';
import { HandoverRepository, type HandedAttachmentRow } from './handover-repository.js';
import type { DossierProcess, OfficerGuard } from './process.js';
import type { DossierRow } from './rows.js';

/** A dossier with its files and fees, as a connected system receives it. */
export interface HandedDossier {
  row: DossierRow;
  attachments: HandedAttachmentRow[];
  fees: FeeRow[];
}

/**
 * What the integration hub needs to hand dossiers filed on the portal to the connected
 * systems that process their agencies (docs/integration.md, "Dossier exchange"): word of
 * each submission, the dossiers still waiting, a dossier whole with its files and fees, and
 * a rule that keeps the portal's officers off what was handed over.
 */
export class DossierHandover {
  private readonly repository: HandoverRepository;

  constructor(
    db: Database,
    private readonly deps: {
      files: FileStore;
      submitted: Listeners<DossierRow>;
      process: DossierProcess;
    },
  ) {
    this.repository = new HandoverRepository(db);
  }

  /** Tells `listener` of each dossier submitted online, once its submission is committed. */
  onSubmitted(listener: (row: DossierRow) => unknown): void {
    this.deps.submitted.on(listener);
  }

  /** A rule every officer's change and amendment must pass (DossierProcess). */
  guardOfficers(guard: OfficerGuard): void {
    this.deps.process.guardOfficers(guard);
  }

  /**
   * Dossiers filed online and not yet received, each at one of these agencies at or after its
   * instant, oldest first, a page at a time: what the hub's sweep checks for a missed
   * delivery.
   */
  awaiting(
    agencies: { agencyCode: string; from: Date }[],
    limit: number,
    after: { submittedAt: Date; id: string } | null = null,
  ) {
    return this.repository.awaiting(agencies, limit, after);
  }

  /** Dossiers by id, each with its files and fees: three statements however many. */
  async dossiers(ids: string[]): Promise<HandedDossier[]> {
    if (ids.length === 0) return [];
    const rows = await this.repository.byIds(ids);
    const attachments = await this.repository.attachments(ids);
    const fees = await this.repository.fees(ids);
    return rows.map((row) => ({
      row,
      attachments: attachments.filter((a) => a.dossier_id === row.id),
      fees: fees.filter((f) => f.dossier_id === row.id),
    }));
  }

  /** A file attached to a dossier, to stream; 404 when it is none of the dossier's. */
  async attachment(dossierId: string, documentId: string) {
    const [attachment] = (await this.repository.attachments([dossierId])).filter(
      (a) => a.document_id === documentId,
    );
    if (!attachment) throw notFound('errors.documentNotFound');
    return { attachment, content: await this.deps.files.stream(attachment.sha256) };
  }
}
