import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { afterFile } from '../cleanup.js';
import { openTestDatabase } from '../helpers.js';
import { badinhWard } from '../dossiers.js';
import type { Database } from '../../src/platform/db.js';
import { signalGroup, startCluster, type Cluster, type PortalProcess } from './cluster.js';
import { newAddress, signedIn, upstreamOf, Visitor } from './clients.js';
import { runLoad, type Acknowledged } from './load.js';
import {
  citizenDownloadsResult,
  citizenFiles,
  citizenPays,
  officerAsksFee,
  officerCompletes,
  officerSignsIn,
  personsBrowser,
  wardOfficer,
} from './journeys.js';
import { launchChromium } from '../browser/browser.js';

/*
 * Three `serve` processes and a `worker` on one PostgreSQL database behind nginx
 * (docs/load-balancer.md): people's journeys, a process killed under load, the rate limits
 * shared, a process drained. nginx sends each request to the next process in turn, so one
 * person's requests move between processes all the time.
 */

/**
 * Requests a client may make in a minute, whichever process answers them: reached in a
 * second by the rate limit's test, above what one person's browser asks in the journeys.
 */
const LIMIT = 60;

let cluster: Cluster;
let db: Database;
let ward: string;
let browser: Browser;

/** A process's address as nginx names it in X-Upstream. */
const addressOf = (portal: PortalProcess) => portal.base.replace('http://', '');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  const opened = await openTestDatabase();
  if (!opened.url) throw new Error('the scale-out tests need TEST_DATABASE_URL (PostgreSQL)');
  db = opened.db;
  ward = await badinhWard(db);
  await wardOfficer(db, ward);
  cluster = await startCluster({
    databaseUrl: opened.url,
    serves: 3,
    worker: true,
    env: { RATE_LIMIT_PER_MINUTE: String(LIMIT) },
  });
  afterFile(() => cluster.stop());
  // Closed after the file, however its start ends (launchChromium registers that).
  browser = await launchChromium();
});

describe('several portal processes behind nginx', () => {
  it('carry a dossier from filing through payment to its signed result, sessions moving between processes', async () => {
    const citizen = await personsBrowser(browser, cluster.base);
    const code = await citizenFiles(citizen.page);
    expect(code).toMatch(/-\d{6}-0001$/);

    const officer = await personsBrowser(browser, cluster.base);
    await officerSignsIn(officer.page);
    await officerAsksFee(officer.page, code);

    const receipt = await citizenPays(citizen.page, code);
    expect(receipt.subarray(0, 5).toString()).toBe('%PDF-');
    await officerCompletes(officer.page, code);
    const result = await citizenDownloadsResult(citizen.page, code);
    expect(result.subarray(0, 5).toString()).toBe('%PDF-');

    // Each person was answered by every process, signed in all along.
    const everyProcess = cluster.serves.map(addressOf).sort();
    expect([...citizen.upstreams].sort()).toEqual(everyProcess);
    expect([...officer.upstreams].sort()).toEqual(everyProcess);
    await citizen.page.context().close();
    await officer.page.context().close();
  });

  it('hold a client to one rate limit, not one per process', async () => {
    const client = new Visitor(cluster.base);
    const statuses: number[] = [];
    // Three times the limit, a few at a time: each process alone would allow them all.
    for (let sent = 0; sent < LIMIT * 3; sent += 6) {
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => client.request('/api/v1/procedures/2.001009')),
      );
      for (const answer of answers) {
        await answer.arrayBuffer();
        statuses.push(answer.status);
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(LIMIT * 2);
    expect(new Set(client.upstreams)).toEqual(new Set(cluster.serves.map(addressOf)));
    // Another client still has its whole minute.
    const other = await new Visitor(cluster.base).request('/api/v1/procedures/2.001009');
    expect(other.status).toBe(200);
  });

  it('lose and double nothing acknowledged when a process is killed under load', async () => {
    const citizens = await Promise.all(
      ['vneid-002', 'vneid-003', 'vneid-004', 'vneid-005', 'vneid-006', 'vneid-007'].map((sub) =>
        // A new address for every request: many people, none near the rate limit.
        signedIn(cluster.base, sub, newAddress),
      ),
    );
    const bills = await db.query<{ code: string }>(
      'SELECT code FROM sandbox_bills WHERE paid_at IS NULL ORDER BY code',
    );
    const victim = cluster.serves[1]!;
    let stopAt = Infinity;
    const loading = runLoad({
      citizens,
      agencyCode: ward,
      billCodes: bills.map((b) => b.code),
      done: () => Date.now() > stopAt,
    });
    await pause(4_000);
    signalGroup(victim.child, 'SIGKILL');
    await victim.exited;
    stopAt = Date.now() + 6_000;
    const record = await loading;

    expect(record.unexpected).toEqual([]);
    const answeredByVictim = citizens
      .flatMap((c) => c.upstreams)
      .filter((u) => u === addressOf(victim));
    expect(answeredByVictim.length).toBeGreaterThan(0);
    await expectExactlyOnce(
      record.acknowledged,
      await Promise.all(
        citizens.map(async (c) => String((await c.call('GET', '/api/v1/me')).body.id)),
      ),
    );

    // Routed around: every request now answered at once, by the processes left, and every
    // citizen still signed in.
    for (const citizen of citizens) {
      for (let n = 0; n < 5; n++) {
        expect((await citizen.call('GET', '/api/v1/me')).status).toBe(200);
      }
    }
    const lastAnswers = citizens.flatMap((c) => c.upstreams.slice(-5));
    expect(lastAnswers).not.toContain(addressOf(victim));
  });

  it('run the background jobs in the worker, which serves no requests', async () => {
    const worker = cluster.worker!;
    await expect(fetch(`${worker.base}/healthz`)).rejects.toThrow();
    // The officer's one-time code went out through the worker's dispatch (every minute):
    // the serve processes run no jobs on PostgreSQL.
    await expect
      .poll(
        async () =>
          (
            await db.query<{ sent: number }>(
              `SELECT count(*)::int AS sent FROM notifications
               WHERE channel = 'email' AND status <> 'queued'`,
            )
          )[0]!.sent,
        { timeout: 90_000, interval: 1_000 },
      )
      .toBeGreaterThan(0);
    expect(worker.child.exitCode).toBeNull();
  });

  it('drain a process on SIGTERM: not ready at once, requests in progress finished, exit 0', async () => {
    const target = cluster.serves[2]!;
    const citizen = await signedIn(cluster.base, 'vneid-008');
    // A request in progress when the signal comes, its body still coming once draining ends.
    const slow = slowDraftRequest(citizen, target.base, ward);
    await pause(500);
    const signalled = Date.now();
    signalGroup(target.child, 'SIGTERM');
    // At once (the signal's handler runs within a turn of its event loop).
    await expect
      .poll(
        async () => {
          const ready = await fetch(`${target.base}/readyz`);
          return { status: ready.status, body: (await ready.json()) as unknown };
        },
        { timeout: 1_000, interval: 50 },
      )
      .toEqual({ status: 503, body: { status: 'draining' } });

    // Through nginx, nobody notices: every request answered while it drains and stops.
    const through = new Visitor(cluster.base);
    const exit = target.exited.then((e) => ({ ...e, seconds: (Date.now() - signalled) / 1000 }));
    let exited = false;
    void exit.then(() => (exited = true));
    const failed: string[] = [];
    while (!exited && Date.now() - signalled < 20_000) {
      const answer = await through.request('/procedures/2.001009');
      await answer.arrayBuffer();
      if (answer.status !== 200) failed.push(`${answer.status} from ${upstreamOf(answer)}`);
      await pause(100);
    }
    expect(failed).toEqual([]);
    expect((await slow).status).toBe(201);
    const { code, signal, seconds } = await exit;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(seconds).toBeLessThan(15);
    for (let n = 0; n < 6; n++) {
      const answer = await through.request('/procedures/2.001009');
      await answer.arrayBuffer();
      expect(answer.status).toBe(200);
      expect(upstreamOf(answer)).not.toBe(addressOf(target));
    }
  });
});

