import type { Queryable } from '../../platform/db.js';
import type { DossierRow } from '../dossiers/repository.js';
import type { Status } from './lifecycle.js';
import type { ResolvedStep } from './workflow.js';

export interface ProcessingRow extends DossierRow {
  step: string | null;
  resume_status: Status | null;
  resume_step: string | null;
  /** The steps it follows, fixed when it entered processing. */
  workflow: ResolvedStep[] | null;
  /** The agency holding it now: its step's while processing, else the receiving agency. */
  handling_agency_code: string;
  assigned_to: string | null;
  paused_at: Date | null;
  late_since: Date | null;
  finished_at: Date | null;
  outcome: 'early' | 'on_time' | 'late' | null;
  /** Read with the dossier by code: a fee asked for (or due on filing) not yet paid. */
  fee_due?: boolean;
}

export interface ApologyRow {
  number: number;
  issued_at: Date;
  reason: string;
  previous_due_at: Date;
  new_due_at: Date;
}

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
const OPEN = '(1, 2, 4, 5, 6)';

/**
 * At a step whose role nobody holds where it is handled (a role revoked after it was sent
 * there): nobody can move it on, so the agency that received it is shown it.
 */
const STRANDED = `d.status = 4 AND NOT EXISTS (
  SELECT 1 FROM role_grants g, jsonb_array_elements(d.workflow) s
  WHERE s ->> 'code' = d.step AND g.agency_code = d.handling_agency_code AND g.role = s ->> 'role')`;
const RECEIVED_OR_HELD =
  '(d.agency_code = ANY($1::text[]) OR d.handling_agency_code = ANY($1::text[]))';

export class BackofficeRepository {
  constructor(private readonly db: Queryable) {}

  with(tx: Queryable) {
    return new BackofficeRepository(tx);
  }

  /** A dossier with whether a fee on it waits to be paid (the lifecycle needs to know). */
  async findByCode(code: string): Promise<ProcessingRow | undefined> {
    const [row] = await this.db.query<ProcessingRow>(
      `SELECT d.*, EXISTS (SELECT 1 FROM dossier_fees f
         WHERE f.dossier_id = d.id AND f.paid_order_id IS NULL) AS fee_due
       FROM dossiers d WHERE d.code = $1`,
      [code],
    );
    return row;
  }

  /**
   * An agency's dossiers, soonest due first, a page at a time (keyset on due, id). The
   * conditions are chosen here, not in SQL CASEs, so the planner sees them and can walk
   * the open-dossier index in due order.
   */
  async inbox(filter: InboxFilter): Promise<ProcessingRow[]> {
    // One agency (the usual inbox) is an equality, which lets the index give due order.
    const stranded = filter.due === 'stranded';
    const single = filter.agencies.length === 1 && !stranded;
    const params: unknown[] = [single ? filter.agencies[0] : filter.agencies];
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
      where.push(`d.due_at < ${param(filter.now)} AND d.status IN (1, 2, 4, 6)`);
    } else if (filter.due === 'waiting') {
      where.push('d.status IN (5, 6)');
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
    return this.db.query<ProcessingRow>(
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
         count(*) FILTER (WHERE due_at < $2 AND status IN ${OPEN} AND status <> 5)::int AS late
       FROM dossiers WHERE handling_agency_code = ANY($1::text[]) AND status > 0
       GROUP BY status ORDER BY status`,
      [agencies, now],
    );
  }

  /** How many dossiers these agencies received or hold sit at a step nobody holds. */
  async strandedCount(agencies: string[]): Promise<number> {
    const [row] = await this.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM dossiers d WHERE ${RECEIVED_OR_HELD} AND ${STRANDED}`,
      [agencies],
    );
    return row?.count ?? 0;
  }

