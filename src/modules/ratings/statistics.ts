import type { Queryable } from '../../platform/db.js';
import {
  changedByPosition,
  checkLimit,
  type FeedCursor,
  type StatisticsFeed,
} from '../../platform/feeds.js';
import { RatingStatisticsRepository } from './statistics-repository.js';

/** A rating as the monitoring index counts it. */
export interface RatingFact {
  dossierCode: string;
  agencyCode: string;
  procedureCode: string;
  /** When it was first given (a change keeps it: the rating belongs to that month). */
  givenAt: Date;
  /** 1 to 5. */
  overall: number;
  /** 1 to 5. */
  conduct: number;
  onTime: boolean;
  feesAsAnnounced: boolean;
}

/** Ratings given or changed, by the code of the dossier rated. */
export class RatingStatistics implements StatisticsFeed<RatingFact> {
  private readonly repository: RatingStatisticsRepository;

  constructor(db: Queryable) {
    this.repository = new RatingStatisticsRepository(db);
  }

  changed(cursor: FeedCursor | null, limit: number) {
    return changedByPosition(cursor, limit, (after, most) =>
      this.repository.changedAfter(after, most),
    );
  }

  async facts(keys: string[]): Promise<RatingFact[]> {
    if (keys.length === 0) return [];
    return (await this.repository.facts(keys)).map((row) => ({
      dossierCode: row.dossier_code,
      agencyCode: row.agency_code,
      procedureCode: row.procedure_code,
      givenAt: row.given_at,
      overall: row.overall,
      conduct: row.conduct,
      onTime: row.on_time,
      feesAsAnnounced: row.fees_as_announced,
    }));
  }

  keys(after: string | null, limit: number): Promise<string[]> {
    return this.repository.codes(after, checkLimit(limit));
  }
}
