import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/platform/db.js';
import { LOCK_FILE, lockDataDir } from '../src/platform/data-lock.js';
import { signInAs, type CookieClient } from './browser-client.js';
import { freePort } from './helpers.js';
import { exited, seededDataDir, serve, signalGroup, stop } from './processes.js';

/*
 * The embedded database under the worst a machine does to it: the portal killed (kill -9)
 * while citizens submit and pay, and two portals started at once on one data folder. Both
 * run the real CLI on a data folder of their own, on either test database.
 */

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))));

const seeded = async (prefix: string) => {
  const dir = await seededDataDir(prefix);
  folders.push(dir);
  return dir;
};

/** Opens a data folder as the portal would (its lock first), runs `work`, closes it. */
async function inFolder<T>(
  dataDir: string,
  work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
) {
  const lock = lockDataDir(dataDir, 'test');
  try {
    const db = await openDatabase({ dataDir: join(dataDir, 'pgdata') });
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  } finally {
    lock.release();
  }
}

describe('two portals started at once on one data folder', () => {
  it(
    'run one: the other exits naming it, the first keeps serving, the folder opens afterwards',
    { timeout: 120_000 },
    async () => {
      const dataDir = await seeded('motcua-race-');
      const ports = [await freePort(), await freePort()];
      // Other ports, so that only the data folder stops the second.
      const portals = ports.map((port) => serve(dataDir, port));
      const outcomes = await Promise.allSettled(portals.map((p) => p.ready));
      const started = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
      expect(started, portals.map((p) => p.output()).join('\n---\n')).toHaveLength(1);
      const winner = started[0]!;
      const [first, second] = [portals[winner]!, portals[1 - winner]!];
      expect(await exited(second.child)).toBe(1);
      expect(second.output()).toContain(
        `The data folder ${dataDir} is in use by another Một Cửa process: pid ${first.child.pid} ("serve", started `,
      );
      expect(second.output()).not.toMatch(/\n\s+at /); // a sentence, not a stack trace

      const ready = await fetch(`http://127.0.0.1:${ports[winner]}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready', database: 'embedded' });
      expect(await stop(first.child), first.output()).toBe(0);
      expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
      const [row] = await inFolder(dataDir, (db) =>
        db.query<{ count: number }>('SELECT count(*)::int AS count FROM procedures'),
      );
      expect(row!.count).toBeGreaterThan(90);
    },
  );
});

/** Level-2 test citizens (the judicial record certificate asks for level 2). */
const CITIZENS = ['vneid-001', 'vneid-002', 'vneid-004', 'vneid-006', 'vneid-008', 'vneid-009'];
const JUSTICE = '000.00.01.H01'; // Sở Tư pháp Hà Nội
const PAYING_ACCOUNT = '9704000000000018'; // the sandbox bank's account that pays at once
const RECORD_ANSWERS = {
  recordType: '1',
  purpose: 'Bổ sung hồ sơ xin việc',
  residences: [{ from: '09/2007', to: '11/2026', place: 'Phường Ba Đình, Hà Nội' }],
  declaration: true,
};

/** What the portal acknowledged (answered 2xx) before it was killed, and what was tried. */
interface Ledger {
  /** Every submission tried: its draft and idempotency key. */
  tried: { citizen: CookieClient; draftId: string; key: string }[];
  submitted: { citizen: CookieClient; code: string; key: string; draftId: string }[];
  ordered: { citizen: CookieClient; id: string; key: string; code: string }[];
  paid: { citizen: CookieClient; id: string }[];
  /** Submissions and payments at the bank under way now: the kill waits for some. */
  writing: number;
}

async function api(
  citizen: CookieClient,
  method: string,
  path: string,
  body?: unknown,
  key?: string,
) {
  const response = await citizen.request(path, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(key ? { 'idempotency-key': key } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { ok: response.ok, body: (await response.json()) as Record<string, string> };
}

/** A write whose acknowledgement counts, counted while under way. */
async function writing<T>(ledger: Ledger, work: Promise<T>): Promise<T> {
  ledger.writing++;
  try {
    return await work;
  } finally {
    ledger.writing--;
  }
}

const submit = (citizen: CookieClient, draftId: string, key: string) =>
  api(citizen, 'POST', `/api/v1/dossiers/${draftId}/submit`, undefined, `submit-${key}`);
const order = (citizen: CookieClient, code: string, key: string) =>
  api(
    citizen,
    'POST',
    '/api/v1/payments',
    { dossierCode: code, provider: 'sandbox-bank' },
    `pay-${key}`,
  );

/** The payer confirms at the bank's page, which answers 303 once its callback was answered. */
const confirmAtBank = (redirectUrl: string) =>
  fetch(redirectUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account: PAYING_ACCOUNT, action: 'confirm' }),
  });

/**
 * One citizen, over and over: a judicial record certificate filed (its fee due on filing),
 * an order for the fee, paid at the sandbox bank. Until the portal stops answering.
 */
async function fileAndPay(citizen: CookieClient, name: string, ledger: Ledger) {
  for (let n = 0; ; n++) {
    const key = `${name}-${n}`;
    const draft = await api(citizen, 'POST', '/api/v1/dossiers', {
      procedureCode: '2.000505',
      agencyCode: JUSTICE,
    });
    const draftId = draft.body.id!;
    await api(citizen, 'PATCH', `/api/v1/dossiers/${draftId}`, { answers: RECORD_ANSWERS });
    ledger.tried.push({ citizen, draftId, key });
    const filed = await writing(ledger, submit(citizen, draftId, key));
    if (!filed.ok) throw new Error(`submission refused: ${JSON.stringify(filed.body)}`);
    const code = filed.body.code!;
    ledger.submitted.push({ citizen, code, key, draftId });
    const started = await writing(ledger, order(citizen, code, key));
    if (!started.ok) throw new Error(`order refused: ${JSON.stringify(started.body)}`);
    ledger.ordered.push({ citizen, id: started.body.id!, key, code });
    const confirmed = await writing(ledger, confirmAtBank(started.body.redirectUrl!));
    if (confirmed.status === 303) ledger.paid.push({ citizen, id: started.body.id! });
  }
}

async function until(condition: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

const LIMITS = { RATE_LIMIT_PER_MINUTE: '100000', SUBMISSION_RATE_LIMIT_PER_MINUTE: '100000' };

describe('the portal killed (kill -9) while citizens submit and pay', () => {
  it(
    'keeps every acknowledged dossier and payment after a restart, each exactly once',
    { timeout: 150_000 },
    async () => {
      const dataDir = await seeded('motcua-crash-');
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const first = serve(dataDir, port, LIMITS);
      await first.ready;
      const citizens = await Promise.all(CITIZENS.map((sub) => signInAs(base, sub)));
      const ledger: Ledger = { tried: [], submitted: [], ordered: [], paid: [], writing: 0 };
      let failure: unknown = null; // a citizen's loop that ended before the kill
      const work = citizens.map((c, i) =>
        fileAndPay(c, CITIZENS[i]!, ledger).catch((error: unknown) => {
          failure ??= error;
          throw error;
        }),
      );
      const settled = Promise.allSettled(work);
      await until(
        () => (ledger.paid.length >= 6 && ledger.writing >= 2) || failure !== null,
        45_000,
      );
      if (failure) throw failure;
      const writingAtKill = ledger.writing;
      signalGroup(first.child, 'SIGKILL');
      await exited(first.child);
      const outcomes = await settled;
      expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
      expect(ledger.paid.length).toBeGreaterThanOrEqual(3);
      expect(writingAtKill).toBeGreaterThan(0);
      expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true); // left behind by the killed one

      const second = serve(dataDir, port, LIMITS);
      await second.ready; // the dead holder's lock taken over, the database recovered
      await checkAfterRestart(ledger);
      expect(await stop(second.child), second.output()).toBe(0);
      await checkExactlyOnce(dataDir, ledger);
    },
  );
});

/** Through the restarted portal: every acknowledged answer again, and retries answered alike. */
async function checkAfterRestart(ledger: Ledger) {
  for (const { citizen, code } of ledger.submitted) {
    const again = await api(citizen, 'GET', `/api/v1/dossiers/${encodeURIComponent(code)}`);
    expect([again.ok, again.body.code]).toEqual([true, code]);
  }
  // Retried with its key, each submission is answered as the first was, or now made once.
  for (const { citizen, draftId, key } of ledger.tried) {
    const retried = await submit(citizen, draftId, key);
    expect(retried.ok, JSON.stringify(retried.body)).toBe(true);
    const acknowledged = ledger.submitted.find((s) => s.key === key);
    if (acknowledged) expect(retried.body.code).toBe(acknowledged.code);
  }
  for (const { citizen, id, key, code } of ledger.ordered) {
    const retried = await order(citizen, code, key);
    expect([retried.ok, retried.body.id]).toEqual([true, id]);
  }
  for (const { citizen, id } of ledger.paid) {
    const payment = await api(citizen, 'GET', `/api/v1/payments/${id}`);
    expect(payment.body.status).toBe('succeeded');
  }
}

/** In the database itself, once the portal has stopped: nothing twice, nothing lost. */
async function checkExactlyOnce(dataDir: string, ledger: Ledger) {
  const drafts = ledger.tried.map((t) => t.draftId);
  const paid = ledger.paid.map((p) => p.id);
  const { dossiers, credits, overpaid } = await inFolder(dataDir, async (db) => ({
    dossiers: await db.query<{ id: string; code: string | null }>(
      'SELECT id, code FROM dossiers WHERE id = ANY($1::uuid[])',
      [drafts],
    ),
    credits: await db.query<{ id: string; status: string; credits: number }>(
      `SELECT o.id, o.status, (SELECT count(*)::int FROM payment_events e
         WHERE e.order_id = o.id AND e.event = 'succeed') AS credits
       FROM payment_orders o WHERE o.id = ANY($1::uuid[])`,
      [paid],
    ),
    // A fee paid by more than one order would have been credited twice.
    overpaid: await db.query<{ dossier_id: string }>(
      `SELECT f.dossier_id FROM payment_orders o JOIN dossier_fees f ON f.id = o.dossier_fee_id
       WHERE f.dossier_id = ANY($1::uuid[]) AND o.status = 'succeeded'
       GROUP BY f.dossier_id HAVING count(*) > 1`,
      [drafts],
    ),
  }));
  expect(dossiers).toHaveLength(drafts.length);
  expect(dossiers.every((d) => d.code !== null)).toBe(true);
  const codes = new Map(dossiers.map((d) => [d.id, d.code]));
  for (const { draftId, code } of ledger.submitted) expect(codes.get(draftId)).toBe(code);
  expect(credits).toHaveLength(paid.length);
  expect(credits.every((c) => c.status === 'succeeded' && c.credits === 1)).toBe(true);
  expect(overpaid).toEqual([]);
}
