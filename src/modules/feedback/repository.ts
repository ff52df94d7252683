import type { Database, Queryable } from '../../platform/db.js';
import type { FeedbackAction, FeedbackKind, FeedbackState } from './lifecycle.js';

/** A feedback item as stored (migrations/0031_feedback.sql). */
export interface FeedbackRow {
  id: string;
  code: string;
  kind: FeedbackKind;
  owner_id: string;
  sent_by: string;
  sender_name: string;
  procedure_code: string | null;
  dossier_code: string | null;
  field_code: string | null;
  agency_code: string;
  title: string;
  body: string;
  province_code: string | null;
  commune_code: string | null;
  place: string | null;
  publish_consent: boolean;
  status: FeedbackState;
  deadline_kind: 'triage' | 'answer' | null;
  due_at: Date | null;
  escalated_at: Date | null;
  forward_count: number;
  merged_into: string | null;
  answer_text: string | null;
  answer_agency_code: string | null;
  answered_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export interface FeedbackEventRow {
  id: string;
  at: Date;
  action: FeedbackAction | 'submit' | 'escalate';
  actor_id: string | null;
  agency_code: string | null;
  from_status: FeedbackState | null;
  to_status: FeedbackState;
  to_agency: string | null;
  note: string | null;
}

export interface FeedbackFileRow {
  id: string;
  purpose: 'attachment' | 'answer';
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  created_at: Date;
}

export type NewFeedback = Pick<
  FeedbackRow,
  | 'kind'
  | 'owner_id'
  | 'sent_by'
  | 'sender_name'
  | 'procedure_code'
  | 'dossier_code'
  | 'field_code'
  | 'agency_code'
  | 'title'
  | 'body'
  | 'province_code'
  | 'commune_code'
  | 'place'
  | 'publish_consent'
  | 'deadline_kind'
  | 'due_at'
> & { created_at: Date };

/** What a step changes of an item: its state and deadline always, the rest where given. */
export type FeedbackChange = Pick<FeedbackRow, 'status' | 'deadline_kind' | 'due_at'> &
  Partial<
    Pick<
      FeedbackRow,
      | 'agency_code'
      | 'forward_count'
      | 'merged_into'
      | 'answer_text'
      | 'answer_agency_code'
      | 'answered_at'
      | 'escalated_at'
    >
  >;

const CHANGEABLE = [
  'agency_code',
  'forward_count',
  'merged_into',
  'answer_text',
  'answer_agency_code',
  'answered_at',
  'escalated_at',
] as const;

/** An agency's inbox: what to show, most urgent first. */
export interface InboxQuery {
  agencies: readonly string[];
  /** Open items (to handle), or those done. */
  open: boolean;
  limit: number;
  offset: number;
}

export const OPEN_STATES: readonly FeedbackState[] = [
  'submitted',
  'in_progress',
  'awaiting_sender',
];

export class FeedbackRepository {
  constructor(private readonly db: Database) {}

  async insert(tx: Queryable, item: NewFeedback): Promise<FeedbackRow> {
    const [row] = await tx.query<FeedbackRow>(
      `INSERT INTO feedback_items (code, kind, owner_id, sent_by, sender_name, procedure_code,
         dossier_code, field_code, agency_code, title, body, province_code, commune_code, place,
         publish_consent, status, deadline_kind, due_at, created_at, updated_at)
       VALUES ('PAKN-' || to_char($17::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY') || '-'
                 || lpad(nextval('feedback_code_seq')::text, 6, '0'),
               $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'submitted', $15,
               $16, $17, $17)
       RETURNING *`,
      [
        item.kind,
        item.owner_id,
        item.sent_by,
        item.sender_name,
        item.procedure_code,
        item.dossier_code,
        item.field_code,
        item.agency_code,
        item.title,
        item.body,
        item.province_code,
        item.commune_code,
        item.place,
        item.publish_consent,
        item.deadline_kind,
        item.due_at,
        item.created_at,
      ],
    );
    return row!;
  }

  async byCode(code: string, q: Queryable = this.db): Promise<FeedbackRow | null> {
    const [row] = await q.query<FeedbackRow>(`SELECT * FROM feedback_items WHERE code = $1`, [
      code,
    ]);
    return row ?? null;
  }

  async byId(id: string): Promise<FeedbackRow | null> {
    const [row] = await this.db.query<FeedbackRow>(`SELECT * FROM feedback_items WHERE id = $1`, [
      id,
    ]);
    return row ?? null;
  }

