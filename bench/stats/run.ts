/**
 * bench/stats: the public statistics on PostgreSQL at national volume. The index's figures
 * for a year of about 10 million dossiers over 3,000 agencies of the 34 provinces
 * (bench/stats/figures.ts), then, through HTTP with no response cache, the ranking of the
 * provinces and one agency's drill-down (a different agency each time), against the same
 * pages on an empty index in the same run (the baseline: what the figures' volume costs).
 * Then 100,000 new status events of synced dossiers taken into the figures by the index's
 * job, against reading the same facts through the feed alone.
 *
 *   npm run bench:stats        # BENCH_DATABASE_URL defaults to the local server
 *   BENCH_AGENCIES=200 BENCH_EVENTS=2000 BENCH_REQUESTS=20 npm run bench:stats   # CI's tiny size
 */
import { cpus } from 'node:os';
import { freshDatabase } from '../lib/database.js';
import { dropDatabase } from '../lib/drop-database.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/platform/db.js';
import { migrate } from '../../src/platform/migrations.js';
import { seedCatalog } from '../../src/modules/catalog/seed/index.js';
import { freePort } from '../lib/processes.js';
import { MONTH, writeFigures, writeSyncedEvents } from './figures.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AGENCIES = Number(process.env.BENCH_AGENCIES ?? 3000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const WARM_UP = 10;
const DATABASE = 'motcua_bench_stats';

const percentiles = (timings: number[]) => {
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.floor(q * (sorted.length - 1))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
};

type Timings = ReturnType<typeof percentiles>;

/** Asks for each path in turn (after a warm-up), one at a time; answers the percentiles. */
async function measure(base: string, paths: () => string): Promise<Timings> {
  const timings: number[] = [];
  for (let i = 0; i < WARM_UP + REQUESTS; i += 1) {
    const path = paths();
    const started = performance.now();
    const response = await fetch(base + path);
    const body = await response.text();
    const took = performance.now() - started;
    if (response.status !== 200)
      throw new Error(`${path}: ${response.status} ${body.slice(0, 300)}`);
    if (i >= WARM_UP) timings.push(took);
  }
  return percentiles(timings);
}

async function startPortal(url: string, db: Database) {
  // Pages asked for at another address are sent to PUBLIC_URL: the portal is asked at its own.
  const port = await freePort();
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'silent',
    SERVER_SECRET: 'benchmark-server-secret-of-32-characters-or-more',
    DATABASE_URL: url,
    JOBS_IN_PROCESS: 'false',
    RATE_LIMIT_PER_MINUTE: '1000000',
    FILES_DIR: `/tmp/${DATABASE}-files`,
  });
  const { app, modules } = await createApp({ config, db, logger: false });
  return { app, modules, base: await app.listen({ port, host: '127.0.0.1' }) };
}

async function pages(base: string, agencies: string[]) {
  let next = 0;
  const ranking = await measure(base, () => `/statistics?period=${MONTH}&kind=province`);
  const agency = await measure(base, () => {
    next = (next + 7919) % agencies.length;
    return `/statistics/agencies/${encodeURIComponent(agencies[next]!)}?period=${MONTH}`;
  });
  return { ranking, agency };
}

const ms = (value: number) => value.toFixed(1);

