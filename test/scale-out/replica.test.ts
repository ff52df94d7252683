import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type ReplicaLog } from '../../src/platform/db.js';
import type { PlaceFigures } from '../../src/modules/monitoring/routes/figures.js';
import { afterFile } from '../cleanup.js';
import { signInAs, type CookieClient } from '../browser-client.js';
import { badinhWard, fileCertifiedCopy, returnDossier } from '../dossiers.js';
import { freePort, openTestDatabase, startTestServerWithDatabase } from '../helpers.js';
import { officerWithRoles } from '../sessions.js';

/*
 * A real streaming replica of the test PostgreSQL (scripts/pg-replica.sh): heavy reads that
 * tolerate a delay (public statistics, the search index's load) read it; what follows a
 * person's own write reads the primary. Pausing the replica's replay makes the difference
 * visible: what is written meanwhile is on the primary only until replay resumes.
 */

const REPLICA_SERVER = process.env.TEST_DATABASE_REPLICA_URL;
const PROCEDURE = '1.001193';
const COPIES = '2.001009';
/** Longest a test waits for the replica to replay what the primary wrote. */
const CATCH_UP_MS = 30_000;

let replicaAdmin: pg.Client;
let primaryAdmin: pg.Client;
let url: string;
let db: Database;
let server: Awaited<ReturnType<typeof startTestServerWithDatabase>>;
let ward: string;
const logged: { level: 'warn' | 'info'; message: string }[] = [];

/** The same database (path) on the replica's server. */
const onReplica = (databaseUrl: string, server = REPLICA_SERVER!) => {
  const replica = new URL(server);
  replica.pathname = new URL(databaseUrl).pathname;
  return replica.toString();
};

const collectingLog: ReplicaLog = {
  warn: (_details, message) => logged.push({ level: 'warn', message }),
  info: (_details, message) => logged.push({ level: 'info', message }),
};

async function until(what: string, check: () => Promise<boolean>, ms = CATCH_UP_MS) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the replica has replayed all the primary had written when called. */
async function caughtUp() {
  const { rows } = await primaryAdmin.query<{ lsn: string }>(
    'SELECT pg_current_wal_lsn()::text AS lsn',
  );
  await until('the replica replaying the primary', async () => {
    const replayed = await replicaAdmin.query<{ done: boolean }>(
      'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done',
      [rows[0]!.lsn],
    );
    return replayed.rows[0]!.done;
  });
}

async function pauseReplay() {
  await replicaAdmin.query('SELECT pg_wal_replay_pause()');
  await until('replay paused', async () => {
    const { rows } = await replicaAdmin.query<{ state: string }>(
      'SELECT pg_get_wal_replay_pause_state() AS state',
    );
    return rows[0]!.state === 'paused';
  });
}

const resumeReplay = () => replicaAdmin.query('SELECT pg_wal_replay_resume()');

async function connect(connectionString: string) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  afterFile(() => client.end());
  return client;
}

beforeAll(async () => {
  if (!REPLICA_SERVER) {
    throw new Error(
      'TEST_DATABASE_REPLICA_URL is not set: start a streaming replica of the test PostgreSQL ' +
        'with `scripts/pg-replica.sh start`, then set ' +
        'TEST_DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/postgres',
    );
  }
  primaryAdmin = await connect(process.env.TEST_DATABASE_URL!);
  replicaAdmin = await connect(REPLICA_SERVER);
  // Whatever happens to a test below, the replica is left replaying (registered after the
  // client, so run before it ends).
  afterFile(resumeReplay);
  const opened = await openTestDatabase();
  if (!opened.url) throw new Error('the replica tests need TEST_DATABASE_URL (PostgreSQL)');
  url = opened.url;
  // The copy of the template made for this file exists on the replica once replayed.
  await caughtUp();
  db = await openDatabase({ url, replicaUrl: onReplica(url), log: collectingLog });
  afterFile(() => db.close());
  server = await startTestServerWithDatabase(db);
  ward = await badinhWard(db);
  // The search index is loaded before anything is paused.
  expect((await searchByCode(PROCEDURE)).name).toBe('Đăng ký khai sinh');
});

const api = async <T>(path: string, base = server.base) => {
  const response = await fetch(`${base}${path}`, { headers: { accept: 'application/json' } });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
};

/** What the public statistics API says the ward received of a procedure this month. */
const publicReceived = async (procedure: string, base = server.base) => {
  const figures = await api<PlaceFigures>(`/api/v1/statistics/agencies/${ward}`, base);
  return figures.procedures.find((p) => p.code === procedure)?.received ?? 0;
};

/** What the primary's daily figures hold: the ward's received of a procedure this month. */
const primaryReceived = async (procedure: string) => {
  const [row] = await db.query<{ received: number }>(
    `SELECT coalesce(sum(value), 0)::bigint AS received FROM monitoring_counts
     WHERE agency_code = $1 AND procedure_code = $2 AND metric = 'received'
       AND day >= date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`,
    [ward, procedure],
  );
  return row!.received;
};

