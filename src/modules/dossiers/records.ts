import type { Changes } from '../../platform/changes.js';
import type { Database, Queryable } from '../../platform/db.js';
import { DocumentRepository, type DocumentRow } from './document-repository.js';
import { FeeRepository } from './fee-repository.js';
import { QueueRepository } from './queue-repository.js';
import { DossierRepository } from './repository.js';

/**
 * Dossiers as the agencies read them: by code (who may see one is decided by the caller),
 * their timelines, files and fees, and the queues behind the officers' inbox. Read-only,
 * but for documents the portal issues into a person's store (receipts).
 */
export class DossierRecords {
  private readonly dossiers: DossierRepository;
  private readonly documents: DocumentRepository;
  private readonly feeRows: FeeRepository;
  readonly queue: QueueRepository;

  constructor(db: Database, changes: Changes) {
    this.dossiers = new DossierRepository(db, changes);
    this.documents = new DocumentRepository(db);
    this.feeRows = new FeeRepository(db);
    this.queue = new QueueRepository(db);
  }

  byCode(code: string) {
    return this.dossiers.findByCode(code);
  }

  events(dossierId: string) {
    return this.dossiers.events(dossierId);
  }

  attachments(dossierId: string) {
    return this.documents.attachments(dossierId);
  }

  fees(dossierId: string) {
    return this.feeRows.ofDossier(dossierId);
  }

  /** Files a document the portal issued (a receipt) into its owner's store. */
  storeDocument(
    tx: Queryable,
    document: Omit<Parameters<DocumentRepository['insertDocument']>[0], 'source'> & {
      source: 'receipt';
    },
  ): Promise<DocumentRow> {
    return this.documents.with(tx).insertDocument(document);
  }
}
