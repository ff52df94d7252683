/**
 * bench/answers: the public answers' search (GET /api/v1/feedback/answers) against a bare
 * Fastify JSON route, in the same run, on PostgreSQL with 100,000 published answers
 * (BENCH_ANSWERS) about the seeded catalog's procedures; nothing kept between requests (the
 * route has no response cache). Then queries never asked before, once each.
 *
 *   npm run bench:answers                     # BENCH_DATABASE_URL defaults to the local server
 *   BENCH_ANSWERS=2000 BENCH_SECONDS=1 npm run bench:answers
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { freshDatabase } from '../lib/database.js';
import { dropDatabase } from '../lib/drop-database.js';
import { citizenAccount, communeAgencies } from '../lib/people.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/platform/db.js';
import { migrate } from '../../src/platform/migrations.js';
import { seedCatalog } from '../../src/modules/catalog/seed/index.js';
import {
  generateAnswers,
  random,
  type GeneratedAnswer,
  type ProcedureForAnswers,
} from './texts.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 100_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const LATENCY_SAMPLES = 2000;
const COLD_QUERIES = 1000;
const BATCH = 5000;
const DATABASE = 'motcua_bench_answers';

const percentiles = (timings: number[]) => {
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (q: number) => Number((sorted[Math.floor(q * (sorted.length - 1))] ?? NaN).toFixed(2));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
};

/** Inserts the answered feedback items and their published answers, a batch per statement. */
async function insertAnswers(db: Database, procedures: ProcedureForAnswers[], ownerId: string) {
  const until = new Date('2026-12-01T00:00:00Z');
  const batch: GeneratedAnswer[] = [];
  let number = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const column = <T>(pick: (answer: GeneratedAnswer) => T) => batch.map(pick);
    await db.query(
      `WITH given AS (
         SELECT * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[],
                              $7::text[], $8::text[], $9::timestamptz[])
           AS g(n, agency, procedure, field, title, question, answer, answered_at)),
       items AS (
         INSERT INTO feedback_items (code, kind, owner_id, sent_by, sender_name, agency_code,
           procedure_code, field_code, title, body, publish_consent, status, answer_text,
           answer_agency_code, answered_at, created_at, updated_at)
         SELECT 'PAKN-BENCH-' || n, 'procedure', $1, $1, 'Người gửi', agency, procedure, field,
                title, question, true, 'answered', answer, agency, answered_at,
                answered_at - interval '10 days', answered_at
           FROM given
         RETURNING id, code)
       INSERT INTO published_answers (feedback_id, code, kind, agency_code, procedure_code,
         field_code, title, question, answer, answered_at, published_at)
       SELECT items.id, 'TL-2026-' || lpad(given.n::text, 6, '0'), 'procedure', agency,
              procedure, field, title, question, answer, answered_at, answered_at
         FROM items JOIN given ON items.code = 'PAKN-BENCH-' || given.n`,
      [
        ownerId,
        column(() => ++number),
        column((a) => a.procedure.agency_code),
        column((a) => a.procedure.code),
        column((a) => a.procedure.field_code),
        column((a) => a.title),
        column((a) => a.question),
        column((a) => a.answer),
        column((a) => a.answeredAt),
      ],
    );
    batch.length = 0;
  };
  for (const answer of generateAnswers(procedures, ANSWERS, until)) {
    batch.push(answer);
    if (batch.length === BATCH) await flush();
  }
  await flush();
  await db.query(`SELECT setval('published_answer_code_seq', $1)`, [ANSWERS]);
}

async function sequentialLatency(url: string, paths: string[]) {
  const timings: number[] = [];
  for (const path of paths) {
    const started = performance.now();
    const response = await fetch(url + path);
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    timings.push(performance.now() - started);
  }
  return percentiles(timings);
}

/** Throughput under load (autocannon), then latency of sequential requests, exact percentiles. */
async function measure(url: string, paths: string[]) {
  const load = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: paths.map((path) => ({ method: 'GET' as const, path })),
  });
  if (load.non2xx > 0 || load.errors > 0) {
    throw new Error(`${url}: ${load.non2xx} non-2xx answers, ${load.errors} errors`);
  }
  const latency = await sequentialLatency(
    url,
    Array.from({ length: LATENCY_SAMPLES }, (_, n) => paths[n % paths.length]!),
  );
  return {
    requestsPerSecond: load.requests.average,
    bytesPerAnswer: load.throughput.total / load.requests.total,
    ...latency,
  };
}

/**
 * Queries nobody asked before: two to four words of a procedure's name, folded or not, some
 * with a letter slipped, some with a filter.
 */
function coldQueries(procedures: ProcedureForAnswers[], count: number): string[] {
  const next = random(7);
  return Array.from({ length: count }, () => {
    const procedure = procedures[Math.floor(next() * procedures.length)]!;
    const words = procedure.name.toLowerCase().split(/\s+/);
    const from = Math.floor(next() * Math.max(1, words.length - 2));
    let text = words.slice(from, from + 2 + Math.floor(next() * 3)).join(' ');
    if (next() < 0.5) text = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    if (next() < 0.3) {
      const at = 1 + Math.floor(next() * (text.length - 2));
      text = text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);
    }
    const filter = next() < 0.3 ? `&field=${procedure.field_code}` : '';
    return `/api/v1/feedback/answers?q=${encodeURIComponent(text)}${filter}`;
  });
}

