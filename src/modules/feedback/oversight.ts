import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db.js';
import { OPEN_STATES } from './repository.js';

/** Feedback an agency has not answered yet, and how much of it is past its deadline. */
export interface UnansweredFeedback {
  agencyCode: string;
  open: number;
  overdue: number;
}

/**
 * What an agency's leaders see of its feedback (the monitoring dashboard): items sent,
 * being handled or waiting for their sender, per agency holding them. One read over the
 * index on (agency, status, due).
 */
export class FeedbackOversight {
  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
  ) {}

  async unanswered(agencies: string[]): Promise<UnansweredFeedback[]> {
    if (agencies.length === 0) return [];
    const rows = await this.db.query<{ agency_code: string; open: number; overdue: number }>(
      `SELECT agency_code, count(*)::int AS open,
         count(*) FILTER (WHERE due_at < $3)::int AS overdue
       FROM feedback_items
       WHERE agency_code = ANY($1::text[]) AND status = ANY($2::text[])
       GROUP BY agency_code`,
      [agencies, OPEN_STATES, this.clock.now()],
    );
    return rows.map((row) => ({
      agencyCode: row.agency_code,
      open: row.open,
      overdue: row.overdue,
    }));
  }
}
