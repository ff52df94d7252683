import type { Queryable } from '../../platform/db.js';
import { STATUS } from './codes.js';
import { RUNNING } from './lifecycle.js';

/** The dossiers module's SQL for the leaders' dashboard (ADR 0008): deadlines and data quality. */

/** Statuses whose deadline runs: the inbox's "late" counts the same ones (queue-repository). */
const RUNNING_LIST = `(${RUNNING.join(', ')})`;

/** Received (or further) dossiers that should have had a due date from their system. */
const DATED = [
  STATUS.received,
  STATUS.processing,
  STATUS.supplementRequested,
  STATUS.paymentRequested,
  STATUS.processed,
  STATUS.returned,
].join(', ');

/** What is wrong with a synced dossier, as SQL over synced_dossiers (s); migration 0036 indexes exactly these rows. */
export const PROBLEMS = {
  impossible_transition: 's.flag_count > 0',
  no_received_at: `s.status >= ${STATUS.received} AND s.received_at IS NULL`,
  no_returned_at: `s.status = ${STATUS.returned} AND s.returned_at IS NULL`,
  no_due_at: `s.status IN (${DATED}) AND s.due_at IS NULL`,
} as const;
export type Problem = keyof typeof PROBLEMS;

export interface DeadlineCountRow {
  agency_code: string;
  procedure_code: string;
  overdue: number;
  due_soon: number;
}

export interface QualityRow {
  code: string;
  agency_code: string;
  procedure_code: string;
  status: number;
  problems: Problem[];
  last_flag: string | null;
  /** When: the last impossible transition, else the newest event applied. */
  at: Date;
  total: number;
}

const problemList = Object.entries(PROBLEMS)
  .map(([name, sql]) => `CASE WHEN ${sql} THEN '${name}' END`)
  .join(', ');

export class OversightRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Open dossiers held by these agencies that are past due or due before `soon`, counted by
   * agency and procedure: the open-dossier index (holder, due) read up to `soon` only.
   */
  deadlineCounts(agencies: string[], now: Date, soon: Date): Promise<DeadlineCountRow[]> {
    return this.db.query<DeadlineCountRow>(
      `SELECT handling_agency_code AS agency_code, procedure_code,
         count(*) FILTER (WHERE due_at < $2)::int AS overdue,
         count(*) FILTER (WHERE due_at >= $2)::int AS due_soon
       FROM dossiers
       -- The first status condition is the index's own, so that the planner takes it.
       WHERE handling_agency_code = ANY($1::text[]) AND status IN (1, 2, 4, 5, 6)
         AND status IN ${RUNNING_LIST} AND due_at < $3
       GROUP BY handling_agency_code, procedure_code`,
      [agencies, now, soon],
    );
  }

  /** Synced dossiers of these agencies with something wrong, newest first, a page at a time. */
  quality(agencies: string[], limit: number, offset: number): Promise<QualityRow[]> {
    return this.db.query<QualityRow>(
      `SELECT s.code, s.agency_code, s.procedure_code, s.status, s.last_flag,
         coalesce(s.last_flag_at, s.last_event_at) AS at,
         array_remove(ARRAY[${problemList}], NULL) AS problems,
         count(*) OVER ()::int AS total
       FROM synced_dossiers s
       WHERE s.agency_code = ANY($1::text[])
         AND (${Object.values(PROBLEMS)
           .map((sql) => `(${sql})`)
           .join(' OR ')})
       ORDER BY coalesce(s.last_flag_at, s.last_event_at) DESC, s.code
       LIMIT $2 OFFSET $3`,
      [agencies, limit, offset],
    );
  }
}