async function main() {
  const url = await freshDatabase(SERVER_URL, DATABASE);
  const db = await openDatabase({ url });
  await migrate(db);
  await seedCatalog(db);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SERVER_SECRET: 'benchmark-server-secret-of-32-characters-or-more',
    RATE_LIMIT_PER_MINUTE: '100000000',
    DATABASE_URL: url,
  });
  const { app, modules } = await createApp({ config, db, logger: false });
  await modules.catalog.service.activateDueVersions();
  const procedures = await db.query<ProcedureForAnswers>(
    `SELECT p.code, p.name, p.field_code, coalesce(p.agency_codes[1], f.ministry_code) AS agency_code
       FROM procedures p JOIN fields f ON f.code = p.field_code
      WHERE p.current_version_id IS NOT NULL ORDER BY p.popular DESC, p.code`,
  );
  const [commune] = await communeAgencies(db, 1);
  const ownerId = await citizenAccount(db, {
    n: 1,
    name: 'Người gửi',
    commune: commune!.commune_code,
  });
  const started = Date.now();
  await insertAnswers(db, procedures, ownerId);
  await db.exec('VACUUM ANALYZE');
  console.log(
    `${ANSWERS} published answers about ${procedures.length} procedures, inserted in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const loading = performance.now();
  await modules.feedback.answers.warm();
  const loadSeconds = (performance.now() - loading) / 1000;
  global.gc?.();
  const held = (process.memoryUsage().heapUsed - before) / 1e6;
  console.log(
    `answers loaded into memory in ${loadSeconds.toFixed(2)} s` +
      (global.gc ? `, ${held.toFixed(0)} MB of heap held` : ''),
  );

  const top = procedures[0]!;
  const paths = [
    'q=gi%E1%BA%A5y+ph%C3%A9p+l%C3%A1i+xe',
    'q=giay+phep+lai+xe',
    'q=giay+phep+lia+xe',
    'q=thoi+han+giai+quyet',
    'q=thoi+han+giai+quyte',
    'q=le+phi+dang+ky+khai+sinh',
    'q=dang+ky+kaisinh',
    'q=ho+chieu+pho+thong',
    `q=nop+ho+so+truc+tuyen&agency=${top.agency_code}`,
    `q=le+phi&field=${top.field_code}`,
    `procedure=${top.code}`,
    `q=cham+tra+ket+qua&procedure=${top.code}`,
    '',
  ].map((query) => `/api/v1/feedback/answers${query ? `?${query}` : ''}`);

  // The baseline answers each query's own answer, kept in memory: the same bytes on the
  // wire, none of the search (or the portal's hooks) behind them.
  const answers = new Map<string, unknown>();
  for (const path of paths) {
    const response = await app.inject({ url: path });
    if (response.statusCode !== 200) throw new Error(`${path}: ${response.body}`);
    answers.set(path, response.json());
    console.log(`${path}: ${response.json<{ total: number }>().total} answers`);
  }
  const baseline = Fastify({ logger: false });
  baseline.get('/api/v1/feedback/answers', async (request) => answers.get(request.url));
  const searchUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const baselineUrl = await baseline.listen({ port: 0, host: '127.0.0.1' });

  await measure(searchUrl, paths); // warm-up
  const bare = await measure(baselineUrl, paths);
  const search = await measure(searchUrl, paths);
  const cold = await sequentialLatency(searchUrl, coldQueries(procedures, COLD_QUERIES));

  const row = (name: string, m: typeof bare) =>
    `| ${name} | ${m.requestsPerSecond.toFixed(0)} | ${m.bytesPerAnswer.toFixed(0)} | ${m.p50} | ${m.p95} | ${m.p99} |`;
  console.log(
    `\nthroughput: ${CONNECTIONS} connections for ${DURATION} s; latency: ${LATENCY_SAMPLES} sequential requests; Node ${process.version}\n`,
  );
  console.log(
    '| endpoint | req/s | bytes/answer | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|',
  );
  console.log(row('bare Fastify JSON route', bare));
  console.log(row('GET /api/v1/feedback/answers (no cache)', search));
  console.log(
    `| the same, ${COLD_QUERIES} distinct queries once each | — | — | ${cold.p50} | ${cold.p95} | ${cold.p99} |`,
  );
  console.log(
    `\nratio search/bare: ${(search.requestsPerSecond / bare.requestsPerSecond).toFixed(2)} req/s, ` +
      `p95 ${search.p95} ms against ${bare.p95} ms; search p95 ${search.p95} ms, distinct queries p95 ${cold.p95} ms (target ≤ 10 ms)`,
  );

  await app.close();
  await baseline.close();
  await db.close();
  // 100,000 answers take some 260 MB: the server is left as it was.
  await dropDatabase(SERVER_URL, DATABASE);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
