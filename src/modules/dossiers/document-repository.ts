import type { Queryable } from '../../platform/db.js';
import { isUuid } from '../../platform/ids.js';
import { STATUS } from './codes.js';
import { safeFileName } from './uploads.js';

export interface DocumentRow {
  id: string;
  owner_id: string;
  document_type: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  source: 'upload' | 'result';
  created_at: Date;
}

export interface AttachmentRow {
  field_id: string;
  document_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
}

const DOCUMENT_COLUMNS =
  'id, owner_id, document_type, file_name, content_type, size::int AS size, sha256, source, created_at';

/** A file still needed: by a dossier it is attached to, or as a dossier's signed result. */
const STILL_NEEDED = `(EXISTS (SELECT 1 FROM dossier_attachments a WHERE a.document_id = d.id)
  OR EXISTS (SELECT 1 FROM dossiers r WHERE r.result_document_id = d.id))`;

/**
 * Names as they are listed and served: rows kept by an earlier release, before names were
 * cleaned and given their type's extension on upload, are shown the same way.
 */
const named = <T extends { file_name: string; content_type: string }>(row: T): T => ({
  ...row,
  file_name: safeFileName(row.file_name, row.content_type),
});

/**
 * The document store's SQL: each person's documents (uploads, signed results, receipts) and
 * what is attached to their dossiers. Every read of a person's documents is filtered by owner.
 */
export class DocumentRepository {
  constructor(private readonly db: Queryable) {}

  with(tx: Queryable) {
    return new DocumentRepository(tx);
  }

  async attachments(dossierId: string): Promise<AttachmentRow[]> {
    const rows = await this.db.query<AttachmentRow>(
      `SELECT a.field_id, a.document_id, d.file_name, d.content_type, d.size::int AS size, d.sha256
       FROM dossier_attachments a JOIN documents d ON d.id = a.document_id
       WHERE a.dossier_id = $1 ORDER BY a.added_at, d.file_name`,
      [dossierId],
    );
    return rows.map(named);
  }

  async attach(dossierId: string, fieldId: string, documentId: string, now: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO dossier_attachments (dossier_id, field_id, document_id, added_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [dossierId, fieldId, documentId, now],
    );
  }

  async detach(dossierId: string, fieldId: string, documentId: string): Promise<number> {
    // A form's button carries the id: one that is not a UUID names nothing attached.
    if (!isUuid(documentId)) return 0;
    const rows = await this.db.query(
      `DELETE FROM dossier_attachments WHERE dossier_id = $1 AND field_id = $2 AND document_id = $3
       RETURNING document_id`,
      [dossierId, fieldId, documentId],
    );
    return rows.length;
  }

  async insertDocument(doc: {
    ownerId: string;
    documentType: string;
    fileName: string;
    contentType: string;
    size: number;
    sha256: string;
    source: 'upload' | 'result' | 'receipt';
    now: Date;
  }): Promise<DocumentRow> {
    const [row] = await this.db.query<DocumentRow>(
      `INSERT INTO documents (owner_id, document_type, file_name, content_type, size, sha256,
         source, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${DOCUMENT_COLUMNS}`,
      [
        doc.ownerId,
        doc.documentType,
        doc.fileName,
        doc.contentType,
        doc.size,
        doc.sha256,
        doc.source,
        doc.now,
      ],
    );
    return named(row!);
  }

  async documents(ownerId: string, documentType?: string): Promise<DocumentRow[]> {
    const rows = await this.db.query<DocumentRow>(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents
       WHERE owner_id = $1 AND deleted_at IS NULL AND ($2::text IS NULL OR document_type = $2)
       ORDER BY created_at DESC, id`,
      [ownerId, documentType ?? null],
    );
    return rows.map(named);
  }

  /**
   * A document the owner may see: in the store, or (deleted from it) still attached to one
   * of their dossiers or its result. A deleted one nothing needs has lost its file.
   */
  async ownedDocument(ownerId: string, id: string): Promise<DocumentRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.db.query<DocumentRow>(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents d
       WHERE id = $1 AND owner_id = $2 AND (deleted_at IS NULL OR ${STILL_NEEDED})`,
      [id, ownerId],
    );
    return row && named(row);
  }

  /** Removes a document from the store and from drafts; submitted dossiers keep it. */
  async deleteDocument(ownerId: string, id: string, now: Date): Promise<DocumentRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.db.query<DocumentRow>(
      `UPDATE documents SET deleted_at = $3 WHERE id = $1 AND owner_id = $2 AND deleted_at IS NULL
       RETURNING ${DOCUMENT_COLUMNS}`,
      [id, ownerId, now],
    );
    if (!row) return undefined;
    await this.db.query(
      `DELETE FROM dossier_attachments a USING dossiers d
       WHERE a.dossier_id = d.id AND d.status = ${STATUS.draft} AND a.document_id = $1`,
      [id],
    );
    return row;
  }

  /**
   * Whether any document in a store, or needed by a dossier, still has the file with this
   * hash, or a connected system uploaded it as a result (synced dossiers name it).
   */
  async fileInUse(sha256: string): Promise<boolean> {
    const [row] = await this.db.query<{ used: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM documents d WHERE d.sha256 = $1 AND (d.deleted_at IS NULL OR ${STILL_NEEDED})
       ) OR EXISTS (SELECT 1 FROM sync_result_files s WHERE s.sha256 = $1) AS used`,
      [sha256],
    );
    return row?.used ?? false;
  }

  async attachedBytes(dossierId: string): Promise<number> {
    const [row] = await this.db.query<{ total: number }>(
      `SELECT coalesce(sum(d.size), 0)::int AS total FROM dossier_attachments a
       JOIN documents d ON d.id = a.document_id WHERE a.dossier_id = $1`,
      [dossierId],
    );
    return row?.total ?? 0;
  }
}
