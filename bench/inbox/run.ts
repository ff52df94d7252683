/**
 * bench/inbox: the officers' inbox over 1,000,000 dossiers in 100 agencies, on PostgreSQL:
 * an agency's due-soon page through the API against the same query sent straight to the
 * database, in the same run; then actions (receive) per second.
 *
 *   npm run bench:inbox     # BENCH_DATABASE_URL defaults to the local server
 */
import autocannon from 'autocannon';
import pg from 'pg';
import { freshDatabase } from '../lib/database.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/platform/db.js';
import { migrate } from '../../src/platform/migrations.js';
import { seedCatalog } from '../../src/modules/catalog/seed/index.js';
import { CatalogRepository } from '../../src/modules/catalog/repository.js';
import { vietnamDate } from '../../src/platform/clock.js';
import { IdentityRepository } from '../../src/modules/identity/repository.js';
import { dossierFixtures } from '../../src/modules/dossiers/index.js';
import { sessionCookie } from '../../test/sessions.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 1_000_000);
const AGENCIES = 100;
const SAMPLES = 2000;
const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const DATABASE = 'motcua_bench_inbox';

const percentile = (sorted: number[], q: number) =>
  Number((sorted[Math.floor(q * (sorted.length - 1))] ?? NaN).toFixed(2));

/** A fresh database, migrated, with the catalog seeded and its versions in force. */
async function prepareDatabase() {
  const url = await freshDatabase(SERVER_URL, DATABASE);
  const db = await openDatabase({ url });
  await migrate(db);
  await seedCatalog(db);
  await new CatalogRepository(db).activateDueVersions(vietnamDate(new Date()));
  return { url, db };
}

/**
 * A million dossiers: statuses as a busy year leaves them (most returned, the rest in
 * every open state), due dates from two months back to a month ahead. Returns the agencies.
 */
