import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { LRUCache } from 'lru-cache';
import pg from 'pg';

/** What modules need from the database: parameterised queries and transactions. */
export interface Queryable {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /**
   * Runs `then` once what was written through this is committed: at once outside a
   * transaction (each statement commits itself), after COMMIT inside one, never if it rolls
   * back. What others keep in memory is told of a change only when they can read it.
   */
  afterCommit(then: () => void): void;
}

export interface Transaction extends Queryable {
  /**
   * Runs several statements without parameters (migrations, pg-boss's schema SQL) and
   * answers the rows of the last one.
   */
  exec(text: string): Promise<Record<string, unknown>[]>;
}

export interface Database extends Transaction {
  readonly kind: 'embedded' | 'postgres';
  /**
   * Where heavy reads that tolerate a short delay go (docs/replica.md): a pool on a streaming
   * replica when one is configured, this database itself otherwise. Never a read that follows
   * the same person's write, nor one inside a transaction.
   */
  readonly replica: Queryable;
  /**
   * The replica once it has replayed everything committed on the primary when asked, or this
   * database if it has not within `waitMs`: for what is read once and kept until the next
   * change (the catalog's search index), which must not be kept from before that change.
   */
  currentReplica(waitMs: number): Promise<Queryable>;
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Embedded only: the whole database as a tarball, to start copies from (tests, backups). */
  snapshot?(): Promise<Blob>;
  close(): Promise<void>;
}

/**
 * `load` starts a database from a snapshot: in memory (tests), or written into an empty data
 * folder (a restore). `replicaUrl`: a streaming replica of the PostgreSQL at `url`, for
 * heavy reads (docs/replica.md); `log` is told when it stops and starts answering.
 */
export type DatabaseTarget =
  | { url: string; replicaUrl?: string | null; log?: ReplicaLog }
  | { dataDir: string; load?: Blob }
  | { memory: true; load?: Blob };

// node-postgres parses `date` into a local-midnight Date; dates are calendar days here.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint (int8) holds money in VND: well inside Number's exact range for any real amount.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ('url' in target) return openPostgres(target);
  if ('dataDir' in target) return openEmbedded(target.dataDir, target.load);
  return openEmbedded(undefined, target.load);
}

/**
 * PostgreSQL's memory inside PGlite. Its 128 MB of shared buffers are zeroed at start, so
 * resident for the whole life of the process (of the portal's 645 MB, 120 MB were these);
 * the seeded database is 17 MB, and a page past the buffers is read from the operating
 * system's file cache. The lock tables are sized for the connections: PGlite has one.
 */
const EMBEDDED_SETTINGS = ['-c', 'shared_buffers=16MB', '-c', 'max_connections=5'];

async function openEmbedded(dataDir: string | undefined, load?: Blob): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(load ? { loadDataDir: load } : {}),
    startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS],
    extensions: { pg_trgm, unaccent },
    parsers: {
      1082: (value: string) => value,
      20: (value: string) => Number(value),
    },
  });
  // PGlite serialises its own work: a query waits while another caller's transaction runs.
  const db: Database = {
    kind: 'embedded',
    // One process, one database file: nothing to replicate it to.
    get replica() {
      return db;
    },
    currentReplica: async () => db,
    query: async (text, params) => (await client.query<never>(text, params)).rows,
    exec: async (text) => (await client.exec(text)).at(-1)?.rows ?? [],
    afterCommit: (then) => then(),
    transaction: async (work) => {
      const committed: (() => void)[] = [];
      const result = await client.transaction((tx) =>
        work({
          query: async (text, params) => (await tx.query<never>(text, params)).rows,
          exec: async (text) => (await tx.exec(text)).at(-1)?.rows ?? [],
          afterCommit: (then) => committed.push(then),
        }),
      );
      for (const then of committed) then();
      return result;
    },
    snapshot: async () => client.dumpDataDir('none'),
    close: () => client.close(),
  };
  return db;
}

async function openPostgres(target: {
  url: string;
  replicaUrl?: string | null;
  log?: ReplicaLog;
}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: target.url, max: 10 });
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  const query: Queryable['query'] = async (text, params) =>
    (await pool.query(prepared(text, params))).rows;
  const primary: Queryable = { query, afterCommit: (then) => then() };
  const replica = target.replicaUrl
    ? openReplica(target.replicaUrl, primary, target.log ?? warningLog)
    : null;
  const db: Database = {
    kind: 'postgres',
    get replica() {
      return replica ?? db;
    },
    currentReplica: async (waitMs) => (replica && (await replica.caughtUp(waitMs)) ? replica : db),
    query,
    exec: async (text) => lastRows(await pool.query(text)),
    afterCommit: (then) => then(),
    transaction: async (work) => {
      const client = await pool.connect();
      const committed: (() => void)[] = [];
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async (text, params) => (await client.query(prepared(text, params))).rows,
          exec: async (text) => lastRows(await client.query(text)),
          afterCommit: (then) => committed.push(then),
        });
        await client.query('COMMIT');
        for (const then of committed) then();
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: async () => {
      await Promise.all([pool.end(), replica?.close()]);
    },
  };
  return db;
}

/**
 * Queries with parameters run as named prepared statements (named after their text): each
 * connection parses and plans one once, not at every call.
 */
