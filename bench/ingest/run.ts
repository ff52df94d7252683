/**
 * bench/ingest: status sync at national volume on PostgreSQL. 1,000,000 status events for
 * 200,000 dossiers (10% repeats, 10% out of order) pushed by 8 connected systems at once, in
 * batches of 1,000, through the HTTP API with real access tokens. Reports events per second
 * and the ratio to a raw COPY of the same events into the same table in the same run, then
 * checks that every dossier's status is its newest event's and every event is recorded once.
 *
 *   npm run bench:ingest     # BENCH_DATABASE_URL defaults to the local server
 *   BENCH_DOSSIERS=2000 npm run bench:ingest   # CI's tiny size
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { freshDatabase } from '../lib/database.js';
import { postgresCpuSeconds } from '../lib/processes.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/platform/db.js';
import { migrate } from '../../src/platform/migrations.js';
import { seedCatalog } from '../../src/modules/catalog/seed/index.js';
import { clientAssertion, clientKey } from '../../test/integration.js';
import { finalStatuses, streams, uniqueEvents, type BenchWorld } from './events.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 200_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const BATCH = 1_000;
const DATABASE = 'motcua_bench_ingest';

async function startPortal(url: string, db: Database) {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SERVER_SECRET: 'benchmark-server-secret-of-32-characters-or-more',
    DATABASE_URL: url,
    JOBS_IN_PROCESS: 'false',
    INTEGRATION_TOKEN_TTL_SECONDS: '3600',
    FILES_DIR: `/tmp/${DATABASE}-files`,
  });
  const { app, modules } = await createApp({ config, db, logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, modules, address, publicUrl: config.PUBLIC_URL };
}

type Portal = Awaited<ReturnType<typeof startPortal>>;

/** The connected systems: each registered with a key for its agencies, and its token. */
async function connect(portal: Portal, db: Database, world: BenchWorld): Promise<string[]> {
  const [admin] = await db.query<{ id: string }>(
    `INSERT INTO accounts (kind, name, email) VALUES ('system_admin', 'Quản trị', $1) RETURNING id`,
    [`bench.${randomUUID()}@example.vn`],
  );
  const clients = portal.modules.integration.clients;
  const tokens: string[] = [];
  for (const agencies of world.agencies) {
    const { client } = await clients.register(admin!.id, {
      name: `Hệ thống một cửa ${agencies[0]}`,
      ownerAgencyCode: agencies[0]!,
      contactName: 'Bench',
      contactEmail: 'bench@example.vn',
      contactPhone: null,
      scopes: ['dossiers:sync'],
      allowedAgencies: agencies,
      rateLimitPerMinute: 100_000,
      allowedAddresses: [],
    });
    const key = await clientKey();
    await clients.addKey(admin!.id, client.id, key.jwk);
    const endpoint = `${portal.address}/api/v1/integration/token`;
    const answer = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await clientAssertion(
          client.id,
          key,
          `${portal.publicUrl}/api/v1/integration/token`,
        ),
      }),
    });
    if (answer.status !== 200) throw new Error(`token: ${await answer.text()}`);
    tokens.push(((await answer.json()) as { access_token: string }).access_token);
  }
  return tokens;
}

interface Pushed {
  events: number;
  accepted: number;
  duplicates: number;
  refused: number;
  requests: number;
  seconds: number;
  /** CPU the pushing clients' process used while pushing. */
  cpuSeconds: number;
  p50: number;
  p95: number;
  p99: number;
}

function push(url: string, tokens: string[], world: BenchWorld): Promise<Pushed> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ingest/push.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(JSON.stringify({ url, tokens, batch: BATCH, world }));
  return new Promise((resolve, reject) =>
    child.once('close', (code) =>
      code === 0 ? resolve(JSON.parse(output) as Pushed) : reject(new Error('push failed')),
    ),
  );
}

/** Every dossier at its newest event's status; every event recorded once. */
async function check(pool: pg.Pool, world: BenchWorld) {
  const final = finalStatuses(world);
  const { rows } = await pool.query<{ wrong: number; dossiers: number }>(
    `SELECT count(*) FILTER (WHERE s.status IS DISTINCT FROM e.status)::int AS wrong,
            count(s.code)::int AS dossiers
     FROM unnest($1::text[], $2::smallint[]) AS e (code, status)
     LEFT JOIN synced_dossiers s ON s.code = e.code`,
    [[...final.keys()], [...final.values()]],
  );
  const { rows: events } = await pool.query<{ recorded: number; distinct: number }>(
    `SELECT count(*)::int AS recorded,
            count(DISTINCT (client_id, event_id))::int AS distinct FROM dossier_sync_events`,
  );
  const expected = uniqueEvents(world);
  return {
    ...rows[0]!,
    ...events[0]!,
    expected,
    exact:
      rows[0]!.wrong === 0 &&
      rows[0]!.dossiers === world.dossiers &&
      events[0]!.recorded === expected &&
      events[0]!.distinct === expected,
  };
}

/** Lines joined into chunks of about 256 KB: a write per line would time this process, not COPY. */
function* chunks(lines: string[]) {
  for (let i = 0; i < lines.length; i += 2_000) yield lines.slice(i, i + 2_000).join('');
}

