import type { Queryable } from '../../platform/db.js';

export interface FeedbackFactRow {
  code: string;
  kind: string;
  agency_code: string;
  procedure_code: string | null;
  status: string;
  created_at: Date;
  due_at: Date | null;
  answered_at: Date | null;
  answer_agency_code: string | null;
  went_overdue: boolean;
}

/**
 * The feedback module's SQL for its statistics feed. Every change of an item is a step that
 * writes an event in the same transaction (steps.ts, the escalation job), so the events' ids
 * are the feed's positions.
 */
export class FeedbackStatisticsRepository {
  constructor(private readonly db: Queryable) {}

  /** Events after `after`, in id order, with their item's code. */
  eventsAfter(after: number, limit: number) {
    return this.db.query<{ position: number; code: string | null }>(
      `SELECT e.id AS position, i.code
       FROM (SELECT id, feedback_id FROM feedback_events WHERE id > $1 ORDER BY id LIMIT $2) e
       LEFT JOIN feedback_items i ON i.id = e.feedback_id
       ORDER BY e.id`,
      [after, limit],
    );
  }

  /**
   * Items of these codes. Whether one ever went overdue is read from its events: a later step
   * clears `escalated_at` (a new deadline runs), the escalation's event stays.
   */
  facts(codes: string[]) {
    return this.db.query<FeedbackFactRow>(
      `SELECT i.code, i.kind, i.agency_code, i.procedure_code, i.status, i.created_at, i.due_at,
         i.answered_at, i.answer_agency_code,
         i.escalated_at IS NOT NULL OR EXISTS (SELECT 1 FROM feedback_events e
           WHERE e.feedback_id = i.id AND e.action = 'escalate') AS went_overdue
       FROM feedback_items i WHERE i.code = ANY($1::text[]) ORDER BY i.code`,
      [codes],
    );
  }

  async codes(after: string | null, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ code: string }>(
      `SELECT code FROM feedback_items WHERE code > $1 ORDER BY code LIMIT $2`,
      [after ?? '', limit],
    );
    return rows.map((r) => r.code);
  }
}
