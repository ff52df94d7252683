import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, settableClock } from '../../../test/helpers.js';
import { badinhWard } from '../../../test/dossiers.js';
import { PDF_BYTES } from '../../../test/files.js';
import { received } from '../../../test/received-files.js';
import type { Database } from '../../platform/db.js';
import type { DossierSync, StatusChange } from './index.js';
import { counterDossier, registerClient } from '../../../test/sync-world.js';

/**
 * Status sync through the service: a connected system's batches with duplicates, events
 * out of order, impossible moves and items the portal cannot take.
 */
const clock = settableClock('2026-11-24T02:00:00Z');
const ctx = {} as {
  db: Database;
  sync: DossierSync;
  ward: string;
  other: string;
  client: { id: string; allowedAgencies: string[] };
  changes: StatusChange[];
};

beforeAll(async () => {
  const { db, modules } = await createTestApp({ clock });
  const ward = await badinhWard(db);
  const [other] = await db.query<{ code: string }>(
    `SELECT code FROM agencies WHERE code <> $1 AND kind = 'commune_people_committee' LIMIT 1`,
    [ward],
  );
  Object.assign(ctx, {
    db,
    sync: modules.dossiers.sync,
    ward,
    other: other!.code,
    client: await registerClient(db, [ward]),
    changes: [],
  });
  modules.dossiers.sync.onStatusChanged((change) => ctx.changes.push(change));
});

const synced = async (code: string) =>
  (
    await ctx.db.query<{ status: number; last_event_at: Date; flag_count: number; due_at: Date }>(
      'SELECT status, last_event_at, flag_count, due_at FROM synced_dossiers WHERE code = $1',
      [code],
    )
  )[0];

const events = (code: string) =>
  ctx.db.query<{ event_id: string; status: number; applied: boolean; flag: string | null }>(
    `SELECT event_id, status, applied, flag FROM dossier_sync_events WHERE dossier_code = $1
     ORDER BY at`,
    [code],
  );

