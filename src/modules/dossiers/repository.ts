import type { Queryable } from '../../platform/db.js';
import type { Answers } from '../forms/definition.js';

export interface DossierRow {
  id: string;
  code: string | null;
  owner_id: string;
  filed_by: string;
  procedure_code: string;
  procedure_version: number;
  agency_code: string;
  channel: number;
  status: number;
  answers: Answers;
  applicant_name: string | null;
  applicant_id_number: string | null;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
  due_at: Date | null;
  withdrawn_at: Date | null;
  version: number;
  /** The signed e-result, once issued (in the owner's document store). */
  result_document_id: string | null;
  /** The postal tracking number of a result sent by post. */
  result_tracking_number: string | null;
}

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

export interface EventRow {
  at: Date;
  action: string;
  status: number;
  note: string | null;
  details: { number?: number; items?: string[] } | null;
}

const DOCUMENT_COLUMNS =
  'id, owner_id, document_type, file_name, content_type, size::int AS size, sha256, source, created_at';

/** The dossiers module's SQL. Every read of a person's data is filtered by its owner. */
export class DossierRepository {
  constructor(private readonly db: Queryable) {}

  with(tx: Queryable) {
    return new DossierRepository(tx);
  }

  async insertDraft(draft: {
    ownerId: string;
    filedBy: string;
    procedureCode: string;
    procedureVersion: number;
    agencyCode: string;
    answers: Answers;
    now: Date;
  }): Promise<DossierRow> {
    const [row] = await this.db.query<DossierRow>(
      `INSERT INTO dossiers (owner_id, filed_by, procedure_code, procedure_version, agency_code,
         handling_agency_code, answers, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $7) RETURNING *`,
      [
        draft.ownerId,
        draft.filedBy,
        draft.procedureCode,
        draft.procedureVersion,
        draft.agencyCode,
        JSON.stringify(draft.answers),
        draft.now,
      ],
    );
    return row!;
  }