/** A procedure found by its code through the search API: the name its index holds. */
const searchByCode = async (code: string) => {
  const found = await api<{ items: { code: string; name: string }[] }>(
    `/api/v1/procedures?q=${code}`,
  );
  return found.items.find((item) => item.code === code)!;
};

const text = async (client: CookieClient, path: string) => {
  const response = await client.request(path);
  expect(response.status, path).toBe(200);
  return response.text();
};

describe('the replica', () => {
  it('is a hot standby of the primary, read-only, holding the same database', async () => {
    const [replica] = await db.replica.query<{ standby: boolean; readOnly: string }>(
      `SELECT pg_is_in_recovery() AS standby,
         current_setting('default_transaction_read_only') AS "readOnly"`,
    );
    expect(replica).toEqual({ standby: true, readOnly: 'on' });
    const [primary] = await db.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
    expect(primary!.standby).toBe(false);
    // The same data: the seeded catalog, read through each.
    const count = 'SELECT count(*)::int AS n FROM procedures';
    expect(await db.replica.query(count)).toEqual(await db.query(count));
  });

  it('refuses writes, which are not sent to the primary instead', async () => {
    await expect(db.replica.query('CREATE TABLE replica_probe (id int)')).rejects.toThrow(
      /read-only transaction/,
    );
    const [table] = await db.query<{ found: string | null }>(
      `SELECT to_regclass('replica_probe')::text AS found`,
    );
    expect(table!.found).toBeNull();
  });

  it('is what a load waits for until it has replayed the change, else the primary', async () => {
    await pauseReplay();
    try {
      // A write on the primary the paused replica has not replayed: the primary, after the wait.
      await db.query('UPDATE fields SET name = name WHERE code = (SELECT min(code) FROM fields)');
      expect(await db.currentReplica(300)).toBe(db);
    } finally {
      await resumeReplay();
    }
    expect(await db.currentReplica(CATCH_UP_MS)).toBe(db.replica);
  });
});

describe('while the replica does not replay', () => {
  let citizen: CookieClient;
  let filed: string;
  let before: number;

  beforeAll(async () => {
    await server.modules.monitoring.ingest();
    await caughtUp();
    before = await publicReceived(COPIES);
    expect(before).toBe(await primaryReceived(COPIES));
    await pauseReplay();
    // Signing in writes a session and reads it back at once: on the primary.
    citizen = await signInAs(server.base, 'vneid-001');
    filed = await fileCertifiedCopy(citizen, ward);
    await server.modules.monitoring.ingest();
  });

  it('public statistics leave out a dossier filed meanwhile', async () => {
    expect(await primaryReceived(COPIES)).toBe(before + 1);
    expect(await publicReceived(COPIES)).toBe(before);
    const page = await fetch(`${server.base}/statistics/agencies/${ward}`);
    expect(page.status).toBe(200);
  });

  it('the citizen who filed it sees it at once: their dossier and their list', async () => {
    const dossier = await citizen.request(`/api/v1/dossiers/${filed}`, {
      headers: { accept: 'application/json' },
    });
    expect(dossier.status).toBe(200);
    expect(((await dossier.json()) as { code: string }).code).toBe(filed);
    expect(await text(citizen, '/my/dossiers')).toContain(filed);
    expect(await text(citizen, `/dossiers/${filed}`)).toContain(filed);
  });

  it('officers act on it step by step, each step reading the one before', async () => {
    const receiver = await officerWithRoles(db, 'Trần Văn Khoa', ward, ['receiver', 'processor']);
    const approver = await officerWithRoles(db, 'Nguyễn Thị Lan', ward, ['approver']);
    // Each action sends the version the officer last read: a stale read would be refused.
    await returnDossier(server.base, db, filed, { receiver, approver });
    await server.modules.monitoring.ingest();
    const figures = await api<PlaceFigures>(`/api/v1/statistics/agencies/${ward}`);
    expect(figures.procedures.find((p) => p.code === COPIES)?.resolved ?? 0).toBe(0);
  });

  it('once replay resumes and catches up, public statistics show it', async () => {
    await resumeReplay();
    await caughtUp();
    expect(await publicReceived(COPIES)).toBe(before + 1);
    const figures = await api<PlaceFigures>(`/api/v1/statistics/agencies/${ward}`);
    expect(figures.procedures.find((p) => p.code === COPIES)?.resolved).toBe(1);
  });
});