function prepared(text: string, params: unknown[] | undefined): pg.QueryConfig {
  if (!params || params.length === 0) return { text };
  let name = statementNames.get(text);
  if (name === undefined) {
    name = createHash('sha1').update(text).digest('base64url');
    statementNames.set(text, name);
  }
  return { name, text, values: params };
}

/** Names already made: the same few hundred texts are sent thousands of times a second. */
const statementNames = new LRUCache<string, string>({ max: 2_000 });

/** node-postgres answers a multi-statement text with one result per statement. */
function lastRows(result: pg.QueryResult | pg.QueryResult[]): Record<string, unknown>[] {
  return (Array.isArray(result) ? result.at(-1)?.rows : result.rows) ?? [];
}

/** Where the replica's outages are told: the portal's log (pino's warn and info fit). */
export interface ReplicaLog {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

/** Without a log given: a Node warning on standard error. */
const warningLog: ReplicaLog = {
  warn: (_details, message) => process.emitWarning(message),
  info: () => undefined,
};

/**
 * A replica that cannot answer (stopped, unreachable, starting, the database not replayed
 * yet) is not an outage of the portal: the read goes to the primary, which carried all of
 * them before there was a replica, and so do those of the next REPLICA_RETRY_MS without
 * trying, so that a dead replica costs one failed connection per that time, not a wait per
 * request. The log says once that it is gone and once that it is back. A read the primary
 * would refuse too (wrong SQL, a write) is not retried.
 */
const REPLICA_RETRY_MS = 10_000;
/** A replica that does not accept a connection within this is taken as down. */
const REPLICA_CONNECT_MS = 2_000;
/** Longer than any statistics read or index load takes on a sound replica (seconds at most). */
const REPLICA_QUERY_MS = 30_000;
/** How often a wait for the replica to catch up asks how far it has replayed. */
const CATCH_UP_POLL_MS = 50;

/** Cannot connect, shutting down or starting, out of connections, no such database (yet). */
const REPLICA_DOWN = /^(08|28|53|57P0[1-4]|3D000)/;
/** A query cancelled by a conflict with replay: that one read, not the replica, failed. */
const REPLAY_CONFLICT = /^(40001|40P01)$/;

interface Replica extends Queryable {
  /** Whether it has replayed what the primary had committed when asked, within `waitMs`. */
  caughtUp(waitMs: number): Promise<boolean>;
  close(): Promise<void>;
}

function openReplica(url: string, primary: Queryable, log: ReplicaLog): Replica {
  const pool = new pg.Pool({
    connectionString: url,
    // Few at a time: what reads it (statistics, search loads) is cached or rare.
    max: 4,
    connectionTimeoutMillis: REPLICA_CONNECT_MS,
    // A replica cut off without a word (packets dropped) is found out, not waited on for
    // the minutes TCP takes: a query longer than this is given up and read on the primary.
    keepAlive: true,
    query_timeout: REPLICA_QUERY_MS,
    // A replica URL naming a primary by mistake still takes no write.
    options: '-c default_transaction_read_only=on',
    fallback_application_name: 'motcua-replica',
  });
  pool.on('error', () => undefined);
  let skipUntil = 0;
  let down = false;
  const failed = (error: unknown) => {
    skipUntil = Date.now() + REPLICA_RETRY_MS;
    if (down) return;
    down = true;
    log.warn({ err: error }, 'database replica unavailable: heavy reads go to the primary');
  };
  return {
    afterCommit: (then) => then(),
    async query(text, params) {
      if (Date.now() < skipUntil) return primary.query(text, params);
      try {
        const rows = (await pool.query(prepared(text, params))).rows;
        if (down) {
          down = false;
          log.info({}, 'database replica available again: heavy reads go back to it');
        }
        return rows;
      } catch (error) {
        const kind = replicaFailure(error);
        if (kind === null) throw error;
        if (kind === 'down') failed(error);
        return primary.query(text, params);
      }
    },
    async caughtUp(waitMs) {
      if (Date.now() < skipUntil) return false;
      const [written] = await primary.query<{ lsn: string }>(
        'SELECT pg_current_wal_lsn()::text AS lsn',
      );
      const deadline = Date.now() + waitMs;
      for (;;) {
        const replayed = await replayedPast(pool, written!.lsn).catch((error: unknown) => {
          failed(error);
          return null;
        });
        if (replayed !== false || Date.now() >= deadline) return replayed === true;
        await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Whether the replica has replayed the primary's WAL up to `lsn`: null when it is no standby
 * (a primary named as replica), which cannot say.
 */
async function replayedPast(pool: pg.Pool, lsn: string): Promise<boolean | null> {
  const { rows } = await pool.query<{ replayed: boolean | null }>(
    'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS replayed',
    [lsn],
  );
  return rows[0]?.replayed ?? null;
}

/**
 * What a replica's failed read says: 'down' (it cannot answer now), 'conflict' (replay
 * cancelled this read), or null (an error the primary would give as well). Any failure
 * that is not PostgreSQL's answer (refused, reset, timed out) is the connection's.
 */
function replicaFailure(error: unknown): 'down' | 'conflict' | null {
  if (!(error instanceof pg.DatabaseError)) return 'down';
  const code = error.code ?? '';
  if (REPLAY_CONFLICT.test(code)) return 'conflict';
  return REPLICA_DOWN.test(code) ? 'down' : null;
}
