import { randomInt, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp, createModules } from '../../src/app.js';
import { shareAcrossProcesses } from '../../src/cross-process.js';
import { openBroadcast } from '../../src/platform/broadcast.js';
import { systemClock } from '../../src/platform/clock.js';
import { openDatabase } from '../../src/platform/db.js';
import { openTestDatabase, TEST_SERVER_SECRET } from '../helpers.js';
import { sessionCookie, simulatedCitizen } from '../sessions.js';

/*
 * Two portal processes' worth of app (each its own pool, broadcast connection and rate-limit
 * store) on one PostgreSQL database: what one changes or counts, the other sees, through
 * PostgreSQL alone and through Redis.
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIMIT = 6;

async function twoProcesses(transport: 'postgres' | 'redis') {
  const { url } = await openTestDatabase();
  if (!url) throw new Error('the scale-out tests need TEST_DATABASE_URL (PostgreSQL)');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://localhost',
    SERVER_SECRET: TEST_SERVER_SECRET,
    DATABASE_URL: url,
    REDIS_URL: transport === 'redis' ? REDIS_URL : '',
    RATE_LIMIT_PER_MINUTE: String(LIMIT),
  });
  const start = async () => {
    const db = await openDatabase({ url });
    const { app, modules } = await createApp({ config, db, logger: false });
    afterAll(async () => {
      await app.close();
      await db.close();
    });
    return { app, modules, db };
  };
  return { a: await start(), b: await start(), config };
}

/** An address of its own per test: Redis keeps counts across runs for their minute. */
const someClient = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

describe.each(['postgres', 'redis'] as const)('two portal processes through %s', (transport) => {
  it('count one rate limit between them', async () => {
    const { a, b } = await twoProcesses(transport);
    const remoteAddress = someClient();
    const ask = async (app: typeof a.app) =>
      (await app.inject({ url: '/api/v1/statistics/definitions', remoteAddress })).statusCode;
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i += 1) statuses.push(await ask(i % 2 === 0 ? a.app : b.app));
    expect(statuses).not.toContain(429);
    // Redis counts at once. PostgreSQL's counts are summed at each process's next flush (a
    // tenth of a second after its own hits), so one more may pass before a process knows.
    // Alone, each process would allow LIMIT, 3 more each here; together they refuse now.
    const flushed = () => new Promise((resolve) => setTimeout(resolve, 300));
    await flushed();
    await ask(a.app);
    await ask(b.app);
    await flushed();
    expect(await ask(a.app)).toBe(429);
    expect(await ask(b.app)).toBe(429);
  });

  it('end a session everywhere when it is signed out at one of them', async () => {
    const { a, b } = await twoProcesses(transport);
    const citizen = await simulatedCitizen(a.db);
    const cookie = await sessionCookie(a.db, citizen.id);
    const mine = () =>
      b.app.inject({ url: '/api/v1/dossiers', headers: { cookie }, remoteAddress: someClient() });
    // B reads the session once and remembers it for seconds (REMEMBER_SESSION_MS, 10 s).
    expect((await mine()).statusCode).toBe(200);
    const [session] = await a.db.query<{ id: string }>(
      'SELECT id FROM sessions WHERE account_id = $1',
      [citizen.id],
    );
    await a.modules.identity.service.signOut(session!.id);
    await expect.poll(async () => (await mine()).statusCode, { timeout: 5_000 }).toBe(401);
  });

  it('rebuild what they keep of the catalog when it changes at one of them, once', async () => {
    const { a, b } = await twoProcesses(transport);
    const heard: boolean[] = [];
    b.modules.catalog.changes.onChange((_generation, elsewhere) => heard.push(elsewhere));
    const before = b.modules.catalog.changes.generation;
    a.modules.catalog.changes.changed();
    await expect.poll(() => b.modules.catalog.changes.generation).toBe(before + 1);
    // Heard as a change made elsewhere (no webhook sent again), and not echoed back to A.
    expect(heard).toEqual([true]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(b.modules.catalog.changes.generation).toBe(before + 1);
  });

  it('hear what a worker changes: the catalog its daily job brings into force', async () => {
    const { b, config } = await twoProcesses(transport);
    const db = await openDatabase({ url: config.DATABASE_URL! });
    const worker = await createModules(db, systemClock, config);
    const broadcast = await openBroadcast(
      { redisUrl: config.REDIS_URL, databaseUrl: config.DATABASE_URL },
      { warn: () => undefined },
    );
    shareAcrossProcesses(worker, broadcast);
    afterAll(async () => {
      await broadcast.close();
      await db.close();
    });
    const before = b.modules.catalog.changes.generation;
    worker.catalog.changes.changed();
    await expect.poll(() => b.modules.catalog.changes.generation).toBe(before + 1);
  });

  it('hear every key of a change that names a thousand (a status sync batch)', async () => {
    const { a, b } = await twoProcesses(transport);
    const stamp = b.modules.changes.stamp();
    const owners = Array.from({ length: 1_000 }, (_, i) => `owner:${randomUUID()}-${i}`);
    a.modules.changes.changed(...owners);
    await expect
      .poll(() => owners.filter((key) => b.modules.changes.changedSince([key], stamp)).length)
      .toBe(1_000);
  });
});

describe('a process whose PostgreSQL notifications were cut', () => {
  it('forgets everything it kept, since it may have missed changes', async () => {
    const { b } = await twoProcesses('postgres');
    const stamp = b.modules.changes.stamp();
    const [here] = await b.db.query<{ name: string }>('SELECT current_database() AS name');
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = $1 AND application_name = 'motcua-broadcast'`,
      [here!.name],
    );
    await admin.end();
    await expect
      .poll(() => b.modules.changes.changedSince(['account:anyone'], stamp), { timeout: 10_000 })
      .toBe(true);
  });
});