describe('the search index after a change of the catalog', () => {
  const renamed = 'Đăng ký khai sinh kèm cấp thẻ bảo hiểm y tế';

  it('is loaded from the replica once it has replayed the change, not before', async () => {
    await pauseReplay();
    // A new version in force from today (Vietnam), as an import of the catalog writes it.
    await db.query(
      `INSERT INTO procedure_versions (procedure_id, version, effective_from, decision, name,
         name_en, level, kind, field_code, service_level, targets, target_description, summary,
         steps, channels, documents, agencies, receiving_address, results, conditions, keywords,
         legal_bases)
       SELECT procedure_id, version + 1, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
         '{"number":"98/QĐ-BTP","title":"Sửa đổi","date":"2026-11-20","issuer":"Bộ Tư pháp"}',
         $2, name_en, level, kind, field_code, service_level, targets, target_description,
         summary, steps, channels, documents, agencies, receiving_address, results, conditions,
         keywords, legal_bases
       FROM procedure_versions
       WHERE id = (SELECT current_version_id FROM procedures WHERE code = $1)`,
      [PROCEDURE, renamed],
    );
    expect(await server.modules.catalog.service.activateDueVersions()).toBe(1);
    // The record itself is read from the primary: the change is there at once.
    const record = await api<{ name: string }>(`/api/v1/procedures/${PROCEDURE}`);
    expect(record.name).toBe(renamed);
    // The new index waits for the replica; searches go on with the one before.
    const started = Date.now();
    while (Date.now() - started < 3_000) {
      expect((await searchByCode(PROCEDURE)).name).toBe('Đăng ký khai sinh');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const { rows } = await replicaAdmin.query<{ at: Date }>('SELECT clock_timestamp() AS at');
    await resumeReplay();
    await until('the index with the new name', async () => {
      return (await searchByCode(PROCEDURE)).name === renamed;
    });
    // Read from the replica once it replayed the change, not from the primary when the wait
    // for it gave up: the replica ran the index's query after replay resumed.
    const ran = await replicaAdmin.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND state_change > $2
         AND query LIKE '%tsvector_to_array(p.search_document)%'`,
      [new URL(url).pathname.slice(1), rows[0]!.at],
    );
    expect(ran.rowCount).toBe(1);
  });
});

describe('a replica that cannot be reached', () => {
  it('leaves the statistics and search answering from the primary, said once in the log', async () => {
    const closed = `postgres://postgres@127.0.0.1:${await freePort()}/postgres`;
    const gone: typeof logged = [];
    const withoutReplica = await openDatabase({
      url,
      replicaUrl: onReplica(url, closed),
      log: {
        warn: (_details, message) => gone.push({ level: 'warn', message }),
        info: (_details, message) => gone.push({ level: 'info', message }),
      },
    });
    afterFile(() => withoutReplica.close());
    const other = await startTestServerWithDatabase(withoutReplica);
    expect(await publicReceived(COPIES, other.base)).toBe(await primaryReceived(COPIES));
    for (const path of ['/statistics', `/statistics/agencies/${ward}`, '/statistics/ranking.csv']) {
      expect((await fetch(`${other.base}${path}`)).status, path).toBe(200);
    }
    const found = await api<{ items: { code: string }[] }>(
      `/api/v1/procedures?q=${PROCEDURE}`,
      other.base,
    );
    expect(found.items.map((item) => item.code)).toContain(PROCEDURE);
    expect(gone).toEqual([
      { level: 'warn', message: 'database replica unavailable: heavy reads go to the primary' },
    ]);
  });

  it('is tried again after a while, and read again once it answers', async () => {
    // A replica without the database yet: until it is made on the primary and replayed.
    const late = `${new URL(url).pathname.slice(1)}_late`;
    const said: typeof logged = [];
    const waiting = await openDatabase({
      url,
      replicaUrl: onReplica(`postgres://host/${late}`),
      log: {
        warn: (_details, message) => said.push({ level: 'warn', message }),
        info: (_details, message) => said.push({ level: 'info', message }),
      },
    });
    afterFile(() => primaryAdmin.query(`DROP DATABASE IF EXISTS ${late} WITH (FORCE)`));
    afterFile(() => waiting.close());
    const answering = async () =>
      (await waiting.replica.query<{ name: string }>('SELECT current_database() AS name'))[0]!.name;
    // Answered by the primary: the database of this file, not the replica's.
    expect(await answering()).toBe(new URL(url).pathname.slice(1));
    await primaryAdmin.query(`CREATE DATABASE ${late}`);
    await caughtUp();
    await until('the replica read again', async () => (await answering()) === late);
    expect(said.map((line) => line.level)).toEqual(['warn', 'info']);
  });

  it('closing the database closes its pool on the replica too', async () => {
    const name = new URL(url).pathname.slice(1);
    const connections = async () => {
      const { rows } = await replicaAdmin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = $1 AND application_name = 'replica-closing'`,
        [name],
      );
      return rows[0]!.n;
    };
    // Named apart from the portal's own replica connections to the same database.
    const replicaUrl = `${onReplica(url)}?application_name=replica-closing`;
    const another = await openDatabase({ url, replicaUrl });
    await another.replica.query('SELECT 1');
    expect(await connections()).toBeGreaterThan(0);
    await another.close();
    await until('no replica connection left', async () => (await connections()) === 0, 5_000);
    // The portal's own replica reads said nothing in the log: the replica never failed them.
    expect(logged).toEqual([]);
  });
});
