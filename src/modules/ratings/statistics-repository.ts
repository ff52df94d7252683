import type { Queryable } from '../../platform/db.js';

export interface RatingFactRow {
  dossier_code: string;
  agency_code: string;
  procedure_code: string;
  given_at: Date;
  overall: number;
  conduct: number;
  on_time: boolean;
  fees_as_announced: boolean;
}

/**
 * The ratings' SQL for their feed: a rating's position (`seq`) is taken when it is given and
 * again when it is changed (migrations/0036_statistics_feeds.sql), so one index read in order
 * finds both; a rating holds one position, so no key repeats within an answer.
 */
export class RatingStatisticsRepository {
  constructor(private readonly db: Queryable) {}

  changedAfter(after: number, limit: number) {
    return this.db.query<{ position: number; code: string }>(
      `SELECT seq AS position, dossier_code AS code FROM ratings WHERE seq > $1
       ORDER BY seq LIMIT $2`,
      [after, limit],
    );
  }

  facts(codes: string[]) {
    return this.db.query<RatingFactRow>(
      `SELECT dossier_code, agency_code, procedure_code, given_at, overall, conduct, on_time,
         fees_as_announced
       FROM ratings WHERE dossier_code = ANY($1::text[]) ORDER BY dossier_code`,
      [codes],
    );
  }

  async codes(after: string | null, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ dossier_code: string }>(
      `SELECT dossier_code FROM ratings WHERE dossier_code > $1 ORDER BY dossier_code LIMIT $2`,
      [after ?? '', limit],
    );
    return rows.map((r) => r.dossier_code);
  }
}