/** The same events as rows, copied raw into the same (emptied) table: the baseline. */
async function rawCopy(pool: pg.Pool, world: BenchWorld, clientIds: string[]) {
  const lines: string[] = [];
  const seen = new Set<string>();
  const now = new Date().toISOString();
  streams(world).forEach((stream, client) => {
    for (const e of stream) {
      if (seen.has(e.eventId)) continue;
      seen.add(e.eventId);
      lines.push(
        `${clientIds[client]}\t${e.eventId}\t${e.code}\t${e.at}\t${e.status}\tt\t\\N\t${now}\t\\N\n`,
      );
    }
  });
  await pool.query('TRUNCATE dossier_sync_events');
  const connection = await pool.connect();
  const started = performance.now();
  try {
    await pipeline(
      Readable.from(chunks(lines)),
      connection.query(
        copyFrom(`COPY dossier_sync_events (client_id, event_id, dossier_code, at, status,
          applied, flag, recorded_at, note) FROM STDIN`),
      ),
    );
  } finally {
    connection.release();
  }
  return { rows: lines.length, seconds: (performance.now() - started) / 1000 };
}

/** CPU seconds used from now by this process (the portal, or the COPY's sender) and by PostgreSQL. */
function cpuMeter() {
  const node = process.cpuUsage();
  const postgres = postgresCpuSeconds();
  return () => {
    const used = process.cpuUsage(node);
    const now = postgresCpuSeconds();
    return {
      node: (used.user + used.system) / 1e6,
      postgres: now === null || postgres === null ? null : now - postgres,
    };
  };
}

async function main() {
  const url = await freshDatabase(SERVER_URL, DATABASE);
  const db = await openDatabase({ url });
  await migrate(db);
  await seedCatalog(db);
  const agencyCodes = (
    await db.query<{ code: string }>('SELECT code FROM agencies ORDER BY code LIMIT $1', [
      CLIENTS * 10,
    ])
  ).map((r) => r.code);
  const procedures = (
    await db.query<{ code: string }>('SELECT code FROM procedures ORDER BY code LIMIT 50')
  ).map((r) => r.code);
  const world: BenchWorld = {
    dossiers: DOSSIERS,
    clients: CLIENTS,
    agencies: Array.from({ length: CLIENTS }, (_, c) => agencyCodes.slice(c * 10, c * 10 + 10)),
    procedures,
  };
  const portal = await startPortal(url, db);
  const tokens = await connect(portal, db, world);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const cpu = cpuMeter();
  const pushed = await push(portal.address, tokens, world);
  const pushCpu = cpu();
  const outcome = await check(pool, world);
  const clientIds = (
    await pool.query<{ id: string }>('SELECT id FROM api_clients ORDER BY created_at, id')
  ).rows.map((r) => r.id);
  await portal.app.close();
  const copyMeter = cpuMeter();
  const copy = await rawCopy(pool, world, clientIds);
  const copyCpu = copyMeter();
  const { rows: shown } = await pool.query<{ server_version: string }>('SHOW server_version');
  const version = shown[0]!.server_version;
  const rate = pushed.events / pushed.seconds;
  const copyRate = copy.rows / copy.seconds;
  console.log(
    `\nNode ${process.version}, PostgreSQL ${version}, ${cpus().length} cores; ${pushed.events} events for ${DOSSIERS} dossiers from ${CLIENTS} clients in ${pushed.requests} batches of ≤ ${BATCH}\n`,
  );
  console.log('| what | rows | seconds | per second |\n|---|---|---|---|');
  console.log(
    `| raw COPY of the distinct events into dossier_sync_events | ${copy.rows} | ${copy.seconds.toFixed(2)} | ${copyRate.toFixed(0)} |`,
  );
  console.log(
    `| POST /api/v1/integration/dossiers/events (HTTP, 8 clients) | ${pushed.events} | ${pushed.seconds.toFixed(2)} | ${rate.toFixed(0)} |`,
  );
  console.log(
    `\nevents ${rate.toFixed(0)}/s (target ≥ 20,000); ratio to raw COPY ${(rate / copyRate).toFixed(2)} (target ≥ 0.5); batch latency p50 ${pushed.p50.toFixed(0)} ms, p95 ${pushed.p95.toFixed(0)} ms, p99 ${pushed.p99.toFixed(0)} ms`,
  );
  const perEvent = (seconds: number | null, rows: number) =>
    seconds === null ? '?' : ((seconds * 1e6) / rows).toFixed(1);
  console.log(
    `CPU per event: the portal's process ${perEvent(pushCpu.node, pushed.events)} µs, PostgreSQL ${perEvent(pushCpu.postgres, pushed.events)} µs, the clients' process ${perEvent(pushed.cpuSeconds, pushed.events)} µs; per row of the raw COPY: the bench's process ${perEvent(copyCpu.node, copy.rows)} µs, PostgreSQL ${perEvent(copyCpu.postgres, copy.rows)} µs`,
  );
  console.log(
    `accepted ${pushed.accepted}, repeats answered as duplicates ${pushed.duplicates}, refused ${pushed.refused}; dossiers ${outcome.dossiers}/${DOSSIERS}, at the wrong status ${outcome.wrong}; events recorded ${outcome.recorded} (distinct ${outcome.distinct}, expected ${outcome.expected}): ${outcome.exact ? 'exact' : 'NOT EXACT'}`,
  );
  await pool.end();
  await db.close();
  if (!outcome.exact || pushed.refused > 0) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