  /** Moves a dossier on if nobody else did first (its version is still the one read). */
  async update(
    id: string,
    version: number,
    next: {
      status: Status;
      step: string | null;
      resumeStatus: Status | null;
      resumeStep: string | null;
      workflow: ResolvedStep[] | null;
      handlingAgencyCode: string;
      dueAt: Date | null;
      pausedAt: Date | null;
      now: Date;
      outcome?: 'early' | 'on_time' | 'late' | null;
      /** The postal tracking number of a result sent by post. */
      trackingNumber?: string | null;
    },
  ): Promise<ProcessingRow | undefined> {
    const [row] = await this.db.query<ProcessingRow>(
      `UPDATE dossiers SET status = $3, step = $4, resume_status = $5, resume_step = $6,
         due_at = $7, paused_at = $8, updated_at = $9, version = version + 1,
         withdrawn_at = CASE WHEN $3::smallint = 7 THEN $9::timestamptz ELSE withdrawn_at END,
         outcome = coalesce($10, outcome),
         finished_at = CASE WHEN $10::text IS NULL THEN finished_at ELSE $9::timestamptz END,
         workflow = $11, handling_agency_code = $12,
         -- Passed to another agency: its officers assign it anew.
         assigned_to = CASE WHEN handling_agency_code = $12 THEN assigned_to END,
         result_tracking_number = coalesce($13, result_tracking_number)
       WHERE id = $1 AND version = $2 RETURNING *`,
      [
        id,
        version,
        next.status,
        next.step,
        next.resumeStatus,
        next.resumeStep,
        next.dueAt,
        next.pausedAt,
        next.now,
        next.outcome ?? null,
        next.workflow ? JSON.stringify(next.workflow) : null,
        next.handlingAgencyCode,
        next.trackingNumber ?? null,
      ],
    );
    return row;
  }

  /** Open dossiers past due, marked once: the scheduled job's work. */
  async markLate(now: Date): Promise<{ id: string; status: number }[]> {
    return this.db.query(
      `UPDATE dossiers SET late_since = $1
       WHERE late_since IS NULL AND due_at < $1 AND status IN (1, 2, 4, 6)
       RETURNING id, status`,
      [now],
    );
  }

  async apologies(dossierId: string): Promise<ApologyRow[]> {
    return this.db.query<ApologyRow>(
      `SELECT number, issued_at, reason, previous_due_at, new_due_at FROM apology_slips
       WHERE dossier_id = $1 ORDER BY number`,
      [dossierId],
    );
  }

  /** Records an apology slip and moves the due date, if the dossier is still at `version`. */
  async apologize(input: {
    row: ProcessingRow;
    issuedBy: string;
    reason: string;
    newDueAt: Date;
    now: Date;
  }): Promise<{ row: ProcessingRow; slip: ApologyRow } | undefined> {
    const [row] = await this.db.query<ProcessingRow>(
      `UPDATE dossiers SET due_at = $3, updated_at = $4, version = version + 1
       WHERE id = $1 AND version = $2 RETURNING *`,
      [input.row.id, input.row.version, input.newDueAt, input.now],
    );
    if (!row) return undefined;
    const [slip] = await this.db.query<ApologyRow>(
      `INSERT INTO apology_slips (dossier_id, number, issued_at, issued_by, reason, previous_due_at, new_due_at)
       VALUES ($1, (SELECT count(*) + 1 FROM apology_slips WHERE dossier_id = $1), $2, $3, $4, $5, $6)
       RETURNING number, issued_at, reason, previous_due_at, new_due_at`,
      [input.row.id, input.now, input.issuedBy, input.reason, input.row.due_at, input.newDueAt],
    );
    return { row, slip: slip! };
  }

  async addEvent(event: {
    dossierId: string;
    at: Date;
    action: string;
    fromStatus: number;
    status: number;
    actorId: string | null;
    note: string | null;
    details: Record<string, unknown> | null;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO dossier_events (dossier_id, at, action, from_status, status, actor_id, note, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        event.dossierId,
        event.at,
        event.action,
        event.fromStatus,
        event.status,
        event.actorId,
        event.note,
        event.details ? JSON.stringify(event.details) : null,
      ],
    );
  }
}
