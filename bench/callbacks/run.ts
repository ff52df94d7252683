/**
 * bench/callbacks: provider callbacks on PostgreSQL. 16,000 pending orders; 20,000 signed
 * callbacks (every order's success once, 20% sent again, 5% of all moved out of their
 * place), sent concurrently. Checks that each order was credited exactly once, and measures
 * callbacks per second against a bare Fastify route that only records each callback with
 * one INSERT … ON CONFLICT DO NOTHING on the same database, in the same run.
 *
 *   npm run bench:callbacks     # BENCH_DATABASE_URL defaults to the local server
 */
import { spawn } from 'node:child_process';
import Fastify from 'fastify';
import pg from 'pg';
import { freshDatabase } from '../lib/database.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/platform/db.js';
import { migrate } from '../../src/platform/migrations.js';
import { seedCatalog } from '../../src/modules/catalog/seed/index.js';
import { signatureHeader } from '../../src/modules/payments/signatures.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CALLBACKS = Number(process.env.BENCH_CALLBACKS ?? 20_000);
const DUPLICATES = 0.2;
const OUT_OF_ORDER = 0.05;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DATABASE = 'motcua_bench_callbacks';
const KEY = 'bench-callback-key-0123456789';

/** A deterministic shuffle, so every run sends the same sequence. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * Sends the callbacks from a child process: the load generator gets its own event loop and
 * core, so the portal's is not shared with the client measuring it. Bodies are signed
 * beforehand; requests go in on stdin, the figures come back on stdout.
 */
const LOAD = `
const autocannon = require('autocannon');
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const { url, path, requests, connections } = JSON.parse(input);
  let next = 0;
  const started = performance.now();
  autocannon({
    url, connections, amount: requests.length,
    requests: [{ method: 'POST', setupRequest: (request) => {
      const { body, signature } = requests[next++];
      return { ...request, path, body, headers: { 'content-type': 'application/json',
        ...(signature ? { 'x-signature': signature } : {}) } };
    } }],
  }, (error, result) => {
    if (error) throw error;
    process.stdout.write(JSON.stringify({
      rate: result.requests.total / ((performance.now() - started) / 1000),
      p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors,
    }));
  });
});
`;

