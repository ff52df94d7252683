/**
 * bench/search: the search endpoint against a bare Fastify JSON route, in the same run,
 * on PostgreSQL with the real seed plus 10,000 synthetic procedures (BENCH_PROCEDURES);
 * then queries never asked before, some misspelt, at that size.
 *
 *   npm run bench:search                      # BENCH_DATABASE_URL defaults to the local server
 *   BENCH_PROCEDURES=100000 npm run bench:search
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { freshDatabase } from '../lib/database.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/platform/db.js';
import { migrate } from '../../src/platform/migrations.js';
import { insertProcedures, seedCatalog } from '../../src/modules/catalog/seed/index.js';
import { syntheticProcedures } from '../lib/synthetic-catalog.js';
import { SearchRepository } from '../../src/modules/catalog/search-repository.js';
import { SearchVocabulary } from '../../src/modules/catalog/search-vocabulary.js';
import { SearchIndex } from '../../src/modules/catalog/search-index.js';
import { coldQueries, type ColdQuery } from './queries.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SYNTHETIC = Number(process.env.BENCH_PROCEDURES ?? 10_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const LATENCY_SAMPLES = 2000;
const COLD_QUERIES = 1000;
/**
 * Asked before the cold queries are timed, none of them again: a portal in service has its
 * statements prepared, and PostgreSQL plans each afresh for its first five executions on a
 * connection (0.4–3.7 ms each) before it keeps a generic plan.
 */
const WARM_QUERIES = 200;
const DATABASE = 'motcua_bench_search';

const QUERIES = [
  'q=giay+phep+lai+xe',
  'q=ly+lich+tu+phap',
  'q=dang+ky+kaisinh',
  'q=khuyen+mai',
  'q=cap+giay+phep+kinh+doanh+van+tai',
  'q=an+toan+thuc+pham&level=province',
  'q=ho+chieu',
  'q=dang+ky+doanh+nghiep&target=business',
  'q=chung+chi+hanh+nghe+duoc',
  'field=HO_TICH',
];

const percentiles = (timings: number[]) => {
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (q: number) => Number((sorted[Math.floor(q * (sorted.length - 1))] ?? NaN).toFixed(2));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
};

/**
 * Each cold query once, timed, split by how the portal answered it: by the words as typed,
 * or after correcting them (`match: typos`); and how many misspelt ones were read as meant.
 */
async function coldLatency(url: string, queries: ColdQuery[]) {
  const words: number[] = [];
  const typos: number[] = [];
  let misspelt = 0;
  let readAsMeant = 0;
  for (const { path, meant } of queries) {
    const started = performance.now();
    const response = await fetch(url + path);
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    const body = (await response.json()) as { match: string; correctedQuery: string | null };
    (body.match === 'typos' ? typos : words).push(performance.now() - started);
    if (meant !== null) {
      misspelt += 1;
      if (body.correctedQuery === meant) readAsMeant += 1;
    }
  }
  return {
    words: { count: words.length, ...percentiles(words) },
    typos: { count: typos.length, ...percentiles(typos) },
    misspelt,
    readAsMeant,
  };
}

async function sequentialLatency(url: string, paths: string[]) {
  const timings: number[] = [];
  for (const path of paths) {
    const started = performance.now();
    const response = await fetch(url + path);
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    await response.arrayBuffer();
    timings.push(performance.now() - started);
  }
  return percentiles(timings);
}

/** Throughput under load (autocannon), then latency of sequential requests, exact percentiles. */
async function measure(url: string, paths: string[]) {
  // Each connection cycles through the paths in order.
  const load = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: paths.map((path) => ({ method: 'GET' as const, path })),
  });
  const bytesPerAnswer = load.throughput.total / load.requests.total;
  if (load.non2xx > 0 || load.errors > 0) {
    throw new Error(`${url}: ${load.non2xx} non-2xx answers, ${load.errors} errors`);
  }
  const latency = await sequentialLatency(
    url,
    Array.from({ length: LATENCY_SAMPLES }, (_, n) => paths[n % paths.length] as string),
  );
  return {
    requestsPerSecond: load.requests.average,
    bytesPerAnswer,
    ...latency,
  };
}

/**
 * Loads the vocabulary and the search index as SearchService does at a change of the
 * catalog: how long that takes, and what they hold once the rows read are let go.
 */
async function weighSearchable(db: Database) {
  const repository = new SearchRepository(db);
  // What the portal's own load read is let go of a moment after it, as below.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  global.gc?.();
  const before = process.memoryUsage();
  const started = performance.now();
  const vocabulary = new SearchVocabulary(await repository.vocabulary());
  const index = new SearchIndex(await repository.indexRows());
  const loadSeconds = (performance.now() - started) / 1000;
  // The database driver lets go of the buffer it read the index's rows into a moment later.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  global.gc?.();
  const after = process.memoryUsage();
  const held = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  // Both are used after the collection above (returned), so it kept them.
  return { loadSeconds, heldMegabytes: held / 1e6, indexBytes: index.arrayBytes, vocabulary };
}