async function main() {
  const url = await freshDatabase(SERVER_URL, DATABASE);
  const db = await openDatabase({ url });
  await migrate(db);
  await seedCatalog(db);
  const portal = await startPortal(url, db);
  await portal.modules.catalog.service.activateDueVersions();
  const units = await portal.modules.catalog.service.monitoringUnits();
  // Agencies of every province that receive dossiers: communes' committees and departments.
  const chosen = (
    await db.query<{ code: string }>(
      `SELECT code FROM agencies WHERE kind IN ('commune_people_committee', 'province_department')
       ORDER BY md5(code) LIMIT $1`,
      [AGENCIES],
    )
  ).map((row) => ({ code: row.code, unit: units.unitOf(row.code) }));
  const provinces = new Set(chosen.map((a) => a.unit)).size;
  const procedures = (
    await db.query<{ code: string }>(
      `SELECT code FROM procedures WHERE 'commune_people_committee' = ANY(agency_kinds) ORDER BY code LIMIT 30`,
    )
  ).map((row) => row.code);
  const codes = chosen.map((a) => a.code);

  const empty = await pages(portal.base, codes);
  let started = performance.now();
  const rows = await writeFigures(db, chosen, procedures);
  const writeSeconds = (performance.now() - started) / 1000;
  const [year] = await db.query<{ received: number }>(
    `SELECT value AS received FROM monitoring_totals WHERE period = '2026' AND scope = 'nation' AND metric = 'received'`,
  );
  const full = await pages(portal.base, codes);

  // 100,000 new events: read through the feed alone, then taken in by the job.
  const events = await writeSyncedEvents(db, { count: EVENTS, agencies: codes, procedures });
  const feed = portal.modules.dossiers.statistics.synced;
  started = performance.now();
  let cursor: string | null = null;
  // A dossier's two events may come in two batches: it is one fact, read twice.
  const read = new Set<string>();
  for (;;) {
    const answer = await feed.changed(cursor, 2000);
    if (answer.keys.length === 0) break;
    for (const fact of await feed.facts(answer.keys)) read.add(fact.code);
    cursor = answer.cursor;
  }
  const facts = read.size;
  const readSeconds = (performance.now() - started) / 1000;
  const nationReceived = async () =>
    (
      await db.query<{ value: number }>(
        `SELECT coalesce(sum(value), 0)::bigint AS value FROM monitoring_totals
         WHERE period = '${MONTH}' AND scope = 'nation' AND metric = 'received'`,
      )
    )[0]!.value;
  const before = await nationReceived();
  started = performance.now();
  const ingested = await portal.modules.monitoring.ingest();
  const ingestSeconds = (performance.now() - started) / 1000;
  const added = (await nationReceived()) - before;

  const [shown] = await db.query<{ server_version: string }>('SHOW server_version');
  console.log(
    `\nNode ${process.version}, PostgreSQL ${shown!.server_version}, ${cpus().length} cores; ${chosen.length} agencies in ${provinces} provinces, ${year?.received ?? 0} dossiers received in the year's figures; ${rows} daily figures for ${MONTH} written in ${writeSeconds.toFixed(1)} s; ${REQUESTS} requests per page, one at a time, no response cache\n`,
  );
  console.log(
    '| page | empty index p50 / p95 ms | national volume p50 / p95 / p99 ms | ratio p95 |',
  );
  console.log('|---|---|---|---|');
  for (const [name, key] of [
    [`GET /statistics?period=${MONTH}&kind=province (ranking of the 34 provinces)`, 'ranking'],
    [
      `GET /statistics/agencies/:code?period=${MONTH} (one agency's drill-down, a different one each time)`,
      'agency',
    ],
  ] as const) {
    const e = empty[key];
    const f = full[key];
    console.log(
      `| ${name} | ${ms(e.p50)} / ${ms(e.p95)} | ${ms(f.p50)} / ${ms(f.p95)} / ${ms(f.p99)} | ${(f.p95 / e.p95).toFixed(2)} |`,
    );
  }
  console.log(
    `\n${events} new status events (${facts} synced dossiers): read through the feed alone in ${readSeconds.toFixed(2)} s; taken into the figures by the job in ${ingestSeconds.toFixed(2)} s (${(events / ingestSeconds).toFixed(0)} events/s, ${(ingestSeconds / readSeconds).toFixed(2)}× the read alone); ${ingested.changed} facts changed the figures, the nation's dossiers received in ${MONTH} grew by ${added} (expected ${facts})`,
  );
  const slow = full.ranking.p95 > 50 || full.agency.p95 > 50;
  console.log(`p95 target ≤ 50 ms each: ${slow ? 'MISSED' : 'met'}`);
  await portal.app.close();
  await db.close();
  await dropDatabase(SERVER_URL, DATABASE);
  if (added !== facts || ingested.changed !== facts) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
