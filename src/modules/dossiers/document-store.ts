import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { invalidFields, notFound } from '../../platform/errors.js';
import type { FileStore } from '../../platform/files.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { ReceivedFile } from '../../platform/received-files.js';
import { allFields, type AttachmentField } from '../forms/index.js';
import type { Applicant } from './applicant.js';
import { STATUS } from './codes.js';
import { DocumentRepository } from './document-repository.js';
import type { DossierRow } from './rows.js';
import { draftOnly } from './filing.js';
import type { DossierService } from './service.js';
import { checkUpload, safeFileName } from './uploads.js';

interface DossierLimits {
  maxFileBytes: number;
  maxDossierBytes: number;
}

/**
 * A person's document store and the files attached to their dossiers: uploads checked by
 * content and size, kept once in the file store, reusable from one dossier to the next.
 */
export class DocumentStore {
  private readonly repository: DocumentRepository;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: { dossiers: DossierService; files: FileStore; limits: DossierLimits },
  ) {
    this.repository = new DocumentRepository(db);
  }

  private async attachmentField(row: DossierRow, fieldId: string): Promise<AttachmentField> {
    const form = await this.deps.dossiers.formOf(row);
    const field = allFields(form).find((f) => f.id === fieldId);
    if (!field || field.type !== 'attachment') {
      throw invalidFields('unknown_field', [
        { field: 'field', messageKey: 'dossier.error.unknownAttachmentField' },
      ]);
    }
    return field;
  }

  private uploadProblem(fieldId: string, messageKey: MessageKey, limit?: number) {
    return invalidFields('invalid_file', [
      { field: fieldId, messageKey, params: { limit: limit ?? '' } },
    ]);
  }

  /**
   * Attaches a file to a draft: checked by content and size, kept once in the file store,
   * and recorded in the owner's document store under the field's document type.
   */
  async upload(
    who: Applicant,
    id: string,
    fieldId: string,
    upload: { name?: string; file: ReceivedFile },
  ) {
    const row = await this.deps.dossiers.owned(who, id);
    // Files go to a draft, or to a dossier whose agency asked for a supplement.
    if (row.status !== STATUS.draft && row.status !== STATUS.supplementRequested) throw draftOnly();
    const field = await this.attachmentField(row, fieldId);
    const checked = await checkUpload(upload.file, {
      allowOffice: field.allowOffice === true,
      maxBytes: this.deps.limits.maxFileBytes,
    });
    if (!checked.ok) {
      throw this.uploadProblem(
        fieldId,
        `dossier.error.${checked.problem}`,
        Math.round(this.deps.limits.maxFileBytes / 1_048_576),
      );
    }
    await this.assertRoom(row, field, upload.file.size);
    const stored = await this.deps.files.putFile(upload.file);
    return this.db.transaction(async (tx) => {
      const repository = this.repository.with(tx);
      const document = await repository.insertDocument({
        ownerId: who.ownerId,
        documentType: field.documentType,
        fileName: safeFileName(upload.name, checked.contentType),
        contentType: checked.contentType,
        size: stored.size,
        sha256: stored.sha256,
        source: 'upload',
        now: this.clock.now(),
      });
      await repository.attach(row.id, field.id, document.id, this.clock.now());
      return document;
    });
  }

  /** Attaches a document already in the owner's store (of the type the field asks for). */
  async reuse(who: Applicant, id: string, fieldId: string, documentId: string) {
    const row = await this.deps.dossiers.owned(who, id);
    // Files go to a draft, or to a dossier whose agency asked for a supplement.
    if (row.status !== STATUS.draft && row.status !== STATUS.supplementRequested) throw draftOnly();
    const field = await this.attachmentField(row, fieldId);
    const document = await this.repository.ownedDocument(who.ownerId, documentId);
    const stored = document
      ? (await this.repository.documents(who.ownerId, field.documentType)).find(
          (d) => d.id === document.id,
        )
      : undefined;
    if (!stored) throw this.uploadProblem(fieldId, 'dossier.error.documentNotInStore');
    const already = (await this.repository.attachments(row.id)).some(
      (a) => a.field_id === field.id && a.document_id === stored.id,
    );
    if (!already) await this.assertRoom(row, field, stored.size);
    await this.repository.attach(row.id, field.id, stored.id, this.clock.now());
    return stored;
  }

  private async assertRoom(row: DossierRow, field: AttachmentField, bytes: number) {
    const attached = await this.repository.attachments(row.id);
    const inField = attached.filter((a) => a.field_id === field.id).length;
    const max = field.maxFiles ?? 5;
    // A supplement adds to what was filed (which stays, as it was received).
    if (row.status === STATUS.draft && inField >= max) {
      throw this.uploadProblem(field.id, 'form.error.tooManyFiles', max);
    }
    const total = attached.reduce((sum, a) => sum + a.size, 0);
    if (total + bytes > this.deps.limits.maxDossierBytes) {
      throw this.uploadProblem(
        field.id,
        'dossier.error.dossierTooLarge',
        Math.round(this.deps.limits.maxDossierBytes / 1_048_576),
      );
    }
  }

  async removeAttachment(who: Applicant, id: string, fieldId: string, documentId: string) {
    const row = await this.deps.dossiers.owned(who, id);
    if (row.status !== STATUS.draft) throw draftOnly();
    await this.repository.detach(row.id, fieldId, documentId);
  }

  documents(who: Applicant, documentType?: string) {
    return this.repository.documents(who.ownerId, documentType);
  }

  /** A document's bytes, for its owner only (from the store or one of their dossiers). */
  async documentFile(who: Applicant, documentId: string) {
    const document = await this.repository.ownedDocument(who.ownerId, documentId);
    if (!document) throw notFound('errors.documentNotFound');
    return { document, content: await this.deps.files.stream(document.sha256) };
  }

  async deleteDocument(who: Applicant, documentId: string) {
    const removed = await this.db.transaction((tx) =>
      this.repository.with(tx).deleteDocument(who.ownerId, documentId, this.clock.now()),
    );
    if (!removed) throw notFound('errors.documentNotFound');
    if (!(await this.repository.fileInUse(removed.sha256)))
      await this.deps.files.remove(removed.sha256);
  }
}
