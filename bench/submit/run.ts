/**
 * bench/submit: dossier submissions per second through the API, against a bare insert of
 * the same rows in the same run, on PostgreSQL; then every submission retried three times
 * at once, counting duplicates.
 *
 *   npm run bench:submit     # BENCH_DATABASE_URL defaults to the local server
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
import { IdentityRepository } from '../../src/modules/identity/repository.js';
import { sessionCookie } from '../../test/sessions.js';
import { vietnamDate } from '../../src/platform/clock.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 4000);
const RETRIED = Number(process.env.BENCH_RETRIED ?? 1000);
const CITIZENS = 200;
const AGENCIES = 50;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const DATABASE = 'motcua_bench_submit';
// Certified electronic copy: a few short answers and one attached document.
const PROCEDURE = '2.001009';
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);

interface Citizen {
  id: string;
  token: string;
  documentId: string;
}

/** Citizens signed in (sessions made directly), each with one document in their store. */
async function citizens(db: Database, communeCodes: string[]): Promise<Citizen[]> {
  const identity = new IdentityRepository(db);
  const list: Citizen[] = [];
  for (let i = 0; i < CITIZENS; i++) {
    const personalId = `001${String(90_000_000 + i).padStart(9, '0')}`;
    const { id } = await identity.upsertCitizen({
      subject: `bench-${i}`,
      personalId,
      name: `Công dân thử ${i}`,
      birthDate: '1990-01-01',
      gender: i % 2 ? 'male' : 'female',
      address: {
        street_address: 'Số 1',
        locality: communeCodes[i % communeCodes.length],
        region: '01',
      },
      phone: `09${String(10_000_000 + i)}`,
      email: null,
      verifiedFields: ['personal_id', 'name', 'birth_date', 'gender', 'address'],
    });
    const token = (await sessionCookie(db, id)).slice('sid='.length);
    list.push({ id, token, documentId: '' });
  }
  return list;
}

/** A fresh database, migrated, with the catalog seeded and its versions in force. */
async function prepareDatabase() {
  const url = await freshDatabase(SERVER_URL, DATABASE);
  const db = await openDatabase({ url });
  await migrate(db);
  await seedCatalog(db);
  await new CatalogRepository(db).activateDueVersions(vietnamDate(new Date()));
  return { url, db };
}

/** The portal itself, on the benchmark's database, its forms seeded. */
async function startPortal(url: string, db: Database) {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    // A fixed key for form tokens: a benchmark writes nothing into the project's ./data.
    SERVER_SECRET: 'benchmark-server-secret-of-32-characters-or-more',
    RATE_LIMIT_PER_MINUTE: '100000000',
    SUBMISSION_RATE_LIMIT_PER_MINUTE: '100000000',
    DATABASE_URL: url,
    JOBS_IN_PROCESS: 'false',
    FILES_DIR: `/tmp/${DATABASE}-files`,
  });
  const { app, modules } = await createApp({ config, db, logger: false });
  await modules.dossiers.seed();
  return app;
}

type Call = (
  who: Citizen,
  method: string,
  path: string,
  body?: unknown,
  init?: RequestInit,
) => Promise<Record<string, unknown>>;

