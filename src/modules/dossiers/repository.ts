import { changeKeys, type Changes } from '../../platform/changes.js';
import type { Queryable } from '../../platform/db.js';
import type { Answers } from '../forms/index.js';
import { RUNNING, type ResolvedStep, type Status } from './lifecycle.js';
import { isUuid } from '../../platform/ids.js';
import { STATUS } from './codes.js';
import type { DossierRow, EventRow } from './rows.js';

/** What a change of state writes on the dossier (the lifecycle decided it). */
export interface StateUpdate {
  status: Status;
  step: string | null;
  resumeStatus: Status | null;
  resumeStep: string | null;
  workflow: readonly ResolvedStep[] | null;
  handlingAgencyCode: string;
  dueAt: Date | null;
  pausedAt: Date | null;
  now: Date;
  outcome?: 'early' | 'on_time' | 'late' | null;
  /** The postal tracking number of a result sent by post. */
  trackingNumber?: string | null;
  /** The signed result, when approval issues it. */
  resultDocumentId?: string | null;
}

/** A dossier's attachments as one value, in one order: read with a draft, compared on submit. */
const ATTACHED = (dossierId: string) =>
  `coalesce((SELECT jsonb_agg(jsonb_build_object('field_id', a.field_id, 'document_id', a.document_id)
     ORDER BY a.added_at, a.field_id, a.document_id)
   FROM dossier_attachments a WHERE a.dossier_id = ${dossierId}), '[]'::jsonb)`;

export interface AttachedDossierRow extends DossierRow {
  attached: { field_id: string; document_id: string }[];
}

/** A draft filed: what the submitting statement writes, and what it must find unchanged. */
export interface Submission {
  id: string;
  /** The version the answers were checked at. */
  version: number;
  /** The attachments checked, when the draft was read without a lock; null under one. */
  attached: AttachedDossierRow['attached'] | null;
  agencyCode: string;
  /** Vietnam's day: the sequence's and the code's. */
  day: string;
  answers: Answers;
  applicantName: string;
  applicantIdNumber: string;
  channel: number;
  now: Date;
  dueAt: Date;
  /** The timeline's name for it: `submitted`, `filed_at_counter`, `filed_by_post`. */
  action: string;
  actorId: string;
}

/** What names who is told of a write to a dossier: its owner and its agencies. */
type DossierKeys = Pick<DossierRow, 'owner_id' | 'agency_code' | 'handling_agency_code'>;
const KEY_COLUMNS = 'owner_id, agency_code, handling_agency_code';

const WITH_FEE_DUE = `SELECT d.*, EXISTS (SELECT 1 FROM dossier_fees f
  WHERE f.dossier_id = d.id AND f.paid_order_id IS NULL) AS fee_due FROM dossiers d`;

/** Statuses in which the deadline runs, as SQL (a constant, so partial indexes apply). */
const RUNNING_SQL = `(${RUNNING.join(', ')})`;

/** The dossiers module's SQL. Every read of a person's data is filtered by its owner. */
export type OwnedDossierRow = Pick<
  DossierRow,
  | 'id'
  | 'code'
  | 'status'
  | 'procedure_code'
  | 'agency_code'
  | 'updated_at'
  | 'submitted_at'
  | 'due_at'
>;

export class DossierRepository {
  constructor(
    private readonly db: Queryable,
    /** Told of every write, once committed: pages kept from these rows are then stale. */
    private readonly changes: Changes,
  ) {}

  with(tx: Queryable) {
    return new DossierRepository(tx, this.changes);
  }

  /** Whose dossiers and which agencies' queues a written row is in (written), or nothing. */
  private written<Row extends DossierKeys | undefined>(row: Row): Row {
    if (row) {
      this.changes.after(
        this.db,
        changeKeys.owner(row.owner_id),
        changeKeys.agency(row.agency_code),
        changeKeys.agency(row.handling_agency_code),
      );
    }
    return row;
  }

  async insertDraft(draft: {
    ownerId: string;
    filedBy: string;
    procedureCode: string;
    procedureVersion: number;
    agencyCode: string;
    answers: Answers;
    now: Date;
  }): Promise<DossierRow> {
    const [row] = await this.db.query<DossierRow>(
      `INSERT INTO dossiers (owner_id, filed_by, procedure_code, procedure_version, agency_code,
         handling_agency_code, answers, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $7) RETURNING *`,
      [
        draft.ownerId,
        draft.filedBy,
        draft.procedureCode,
        draft.procedureVersion,
        draft.agencyCode,
        JSON.stringify(draft.answers),
        draft.now,
      ],
    );
    return this.written(row!);
  }

