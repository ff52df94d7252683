import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../platform/db.js';
import { openTestDatabase, settableClock } from '../../../test/helpers.js';
import {
  MessageLog,
  MessageLogBroken,
  canonicalText,
  chainHash,
  outcomeOf,
  type Exchange,
} from './message-log.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** An exchange as the HTTP hooks would record it; `n` varies its fields. */
function exchange(n: number, at: Date, overrides: Partial<Exchange> = {}): Exchange {
  const status = [200, 201, 401, 403, 404, 429, 500][n % 7]!;
  return {
    requestId: randomUUID(),
    clientId: n % 3 === 0 ? null : randomUUID(),
    at,
    method: n % 2 === 0 ? 'POST' : 'GET',
    route: status === 404 ? null : '/api/v1/integration/dossiers/:code/events',
    path: `/api/v1/integration/dossiers/H01.22-${String(n).padStart(6, '0')}/events?since`,
    status,
    outcome: outcomeOf(status),
    problemCode: status >= 400 ? 'invalid_token' : null,
    requestSha256: n % 5 === 0 ? null : sha(`request ${n}`),
    requestBytes: n % 5 === 0 ? null : 1000 + n,
    responseSha256: sha(`answer ${n}`),
    responseBytes: 200 + n,
    durationUs: 1500 + n * 17,
    ...overrides,
  };
}

/** Changes the log behind the portal's back, as someone with the database's keys could. */
async function tamper(db: Database, sql: string, params: unknown[] = []) {
  await db.exec('ALTER TABLE integration_log DISABLE TRIGGER USER');
  try {
    await db.query(sql, params);
  } finally {
    await db.exec('ALTER TABLE integration_log ENABLE TRIGGER USER');
  }
}

interface StoredRow extends Record<string, unknown> {
  seq: number;
}
const storedRow = async (db: Database, seq: number) =>
  (await db.query<StoredRow>('SELECT * FROM integration_log WHERE seq = $1', [seq]))[0]!;

/** Puts a removed record back as it was. */
async function restore(db: Database, row: StoredRow) {
  const names = Object.keys(row);
  await tamper(
    db,
    `INSERT INTO integration_log (${names.join(', ')})
     VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`,
    names.map((name) => row[name]),
  );
}

const DAY = 86_400_000;