/** A call to the API as a citizen: JSON or a form in, JSON out, anything above 2xx thrown. */
function caller(base: string): Call {
  return async (who, method, path, body, init = {}) => {
    const headers: Record<string, string> = {
      cookie: `sid=${who.token}`,
      accept: 'application/json',
    };
    if (body !== undefined && !(body instanceof FormData))
      headers['content-type'] = 'application/json';
    const response = await fetch(base + path, {
      method,
      headers,
      ...(body === undefined
        ? {}
        : { body: body instanceof FormData ? body : JSON.stringify(body) }),
      ...init,
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/** Who files where, and how they reach the API. */
interface World {
  call: Call;
  people: Citizen[];
  agencies: { code: string; commune_code: string }[];
}

interface Draft {
  id: string;
  who: Citizen;
}

/** Drafts ready to submit: answers given, the citizen's stored document reused. */
async function drafts({ call, people, agencies }: World, count: number): Promise<Draft[]> {
  const made: Draft[] = [];
  for (let i = 0; i < count; i++) {
    const who = people[i % people.length]!;
    const agency = agencies[people.indexOf(who) % agencies.length]!.code;
    const draft = await call(who, 'POST', '/api/v1/dossiers', {
      procedureCode: PROCEDURE,
      agencyCode: agency,
    });
    await call(who, 'PATCH', `/api/v1/dossiers/${String(draft.id)}`, {
      answers: {
        documentName: 'Bằng tốt nghiệp trung học phổ thông',
        documentIssuer: 'Sở Giáo dục và Đào tạo Hà Nội',
        documentDate: '2008-06-30',
        copies: 1,
        declaration: true,
      },
    });
    const form = new FormData();
    form.set('field', 'original');
    if (who.documentId) form.set('documentId', who.documentId);
    else form.set('file', new Blob([new Uint8Array(PDF)]), 'bang.pdf');
    const attached = await call(
      who,
      'POST',
      `/api/v1/dossiers/${String(draft.id)}/attachments`,
      form,
    );
    who.documentId = String(attached.documentId);
    made.push({ id: String(draft.id), who });
  }
  return made;
}

/** The portal: each draft submitted once, CONNECTIONS at a time. */
async function measurePortal(base: string, ready: Draft[]) {
  let next = 0;
  const portalStarted = performance.now();
  const portal = await autocannon({
    url: base,
    connections: CONNECTIONS,
    amount: ready.length,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const draft = ready[next++ % ready.length]!;
          return {
            ...request,
            path: `/api/v1/dossiers/${draft.id}/submit`,
            headers: { cookie: `sid=${draft.who.token}`, accept: 'application/json' },
          };
        },
        onResponse: (status: number, body: string) => {
          if (status >= 300 && process.env.BENCH_DEBUG) console.log(status, body);
        },
      },
    ],
  });
  if (portal.non2xx > 0 || portal.errors > 0) {
    throw new Error(`portal: ${portal.non2xx} non-2xx answers, ${portal.errors} errors`);
  }
  const rate = portal.requests.total / ((performance.now() - portalStarted) / 1000);
  return { portal, rate };
}

/** The copies the baseline writes: the dossier row without its indexes, as it always was. */
const BARE_TABLES = [
  ['bench_dossiers', 'dossiers INCLUDING DEFAULTS'],
  ['bench_sequences', 'dossier_sequences INCLUDING ALL'],
  ['bench_events', 'dossier_events INCLUDING ALL'],
  ['bench_notifications', 'notifications INCLUDING ALL'],
] as const;

/** One submission's rows written by hand, in one transaction: number, dossier, event, message. */
async function insertBareSubmission(
  client: pg.PoolClient,
  n: number,
  template: Record<string, unknown>,
) {
  await client.query('BEGIN');
  const agency = `bench.${n % AGENCIES}`;
  const seq = await client.query<{ last_value: number }>(
    `INSERT INTO bench_sequences (agency_code, day, last_value) VALUES ($1, current_date, 1)
     ON CONFLICT (agency_code, day) DO UPDATE SET last_value = bench_sequences.last_value + 1
     RETURNING last_value`,
    [agency],
  );
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO bench_dossiers (id, code, owner_id, filed_by, procedure_code, procedure_version,
       agency_code, handling_agency_code, channel, status, answers, applicant_name,
       applicant_id_number, created_at, updated_at, submitted_at, due_at, version)
     VALUES (gen_random_uuid(), $1, $2, $2, $3, 1, $4, $4, 2, 1, $5, $6, $7, now(), now(), now(), now(), 1)
     RETURNING id`,
    [
      `${agency}-${String(seq.rows[0]!.last_value).padStart(4, '0')}`,
      template.owner_id,
      PROCEDURE,
      template.agency_code,
      JSON.stringify(template.answers),
      template.applicant_name,
      template.applicant_id_number,
    ],
  );
  await client.query(
    `INSERT INTO bench_events (dossier_id, at, action, status, actor_id)
     VALUES ($1, now(), 'submitted', 1, $2)`,
    [template.id, template.owner_id],
  );
  await client.query(
    `INSERT INTO bench_notifications (account_id, channel, recipient, template, locale, subject, body,
       status, next_attempt_at, created_at, sent_at, provider)
     VALUES ($1, 'in_app', $2, 'dossier_submitted', 'vi', $3, $3, 'delivered', now(), now(), now(), 'in-app')`,
    [template.owner_id, String(template.owner_id), `Đã tiếp nhận hồ sơ ${inserted.rows[0]!.id}`],
  );
  await client.query('COMMIT');
}

/**
 * The baseline's tables: copies of those a submission writes (same columns, defaults, and
 * but for the dossier row the same keys and indexes), so that the baseline writes none of
 * the portal's tables: only their owners do (ADR 0007). Answers the row it copies (a draft:
 * the baseline runs before any submission too).
 */
async function prepareBaseline(pool: pg.Pool): Promise<Record<string, unknown>> {
  for (const [copy, like] of BARE_TABLES) await pool.query(`CREATE TABLE ${copy} (LIKE ${like})`);
  return (await pool.query('SELECT * FROM dossiers WHERE status = 0 LIMIT 1')).rows[0] as Record<
    string,
    unknown
  >;
}

/**
 * The baseline: the rows submissions `from` to `to` leave (the dossier, its number, its
 * timeline entry, the in-app message), written directly over a pool, as many at a time.
 * Answers the milliseconds it took.
 */
async function timeBaseline(
  pool: pg.Pool,
  template: Record<string, unknown>,
  from: number,
  to: number,
): Promise<number> {
  let row = from;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      for (;;) {
        const n = row++;
        if (n >= to) return;
        const client = await pool.connect();
        try {
          await insertBareSubmission(client, n, template);
        } finally {
          client.release();
        }
      }
    }),
  );
  return performance.now() - started;
}

/** Retries: every submission sent three times at once with one Idempotency-Key. */
async function retrySubmissions(world: World, pool: pg.Pool) {
  const retried = await drafts(world, RETRIED);
  const answers = await Promise.all(
    retried.flatMap((draft, i) =>
      [0, 1, 2].map(() =>
        world.call(draft.who, 'POST', `/api/v1/dossiers/${draft.id}/submit`, undefined, {
          headers: {
            cookie: `sid=${draft.who.token}`,
            accept: 'application/json',
            'idempotency-key': `bench-retry-${i}`,
          },
        }),
      ),
    ),
  );
  const codesPerDraft = retried.map(
    (_, i) => new Set(answers.slice(i * 3, i * 3 + 3).map((a) => a.code)),
  );
  const inconsistent = codesPerDraft.filter((codes) => codes.size !== 1).length;
  return { retried: retried.length, inconsistent, ...(await duplicates(pool, retried)) };
}

/** What the retries left: dossiers and distinct codes among them, gaps in the numbering. */
async function duplicates(pool: pg.Pool, retried: Draft[]) {
  const [{ dossiers, codes }] = (
    await pool.query<{ dossiers: number; codes: number }>(
      `SELECT count(*)::int AS dossiers, count(DISTINCT code)::int AS codes FROM dossiers WHERE id = ANY($1)`,
      [retried.map((d) => d.id)],
    )
  ).rows as [{ dossiers: number; codes: number }];
  const [{ gaps }] = (
    await pool.query<{ gaps: number }>(
      `SELECT coalesce(sum(n - expected), 0)::int AS gaps FROM (
         SELECT agency_code, max(split_part(code, '-', 3)::int) AS n, count(*) AS expected
         FROM dossiers WHERE status > 0 GROUP BY agency_code, split_part(code, '-', 2)) per_day`,
    )
  ).rows as [{ gaps: number }];
  return { dossiers, codes, gaps };
}

function report(
  count: number,
  bareRate: number,
  { portal, rate: portalRate }: Awaited<ReturnType<typeof measurePortal>>,
  retries: Awaited<ReturnType<typeof retrySubmissions>>,
) {
  const { retried, dossiers, codes, inconsistent, gaps } = retries;
  console.log(`\n${CONNECTIONS} concurrent clients; Node ${process.version}\n`);
  console.log('| what | count | per second | p50 ms | p99 ms |\n|---|---|---|---|---|');
  console.log(
    `| bare insert of the same rows (pg pool) | ${count} | ${bareRate.toFixed(0)} | — | — |`,
  );
  console.log(
    `| POST /api/v1/dossiers/{id}/submit | ${portal.requests.total} | ${portalRate.toFixed(0)} | ${portal.latency.p50} | ${portal.latency.p99} |`,
  );
  console.log(
    `\nratio portal/bare: ${(portalRate / bareRate).toFixed(2)}; target ≥ 300 submissions/s`,
  );
  console.log(
    `retried ${retried} submissions ×3 at once: ${dossiers} dossiers, ${codes} distinct codes, ${inconsistent} drafts answered with different codes, ${gaps} gaps in the daily sequences`,
  );
}

async function main() {
  const { url, db } = await prepareDatabase();
  const app = await startPortal(url, db);
  const agencies = await db.query<{ code: string; commune_code: string }>(
    `SELECT code, commune_code FROM agencies WHERE kind = 'commune_people_committee'
     AND province_code = '01' ORDER BY code LIMIT $1`,
    [AGENCIES],
  );
  const people = await citizens(
    db,
    agencies.map((a) => a.commune_code),
  );
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const world: World = { call: caller(base), people, agencies };

  const started = Date.now();
  const ready = await drafts(world, SUBMISSIONS);
  console.log(
    `prepared ${ready.length} drafts for ${people.length} citizens at ${agencies.length} agencies in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  // Half the baseline before the portal's run and half after: a machine whose speed drifts
  // during the run then weighs on both sides of the ratio alike.
  const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
  const template = await prepareBaseline(pool);
  const half = Math.ceil(ready.length / 2);
  const before = await timeBaseline(pool, template, 0, half);
  const portal = await measurePortal(base, ready);
  const after = await timeBaseline(pool, template, half, ready.length);
  const bareRate = ready.length / ((before + after) / 1000);
  const retries = await retrySubmissions(world, pool);
  report(ready.length, bareRate, portal, retries);

  await pool.end();
  await app.close();
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