  async findOwned(ownerId: string, id: string, lock = false): Promise<DossierRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.db.query<DossierRow>(
      `SELECT * FROM dossiers WHERE id = $1 AND owner_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [id, ownerId],
    );
    return row;
  }

  /** One of the owner's drafts or dossiers with its attachments: all a submission reads. */
  async findWithAttachments(
    ownerId: string,
    id: string,
    lock = false,
  ): Promise<AttachedDossierRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.db.query<AttachedDossierRow>(
      `SELECT d.*, ${ATTACHED('d.id')} AS attached FROM dossiers d
       WHERE d.id = $1 AND d.owner_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [id, ownerId],
    );
    return row;
  }

  async findOwnedByCode(ownerId: string, code: string): Promise<DossierRow | undefined> {
    const [row] = await this.db.query<DossierRow>(
      'SELECT * FROM dossiers WHERE code = $1 AND owner_id = $2',
      [code, ownerId],
    );
    return row;
  }

  /** A dossier with whether a fee on it waits to be paid (the lifecycle needs to know). */
  async findByCode(code: string): Promise<DossierRow | undefined> {
    const [row] = await this.db.query<DossierRow>(`${WITH_FEE_DUE} WHERE d.code = $1`, [code]);
    return row;
  }

  async findById(id: string): Promise<DossierRow | undefined> {
    const [row] = await this.db.query<DossierRow>(`${WITH_FEE_DUE} WHERE d.id = $1`, [id]);
    return row;
  }

  /** A person's dossiers as their list shows them: not the answers or the workflow. */
  async listOwned(ownerId: string, limit: number): Promise<OwnedDossierRow[]> {
    return this.db.query<OwnedDossierRow>(
      `SELECT id, code, status, procedure_code, agency_code, updated_at, submitted_at, due_at
       FROM dossiers WHERE owner_id = $1 ORDER BY updated_at DESC, id LIMIT $2`,
      [ownerId, limit],
    );
  }

  async draftsFor(ownerId: string, procedureCode: string): Promise<DossierRow[]> {
    return this.db.query<DossierRow>(
      `SELECT * FROM dossiers WHERE owner_id = $1 AND procedure_code = $2 AND status = ${STATUS.draft}
       ORDER BY updated_at DESC`,
      [ownerId, procedureCode],
    );
  }

  async saveAnswers(id: string, answers: Answers, now: Date): Promise<void> {
    const [row] = await this.db.query<DossierKeys>(
      `UPDATE dossiers SET answers = $2, updated_at = $3, version = version + 1
       WHERE id = $1 AND status = ${STATUS.draft} RETURNING ${KEY_COLUMNS}`,
      [id, JSON.stringify(answers), now],
    );
    this.written(row);
  }

  /**
   * A draft filed (the lifecycle's `submit`), in one statement: the agency's next number of
   * the day (gap-free: taken only when the draft is written, given back if the transaction
   * rolls back), the code made from it, the final answers and due date, and the first
   * timeline entry. Nothing is written, and undefined answered, unless the draft is still a
   * draft at `version` and, when `attached` is given, still has exactly those attachments:
   * what was checked is what is filed.
   */
  async submit(input: Submission): Promise<DossierRow | undefined> {
    const [row] = await this.db.query<DossierRow>(
      `WITH draft AS (
         SELECT id FROM dossiers
         WHERE id = $1 AND status = ${STATUS.draft} AND version = $2
           AND ($3::jsonb IS NULL OR ${ATTACHED('id')} = $3::jsonb)
         FOR UPDATE),
       number AS (
         INSERT INTO dossier_sequences (agency_code, day, last_value)
         SELECT $4, $5::date, 1 FROM draft
         ON CONFLICT (agency_code, day)
         DO UPDATE SET last_value = dossier_sequences.last_value + 1
         RETURNING last_value),
       submitted AS (
         -- <agency code>-<yyMMdd>-<number, at least 4 digits>, the day being Vietnam's.
         UPDATE dossiers SET status = ${STATUS.submitted},
           code = $4 || '-' || to_char($5::date, 'YYMMDD') || '-'
             || lpad(last_value::text, greatest(4, length(last_value::text)), '0'),
           answers = $6, applicant_name = $7, applicant_id_number = $8, submitted_at = $9,
           updated_at = $9, due_at = $10, channel = $11, version = version + 1
         FROM number WHERE id = $1 RETURNING dossiers.*),
       event AS (
         INSERT INTO dossier_events (dossier_id, at, action, from_status, status, actor_id)
         SELECT id, $9, $12, ${STATUS.draft}, ${STATUS.submitted}, $13 FROM submitted)
       SELECT * FROM submitted`,
      [
        input.id,
        input.version,
        input.attached ? JSON.stringify(input.attached) : null,
        input.agencyCode,
        input.day,
        JSON.stringify(input.answers),
        input.applicantName,
        input.applicantIdNumber,
        input.now,
        input.dueAt,
        input.channel,
        input.action,
        input.actorId,
      ],
    );
    return this.written(row);
  }

  /** Moves a dossier on if nobody else did first (its version is still the one read). */
  async update(id: string, version: number, next: StateUpdate): Promise<DossierRow | undefined> {
    const [row] = await this.db.query<DossierRow>(
      `UPDATE dossiers SET status = $3, step = $4, resume_status = $5, resume_step = $6,
         due_at = $7, paused_at = $8, updated_at = $9, version = version + 1,
         withdrawn_at = CASE WHEN $3::smallint = ${STATUS.withdrawn} THEN $9::timestamptz
           ELSE withdrawn_at END,
         outcome = coalesce($10, outcome),
         finished_at = CASE WHEN $10::text IS NULL THEN finished_at ELSE $9::timestamptz END,
         workflow = $11, handling_agency_code = $12,
         step_role = (SELECT s ->> 'role' FROM jsonb_array_elements($11::jsonb) s
           WHERE s ->> 'code' = $4::text LIMIT 1),
         -- Passed to another agency: its officers assign it anew.
         assigned_to = CASE WHEN handling_agency_code = $12 THEN assigned_to END,
         result_tracking_number = coalesce($13, result_tracking_number),
         result_document_id = coalesce($14, result_document_id)
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
        next.resultDocumentId ?? null,
      ],
    );
    return this.written(row);
  }

  /** Changes who has it or when it is due, if it is still at `version`. */
  async amend(
    id: string,
    version: number,
    change: { assignedTo?: string; dueAt?: Date; now: Date },
  ): Promise<DossierRow | undefined> {
    const [row] = await this.db.query<DossierRow>(
      `UPDATE dossiers SET assigned_to = coalesce($3, assigned_to), due_at = coalesce($4, due_at),
         updated_at = $5, version = version + 1
       WHERE id = $1 AND version = $2 RETURNING *`,
      [id, version, change.assignedTo ?? null, change.dueAt ?? null, change.now],
    );
    return this.written(row);
  }

  /** Open dossiers past due and not marked yet, locked for marking (others skip them). */
  async lateCandidates(now: Date): Promise<DossierRow[]> {
    return this.db.query<DossierRow>(
      `SELECT * FROM dossiers WHERE late_since IS NULL AND due_at < $1 AND status IN ${RUNNING_SQL}
       FOR UPDATE SKIP LOCKED`,
      [now],
    );
  }

  async markLate(id: string, now: Date): Promise<void> {
    const [row] = await this.db.query<DossierKeys>(
      `UPDATE dossiers SET late_since = $2 WHERE id = $1 RETURNING ${KEY_COLUMNS}`,
      [id, now],
    );
    this.written(row);
  }

  async addEvent(event: {
    dossierId: string;
    at: Date;
    action: string;
    fromStatus: number | null;
    status: number;
    actorId: string | null;
    note?: string | null;
    details?: Record<string, unknown> | null;
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
        event.note ?? null,
        event.details ? JSON.stringify(event.details) : null,
      ],
    );
  }

  /**
   * The timeline, oldest first: by when it happened, so that what a connected system reports
   * late (status sync, at the time it happened there) takes its place among the rest.
   */
  async events(dossierId: string): Promise<EventRow[]> {
    return this.db.query<EventRow>(
      `SELECT at, action, from_status, status, actor_id, note, details FROM dossier_events
       WHERE dossier_id = $1 ORDER BY at, id`,
      [dossierId],
    );
  }
}