describe('the message log', () => {
  let db: Database;
  let url: string | null;
  let log: MessageLog;
  const clock = settableClock('2026-12-01T03:00:00Z');

  beforeAll(async () => {
    ({ db, url } = await openTestDatabase());
    log = new MessageLog(db, clock, { retentionDays: 365 });
  });

  it('chains every exchange and verifies the chain', async () => {
    expect(await log.verify()).toMatchObject({ ok: true, records: 0 });
    for (let n = 1; n <= 20; n += 1) {
      expect(await log.record(exchange(n, new Date(clock.now().getTime() + n)))).toBe(n);
    }
    const verified = await log.verify();
    expect(verified).toMatchObject({ ok: true, records: 20, anchor: { seq: 0 } });
    const [third] = (await log.search({ limit: 1, before: 4 })).items;
    // The hash is what the documentation says: SHA-256(previous hash ‖ "seq\n" + canonical).
    expect(third!.hash).toBe(chainHash(third!.prevHash, 3, canonicalText(third!)));
    expect(verified.ok && verified.head).toEqual({ seq: 20, hash: expect.any(String) });
  });

  it('keeps no body, only hashes, and an unreadable value cannot stop recording', async () => {
    const seq = await log.record(
      exchange(21, clock.now(), {
        clientId: 'not a uuid',
        path: '/api/v1/integration/x\u0000y/\u1ec7',
        problemCode: '<script>',
        requestSha256: 'zz',
      }),
    );
    const [stored] = (await log.search({ limit: 1, before: seq + 1 })).items;
    expect(stored).toMatchObject({
      clientId: null,
      path: '/api/v1/integration/x%00y/%E1%BB%87',
      problemCode: null,
      requestSha256: null,
    });
    expect((await log.verify()).ok).toBe(true);
  });

  it('finds a record altered in the database at that record', async () => {
    const before = await storedRow(db, 7);
    await tamper(db, 'UPDATE integration_log SET status = status + 1 WHERE seq = 7');
    expect(await log.verify()).toEqual({ ok: false, brokenAt: 7, reason: 'altered', records: 6 });
    await tamper(db, 'UPDATE integration_log SET status = $1 WHERE seq = 7', [before.status]);
    expect((await log.verify()).ok).toBe(true);
  });

  it('finds a record altered and given a new hash at that record too', async () => {
    const [five] = (await log.search({ limit: 1, before: 6 })).items;
    const forged = { ...five!, path: '/api/v1/integration/nothing-to-see' };
    const hash = chainHash(five!.prevHash, 5, canonicalText(forged));
    await tamper(
      db,
      `UPDATE integration_log SET path = $1, hash = decode($2, 'hex') WHERE seq = 5`,
      [forged.path, hash],
    );
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 5, reason: 'altered' });
    await tamper(
      db,
      `UPDATE integration_log SET path = $1, hash = decode($2, 'hex') WHERE seq = 5`,
      [five!.path, five!.hash],
    );
    expect((await log.verify()).ok).toBe(true);
  });

  it('finds a record removed in the middle, or at the end', async () => {
    const middle = await storedRow(db, 10);
    await tamper(db, 'DELETE FROM integration_log WHERE seq = 10');
    expect(await log.verify()).toEqual({ ok: false, brokenAt: 10, reason: 'removed', records: 9 });
    await restore(db, middle);
    const last = await storedRow(db, 21);
    await tamper(db, 'DELETE FROM integration_log WHERE seq = 21');
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 21, reason: 'removed' });
    await restore(db, last);
    expect(await log.verify()).toMatchObject({ ok: true, records: 21 });
  });

  it('finds a record added behind the head', async () => {
    const [last] = (await log.search({ limit: 1 })).items;
    const forged = exchange(99, clock.now());
    const hash = chainHash(last!.hash, 22, canonicalText(forged));
    await tamper(
      db,
      `INSERT INTO integration_log (seq, request_id, at, method, path, outcome, duration_us, prev_hash, hash)
       VALUES (22, $1, $2, 'GET', '/x', 'ok', 0, decode($3, 'hex'), decode($4, 'hex'))`,
      [forged.requestId, forged.at, last!.hash, hash],
    );
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 22, reason: 'inserted' });
    await tamper(db, 'DELETE FROM integration_log WHERE seq = 22');
    expect((await log.verify()).ok).toBe(true);
  });

  it('is refused changes and removals by the database itself', async () => {
    await expect(db.query('UPDATE integration_log SET status = 200 WHERE seq = 3')).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('DELETE FROM integration_log WHERE seq = 3')).rejects.toThrow(
      /append-only/,
    );
    await expect(db.exec('TRUNCATE integration_log')).rejects.toThrow(/append-only/);
    await expect(db.query('UPDATE integration_log_head SET last_seq = 1')).rejects.toThrow(
      /forward/,
    );
  });

  it('appends 50 exchanges at once into one unbroken chain', async () => {
    // On PostgreSQL, half of them through a pool of their own, as another process would.
    const other = url ? await openDatabase({ url }) : db;
    const elsewhere = new MessageLog(other, clock, { retentionDays: 365 });
    const seqs = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        (n % 2 === 0 ? log : elsewhere).record(exchange(n, clock.now())),
      ),
    );
    if (other !== db) await other.close();
    const first = 22;
    expect(new Set(seqs).size).toBe(50);
    expect(Math.min(...seqs)).toBe(first);
    expect(Math.max(...seqs)).toBe(first + 49);
    expect(await log.verify()).toMatchObject({ ok: true, records: 71 });
  });

  it('prunes records past the retention and stays verifiable from the new anchor', async () => {
    // What was recorded so far is 400 days old now.
    clock.instant = new Date(clock.instant.getTime() + 400 * DAY);
    for (let n = 1; n <= 5; n += 1) await log.record(exchange(n, clock.now()));
    expect(await log.prune()).toEqual({ pruned: 71, anchorSeq: 71 });
    const verified = await log.verify();
    expect(verified).toMatchObject({ ok: true, records: 5, anchor: { seq: 71 } });
    expect(await log.prune()).toEqual({ pruned: 0, anchorSeq: 71 });
    // Removals after the anchor are still found, the first one after it included.
    const first = await storedRow(db, 72);
    await tamper(db, 'DELETE FROM integration_log WHERE seq = 72');
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 72, reason: 'removed' });
    await restore(db, first);
    expect(await log.verify()).toMatchObject({ ok: true, records: 5 });
  });

  it('does not prune a part that is broken: the evidence stays', async () => {
    clock.instant = new Date(clock.instant.getTime() + 400 * DAY);
    await log.record(exchange(1, clock.now()));
    await tamper(db, 'UPDATE integration_log SET duration_us = 1 WHERE seq = 74');
    await expect(log.prune()).rejects.toBeInstanceOf(MessageLogBroken);
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 74, reason: 'altered' });
    expect((await db.query('SELECT seq FROM integration_log WHERE seq > 71')).length).toBe(6);
  });
});

describe('searching the message log', () => {
  let log: MessageLog;
  const clock = settableClock('2026-12-01T03:00:00Z');
  const client = randomUUID();
  const asked = randomUUID();

  beforeAll(async () => {
    const { db } = await openTestDatabase();
    log = new MessageLog(db, clock, { retentionDays: 30 });
    for (let n = 0; n < 30; n += 1) {
      await log.record(
        exchange(n, new Date(clock.now().getTime() + n * 3_600_000), {
          clientId: n % 2 === 0 ? client : null,
          ...(n === 17 ? { requestId: asked } : {}),
        }),
      );
    }
  });

  it('filters by client, request, time, status, outcome and path, newest first', async () => {
    const mine = await log.search({ clientId: client, limit: 100 });
    expect(mine.items).toHaveLength(15);
    expect(mine.items.map((r) => r.seq)).toEqual(
      [...mine.items.map((r) => r.seq)].sort((a, b) => b - a),
    );
    expect((await log.search({ requestId: asked, limit: 10 })).items.map((r) => r.seq)).toEqual([
      18,
    ]);
    const from = new Date(clock.now().getTime() + 10 * 3_600_000);
    const to = new Date(clock.now().getTime() + 12 * 3_600_000);
    expect((await log.search({ from, to, limit: 10 })).items.map((r) => r.seq)).toEqual([12, 11]);
    const refused = await log.search({ outcome: 'refused', limit: 100 });
    expect(refused.items.every((r) => [401, 403, 429].includes(r.status!))).toBe(true);
    expect((await log.search({ status: 404, limit: 100 })).items.length).toBeGreaterThan(0);
    expect(
      (await log.search({ path: 'H01.22-000007', limit: 10 })).items.map((r) => r.seq),
    ).toEqual([8]);
  });

  it('pages with `before`', async () => {
    const first = await log.search({ limit: 12 });
    expect(first.items).toHaveLength(12);
    expect(first.nextBefore).toBe(19);
    const second = await log.search({ limit: 12, before: first.nextBefore! });
    expect(second.items[0]!.seq).toBe(18);
    const last = await log.search({ limit: 12, before: 7 });
    expect(last.items.map((r) => r.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(last.nextBefore).toBeNull();
  });
});
