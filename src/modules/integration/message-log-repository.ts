import type { Queryable } from '../../platform/db.js';

/** What the log keeps of one exchange, as it is recorded (the chain numbers and links it). */
export interface Exchange {
  requestId: string;
  clientId: string | null;
  at: Date;
  method: string;
  route: string | null;
  path: string;
  /** Null when the caller went away before an answer was sent. */
  status: number | null;
  outcome: Outcome;
  problemCode: string | null;
  /** SHA-256 of the request body as received (hex); null when it was not read. */
  requestSha256: string | null;
  requestBytes: number | null;
  /** SHA-256 of the answer's body as sent (hex); null when none was sent. */
  responseSha256: string | null;
  responseBytes: number | null;
  durationUs: number;
}

/**
 * What came of an exchange: answered (`ok`, 2xx and 3xx); `refused` for want of a valid
 * token, a scope, an allowed address or within the rate (401, 403, 429); `rejected` as
 * malformed or unknown (other 4xx); `failed` on the portal's side (5xx); `aborted` when the
 * caller went away before the answer.
 */
export const OUTCOMES = ['ok', 'refused', 'rejected', 'failed', 'aborted'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A record of the log: the exchange, its place in the chain and its links. */
export interface MessageRecord extends Exchange {
  seq: number;
  /** The previous record's hash (hex): what this one is chained to. */
  prevHash: string;
  hash: string;
}

/** Where verification starts (the genesis, or the last record pruned) and where it ends. */
export interface ChainHead {
  lastSeq: number;
  lastHash: string;
  anchorSeq: number;
  anchorHash: string;
  anchoredAt: Date | null;
}

export interface MessageSearch {
  clientId?: string;
  requestId?: string;
  /** From this instant (inclusive) … */
  from?: Date;
  /** … to this one (exclusive). */
  to?: Date;
  status?: number;
  outcome?: Outcome;
  /** Text the path contains. */
  path?: string;
  /** Records older than this sequence number: the next page. */
  before?: number;
  limit: number;
}

interface RecordRow {
  seq: number;
  request_id: string;
  client_id: string | null;
  at: Date;
  method: string;
  route: string | null;
  path: string;
  status: number | null;
  outcome: Outcome;
  problem_code: string | null;
  request_sha256: string | null;
  request_bytes: number | null;
  response_sha256: string | null;
  response_bytes: number | null;
  duration_us: number;
  prev_hash: string;
  hash: string;
}

const RECORD_COLUMNS = `l.seq, l.request_id, l.client_id, l.at, l.method, l.route, l.path, l.status,
  l.outcome, l.problem_code, encode(l.request_sha256, 'hex') AS request_sha256, l.request_bytes,
  encode(l.response_sha256, 'hex') AS response_sha256, l.response_bytes, l.duration_us,
  encode(l.prev_hash, 'hex') AS prev_hash, encode(l.hash, 'hex') AS hash`;

const toRecord = (row: RecordRow): MessageRecord => ({
  seq: row.seq,
  requestId: row.request_id,
  clientId: row.client_id,
  at: row.at,
  method: row.method,
  route: row.route,
  path: row.path,
  status: row.status,
  outcome: row.outcome,
  problemCode: row.problem_code,
  requestSha256: row.request_sha256,
  requestBytes: row.request_bytes,
  responseSha256: row.response_sha256,
  responseBytes: row.response_bytes,
  durationUs: row.duration_us,
  prevHash: row.prev_hash,
  hash: row.hash,
});

const hexBytes = (hex: string | null) => (hex === null ? null : Buffer.from(hex, 'hex'));

/**
 * Appends a record in one statement: the chain head's row is moved on (seq + 1, the new
 * hash) and the record inserted with the head's number and links. The row lock the UPDATE
 * takes makes concurrent appends wait for one another, in this process or any other, and
 * under READ COMMITTED a waiting UPDATE computes from the head as the one before left it.
 */
const APPEND = `
  WITH link AS (
    UPDATE integration_log_head
       SET last_seq = last_seq + 1,
           prior_hash = last_hash,
           last_hash = sha256(last_hash || convert_to((last_seq + 1)::text || E'\\n' || $1::text, 'UTF8'))
     RETURNING last_seq, prior_hash, last_hash
  )
  INSERT INTO integration_log (seq, request_id, client_id, at, method, route, path, status,
    outcome, problem_code, request_sha256, request_bytes, response_sha256, response_bytes,
    duration_us, prev_hash, hash)
  SELECT last_seq, $2::uuid, $3::uuid, $4::timestamptz, $5::text, $6::text, $7::text,
    $8::smallint, $9::text, $10::text, $11::bytea, $12::bigint, $13::bytea, $14::bigint,
    $15::bigint, prior_hash, last_hash
    FROM link
  RETURNING seq`;

/** The message log's SQL (it alone writes integration_log and integration_log_head). */
export class MessageLogRepository {
  constructor(private readonly q: Queryable) {}

  /** Appends an exchange whose canonical text is `canonical`; answers its number. */
  async append(exchange: Exchange, canonical: string): Promise<number> {
    const e = exchange;
    const [row] = await this.q.query<{ seq: number }>(APPEND, [
      canonical,
      e.requestId,
      e.clientId,
      e.at,
      e.method,
      e.route,
      e.path,
      e.status,
      e.outcome,
      e.problemCode,
      hexBytes(e.requestSha256),
      e.requestBytes,
      hexBytes(e.responseSha256),
      e.responseBytes,
      e.durationUs,
    ]);
    return row!.seq;
  }

  async head(): Promise<ChainHead | null> {
    const [row] = await this.q.query<{
      last_seq: number;
      last_hash: string;
      anchor_seq: number;
      anchor_hash: string;
      anchored_at: Date | null;
    }>(
      `SELECT last_seq, encode(last_hash, 'hex') AS last_hash, anchor_seq,
              encode(anchor_hash, 'hex') AS anchor_hash, anchored_at
         FROM integration_log_head`,
    );
    return row
      ? {
          lastSeq: row.last_seq,
          lastHash: row.last_hash,
          anchorSeq: row.anchor_seq,
          anchorHash: row.anchor_hash,
          anchoredAt: row.anchored_at,
        }
      : null;
  }

  /** Records after `seq`, in chain order, `limit` at most (verification reads it in pages). */
  async after(seq: number, limit: number, upTo?: number): Promise<MessageRecord[]> {
    const rows = await this.q.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM integration_log l
        WHERE l.seq > $1 ${upTo === undefined ? '' : 'AND l.seq <= $3'}
        ORDER BY l.seq LIMIT $2`,
      upTo === undefined ? [seq, limit] : [seq, limit, upTo],
    );
    return rows.map(toRecord);
  }

  /** The newest record that arrived before `cutoff`, by number. */
  async lastBefore(cutoff: Date): Promise<number | null> {
    const [row] = await this.q.query<{ seq: number | null }>(
      'SELECT max(seq) AS seq FROM integration_log WHERE at < $1',
      [cutoff],
    );
    return row?.seq ?? null;
  }

  /**
   * Moves the anchor to record `seq` (its hash becomes where verification starts) and removes
   * it and every record before it. The database refuses to remove a record the anchor has not
   * passed, so the anchor moves first. Answers how many records went.
   */
  async pruneThrough(seq: number, at: Date): Promise<number> {
    await this.q.query(
      `UPDATE integration_log_head
          SET anchor_seq = $1,
              anchor_hash = (SELECT hash FROM integration_log WHERE seq = $1),
              anchored_at = $2
        WHERE anchor_seq < $1`,
      [seq, at],
    );
    const [removed] = await this.q.query<{ count: number }>(
      `WITH gone AS (DELETE FROM integration_log WHERE seq <= $1 RETURNING 1)
       SELECT count(*)::int AS count FROM gone`,
      [seq],
    );
    return removed?.count ?? 0;
  }

  /** One page of the search, newest first, with the client's name where it is known. */
  async search(
    criteria: MessageSearch,
  ): Promise<(MessageRecord & { clientName: string | null })[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: (at: string) => string, value: unknown) => {
      params.push(value);
      where.push(condition(`$${params.length}`));
    };
    const c = criteria;
    if (c.clientId !== undefined) add((p) => `l.client_id = ${p}::uuid`, c.clientId);
    if (c.requestId !== undefined) add((p) => `l.request_id = ${p}::uuid`, c.requestId);
    if (c.from !== undefined) add((p) => `l.at >= ${p}::timestamptz`, c.from);
    if (c.to !== undefined) add((p) => `l.at < ${p}::timestamptz`, c.to);
    if (c.status !== undefined) add((p) => `l.status = ${p}::smallint`, c.status);
    if (c.outcome !== undefined) add((p) => `l.outcome = ${p}::text`, c.outcome);
    if (c.path !== undefined) add((p) => `strpos(l.path, ${p}::text) > 0`, c.path);
    if (c.before !== undefined) add((p) => `l.seq < ${p}::bigint`, c.before);
    params.push(c.limit);
    const rows = await this.q.query<RecordRow & { client_name: string | null }>(
      `SELECT ${RECORD_COLUMNS}, c.name AS client_name
         FROM integration_log l LEFT JOIN api_clients c ON c.id = l.client_id
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY l.seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({ ...toRecord(row), clientName: row.client_name }));
  }

  /** The registered clients, for the administrators' filter. */
  async clients(): Promise<{ id: string; name: string }[]> {
    return this.q.query<{ id: string; name: string }>(
      'SELECT id, name FROM api_clients ORDER BY name, id',
    );
  }
}
