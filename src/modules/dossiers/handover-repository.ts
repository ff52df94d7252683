import type { Queryable } from '../../platform/db.js';
import { STATUS } from './codes.js';
import type { AttachmentRow } from './document-repository.js';
import type { FeeRow } from './fee-repository.js';
import type { DossierRow } from './rows.js';
import { safeFileName } from './uploads.js';

/** Filed online (1 at the counter, 3 by post). */
export const ONLINE = 2;

/** A dossier waiting to be received: what the hub's sweep looks for. */
export interface AwaitingRow {
  id: string;
  code: string;
  agency_code: string;
  submitted_at: Date;
}

/** A dossier's attachment, with the dossier it belongs to. */
export interface HandedAttachmentRow extends AttachmentRow {
  dossier_id: string;
}

/**
 * The SQL behind handing dossiers to connected systems (handover.ts): several dossiers read
 * at once, with their files and fees, and those filed online still waiting to be received.
 */
export class HandoverRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Dossiers filed online and still submitted (1), each at one of these agencies at or after
   * its instant; oldest first, a page at a time (after the last one of the page before).
   */
  async awaiting(
    agencies: { agencyCode: string; from: Date }[],
    limit: number,
    after: { submittedAt: Date; id: string } | null = null,
  ): Promise<AwaitingRow[]> {
    if (agencies.length === 0) return [];
    return this.db.query<AwaitingRow>(
      `SELECT d.id, d.code, d.agency_code, d.submitted_at
       FROM unnest($1::text[], $2::timestamptz[]) AS a(agency_code, since)
       JOIN dossiers d ON d.agency_code = a.agency_code AND d.status = ${STATUS.submitted}
         AND d.submitted_at >= a.since
       WHERE d.channel = ${ONLINE}
         AND ($4::timestamptz IS NULL OR (d.submitted_at, d.id) > ($4::timestamptz, $5::uuid))
       ORDER BY d.submitted_at, d.id LIMIT $3`,
      [
        agencies.map((a) => a.agencyCode),
        agencies.map((a) => a.from.toISOString()),
        limit,
        after?.submittedAt ?? null,
        after?.id ?? null,
      ],
    );
  }

  byIds(ids: string[]): Promise<DossierRow[]> {
    return this.db.query<DossierRow>('SELECT * FROM dossiers WHERE id = ANY($1::uuid[])', [ids]);
  }

  async attachments(ids: string[]): Promise<HandedAttachmentRow[]> {
    const rows = await this.db.query<HandedAttachmentRow>(
      `SELECT a.dossier_id, a.field_id, a.document_id, d.file_name, d.content_type,
         d.size::int AS size, d.sha256
       FROM dossier_attachments a JOIN documents d ON d.id = a.document_id
       WHERE a.dossier_id = ANY($1::uuid[]) ORDER BY a.added_at, d.file_name`,
      [ids],
    );
    // Named as they are listed and served to the applicant (document-repository.ts).
    return rows.map((row) => ({
      ...row,
      file_name: safeFileName(row.file_name, row.content_type),
    }));
  }

  fees(ids: string[]): Promise<FeeRow[]> {
    return this.db.query<FeeRow>(
      `SELECT id, dossier_id, amount::float8 AS amount, items, requested_at, paid_order_id
       FROM dossier_fees WHERE dossier_id = ANY($1::uuid[]) ORDER BY requested_at`,
      [ids],
    );
  }
}
