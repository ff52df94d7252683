import type { Queryable } from '../../platform/db.js';
import {
  changedByPosition,
  checkLimit,
  type FeedCursor,
  type StatisticsFeed,
} from '../../platform/feeds.js';
import { FeedbackStatisticsRepository } from './statistics-repository.js';

/** A feedback item as the monitoring index counts it. */
export interface FeedbackFact {
  code: string;
  kind: string;
  /** The agency holding it now (the competent one, after any forwarding). */
  agencyCode: string;
  procedureCode: string | null;
  status: string;
  createdAt: Date;
  /** The deadline running now, if any. */
  dueAt: Date | null;
  answeredAt: Date | null;
  answerAgencyCode: string | null;
  /** went past a deadline at least once (escalated) */
  wentOverdue: boolean;
}

/** Feedback items sent or moved on by a step, by their acknowledgement code. */
export class FeedbackStatistics implements StatisticsFeed<FeedbackFact> {
  private readonly repository: FeedbackStatisticsRepository;

  constructor(db: Queryable) {
    this.repository = new FeedbackStatisticsRepository(db);
  }

  changed(cursor: FeedCursor | null, limit: number) {
    return changedByPosition(cursor, limit, (after, most) =>
      this.repository.eventsAfter(after, most),
    );
  }

  async facts(keys: string[]): Promise<FeedbackFact[]> {
    if (keys.length === 0) return [];
    return (await this.repository.facts(keys)).map((row) => ({
      code: row.code,
      kind: row.kind,
      agencyCode: row.agency_code,
      procedureCode: row.procedure_code,
      status: row.status,
      createdAt: row.created_at,
      dueAt: row.due_at,
      answeredAt: row.answered_at,
      answerAgencyCode: row.answer_agency_code,
      wentOverdue: row.went_overdue,
    }));
  }

  keys(after: string | null, limit: number): Promise<string[]> {
    return this.repository.codes(after, checkLimit(limit));
  }
}