  /** The item, locked until the caller's transaction ends: one step at a time. */
  async lock(tx: Queryable, code: string): Promise<FeedbackRow | null> {
    const [row] = await tx.query<FeedbackRow>(
      `SELECT * FROM feedback_items WHERE code = $1 FOR UPDATE`,
      [code],
    );
    return row ?? null;
  }

  async update(tx: Queryable, id: string, change: FeedbackChange, at: Date): Promise<FeedbackRow> {
    const given = CHANGEABLE.filter((column) => change[column] !== undefined);
    const sets = given.map((column, i) => `${column} = $${i + 6}`);
    const [row] = await tx.query<FeedbackRow>(
      `UPDATE feedback_items SET status = $2, deadline_kind = $3, due_at = $4, updated_at = $5,
         version = version + 1${sets.map((s) => `, ${s}`).join('')}
       WHERE id = $1 RETURNING *`,
      [id, change.status, change.deadline_kind, change.due_at, at, ...given.map((c) => change[c])],
    );
    return row!;
  }

  async addEvent(
    tx: Queryable,
    feedbackId: string,
    event: Omit<FeedbackEventRow, 'id'>,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO feedback_events (feedback_id, at, action, actor_id, agency_code, from_status,
         to_status, to_agency, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        feedbackId,
        event.at,
        event.action,
        event.actor_id,
        event.agency_code,
        event.from_status,
        event.to_status,
        event.to_agency,
        event.note,
      ],
    );
  }

  events(feedbackId: string): Promise<FeedbackEventRow[]> {
    return this.db.query<FeedbackEventRow>(
      `SELECT id, at, action, actor_id, agency_code, from_status, to_status, to_agency, note
       FROM feedback_events WHERE feedback_id = $1 ORDER BY id`,
      [feedbackId],
    );
  }

  /** Every agency that held the item before the one holding it now. */
  async heldBefore(tx: Queryable, feedbackId: string, holder: string): Promise<string[]> {
    const rows = await tx.query<{ agency_code: string }>(
      `SELECT DISTINCT agency_code FROM feedback_events
       WHERE feedback_id = $1 AND agency_code IS NOT NULL AND agency_code <> $2`,
      [feedbackId, holder],
    );
    return rows.map((r) => r.agency_code);
  }

  async addFile(
    tx: Queryable,
    feedbackId: string,
    file: Omit<FeedbackFileRow, 'id'>,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO feedback_files (feedback_id, purpose, file_name, media_type, size_bytes,
         sha256, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        feedbackId,
        file.purpose,
        file.file_name,
        file.media_type,
        file.size_bytes,
        file.sha256,
        file.created_at,
      ],
    );
  }

  files(feedbackId: string): Promise<FeedbackFileRow[]> {
    return this.db.query<FeedbackFileRow>(
      `SELECT id, purpose, file_name, media_type, size_bytes, sha256, created_at
       FROM feedback_files WHERE feedback_id = $1 ORDER BY created_at, id`,
      [feedbackId],
    );
  }

  owned(ownerId: string, limit: number): Promise<FeedbackRow[]> {
    return this.db.query<FeedbackRow>(
      `SELECT * FROM feedback_items WHERE owner_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [ownerId, limit],
    );
  }

  /** Open items: escalated first, then by deadline (waiting for a sender last). */
  inbox(query: InboxQuery): Promise<(FeedbackRow & { total: number })[]> {
    return this.db.query<FeedbackRow & { total: number }>(
      `SELECT *, (count(*) OVER ())::int AS total FROM feedback_items
       WHERE agency_code = ANY($1::text[]) AND (status = ANY($2::text[])) = $3
       ORDER BY escalated_at IS NULL, due_at NULLS LAST, created_at DESC
       LIMIT $4 OFFSET $5`,
      [query.agencies, OPEN_STATES, query.open, query.limit, query.offset],
    );
  }

  /** Open items past their deadline, not yet escalated: the escalation job's work. */
  overdue(now: Date, limit: number): Promise<FeedbackRow[]> {
    return this.db.query<FeedbackRow>(
      `SELECT * FROM feedback_items
       WHERE due_at < $1 AND escalated_at IS NULL AND status = ANY($2::text[])
       ORDER BY due_at LIMIT $3`,
      [now, OPEN_STATES, limit],
    );
  }
}
