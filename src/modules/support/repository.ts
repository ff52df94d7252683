import type { Queryable } from '../../platform/db.js';
import type { ArticleState, TicketState } from './lifecycle.js';
import type { Channel, Outcome, Topic } from './topics.js';

/** The help desk's SQL (ADR 0008): articles, tickets and their timelines, the hotline's log. */

export interface ArticleRow {
  id: string;
  slug: string;
  topic: Topic;
  procedure_codes: string[];
  title_vi: string;
  body_vi: string;
  title_en: string;
  body_en: string;
  status: ArticleState;
  created_by: string | null;
  created_at: Date;
  updated_by: string | null;
  updated_at: Date;
  published_at: Date | null;
  version: number;
}

/** What an editor writes of an article. */
export interface ArticleText {
  topic: Topic;
  procedureCodes: string[];
  titleVi: string;
  bodyVi: string;
  titleEn: string;
  bodyEn: string;
}

export interface TicketRow {
  id: string;
  code: string;
  topic: Topic;
  procedure_code: string | null;
  subject: string;
  message: string;
  contact_name: string;
  contact_email: string | null;
  contact_phone: string | null;
  account_id: string | null;
  locale: 'vi' | 'en';
  status: TicketState;
  due_at: Date | null;
  assigned_to: string | null;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  version: number;
}

export interface EntryRow {
  id: string;
  ticket_id: string;
  at: Date;
  kind: 'message' | 'reply' | 'note' | 'status';
  author_id: string | null;
  author_name: string | null;
  body: string | null;
  from_status: TicketState | null;
  to_status: TicketState;
}

export interface CallRow {
  id: string;
  channel: Channel;
  topic: Topic;
  procedure_code: string | null;
  account_id: string | null;
  outcome: Outcome;
  duration_seconds: number;
  summary: string;
  agent_id: string;
  agent_name: string;
  at: Date;
}

/** One line of the weekly figures: a topic's (or a procedure's) counts. */
export interface FigureRow {
  key: string | null;
  phone: number;
  chat: number;
  email: number;
  tickets: number;
}

const ARTICLE_COLUMNS = `id, slug, topic, procedure_codes, title_vi, body_vi, title_en, body_en,
  status, created_by, created_at, updated_by, updated_at, published_at, version`;

export class SupportRepository {
  constructor(private readonly db: Queryable) {}

  async insertArticle(
    tx: Queryable,
    a: ArticleText & { slug: string; authorId: string; at: Date },
  ): Promise<ArticleRow> {
    const [row] = await tx.query<ArticleRow>(
      `INSERT INTO support_articles (slug, topic, procedure_codes, title_vi, body_vi, title_en,
         body_en, status, created_by, created_at, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $8, $9)
       RETURNING ${ARTICLE_COLUMNS}`,
      [
        a.slug,
        a.topic,
        a.procedureCodes,
        a.titleVi,
        a.bodyVi,
        a.titleEn,
        a.bodyEn,
        a.authorId,
        a.at,
      ],
    );
    return row!;
  }

  /** The article changed, if it was still at `version` (null otherwise: someone else was first). */
  async updateArticle(
    tx: Queryable,
    id: string,
    version: number,
    change: ArticleText & { status: ArticleState; editorId: string; at: Date },
  ): Promise<ArticleRow | null> {
    const [row] = await tx.query<ArticleRow>(
      `UPDATE support_articles SET topic = $3, procedure_codes = $4, title_vi = $5, body_vi = $6,
         title_en = $7, body_en = $8, status = $9, updated_by = $10, updated_at = $11,
         published_at = CASE WHEN $9 = 'published' THEN COALESCE(published_at, $11) ELSE NULL END,
         version = version + 1
       WHERE id = $1 AND version = $2
       RETURNING ${ARTICLE_COLUMNS}`,
      [
        id,
        version,
        change.topic,
        change.procedureCodes,
        change.titleVi,
        change.bodyVi,
        change.titleEn,
        change.bodyEn,
        change.status,
        change.editorId,
        change.at,
      ],
    );
    return row ?? null;
  }

  /** An article by its id or its slug. */
  async findArticle(idOrSlug: string): Promise<ArticleRow | null> {
    const [row] = await this.db.query<ArticleRow>(
      `SELECT ${ARTICLE_COLUMNS} FROM support_articles
       WHERE slug = $1 OR id::text = $1 LIMIT 1`,
      [idOrSlug],
    );
    return row ?? null;
  }

  async slugsLike(base: string): Promise<string[]> {
    const rows = await this.db.query<{ slug: string }>(
      `SELECT slug FROM support_articles WHERE slug = $1 OR slug LIKE $1 || '-%'`,
      [base],
    );
    return rows.map((r) => r.slug);
  }

  /** Every article (the editor's list), or the published ones (the search index). */
  articles(publishedOnly: boolean): Promise<ArticleRow[]> {
    return this.db.query<ArticleRow>(
      `SELECT ${ARTICLE_COLUMNS} FROM support_articles
       WHERE $1 = false OR status = 'published' ORDER BY updated_at DESC, id`,
      [publishedOnly],
    );
  }