async function makeDossiers(db: Database): Promise<string[]> {
  const agencies = (
    await db.query<{ code: string }>(
      `SELECT code FROM agencies WHERE kind = 'commune_people_committee' ORDER BY code LIMIT $1`,
      [AGENCIES],
    )
  ).map((a) => a.code);
  const [{ id: owner }] = (await db.query<{ id: string }>(
    `INSERT INTO accounts (kind, personal_id, name) VALUES ('citizen', '001090000001', 'Công dân thử')
     RETURNING id`,
  )) as [{ id: string }];

  const started = Date.now();
  await dossierFixtures.insertSyntheticDossiers(db, { ownerId: owner, agencies, count: DOSSIERS });
  // As autovacuum leaves a table in use: statistics and the visibility map up to date.
  await db.exec('VACUUM ANALYZE dossiers');
  console.log(
    `${DOSSIERS} dossiers in ${AGENCIES} agencies, made in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return agencies;
}

/** An officer with every role at the agency, signed in: the session cookie. */
async function signInOfficer(db: Database, agency: string): Promise<string> {
  const officer = await new IdentityRepository(db).createLocalAccount({
    kind: 'officer',
    name: 'Cán bộ thử',
    email: 'bench@example.vn',
    phone: null,
    passwordHash: 'x',
  });
  for (const role of ['receiver', 'processor', 'approver']) {
    await db.query('INSERT INTO role_grants (account_id, agency_code, role) VALUES ($1, $2, $3)', [
      officer,
      agency,
      role,
    ]);
  }
  return sessionCookie(db, officer);
}

/** The portal itself, on the benchmark's database. */
async function startPortal(url: string, db: Database) {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    // A fixed key for form tokens: a benchmark writes nothing into the project's ./data.
    SERVER_SECRET: 'benchmark-server-secret-of-32-characters-or-more',
    RATE_LIMIT_PER_MINUTE: '100000000',
    DATABASE_URL: url,
    JOBS_IN_PROCESS: 'false',
    FILES_DIR: `/tmp/${DATABASE}-files`,
  });
  const { app } = await createApp({ config, db, logger: false });
  return { app, base: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

/** The due-soon page, sequentially: through the API, and the same query on its own. */
async function measurePages(base: string, cookie: string, pool: pg.Pool, agency: string) {
  const timings = { api: [] as number[], sql: [] as number[] };
  for (let i = 0; i < SAMPLES; i++) {
    let t = performance.now();
    const response = await fetch(`${base}/api/v1/backoffice/dossiers?limit=50`, {
      headers: { cookie, accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`inbox: ${response.status}`);
    await response.arrayBuffer();
    timings.api.push(performance.now() - t);
    t = performance.now();
    await pool.query(
      `SELECT * FROM dossiers d WHERE d.handling_agency_code = $1 AND d.status IN (1, 2, 4, 5, 6)
       ORDER BY d.due_at, d.id LIMIT 51`,
      [agency],
    );
    timings.sql.push(performance.now() - t);
  }
  timings.api.sort((a, b) => a - b);
  timings.sql.sort((a, b) => a - b);
  return timings;
}

/** Actions: every submitted dossier of the agency received, CONNECTIONS at a time. */
async function measureActions(base: string, cookie: string, pool: pg.Pool, agency: string) {
  const waiting = (
    await pool.query<{ code: string; version: number }>(
      `SELECT code, version FROM dossiers WHERE agency_code = $1 AND status = 1 LIMIT $2`,
      [agency, ACTIONS],
    )
  ).rows;
  let next = 0;
  const actionStarted = performance.now();
  const actions = await autocannon({
    url: base,
    // At a tiny size an agency may have fewer dossiers waiting than connections.
    connections: Math.max(1, Math.min(CONNECTIONS, waiting.length)),
    amount: waiting.length,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const dossier = waiting[next++ % waiting.length]!;
          return {
            ...request,
            path: `/api/v1/backoffice/dossiers/${dossier.code}/actions`,
            headers: { cookie, 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify({ action: 'receive', version: dossier.version }),
          };
        },
      },
    ],
  });
  if (actions.non2xx > 0 || actions.errors > 0) {
    throw new Error(`actions: ${actions.non2xx} non-2xx, ${actions.errors} errors`);
  }
  const rate = actions.requests.total / ((performance.now() - actionStarted) / 1000);
  return { actions, rate };
}

function report(
  timings: Awaited<ReturnType<typeof measurePages>>,
  { actions, rate: actionRate }: Awaited<ReturnType<typeof measureActions>>,
) {
  console.log(
    `\nNode ${process.version}; inbox: ${SAMPLES} sequential pages of 50; actions: ${CONNECTIONS} connections\n`,
  );
  console.log('| what | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|');
  console.log(
    `| the page's query alone (pg) | ${percentile(timings.sql, 0.5)} | ${percentile(timings.sql, 0.95)} | ${percentile(timings.sql, 0.99)} |`,
  );
  console.log(
    `| GET /api/v1/backoffice/dossiers (due-soon page) | ${percentile(timings.api, 0.5)} | ${percentile(timings.api, 0.95)} | ${percentile(timings.api, 0.99)} |`,
  );
  console.log(
    `\ninbox p95 ${percentile(timings.api, 0.95)} ms (target ≤ 20 ms); ratio API/query p50 ${(percentile(timings.api, 0.5) / percentile(timings.sql, 0.5)).toFixed(1)}`,
  );
  console.log(
    `actions: ${actions.requests.total} receives, ${actionRate.toFixed(0)}/s, p50 ${actions.latency.p50} ms, p99 ${actions.latency.p99} ms`,
  );
}

async function main() {
  const { url, db } = await prepareDatabase();
  const agencies = await makeDossiers(db);
  const agency = agencies[0]!;
  const cookie = await signInOfficer(db, agency);
  const { app, base } = await startPortal(url, db);

  const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
  const timings = await measurePages(base, cookie, pool, agency);
  const actions = await measureActions(base, cookie, pool, agency);
  report(timings, actions);

  await pool.end();
  await app.close();
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
