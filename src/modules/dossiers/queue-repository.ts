import type { Queryable } from '../../platform/db.js';
import { STATUS } from './codes.js';
import { RUNNING } from './lifecycle.js';
import type { DossierRow } from './rows.js';

export interface InboxFilter {
  agencies: string[];
  /** A status; without one, the dossiers still to handle (submitted … waiting). */
  status?: number | undefined;
  procedure?: string | undefined;
  /**
   * `today`: due today; `late`: past due and not finished; `waiting`: on the applicant;
   * `stranded`: received by these agencies (or held by them) and at a step nobody holds.
   */
  due?: 'today' | 'late' | 'waiting' | 'stranded' | undefined;
  /** The positions nobody holds (for `stranded`). */
  unstaffed?: Position[] | undefined;
  /** Only the dossiers given to this officer. */
  assignedTo?: string | undefined;
  /** A dossier code, or part of the applicant's name. */
  q?: string | undefined;
  after?: { dueAt: Date; id: string } | undefined;
  limit: number;
  now: Date;
  /** Today's bounds in Vietnam. */
  today: { from: Date; to: Date };
}

/** Statuses in which a deadline is still running or waiting (not finished, not processed). */
const OPEN = `(${[...RUNNING, STATUS.supplementRequested].sort((a, b) => a - b).join(', ')})`;
const LATE = `(${RUNNING.join(', ')})`;
const WAITING = `(${STATUS.supplementRequested}, ${STATUS.paymentRequested})`;

/** A step of a dossier's workflow: where it is handled and the role that takes it. */
export interface Position {
  agencyCode: string;
  role: string;
}

/**
 * At a step whose role nobody holds where it is handled (a role revoked after it was sent
 * there): nobody can move it on, so the agency that received it is shown it. The positions
 * nobody holds are given as two parallel arrays ($2 agencies, $3 roles).
 */
const STRANDED = `d.status = ${STATUS.processing} AND (d.handling_agency_code, d.step_role) IN (
  SELECT agency, role FROM unnest($2::text[], $3::text[]) AS u(agency, role))`;
const RECEIVED_OR_HELD =
  '(d.agency_code = ANY($1::text[]) OR d.handling_agency_code = ANY($1::text[]))';

const columns = (positions: Position[]) => [
  positions.map((p) => p.agencyCode),
  positions.map((p) => p.role),
];

/** The agencies' queues of dossiers: the SQL behind the officers' inbox. */
export class QueueRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * An agency's dossiers, soonest due first, a page at a time (keyset on due, id). The
   * conditions are chosen here, not in SQL CASEs, so the planner sees them and can walk
   * the open-dossier index in due order.
   */
  async inbox(filter: InboxFilter): Promise<DossierRow[]> {
    // One agency (the usual inbox) is an equality, which lets the index give due order.
    const stranded = filter.due === 'stranded';
    const single = filter.agencies.length === 1 && !stranded;
    const params: unknown[] = [single ? filter.agencies[0] : filter.agencies];
    if (stranded) params.push(...columns(filter.unstaffed ?? []));
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [
      stranded
        ? `${RECEIVED_OR_HELD} AND ${STRANDED}`
        : single
          ? 'd.handling_agency_code = $1'
          : 'd.handling_agency_code = ANY($1::text[])',
    ];
    where.push(
      filter.status === undefined
        ? `d.status IN ${OPEN}`
        : `d.status = ${param(filter.status)}::smallint`,
    );
    if (filter.procedure) where.push(`d.procedure_code = ${param(filter.procedure)}`);
    if (filter.due === 'today') {
      where.push(
        `d.due_at >= ${param(filter.today.from)} AND d.due_at < ${param(filter.today.to)}`,
      );
      where.push(`d.status IN ${OPEN}`);
    } else if (filter.due === 'late') {
      where.push(`d.due_at < ${param(filter.now)} AND d.status IN ${LATE}`);
    } else if (filter.due === 'waiting') {
      where.push(`d.status IN ${WAITING}`);
    }
    if (filter.assignedTo) where.push(`d.assigned_to = ${param(filter.assignedTo)}::uuid`);
    const q = filter.q?.trim();
    if (q) {
      const p = param(q);
      where.push(`(d.code = upper(${p}) OR d.applicant_name ILIKE '%' || ${p} || '%')`);
    }
    if (filter.after) {
      where.push(
        `(d.due_at, d.id) > (${param(filter.after.dueAt)}, ${param(filter.after.id)}::uuid)`,
      );
    }
    return this.db.query<DossierRow>(
      `SELECT * FROM dossiers d WHERE ${where.join(' AND ')}
       ORDER BY d.due_at, d.id LIMIT ${param(filter.limit)}`,
      params,
    );
  }

  /** Counts per status for the agencies, for the inbox's filters. */
  async counts(
    agencies: string[],
    now: Date,
  ): Promise<{ status: number; late: number; total: number }[]> {
    return this.db.query(
      `SELECT status, count(*)::int AS total,
         count(*) FILTER (WHERE due_at < $2 AND status IN ${OPEN} AND status <> ${STATUS.supplementRequested})::int AS late
       FROM dossiers WHERE handling_agency_code = ANY($1::text[]) AND status > ${STATUS.draft}
       GROUP BY status ORDER BY status`,
      [agencies, now],
    );
  }

  /** How many dossiers these agencies received or hold sit at a position nobody holds. */
  async strandedCount(agencies: string[], unstaffed: Position[]): Promise<number> {
    if (unstaffed.length === 0) return 0;
    const [row] = await this.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM dossiers d WHERE ${RECEIVED_OR_HELD} AND ${STRANDED}`,
      [agencies, ...columns(unstaffed)],
    );
    return row?.count ?? 0;
  }

  /**
   * The positions at which dossiers these agencies received or hold are being processed:
   * two index-only reads (received here, held here), not the dossiers themselves.
   */
  async positions(agencies: string[]): Promise<Position[]> {
    return this.db.query<Position>(
      `SELECT handling_agency_code AS "agencyCode", step_role AS role FROM dossiers
       WHERE agency_code = ANY($1::text[]) AND status = ${STATUS.processing}
       UNION
       SELECT handling_agency_code, step_role FROM dossiers
       WHERE handling_agency_code = ANY($1::text[]) AND status = ${STATUS.processing}`,
      [agencies],
    );
  }
}
