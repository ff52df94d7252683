/**
 * bench/search: the search endpoint against a bare Fastify JSON route, in the same run,
 * on PostgreSQL with the real seed plus 10,000 synthetic procedures.
 *
 *   npm run bench:search                      # BENCH_DATABASE_URL defaults to the local server
 *   BENCH_PROCEDURES=100000 npm run bench:search
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { freshDatabase } from '../lib/database.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import { openDatabase } from '../../src/platform/db.js';
import { migrate } from '../../src/platform/migrations.js';
import { insertProcedures, seedCatalog } from '../../src/modules/catalog/seed/index.js';
import { syntheticProcedures } from '../lib/synthetic-catalog.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SYNTHETIC = Number(process.env.BENCH_PROCEDURES ?? 10_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const LATENCY_SAMPLES = 2000;
const COLD_QUERIES = 1000;
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

/**
 * Distinct queries, each asked once: what search costs when the answer is not cached. One
 * in ten is misspelt (a letter dropped from its last word), which takes the typo path.
 */
function coldPaths(count: number): string[] {
  const words = [
    'giay phep',
    'dang ky',
    'cap lai',
    'chung chi',
    'an toan',
    'xay dung',
    'kinh doanh',
    'thuc pham',
    'lao dong',
    'moi truong',
    'van tai',
    'duoc',
    'giao duc',
    'ho tich',
    'dat dai',
    'thue',
    'hai quan',
    'khuyen mai',
    'bao hiem',
    'cu tru',
  ];
  const filters = [
    '',
    '&level=province',
    '&target=business',
    '&serviceLevel=full_online',
    '&level=commune',
  ];
  const paths: string[] = [];
  for (let i = 0; paths.length < count; i++) {
    const a = words[i % words.length] as string;
    const b = words[Math.floor(i / words.length) % words.length] as string;
    const filter = filters[
      Math.floor(i / (words.length * words.length)) % filters.length
    ] as string;
    const last = i % 10 === 0 && b.length > 3 ? b.slice(0, 1) + b.slice(2) : b;
    paths.push(`/api/v1/procedures?q=${encodeURIComponent(`${a} ${last}`)}${filter}&limit=20`);
  }
  return paths;
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
  timings.sort((a, b) => a - b);
  const at = (q: number) =>
    Number((timings[Math.floor(q * (timings.length - 1))] ?? NaN).toFixed(2));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
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
  await db.query('ANALYZE');
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM procedures',
  );
  console.log(
    `catalog: ${count} procedures (${SYNTHETIC} synthetic), prepared in ${((Date.now() - started) / 1000).toFixed(1)} s`,
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

  const cold = await sequentialLatency(searchUrl, coldPaths(COLD_QUERIES));
  const ratio = search.requestsPerSecond / bare.requestsPerSecond;
  const row = (name: string, m: typeof bare) =>
    `| ${name} | ${m.requestsPerSecond.toFixed(0)} | ${m.bytesPerAnswer.toFixed(0)} | ${m.p50} | ${m.p95} | ${m.p99} |`;
  console.log(
    `\nthroughput: ${CONNECTIONS} connections for ${DURATION} s; latency: ${LATENCY_SAMPLES} sequential requests; Node ${process.version}\n`,
  );
  console.log(
    '| endpoint | req/s | bytes/answer | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|',
  );
  console.log(row('bare Fastify JSON route', bare));
  console.log(row('GET /api/v1/procedures (search)', search));
  console.log(
    `| search, uncached (${COLD_QUERIES} distinct queries once each) | — | — | ${cold.p50} | ${cold.p95} | ${cold.p99} |`,
  );
  console.log(
    `\nratio search/bare: ${ratio.toFixed(2)} (target ≥ 0.5); search p95 ${search.p95} ms (target ≤ 5 ms)`,
  );

  await app.close();
  await baseline.close();
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
