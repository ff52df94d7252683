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
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Embedded only: the whole database as a tarball, to start copies from (tests, backups). */
  snapshot?(): Promise<Blob>;
  close(): Promise<void>;
}

/**
 * `load` starts a database from a snapshot: in memory (tests), or written into an empty data
 * folder (a restore).
 */
export type DatabaseTarget =
  { url: string } | { dataDir: string; load?: Blob } | { memory: true; load?: Blob };

// node-postgres parses `date` into a local-midnight Date; dates are calendar days here.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint (int8) holds money in VND: well inside Number's exact range for any real amount.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ('url' in target) return openPostgres(target.url);
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
  return {
    kind: 'embedded',
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
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    query: async (text, params) => (await pool.query(prepared(text, params))).rows,
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
    close: () => pool.end(),
  };
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