  async findOwned(ownerId: string, id: string, lock = false): Promise<DossierRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [row] = await this.db.query<DossierRow>(
      `SELECT * FROM dossiers WHERE id = $1 AND owner_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [id, ownerId],
    );
    return row;
  }

  async findOwnedByCode(ownerId: string, code: string): Promise<DossierRow | undefined> {
    const [row] = await this.db.query<DossierRow>(
      'SELECT * FROM dossiers WHERE code = $1 AND owner_id = $2',
      [code, ownerId],
    );
    return row;
  }

  async findByCode(code: string): Promise<DossierRow | undefined> {
    const [row] = await this.db.query<DossierRow>('SELECT * FROM dossiers WHERE code = $1', [code]);
    return row;
  }

  async listOwned(ownerId: string, limit: number): Promise<DossierRow[]> {
    return this.db.query<DossierRow>(
      `SELECT * FROM dossiers WHERE owner_id = $1 ORDER BY updated_at DESC, id LIMIT $2`,
      [ownerId, limit],
    );
  }

  async draftsFor(ownerId: string, procedureCode: string): Promise<DossierRow[]> {
    return this.db.query<DossierRow>(
      `SELECT * FROM dossiers WHERE owner_id = $1 AND procedure_code = $2 AND status = 0
       ORDER BY updated_at DESC`,
      [ownerId, procedureCode],
    );
  }

  async saveAnswers(id: string, answers: Answers, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE dossiers SET answers = $2, updated_at = $3, version = version + 1
       WHERE id = $1 AND status = 0`,
      [id, JSON.stringify(answers), now],
    );
  }

  /** The next number of an agency's day, in the caller's transaction (gap-free). */
  async nextSequence(agencyCode: string, day: string): Promise<number> {
    const [row] = await this.db.query<{ last_value: number }>(
      `INSERT INTO dossier_sequences (agency_code, day, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (agency_code, day)
       DO UPDATE SET last_value = dossier_sequences.last_value + 1
       RETURNING last_value`,
      [agencyCode, day],
    );
    return row!.last_value;
  }

  async markSubmitted(input: {
    id: string;
    code: string;
    answers: Answers;
    applicantName: string;
    applicantIdNumber: string;
    now: Date;
    dueAt: Date;
  }): Promise<DossierRow> {
    const [row] = await this.db.query<DossierRow>(
      `UPDATE dossiers SET status = 1, code = $2, answers = $3, applicant_name = $4,
         applicant_id_number = $5, submitted_at = $6, updated_at = $6, due_at = $7,
         version = version + 1
       WHERE id = $1 AND status = 0 RETURNING *`,
      [
        input.id,
        input.code,
        JSON.stringify(input.answers),
        input.applicantName,
        input.applicantIdNumber,
        input.now,
        input.dueAt,
      ],
    );
    return row!;
  }

  async setStatus(
    id: string,
    from: number,
    to: number,
    now: Date,
  ): Promise<DossierRow | undefined> {
    const [row] = await this.db.query<DossierRow>(
      `UPDATE dossiers SET status = $3::smallint, updated_at = $4::timestamptz,
         version = version + 1,
         withdrawn_at = CASE WHEN $3::smallint = 7 THEN $4::timestamptz ELSE withdrawn_at END
       WHERE id = $1 AND status = $2 RETURNING *`,
      [id, from, to, now],
    );
    return row;
  }

  async addEvent(event: {
    dossierId: string;
    at: Date;
    action: string;
    status: number;
    actorId: string | null;
    note?: string | null;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO dossier_events (dossier_id, at, action, status, actor_id, note)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [event.dossierId, event.at, event.action, event.status, event.actorId, event.note ?? null],
    );
  }

  async events(dossierId: string): Promise<EventRow[]> {
    return this.db.query<EventRow>(
      'SELECT at, action, status, note, details FROM dossier_events WHERE dossier_id = $1 ORDER BY id',
      [dossierId],
    );
  }

  async attachments(dossierId: string): Promise<AttachmentRow[]> {
    return this.db.query<AttachmentRow>(
      `SELECT a.field_id, a.document_id, d.file_name, d.content_type, d.size::int AS size, d.sha256
       FROM dossier_attachments a JOIN documents d ON d.id = a.document_id
       WHERE a.dossier_id = $1 ORDER BY a.added_at, d.file_name`,
      [dossierId],
    );
  }

  async attach(dossierId: string, fieldId: string, documentId: string, now: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO dossier_attachments (dossier_id, field_id, document_id, added_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [dossierId, fieldId, documentId, now],
    );
  }

  async detach(dossierId: string, fieldId: string, documentId: string): Promise<number> {
    const rows = await this.db.query(
      `DELETE FROM dossier_attachments WHERE dossier_id = $1 AND field_id = $2 AND document_id = $3
       RETURNING document_id`,
      [dossierId, fieldId, documentId],
    );
    return rows.length;
  }

  /** The fee the agency asked of a dossier and is still waiting for (payments keep it). */
  async openFee(dossierId: string) {
    const [fee] = await this.db.query<{
      amount: number;
      items: { name: string; amount: number }[];
    }>(
      `SELECT amount::float8 AS amount, items FROM dossier_fees
       WHERE dossier_id = $1 AND paid_order_id IS NULL`,
      [dossierId],
    );
    return fee ?? null;
  }

  /** A fee due on the dossier (the officer's request, or the procedure's on filing). */
  async insertFee(
    dossierId: string,
    items: { name: string; amount: number }[],
    now: Date,
    requestedBy: string | null = null,
  ) {
    await this.db.query(
      `INSERT INTO dossier_fees (dossier_id, items, amount, requested_at, requested_by)
       VALUES ($1, $2, $3, $4, $5)`,
      [
        dossierId,
        JSON.stringify(items),
        items.reduce((sum, i) => sum + i.amount, 0),
        now,
        requestedBy,
      ],
    );
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
    return row!;
  }

  async documents(ownerId: string, documentType?: string): Promise<DocumentRow[]> {
    return this.db.query<DocumentRow>(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents
       WHERE owner_id = $1 AND deleted_at IS NULL AND ($2::text IS NULL OR document_type = $2)
       ORDER BY created_at DESC, id`,
      [ownerId, documentType ?? null],
    );
  }

  /** A document the owner may see: in the store, or attached to one of their dossiers. */
  async ownedDocument(ownerId: string, id: string): Promise<DocumentRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [row] = await this.db.query<DocumentRow>(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = $1 AND owner_id = $2`,
      [id, ownerId],
    );
    return row;
  }

  /** Removes a document from the store and from drafts; submitted dossiers keep it. */
  async deleteDocument(ownerId: string, id: string, now: Date): Promise<DocumentRow | undefined> {
    const [row] = await this.db.query<DocumentRow>(
      `UPDATE documents SET deleted_at = $3 WHERE id = $1 AND owner_id = $2 AND deleted_at IS NULL
       RETURNING ${DOCUMENT_COLUMNS}`,
      [id, ownerId, now],
    );
    if (!row) return undefined;
    await this.db.query(
      `DELETE FROM dossier_attachments a USING dossiers d
       WHERE a.dossier_id = d.id AND d.status = 0 AND a.document_id = $1`,
      [id],
    );
    return row;
  }

  /** Whether any document row or submitted dossier still needs the file with this hash. */
  async fileInUse(sha256: string): Promise<boolean> {
    const [row] = await this.db.query<{ used: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM documents d WHERE d.sha256 = $1 AND (d.deleted_at IS NULL OR EXISTS (
           SELECT 1 FROM dossier_attachments a WHERE a.document_id = d.id))) AS used`,
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