/** A draft started straight at one process, its JSON body sent in three pieces, 2 s apart. */
function slowDraftRequest(citizen: Visitor, processBase: string, agencyCode: string) {
  const body = JSON.stringify({ procedureCode: '2.001009', agencyCode });
  const pieces = [body.slice(0, 10), body.slice(10, 20), body.slice(20)];
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const [i, piece] of pieces.entries()) {
        if (i > 0) await pause(2_000);
        controller.enqueue(new TextEncoder().encode(piece));
      }
      controller.close();
    },
  });
  return citizen.request(`${processBase}/api/v1/dossiers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: stream,
    // Node's fetch sends a stream only half-duplex (RequestInit's DOM type does not know it).
    ...({ duplex: 'half' } as object),
  });
}

/**
 * Every draft, submission and payment acknowledged is in the database once, and nothing else
 * of these citizens is: no acknowledged row lost, no request carried out twice.
 */
async function expectExactlyOnce(acknowledged: Acknowledged[], owners: string[]) {
  const ids = (kind: Acknowledged['kind']) =>
    acknowledged
      .filter((a) => a.kind === kind)
      .map((a) => a.id)
      .sort();
  const drafts = await db.query<{ id: string }>(
    'SELECT id FROM dossiers WHERE owner_id = ANY($1) ORDER BY id',
    [owners],
  );
  expect(drafts.map((d) => d.id)).toEqual(ids('draft'));
  const submitted = await db.query<{ id: string; code: string; events: number }>(
    `SELECT d.id, d.code, (SELECT count(*)::int FROM dossier_events e
       WHERE e.dossier_id = d.id AND e.action = 'submitted') AS events
     FROM dossiers d WHERE d.owner_id = ANY($1) AND d.status > 0 ORDER BY d.id`,
    [owners],
  );
  const codes = new Map(
    acknowledged.filter((a) => a.kind === 'submission').map((a) => [a.id, a.code]),
  );
  expect(submitted.map((s) => s.id)).toEqual(ids('submission'));
  expect(submitted.filter((s) => s.events !== 1 || codes.get(s.id) !== s.code)).toEqual([]);
  const orders = await db.query<{ id: string }>(
    'SELECT id FROM payment_orders WHERE payer_account_id = ANY($1) ORDER BY id',
    [owners],
  );
  expect(orders.map((o) => o.id)).toEqual(ids('payment'));
  expect(ids('submission').length).toBeGreaterThan(0);
  expect(ids('payment').length).toBeGreaterThan(0);
}