async function send(url: string, path: string, bodies: string[], signed: boolean) {
  const now = new Date();
  const requests = bodies.map((body) => ({
    body,
    signature: signed ? signatureHeader(body, KEY, now) : null,
  }));
  const child = spawn(process.execPath, ['-e', LOAD], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<number | null>((resolve) => child.once('close', resolve));
  child.stdin.end(JSON.stringify({ url, path, requests, connections: CONNECTIONS }));
  if ((await done) !== 0) throw new Error(`load generator failed for ${path}`);
  const result = JSON.parse(output) as {
    rate: number;
    p50: number;
    p99: number;
    non2xx: number;
    errors: number;
  };
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return result;
}

/** The orders, pending at the sandbox bank, as payers leave them. */
async function insertOrders(db: Database, orders: number) {
  await db.query(
    `INSERT INTO payment_orders (number, subject, bill_code, bill_kind, payer_name,
       payee_agency_code, description, items, amount, provider, provider_ref, status,
       created_at, expires_at, updated_at)
     SELECT 'TT261124' || lpad(n::text, 8, '0'), 'bill', 'B' || n, 'fine', 'Người nộp ' || n,
       '000.00.13.H01', 'Tiền phạt', '[{"name": "Tiền phạt", "amount": 800000}]', 800000,
       'sandbox-bank', 'SB' || n, 'pending', now(), now() + interval '90 minutes', now()
     FROM generate_series(1, $1::int) AS n`,
    [orders],
  );
}

/** Every order's success once, 20% sent again, then 5% of all moved out of their place. */
function callbackSequence(orders: number): string[] {
  const event = (n: number) =>
    JSON.stringify({
      eventId: `SB${n}:succeeded`,
      reference: `SB${n}`,
      outcome: 'succeeded',
      amount: 800_000,
      currency: 'VND',
      at: new Date().toISOString(),
    });
  const next = random(20261124);
  const bodies = Array.from({ length: orders }, (_, i) => event(i + 1));
  // Each order's callback in turn, a repeat right after its original for 20% of them …
  const repeats = new Map<number, number>();
  for (let i = orders; i < CALLBACKS; i++) {
    const order = Math.floor(next() * orders);
    repeats.set(order, (repeats.get(order) ?? 0) + 1);
  }
  const sequence: string[] = [];
  bodies.forEach((body, order) => {
    for (let i = 0; i <= (repeats.get(order) ?? 0); i++) sequence.push(body);
  });
  // … then 5% of all callbacks moved elsewhere in the stream (a repeat may come first).
  for (let i = 0; i < CALLBACKS * OUT_OF_ORDER; i++) {
    const [moved] = sequence.splice(Math.floor(next() * sequence.length), 1);
    sequence.splice(Math.floor(next() * sequence.length), 0, moved!);
  }
  return sequence;
}

/** The portal itself, on the benchmark's database, with the sandbox bank's key. */
async function startPortal(url: string, db: Database) {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    // A fixed key for form tokens: a benchmark writes nothing into the project's ./data.
    SERVER_SECRET: 'benchmark-server-secret-of-32-characters-or-more',
    RATE_LIMIT_PER_MINUTE: '100000000',
    DATABASE_URL: url,
    JOBS_IN_PROCESS: 'false',
    IDP_SIMULATOR: 'true',
    SANDBOX_BANK_KEYS: KEY,
    FILES_DIR: `/tmp/${DATABASE}-files`,
  });
  const { app } = await createApp({ config, db, logger: false });
  return { app, address: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

/** The baseline: the least a callback endpoint does, one insert that drops repeats. */
async function startBareRoute(db: Database, pool: pg.Pool) {
  await db.query(
    'CREATE TABLE bench_callbacks (event_id text PRIMARY KEY, body jsonb NOT NULL, received_at timestamptz NOT NULL)',
  );
  const bare = Fastify();
  bare.post('/callback', async (request) => {
    const body = request.body as { eventId: string };
    await pool.query(
      'INSERT INTO bench_callbacks (event_id, body, received_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING',
      [body.eventId, JSON.stringify(body)],
    );
    return { ok: true };
  });
  return { bare, address: await bare.listen({ port: 0, host: '127.0.0.1' }) };
}

/** What the callbacks left: orders paid, credits in all and on one order, callbacks kept. */
async function outcome(pool: pg.Pool, orders: number) {
  const [check] = (
    await pool.query<{ paid: number; credits: number; most: number; recorded: number }>(
      `SELECT
         (SELECT count(*) FROM payment_orders WHERE status = 'succeeded')::int AS paid,
         (SELECT count(*) FROM payment_events WHERE event = 'succeed')::int AS credits,
         (SELECT coalesce(max(c), 0) FROM (SELECT count(*) AS c FROM payment_events
            WHERE event = 'succeed' GROUP BY order_id) per_order)::int AS most,
         (SELECT count(*) FROM payment_callbacks)::int AS recorded`,
    )
  ).rows;
  const exact =
    check!.paid === orders &&
    check!.credits === orders &&
    check!.most === 1 &&
    check!.recorded === orders;
  return { ...check!, exact };
}

type Figures = Awaited<ReturnType<typeof send>>;

function report(
  orders: number,
  sent: number,
  figures: { baseline: Figures; ours: Figures },
  check: Awaited<ReturnType<typeof outcome>>,
) {
  const { baseline, ours } = figures;
  console.log(
    `\nNode ${process.version}; ${sent} callbacks for ${orders} orders (${CALLBACKS - orders} repeats, ${Math.round(CALLBACKS * OUT_OF_ORDER)} moved), ${CONNECTIONS} connections\n`,
  );
  console.log('| what | callbacks/s | p50 ms | p99 ms |\n|---|---|---|---|');
  console.log(
    `| bare Fastify route, one INSERT … ON CONFLICT DO NOTHING | ${baseline.rate.toFixed(0)} | ${baseline.p50} | ${baseline.p99} |`,
  );
  console.log(
    `| POST /api/v1/payments/callbacks/sandbox-bank | ${ours.rate.toFixed(0)} | ${ours.p50} | ${ours.p99} |`,
  );
  console.log(
    `\ncallbacks ${ours.rate.toFixed(0)}/s (target ≥ 1,000); ratio to the bare route ${(ours.rate / baseline.rate).toFixed(2)}`,
  );
  console.log(
    `orders paid ${check.paid}/${orders}, credits ${check.credits}, most credits on one order ${check.most}; callbacks recorded ${check.recorded}, repeats answered without a second record ${sent - check.recorded}: ${check.exact ? 'exactly one credit per order' : 'NOT EXACT'}`,
  );
}

async function main() {
  const url = await freshDatabase(SERVER_URL, DATABASE);
  const db = await openDatabase({ url });
  await migrate(db);
  await seedCatalog(db);
  const orders = Math.round(CALLBACKS * (1 - DUPLICATES));
  await insertOrders(db, orders);
  const sequence = callbackSequence(orders);

  const portal = await startPortal(url, db);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const bare = await startBareRoute(db, pool);

  const baseline = await send(bare.address, '/callback', sequence, false);
  const ours = await send(
    portal.address,
    '/api/v1/payments/callbacks/sandbox-bank',
    sequence,
    true,
  );
  const check = await outcome(pool, orders);
  report(orders, sequence.length, { baseline, ours }, check);

  await bare.bare.close();
  await pool.end();
  await portal.app.close();
  await db.close();
  if (!check.exact) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