describe('a batch of status events', () => {
  it('applies the newest per dossier, keeps older ones in history, counts duplicates', async () => {
    const code = 'H01.22-261120-0001';
    const first = await ctx.sync.apply(ctx.client, [counterDossier(code, ctx.ward)]);
    expect(first).toEqual({ accepted: 1, duplicates: 0, refused: [] });
    const batch = [
      { eventId: `${code}-3`, at: '2026-11-22T02:00:00Z', code, status: 5, note: 'Thiếu tờ khai' },
      { eventId: `${code}-2`, at: '2026-11-21T02:00:00Z', code, status: 4 },
      // The same event again in the batch, and the first one again.
      { eventId: `${code}-3`, at: '2026-11-22T02:00:00Z', code, status: 5 },
      counterDossier(code, ctx.ward),
    ];
    expect(await ctx.sync.apply(ctx.client, batch)).toEqual({
      accepted: 2,
      duplicates: 2,
      refused: [],
    });
    expect(await synced(code)).toMatchObject({ status: 5, flag_count: 0 });
    // Arriving after the newest, an older event is history only.
    const late = { eventId: `${code}-late`, at: '2026-11-21T12:00:00Z', code, status: 4 };
    expect(await ctx.sync.apply(ctx.client, [late])).toMatchObject({ accepted: 1 });
    expect(await synced(code)).toMatchObject({ status: 5 });
    expect(await events(code)).toEqual([
      { event_id: `${code}-1`, status: 2, applied: true, flag: null },
      { event_id: `${code}-2`, status: 4, applied: true, flag: null },
      { event_id: `${code}-late`, status: 4, applied: false, flag: null },
      { event_id: `${code}-3`, status: 5, applied: true, flag: null },
    ]);
    // Sending it all again changes nothing.
    expect(await ctx.sync.apply(ctx.client, [...batch, late])).toEqual({
      accepted: 0,
      duplicates: 5,
      refused: [],
    });
  });

  it('accepts impossible moves and flags them', async () => {
    const code = 'H01.22-261120-0002';
    await ctx.sync.apply(ctx.client, [
      counterDossier(code, ctx.ward, { status: 10, returnedAt: '2026-11-21T02:00:00Z' }),
      { eventId: `${code}-2`, at: '2026-11-22T02:00:00Z', code, status: 4 },
    ]);
    expect(await synced(code)).toMatchObject({ status: 4, flag_count: 1 });
    expect((await events(code)).map((e) => e.flag)).toEqual([null, 'impossible_transition']);
  });

  it('judges the history again in time order when an event arrives late', async () => {
    // Received, then processed with nothing between: it looks impossible until the
    // processing that went before it arrives, late.
    const code = 'H01.22-261120-0050';
    await ctx.sync.apply(ctx.client, [
      counterDossier(code, ctx.ward),
      { eventId: `${code}-3`, at: '2026-11-22T02:00:00Z', code, status: 10 },
    ]);
    expect(await synced(code)).toMatchObject({ status: 10, flag_count: 1 });
    await ctx.sync.apply(ctx.client, [
      { eventId: `${code}-2`, at: '2026-11-21T02:00:00Z', code, status: 9 },
    ]);
    expect(await synced(code)).toMatchObject({ status: 10, flag_count: 0 });
    expect((await events(code)).map((e) => [e.status, e.applied, e.flag])).toEqual([
      [2, true, null],
      [9, false, null],
      [10, true, null],
    ]);
    // A late event that cannot sit where it says it happened is flagged, and so is the move
    // out of it.
    await ctx.sync.apply(ctx.client, [
      { eventId: `${code}-bad`, at: '2026-11-21T12:00:00Z', code, status: 1 },
    ]);
    expect(await synced(code)).toMatchObject({ status: 10, flag_count: 2 });
  });

  it('refuses items one by one with their reason, applying the rest', async () => {
    const codes = ['H01.22-261120-0003', 'H01.22-261120-0004', 'H01.22-261120-0005'];
    const outcome = await ctx.sync.apply(ctx.client, [
      counterDossier(codes[0]!, ctx.ward, { procedureCode: '9.999999' }),
      counterDossier(codes[1]!, ctx.ward, { agencyCode: 'KHONG-CO' }),
      counterDossier(codes[2]!, ctx.ward),
      counterDossier('H01.22-261120-0006', ctx.other),
      { eventId: 'x', at: 'hôm qua', code: codes[2], status: 4 },
      { eventId: 'y', at: '2026-11-22T02:00:00Z', code: 'H01.22-261120-0007', status: 4 },
      42,
    ]);
    expect(outcome.accepted).toBe(1);
    expect(outcome.refused.map((r) => [r.index, r.eventId, r.code])).toEqual([
      [0, `${codes[0]}-1`, 'unknown_procedure'],
      [1, `${codes[1]}-1`, 'unknown_agency'],
      [3, 'H01.22-261120-0006-1', 'agency_not_allowed'],
      [4, 'x', 'malformed_item'],
      [5, 'y', 'incomplete_dossier'],
      [6, undefined, 'malformed_item'],
    ]);
    expect(outcome.refused[0]!.reason).toBe('Không có thủ tục mã 9.999999 trong danh mục.');
    expect(outcome.refused[3]!.reason).toBe('Mục không đúng định dạng tại /at.');
    expect(await synced(codes[0]!)).toBeUndefined();
    expect(await synced(codes[2]!)).toMatchObject({ status: 2 });
    const english = await ctx.sync.apply(ctx.client, [{ eventId: 'z' }], 'en');
    expect(english.refused[0]!.reason).toMatch(/^The item is malformed at \//);
  });

  it('refuses events of a dossier whose agency the client may not send', async () => {
    const code = 'H01.22-261120-0008';
    const elsewhere = await registerClient(ctx.db, [ctx.other]);
    await ctx.sync.apply(ctx.client, [counterDossier(code, ctx.ward)]);
    const outcome = await ctx.sync.apply(elsewhere, [
      { eventId: 'e1', at: '2026-11-23T02:00:00Z', code, status: 10 },
    ]);
    expect(outcome.refused).toMatchObject([{ index: 0, code: 'agency_not_allowed' }]);
    expect(await synced(code)).toMatchObject({ status: 2 });
  });

  it('tells listeners once per dossier whose status changed, after commit', async () => {
    const code = 'H01.22-261120-0009';
    ctx.changes.length = 0;
    await ctx.sync.apply(ctx.client, [
      counterDossier(code, ctx.ward),
      { eventId: `${code}-2`, at: '2026-11-21T02:00:00Z', code, status: 4 },
    ]);
    // A later due date alone is not a change of status.
    await ctx.sync.apply(ctx.client, [
      {
        eventId: `${code}-3`,
        at: '2026-11-22T02:00:00Z',
        code,
        status: 4,
        dueAt: '2026-11-30T10:00:00Z',
      },
    ]);
    expect(ctx.changes).toEqual([
      {
        code,
        agencyCode: ctx.ward,
        status: 4,
        at: new Date('2026-11-21T02:00:00Z'),
        source: 'sync',
      },
    ]);
    expect((await synced(code))!.due_at).toEqual(new Date('2026-11-30T10:00:00Z'));
  });

  it('takes result files checked by content, and refuses events naming one not uploaded', async () => {
    const file = await ctx.sync.storeResultFile(ctx.client, await received(PDF_BYTES));
    expect(file).toMatchObject({ contentType: 'application/pdf', size: PDF_BYTES.length });
    await expect(
      ctx.sync.storeResultFile(ctx.client, await received(Buffer.from('<html>'))),
    ).rejects.toMatchObject({ status: 422, code: 'invalid_file' });
    const code = 'H01.22-261120-0010';
    const outcome = await ctx.sync.apply(ctx.client, [
      counterDossier(code, ctx.ward, {
        status: 10,
        results: [{ fileName: 'ket-qua.pdf', sha256: file.sha256 }],
      }),
      counterDossier('H01.22-261120-0011', ctx.ward, {
        results: [{ fileName: 'ket-qua.pdf', sha256: 'a'.repeat(64) }],
      }),
    ]);
    expect(outcome.refused).toMatchObject([{ index: 1, code: 'unknown_result_file' }]);
    const [row] = await ctx.db.query<{ results: unknown }>(
      'SELECT results FROM synced_dossiers WHERE code = $1',
      [code],
    );
    expect(row!.results).toEqual([
      {
        fileName: 'ket-qua.pdf',
        sha256: file.sha256,
        contentType: 'application/pdf',
        size: PDF_BYTES.length,
      },
    ]);
  });
});

describe('concurrent batches', () => {
  it('for the same new dossiers: one creates each, the other plans again, the newest wins', async () => {
    const codes = Array.from(
      { length: 30 },
      (_, i) => `H01.22-261121-${String(i).padStart(4, '0')}`,
    );
    const early = codes.map((code) => counterDossier(code, ctx.ward));
    const later = codes.map((code) =>
      counterDossier(code, ctx.ward, {
        eventId: `${code}-2`,
        at: '2026-11-21T02:00:00Z',
        status: 4,
      }),
    );
    const outcomes = await Promise.all([
      ctx.sync.apply(ctx.client, later),
      ctx.sync.apply(ctx.client, early),
      ctx.sync.apply(ctx.client, [...early].reverse()),
    ]);
    expect(outcomes.reduce((sum, o) => sum + o.accepted, 0)).toBe(60);
    expect(outcomes.reduce((sum, o) => sum + o.duplicates, 0)).toBe(30);
    expect(outcomes.flatMap((o) => o.refused)).toEqual([]);
    for (const code of codes) expect(await synced(code)).toMatchObject({ status: 4 });
  });

  it('one event id sent at once for two dossiers: recorded once, the other batch answered a duplicate', async () => {
    const [first, second] = ['H01.22-261121-7001', 'H01.22-261121-7002'].map((code) =>
      counterDossier(code, ctx.ward, { eventId: 'shared-event-1' }),
    );
    const outcomes = await Promise.all([
      ctx.sync.apply(ctx.client, [first]),
      ctx.sync.apply(ctx.client, [second]),
    ]);
    expect(outcomes.map((o) => o.accepted).sort()).toEqual([0, 1]);
    expect(outcomes.map((o) => o.duplicates).sort()).toEqual([0, 1]);
    const created = [await synced(first!.code), await synced(second!.code)].filter(Boolean);
    expect(created).toHaveLength(1);
  });
});
