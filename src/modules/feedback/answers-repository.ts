import type { Database, Queryable } from '../../platform/db.js';

/** A published answer as stored (migrations/0031_feedback.sql), personal data removed. */
export interface PublishedAnswerRow {
  feedback_id: string;
  code: string;
  kind: string;
  agency_code: string;
  procedure_code: string | null;
  field_code: string | null;
  title: string;
  question: string;
  answer: string;
  answered_at: Date;
  published_at: Date;
}

export type NewPublishedAnswer = Omit<PublishedAnswerRow, 'code'>;

export class PublishedAnswersRepository {
  constructor(private readonly db: Database) {}

  async insert(tx: Queryable, answer: NewPublishedAnswer): Promise<PublishedAnswerRow> {
    const [row] = await tx.query<PublishedAnswerRow>(
      `INSERT INTO published_answers (feedback_id, code, kind, agency_code, procedure_code,
         field_code, title, question, answer, answered_at, published_at)
       VALUES ($1, 'TL-' || to_char($10::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY')
                 || '-' || lpad(nextval('published_answer_code_seq')::text, 6, '0'),
               $2, $3, $4, $5, $6, $7, $8, $9, $10)
       RETURNING *`,
      [
        answer.feedback_id,
        answer.kind,
        answer.agency_code,
        answer.procedure_code,
        answer.field_code,
        answer.title,
        answer.question,
        answer.answer,
        answer.answered_at,
        answer.published_at,
      ],
    );
    return row!;
  }

  async byCode(code: string): Promise<PublishedAnswerRow | undefined> {
    const [row] = await this.db.query<PublishedAnswerRow>(
      'SELECT * FROM published_answers WHERE code = $1',
      [code],
    );
    return row;
  }

  /** Every answer, by code after `after`, `limit` at a time (loading the search at start). */
  page(after: string, limit: number): Promise<PublishedAnswerRow[]> {
    return this.db.query<PublishedAnswerRow>(
      'SELECT * FROM published_answers WHERE code > $1 ORDER BY code LIMIT $2',
      [after, limit],
    );
  }
}
