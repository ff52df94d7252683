import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/app.js';
import { openDatabase, type Database } from '../src/platform/db.js';
import type { Clock } from '../src/platform/clock.js';
import { afterFile } from './cleanup.js';

/**
 * A fresh copy of the seeded database for this test file: PGlite in memory by default,
 * or a new PostgreSQL database when TEST_DATABASE_URL is set. Dropped after the file.
 */
export async function openTestDatabase(): Promise<{ db: Database; url: string | null }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const template = inject('postgresTemplate');
  if (serverUrl && template) {
    const name = `${template}_f${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const db = closingOnce(await openDatabase({ url: url.toString() }));
    afterFile(async () => {
      await db.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    });
    return { db, url: url.toString() };
  }
  const tarball = await readFile(inject('embeddedTemplate'));
  const db = closingOnce(await openDatabase({ memory: true, load: new Blob([tarball]) }));
  afterFile(() => db.close());
  return { db, url: null };
}

/** A test may close its database itself, to see what breaks; the cleanup's close is then moot. */
function closingOnce(db: Database): Database {
  let closed: Promise<void> | undefined;
  return { ...db, close: () => (closed ??= db.close()) };
}

/** The server secret the tests' portals key their form tokens with. */
export const TEST_SERVER_SECRET = 'test-server-secret-of-at-least-32-characters';

export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

/** A clock a test sets (`clock.instant = …`), to bring a day or a version into force. */
export const settableClock = (iso: string) =>
  ({
    instant: new Date(iso),
    now() {
      return this.instant;
    },
  }) satisfies Clock & { instant: Date };

/** The tests' settings: a silent log, a fixed secret, `publicUrl`, and the test's own. */
const testConfig = (publicUrl: string, files: string, env: Record<string, string> = {}) =>
  loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    FILES_DIR: files,
    PUBLIC_URL: publicUrl,
    // Fixed, so no test writes a secret into the working folder's ./data.
    SERVER_SECRET: TEST_SERVER_SECRET,
    ...env,
  });

/**
 * The portal on `db`, with its own folder of uploads (removed after the file); closed after
 * the file unless the caller closes it first.
 */
async function portalOn(
  db: Database,
  publicUrl: string,
  options: {
    clock?: Clock;
    env?: Record<string, string>;
    logStream?: { write(line: string): void };
  },
) {
  const files = await mkdtemp(join(tmpdir(), 'motcua-files-'));
  afterFile(() => rm(files, { recursive: true, force: true }));
  const config = testConfig(publicUrl, files, options.env);
  const { app, modules } = await createApp({
    config,
    db,
    logger: options.logStream !== undefined,
    ...(options.logStream ? { logStream: options.logStream } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { app, modules, config };
}

/** The portal on a fresh database, for `app.inject` tests. */
export async function createTestApp(
  options: {
    clock?: Clock;
    env?: Record<string, string>;
    /** Where the log goes, for a test that reads it (no log otherwise). */
    logStream?: { write(line: string): void };
    /** The database as the portal is to see it (a test that counts its queries wraps it). */
    database?: (db: Database) => Database;
  } = {},
) {
  const opened = (await openTestDatabase()).db;
  const db = options.database ? options.database(opened) : opened;
  // Where app.inject says its requests go (Host: localhost:80).
  const { app, modules, config } = await portalOn(db, 'http://localhost', options);
  afterFile(() => app.close());
  return { app, db, modules, config };
}

/** A port nobody listens on right now, so a test server can know its address in advance. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The portal listening on 127.0.0.1 on a real port, its PUBLIC_URL pointing there (for OIDC
 * flows), by that address or by another name of it (`localhost`).
 */
export async function startTestServer(
  options: { clock?: Clock; env?: Record<string, string>; publicHost?: string } = {},
) {
  const port = await freePort();
  const base = `http://${options.publicHost ?? '127.0.0.1'}:${port}`;
  const ctx = await createTestApp({
    ...(options.clock ? { clock: options.clock } : {}),
    env: { PUBLIC_URL: base, IDP_SIMULATOR: 'true', ...options.env },
  });
  await ctx.app.listen({ port, host: '127.0.0.1' });
  return { ...ctx, base };
}

/**
 * One more portal process on a database a test opened (`openTestDatabase`): a pool of its own
 * on PostgreSQL, the same PGlite otherwise (one connection, as one machine would have),
 * listening on a port of its own with the PUBLIC_URL given, as processes behind one load
 * balancer are. `close` stops it (a process ending); otherwise it stops after the file.
 */
export async function startTestServerOn(
  database: { db: Database; url: string | null },
  options: {
    publicUrl: string;
    clock?: Clock;
    env?: Record<string, string>;
    logStream?: { write(line: string): void };
  },
) {
  const db = database.url ? await openDatabase({ url: database.url }) : database.db;
  const { app, modules, config } = await portalOn(db, options.publicUrl, {
    ...options,
    env: { IDP_SIMULATOR: 'true', ...options.env },
  });
  const port = await freePort();
  await app.listen({ port, host: '127.0.0.1' });
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      await app.close();
      if (database.url) await db.close();
    })());
  afterFile(close);
  return { app, db, modules, config, base: `http://127.0.0.1:${port}`, close };
}

/**
 * The portal listening on a real port, as startTestServer's, on a database the test opened
 * itself: one whose heavy reads go to a replica (`openDatabase({ url, replicaUrl })`,
 * docs/replica.md), say. The test closes that database (afterFile, registered before this).
 */
export async function startTestServerWithDatabase(
  db: Database,
  options: { clock?: Clock; env?: Record<string, string> } = {},
) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { app, modules, config } = await portalOn(db, base, {
    ...options,
    env: { IDP_SIMULATOR: 'true', ...options.env },
  });
  afterFile(() => app.close());
  await app.listen({ port, host: '127.0.0.1' });
  return { app, db, modules, config, base };
}