async function main() {
  const url = await freshDatabase(SERVER_URL, DATABASE);
  const db = await openDatabase({ url });
  await migrate(db);
  await seedCatalog(db);
  const fields = (await db.query<{ code: string }>('SELECT code FROM fields')).map((r) => r.code);
  const ministries = (
    await db.query<{ code: string }>(`SELECT code FROM agencies WHERE kind = 'ministry'`)
  ).map((r) => r.code);
  const started = Date.now();
  const synthetic = syntheticProcedures(SYNTHETIC, fields, ministries);
  for (let i = 0; i < synthetic.length; i += 2000) {
    await db.transaction((tx) => insertProcedures(tx, synthetic.slice(i, i + 2000)));
  }
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    // A fixed key for form tokens: a benchmark writes nothing into the project's ./data.
    SERVER_SECRET: 'benchmark-server-secret-of-32-characters-or-more',
    RATE_LIMIT_PER_MINUTE: '100000000',
    DATABASE_URL: url,
  });
  const { app, modules } = await createApp({ config, db, logger: false });
  await modules.catalog.service.activateDueVersions();
  // As autovacuum leaves a table in use: the versions' activation rewrote every row.
  await db.exec('VACUUM ANALYZE');
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM procedures',
  );
  console.log(
    `catalog: ${count} procedures (${SYNTHETIC} synthetic), prepared in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  // The catalog's change started loading the vocabulary and search index; the first search
  // waits for them. Then they are loaded once more, as SearchService does, timed and weighed.
  await app.inject({ url: '/api/v1/procedures?q=giay+phep' });
  const { loadSeconds, heldMegabytes, indexBytes } = await weighSearchable(db);
  console.log(
    `vocabulary and search index: loaded in ${loadSeconds.toFixed(2)} s, ` +
      (global.gc
        ? `${heldMegabytes.toFixed(0)} MB held (heap and typed arrays; the index's typed arrays ${(indexBytes / 1e6).toFixed(0)} MB)`
        : 'held memory not measured (NODE_OPTIONS=--expose-gc)'),
  );

  // The baseline answers each query's own answer, kept in memory: same bytes on the wire,
  // none of the search (or the portal's hooks) behind them.
  const paths = QUERIES.map((q) => `/api/v1/procedures?${q}`);
  const answers = new Map<string, unknown>();
  for (const path of paths) answers.set(path, (await app.inject({ url: path })).json());
  const baseline = Fastify({ logger: false });
  baseline.get('/api/v1/procedures', async (request) => answers.get(request.url));
  const searchUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const baselineUrl = await baseline.listen({ port: 0, host: '127.0.0.1' });

  await measure(searchUrl, paths); // warm-up
  const bare = await measure(baselineUrl, paths);
  const search = await measure(searchUrl, paths);

  const queries = coldQueries(WARM_QUERIES + COLD_QUERIES);
  await coldLatency(searchUrl, queries.slice(0, WARM_QUERIES));
  const cold = await coldLatency(searchUrl, queries.slice(WARM_QUERIES));
  const ratio = search.requestsPerSecond / bare.requestsPerSecond;
  const row = (name: string, m: typeof bare) =>
    `| ${name} | ${m.requestsPerSecond.toFixed(0)} | ${m.bytesPerAnswer.toFixed(0)} | ${m.p50} | ${m.p95} | ${m.p99} |`;
  const coldRow = (name: string, m: typeof cold.words) =>
    `| ${name} (${m.count} distinct queries, once each) | — | — | ${m.p50} | ${m.p95} | ${m.p99} |`;
  console.log(
    `\nthroughput: ${CONNECTIONS} connections for ${DURATION} s; latency: ${LATENCY_SAMPLES} sequential requests; Node ${process.version}\n`,
  );
  console.log(
    '| endpoint | req/s | bytes/answer | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|',
  );
  console.log(row('bare Fastify JSON route', bare));
  console.log(row('GET /api/v1/procedures (search)', search));
  console.log(coldRow('search, uncached, words as typed', cold.words));
  console.log(coldRow('search, uncached, misspelt and corrected', cold.typos));
  console.log(
    `\nratio search/bare: ${ratio.toFixed(2)} (target ≥ 0.5); search p95 ${search.p95} ms (target ≤ 5 ms)`,
  );
  console.log(
    `uncached p95: words ${cold.words.p95} ms, misspelt ${cold.typos.p95} ms (target ≤ 5 ms); misspelt queries read as meant: ${cold.readAsMeant} of ${cold.misspelt}`,
  );

  await app.close();
  await baseline.close();
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
