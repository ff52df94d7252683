import type { Queryable } from '../../platform/db.js';
import { STATUS } from './codes.js';

/**
 * The dossiers' SQL for the statistics feeds (src/platform/feeds.ts): which dossiers changed
 * after a position, and what the monitoring index needs of them. Each read of changes takes
 * at most `limit` rows of one ordered source by its own index, whatever the tables' size,
 * and answers every row read (`code` null when it names nothing that counts) so that the
 * cursor moves past it.
 */

export interface PositionRow {
  position: number;
  code: string | null;
}

export interface PortalFactRow {
  code: string;
  agency_code: string;
  procedure_code: string;
  channel: number;
  status: number;
  submitted_at: Date | null;
  due_at: Date | null;
  finished_at: Date | null;
  outcome: 'early' | 'on_time' | 'late' | null;
  electronic_result: boolean;
  attachments: number;
  reused_attachments: number;
  fee_requested: boolean;
  fee_paid: boolean;
}

export interface SyncedFactRow {
  code: string;
  agency_code: string;
  procedure_code: string;
  channel: number;
  status: number;
  received_at: Date | null;
  due_at: Date | null;
  returned_at: Date | null;
  /** When an applied event first took it to processed or returned. */
  resolved_at: Date | null;
  electronic_result: boolean;
  fee_requested: boolean;
  /** Seconds from its first applied event at or after receipt to when the portal recorded it. */
  recorded_after: number | null;
  flag_count: number;
}

/** Statuses in which handling has ended with a result. */
const WITH_RESULT = `(${STATUS.processed}, ${STATUS.returned})`;

export class DossierStatisticsRepository {
  constructor(private readonly db: Queryable) {}

  /** Dossier events after `after`, in id order, with their dossier's code. */
  eventsAfter(after: number, limit: number): Promise<PositionRow[]> {
    return this.db.query<PositionRow>(
      `SELECT e.id AS position, d.code
       FROM (SELECT id, dossier_id FROM dossier_events WHERE id > $1 ORDER BY id LIMIT $2) e
       LEFT JOIN dossiers d ON d.id = e.dossier_id AND d.status > ${STATUS.draft}
       ORDER BY e.id`,
      [after, limit],
    );
  }

  /** Fees paid after `after` (their payment's position), in that order, with the dossier's code. */
  feesPaidAfter(after: number, limit: number): Promise<PositionRow[]> {
    return this.db.query<PositionRow>(
      `SELECT f.paid_seq AS position, d.code
       FROM (SELECT paid_seq, dossier_id FROM dossier_fees WHERE paid_seq > $1
             ORDER BY paid_seq LIMIT $2) f
       LEFT JOIN dossiers d ON d.id = f.dossier_id AND d.status > ${STATUS.draft}
       ORDER BY f.paid_seq`,
      [after, limit],
    );
  }

  /** Status sync's events after `after`, in the order recorded; a portal dossier's count not. */
  syncEventsAfter(after: number, limit: number): Promise<PositionRow[]> {
    return this.db.query<PositionRow>(
      `SELECT e.seq AS position, s.code
       FROM (SELECT seq, dossier_code FROM dossier_sync_events WHERE seq > $1
             ORDER BY seq LIMIT $2) e
       LEFT JOIN synced_dossiers s ON s.code = e.dossier_code AND s.dossier_id IS NULL
       ORDER BY e.seq`,
      [after, limit],
    );
  }

  /** Codes of submitted dossiers after `after`, in code order. */
  async portalCodes(after: string | null, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ code: string }>(
      `SELECT code FROM dossiers WHERE code > $1 ORDER BY code LIMIT $2`,
      [after ?? '', limit],
    );
    return rows.map((r) => r.code);
  }

  /** Codes of synced dossiers that are not the portal's own, after `after`, in code order. */
  async syncedCodes(after: string | null, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ code: string }>(
      `SELECT code FROM synced_dossiers WHERE code > $1 AND dossier_id IS NULL
       ORDER BY code LIMIT $2`,
      [after ?? '', limit],
    );
    return rows.map((r) => r.code);
  }

  /**
   * Submitted dossiers of these codes: their row, how many files were filed with them and how
   * many of those the person had in their store before starting the dossier, and their fees.
   */
  portalFacts(codes: string[]): Promise<PortalFactRow[]> {
    return this.db.query<PortalFactRow>(
      `SELECT d.code, d.agency_code, d.procedure_code, d.channel, d.status, d.submitted_at,
         d.due_at, d.finished_at, d.outcome, d.result_document_id IS NOT NULL AS electronic_result,
         coalesce(a.attachments, 0) AS attachments,
         coalesce(a.reused_attachments, 0) AS reused_attachments,
         f.dossier_id IS NOT NULL AS fee_requested, coalesce(f.paid, false) AS fee_paid
       FROM dossiers d
       LEFT JOIN LATERAL (
         SELECT count(*)::int AS attachments,
           (count(*) FILTER (WHERE doc.created_at < d.created_at))::int AS reused_attachments
         FROM dossier_attachments da JOIN documents doc ON doc.id = da.document_id
         WHERE da.dossier_id = d.id) a ON true
       LEFT JOIN LATERAL (
         SELECT dossier_id, bool_or(paid_order_id IS NOT NULL) AS paid
         FROM dossier_fees WHERE dossier_id = d.id GROUP BY dossier_id) f ON true
       WHERE d.code = ANY($1::text[]) AND d.status > ${STATUS.draft}
       ORDER BY d.code`,
      [codes],
    );
  }

  /**
   * Synced dossiers of these codes that are not the portal's own, with what their events
   * say: when one first took it to a result, and how late the portal learned of its receipt
   * (the timeline's index finds a dossier's events by code and time).
   */
  syncedFacts(codes: string[]): Promise<SyncedFactRow[]> {
    return this.db.query<SyncedFactRow>(
      `SELECT s.code, s.agency_code, s.procedure_code, s.channel, s.status, s.received_at,
         s.due_at, s.returned_at, s.flag_count,
         jsonb_array_length(s.results) > 0 AS electronic_result,
         jsonb_array_length(s.fees) > 0 AS fee_requested,
         (SELECT min(e.at) FROM dossier_sync_events e
          WHERE e.dossier_code = s.code AND e.applied AND e.status IN ${WITH_RESULT}) AS resolved_at,
         (SELECT greatest(0, floor(extract(epoch FROM e.recorded_at - e.at)))::float8
          FROM dossier_sync_events e
          WHERE e.dossier_code = s.code AND e.applied AND e.at >= s.received_at
          ORDER BY e.at, e.recorded_at LIMIT 1) AS recorded_after
       FROM synced_dossiers s
       WHERE s.code = ANY($1::text[]) AND s.dossier_id IS NULL
       ORDER BY s.code`,
      [codes],
    );
  }
}