  async articlesByIds(ids: string[]): Promise<ArticleRow[]> {
    if (ids.length === 0) return [];
    return this.db.query<ArticleRow>(
      `SELECT ${ARTICLE_COLUMNS} FROM support_articles WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** The new ticket, or null when its code is taken already (the caller draws another). */
  async insertTicket(
    tx: Queryable,
    t: Omit<TicketRow, 'id' | 'updated_at' | 'resolved_at' | 'version' | 'assigned_to'>,
  ): Promise<TicketRow | null> {
    const [row] = await tx.query<TicketRow>(
      `INSERT INTO support_tickets (code, topic, procedure_code, subject, message, contact_name,
         contact_email, contact_phone, account_id, locale, status, due_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
       ON CONFLICT (code) DO NOTHING
       RETURNING *`,
      [
        t.code,
        t.topic,
        t.procedure_code,
        t.subject,
        t.message,
        t.contact_name,
        t.contact_email,
        t.contact_phone,
        t.account_id,
        t.locale,
        t.status,
        t.due_at,
        t.created_at,
      ],
    );
    return row ?? null;
  }

  async findTicket(q: Queryable, id: string, forUpdate = false): Promise<TicketRow | null> {
    const [row] = await q.query<TicketRow>(
      `SELECT * FROM support_tickets WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ?? null;
  }

  async updateTicket(
    tx: Queryable,
    id: string,
    change: Pick<TicketRow, 'status' | 'due_at' | 'assigned_to' | 'resolved_at' | 'updated_at'>,
  ): Promise<TicketRow> {
    const [row] = await tx.query<TicketRow>(
      `UPDATE support_tickets SET status = $2, due_at = $3, assigned_to = $4, resolved_at = $5,
         updated_at = $6, version = version + 1
       WHERE id = $1 RETURNING *`,
      [id, change.status, change.due_at, change.assigned_to, change.resolved_at, change.updated_at],
    );
    return row!;
  }

  /** A person's own tickets, newest first. */
  ticketsOf(accountId: string, limit: number): Promise<TicketRow[]> {
    return this.db.query<TicketRow>(
      `SELECT * FROM support_tickets WHERE account_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [accountId, limit],
    );
  }

  /**
   * The desk's tickets in the given states: overdue ones first (the most overdue at the top),
   * then by when they are due, those without a time target last.
   */
  deskTickets(states: TicketState[], now: Date, limit: number): Promise<TicketRow[]> {
    return this.db.query<TicketRow>(
      `SELECT * FROM support_tickets WHERE status = ANY($1::text[])
       ORDER BY (due_at IS NOT NULL AND due_at < $2) DESC, due_at ASC NULLS LAST, created_at ASC
       LIMIT $3`,
      [states, now, limit],
    );
  }

  /** Tickets in these states unchanged since `since`, oldest first. */
  async quietTickets(states: TicketState[], since: Date, limit = 500): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM support_tickets WHERE status = ANY($1::text[]) AND updated_at < $2
       ORDER BY updated_at LIMIT $3`,
      [states, since, limit],
    );
    return rows.map((r) => r.id);
  }

  async addEntry(tx: Queryable, e: Omit<EntryRow, 'id' | 'author_name'>): Promise<void> {
    await tx.query(
      `INSERT INTO support_ticket_entries (ticket_id, at, kind, author_id, body, from_status, to_status)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [e.ticket_id, e.at, e.kind, e.author_id, e.body, e.from_status, e.to_status],
    );
  }

  entriesOf(ticketId: string): Promise<EntryRow[]> {
    return this.db.query<EntryRow>(
      `SELECT e.id::text AS id, e.ticket_id, e.at, e.kind, e.author_id, a.name AS author_name,
         e.body, e.from_status, e.to_status
       FROM support_ticket_entries e LEFT JOIN accounts a ON a.id = e.author_id
       WHERE e.ticket_id = $1 ORDER BY e.id`,
      [ticketId],
    );
  }

  async insertCall(tx: Queryable, c: Omit<CallRow, 'id' | 'agent_name'>): Promise<CallRow> {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO support_calls (channel, topic, procedure_code, account_id, outcome,
         duration_seconds, summary, agent_id, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        c.channel,
        c.topic,
        c.procedure_code,
        c.account_id,
        c.outcome,
        c.duration_seconds,
        c.summary,
        c.agent_id,
        c.at,
      ],
    );
    return (await this.calls(tx, { id: row!.id, limit: 1 }))[0]!;
  }

  /** The hotline's log, newest first (or one line by its id). */
  calls(q: Queryable, filter: { id?: string; limit: number }): Promise<CallRow[]> {
    return q.query<CallRow>(
      `SELECT c.id, c.channel, c.topic, c.procedure_code, c.account_id, c.outcome,
         c.duration_seconds, c.summary, c.agent_id, a.name AS agent_name, c.at
       FROM support_calls c JOIN accounts a ON a.id = c.agent_id
       WHERE $1::uuid IS NULL OR c.id = $1::uuid
       ORDER BY c.at DESC, c.id LIMIT $2`,
      [filter.id ?? null, filter.limit],
    );
  }

  /**
   * Calls by channel and tickets opened in [from, to), grouped by topic or by procedure
   * (null: none named), the busiest first.
   */
  figures(by: 'topic' | 'procedure_code', from: Date, to: Date): Promise<FigureRow[]> {
    return this.db.query<FigureRow>(
      `WITH seen AS (
         SELECT ${by} AS key, channel AS kind FROM support_calls WHERE at >= $1 AND at < $2
         UNION ALL
         SELECT ${by} AS key, 'ticket' AS kind FROM support_tickets
         WHERE created_at >= $1 AND created_at < $2)
       SELECT key,
         count(*) FILTER (WHERE kind = 'phone')::int AS phone,
         count(*) FILTER (WHERE kind = 'chat')::int AS chat,
         count(*) FILTER (WHERE kind = 'email')::int AS email,
         count(*) FILTER (WHERE kind = 'ticket')::int AS tickets
       FROM seen GROUP BY key ORDER BY count(*) DESC, key NULLS LAST`,
      [from, to],
    );
  }
}
