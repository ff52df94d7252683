import type { Queryable } from '../../platform/db.js';

/** The dashboard's own read of the daily figures (ADR 0008): ratings per procedure. */

export interface RatedProcedureRow {
  procedure_code: string;
  rated: number;
  points_milli: number;
}

export class DashboardRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Procedures of these agencies rated at least `least` times since `fromDay`, lowest
   * average first: the rating rows' own index (migration 0038) bounds the read.
   */
  lowestRated(agencies: string[], fromDay: string, least: number, limit: number) {
    return this.db.query<RatedProcedureRow>(
      `SELECT procedure_code,
         sum(value) FILTER (WHERE metric = 'rated')::bigint AS rated,
         sum(value) FILTER (WHERE metric = 'rating_points_milli')::bigint AS points_milli
       FROM monitoring_counts
       WHERE agency_code = ANY($1::text[]) AND day >= $2::date
         AND metric IN ('rated', 'rating_points_milli')
       GROUP BY procedure_code
       HAVING sum(value) FILTER (WHERE metric = 'rated') >= $3
       ORDER BY sum(value) FILTER (WHERE metric = 'rating_points_milli')::float8
         / sum(value) FILTER (WHERE metric = 'rated'), procedure_code
       LIMIT $4`,
      [agencies, fromDay, least, limit],
    );
  }
}
