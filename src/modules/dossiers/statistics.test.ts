import { beforeAll, describe, expect, it } from 'vitest';
import { fileCertifiedCopy, returnDossier } from '../../../test/dossiers.js';
import { PDF_BYTES } from '../../../test/files.js';
import { received } from '../../../test/received-files.js';
import { officerWithRoles, sessionCookie } from '../../../test/sessions.js';
import { counterDossier, registerClient } from '../../../test/sync-world.js';
import type { FeedCursor, StatisticsFeed } from '../../platform/feeds.js';
import { api, clock, NOW, useDossierWorld, world } from './dossiers-world.js';
import { setDueDate } from './fixtures.js';
import type { DossierFact } from './statistics.js';

/*
 * The dossiers' statistics feeds on a real server: dossiers filed online and at the counter,
 * taken to their result, a fee due on filing paid online, and dossiers pushed by status sync.
 */

useDossierWorld();

const JUSTICE = '000.00.01.H01'; // Sở Tư pháp thành phố Hà Nội: judicial record certificates
const MINUTE = 60_000;

const people = {} as { receiver: string; approver: string };
let portal: StatisticsFeed<DossierFact>;
let synced: StatisticsFeed<DossierFact>;

beforeAll(async () => {
  ({ portal, synced } = world.modules.dossiers.statistics);
  const ward = world.communeAgency;
  people.receiver = await officerWithRoles(world.db, 'Trần Văn Khoa', ward, [
    'receiver',
    'processor',
  ]);
  people.approver = await officerWithRoles(world.db, 'Nguyễn Thị Lan', ward, ['approver']);
});

/** Reads a feed from `cursor` to its end, a few rows at a time: every key seen, and where it ended. */
async function drain(feed: StatisticsFeed<DossierFact>, cursor: FeedCursor | null, limit = 3) {
  const keys: string[] = [];
  for (;;) {
    const answer = await feed.changed(cursor, limit);
    expect(answer.keys.length).toBeLessThanOrEqual(limit);
    if (answer.keys.length === 0 && answer.cursor === cursor) return { keys, cursor };
    keys.push(...answer.keys);
    cursor = answer.cursor;
  }
}

/** An officer's action on a dossier through the back office's API: its new version. */
async function act(accountId: string, code: string, body: Record<string, unknown>) {
  const response = await fetch(`${world.base}/api/v1/backoffice/dossiers/${code}/actions`, {
    method: 'POST',
    headers: {
      cookie: await sessionCookie(world.db, accountId, clock.now()),
      accept: 'application/json',
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  const state = (await response.json()) as { version: number; status: number };
  if (!response.ok) throw new Error(`${code} ${String(body.action)}: ${JSON.stringify(state)}`);
  return state.version;
}

const factOf = async (feed: StatisticsFeed<DossierFact>, code: string) => {
  const [fact] = await feed.facts([code]);
  return fact;
};

/** The first dossier filed, online at the ward. */
let filed: string;

describe('the portal dossiers’ feed', () => {
  it('answers what exists from the start, then nothing more from where it ended', async () => {
    filed = await fileCertifiedCopy(world.an, world.communeAgency);
    const { keys, cursor } = await drain(portal, null);
    expect(keys).toContain(filed);
    expect(cursor).not.toBeNull();
    expect(await portal.changed(cursor, 10)).toEqual({ keys: [], cursor });
    // A draft is never a fact, nor a code nobody has.
    expect(await portal.facts(['no-such-code'])).toEqual([]);
  });

  it('finds a dossier filed online with a stored document, returned early with an e-result', async () => {
    const before = (await drain(portal, null)).cursor;
    // Ten minutes after the first filing: its original is in An's store, older than this draft.
    clock.instant = new Date(Date.parse(NOW) + 10 * MINUTE);
    let code: string;
    try {
      const stored = await api<{ items: { id: string }[] }>(
        world.an,
        'GET',
        '/api/v1/me/documents',
      );
      const draft = await api<{ id: string }>(world.an, 'POST', '/api/v1/dossiers', {
        procedureCode: '2.001009',
        agencyCode: world.communeAgency,
      });
      await api(world.an, 'PATCH', `/api/v1/dossiers/${draft.body.id}`, {
        answers: {
          documentName: 'Bằng tốt nghiệp đại học',
          documentIssuer: 'Trường Đại học Bách khoa Hà Nội',
          documentDate: '2011-07-15',
          copies: 2,
          declaration: true,
        },
      });
      const form = new FormData();
      form.set('field', 'original');
      form.set('documentId', stored.body.items[0]!.id);
      const reused = await world.an.request(`/api/v1/dossiers/${draft.body.id}/attachments`, {
        method: 'POST',
        headers: { accept: 'application/json' },
        body: form,
      });
      expect(reused.status).toBe(201);
      const submitted = await api<{ code: string }>(
        world.an,
        'POST',
        `/api/v1/dossiers/${draft.body.id}/submit`,
      );
      code = submitted.body.code;
      await returnDossier(world.base, world.db, code, people);
    } finally {
      clock.instant = new Date(NOW);
    }
    expect((await portal.changed(before, 100)).keys).toEqual([code]);
    const fact = await factOf(portal, code);
    expect(fact).toMatchObject({
      code,
      source: 'portal',
      agencyCode: world.communeAgency,
      procedureCode: '2.001009',
      channel: 2,
      status: 10,
      outcome: 'early',
      electronicResult: true,
      attachments: 1,
      reusedAttachments: 1,
      recordedAfterSeconds: 0,
      feeRequested: false,
      feePaidOnline: false,
      flaggedEvents: 0,
    });
    expect(fact!.receivedAt).toEqual(new Date(Date.parse(NOW) + 10 * MINUTE));
    expect(fact!.finishedAt).toEqual(new Date(Date.parse(NOW) + 10 * MINUTE));
    expect(fact!.dueAt!.getTime()).toBeGreaterThan(fact!.finishedAt!.getTime());
    // The first dossier's original was uploaded while filing it: filed, not reused.
    expect(await factOf(portal, filed)).toMatchObject({ attachments: 1, reusedAttachments: 0 });
  });

  it('finds a dossier taken in at the counter and returned late', async () => {
    const intake = await fetch(`${world.base}/api/v1/backoffice/intake`, {
      method: 'POST',
      headers: {
        cookie: await sessionCookie(world.db, people.receiver, clock.now()),
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        procedureCode: '2.001009',
        agencyCode: world.communeAgency,
        channel: 1,
        applicant: { name: 'Phạm Thị Mai', idNumber: '001195067890', phone: '0987654321' },
        answers: {
          applicantName: 'Phạm Thị Mai',
          applicantId: '001195067890',
          applicantBirthDate: '1995-02-03',
          applicantAddress: { province: '01', commune: '00004', street: 'Số 3 phố Liễu Giai' },
          applicantPhone: '0987654321',
          documentName: 'Giấy khai sinh',
          documentIssuer: 'UBND phường Ba Đình',
          documentDate: '1995-02-20',
          copies: 3,
        },
      }),
    });
    expect(intake.status).toBe(201);
    const made = (await intake.json()) as { code: string; version: number };
    const dueAt = new Date(Date.parse(NOW) - 86_400_000);
    await setDueDate(world.db, made.code, dueAt);
    let version = made.version;
    for (const [who, action] of [
      [people.receiver, 'forward'],
      [people.receiver, 'forward'],
      [people.approver, 'approve'],
      [people.receiver, 'return_result'],
    ] as const) {
      version = await act(who, made.code, { action, version });
    }
    expect(await factOf(portal, made.code)).toEqual({
      code: made.code,
      source: 'portal',
      agencyCode: world.communeAgency,
      procedureCode: '2.001009',
      channel: 1,
      status: 10,
      receivedAt: new Date(NOW),
      dueAt,
      finishedAt: new Date(NOW),
      outcome: 'late',
      electronicResult: true,
      attachments: 0,
      reusedAttachments: 0,
      recordedAfterSeconds: 0,
      feeRequested: false,
      feePaidOnline: false,
      flaggedEvents: 0,
    });
  });

  it('finds a fee due on filing paid online, though paying it writes no dossier event', async () => {
    const draft = await api<{ id: string }>(world.an, 'POST', '/api/v1/dossiers', {
      procedureCode: '2.000505',
      agencyCode: JUSTICE,
    });
    await api(world.an, 'PATCH', `/api/v1/dossiers/${draft.body.id}`, {
      answers: {
        recordType: '1',
        purpose: 'Bổ sung hồ sơ xin việc',
        residences: [{ from: '09/2007', to: '11/2026', place: 'Phường Ba Đình, Hà Nội' }],
        declaration: true,
      },
    });
    const { code } = (
      await api<{ code: string }>(world.an, 'POST', `/api/v1/dossiers/${draft.body.id}/submit`)
    ).body;
    expect(await factOf(portal, code)).toMatchObject({
      status: 1,
      feeRequested: true,
      feePaidOnline: false,
    });
    const before = (await drain(portal, null)).cursor;
    const events = async () =>
      (
        await world.db.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
           WHERE d.code = $1`,
          [code],
        )
      )[0]!.count;
    const eventsBefore = await events();

    const order = await api<{ redirectUrl: string }>(world.an, 'POST', '/api/v1/payments', {
      dossierCode: code,
      provider: 'sandbox-bank',
    });
    expect(order.status).toBe(201);
    const confirmed = await fetch(order.body.redirectUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ account: '9704000000000018', action: 'confirm' }),
    });
    expect(confirmed.status).toBe(303);

    expect(await events()).toBe(eventsBefore);
    const after = await portal.changed(before, 10);
    expect(after.keys).toEqual([code]);
    expect(await portal.changed(after.cursor, 10)).toEqual({ keys: [], cursor: after.cursor });
    expect(await factOf(portal, code)).toMatchObject({
      status: 1,
      channel: 2,
      feeRequested: true,
      feePaidOnline: true,
      finishedAt: null,
      outcome: null,
    });
  });

  it('bounds each answer by its limit, each key once, and refuses cursors it never gave', async () => {
    const { keys } = await drain(portal, null, 1);
    const all = await drain(portal, null, 500);
    expect(new Set(keys)).toEqual(new Set(all.keys));
    const answer = await portal.changed(null, 500);
    expect(answer.keys).toEqual([...new Set(answer.keys)]);
    await expect(portal.changed('12', 10)).rejects.toThrow(/not a cursor/);
    await expect(portal.changed(null, 0)).rejects.toThrow(RangeError);
  });

  it('pages every dossier with a code, in code order', async () => {
    const all = await portal.keys(null, 1000);
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect([...all].sort()).toEqual(all);
    const paged: string[] = [];
    for (let after: string | null = null; ;) {
      const page = await portal.keys(after, 2);
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(2);
      paged.push(...page);
      after = page.at(-1)!;
    }
    expect(paged).toEqual(all);
  });
});

describe('the synced dossiers’ feed', () => {
  const code = 'H01.22-261120-0042';

  it('finds a dossier a connected system pushed, and not the portal’s own it reports on', async () => {
    const start = (await drain(synced, null)).cursor;
    const portalStart = (await drain(portal, null)).cursor;
    const client = await registerClient(world.db, [world.communeAgency]);
    const file = await world.modules.dossiers.sync.storeResultFile(
      client,
      await received(PDF_BYTES),
    );
    const ours = filed;
    const outcome = await world.modules.dossiers.sync.apply(client, [
      counterDossier(code, world.communeAgency, {
        fees: [{ name: 'Lệ phí đăng ký khai sinh', amount: 8_000, paid: true }],
      }),
      { eventId: `${ours}-sync`, at: '2026-11-24T01:00:00Z', code: ours, status: 2 },
    ]);
    expect(outcome.refused).toEqual([]);
    const first = await drain(synced, start);
    expect(first.keys).toEqual([code]);
    // The portal's own dossier is the portal feed's: its timeline got the event.
    expect((await drain(portal, portalStart)).keys).toContain(ours);
    expect(await synced.facts([ours])).toEqual([]);

    await world.modules.dossiers.sync.apply(client, [
      { eventId: `${code}-2`, at: '2026-11-21T02:00:00Z', code, status: 4 },
      {
        eventId: `${code}-3`,
        at: '2026-11-23T03:00:00Z',
        code,
        status: 10,
        returnedAt: '2026-11-23T03:00:00Z',
        results: [{ fileName: 'trich-luc.pdf', sha256: file.sha256 }],
      },
    ]);
    expect((await synced.changed(first.cursor, 10)).keys).toEqual([code]);
    expect(await factOf(synced, code)).toEqual({
      code,
      source: 'synced',
      agencyCode: world.communeAgency,
      procedureCode: '1.001193',
      channel: 1,
      status: 10,
      receivedAt: new Date('2026-11-20T02:00:00Z'),
      dueAt: new Date('2026-11-25T10:00:00Z'),
      finishedAt: new Date('2026-11-23T03:00:00Z'),
      outcome: 'early',
      electronicResult: true,
      attachments: null,
      reusedAttachments: null,
      // Received on the 20th, learned of when pushed on the 24th (the world's clock).
      recordedAfterSeconds: 4 * 86_400,
      feeRequested: true,
      feePaidOnline: null,
      // Processing to returned skips the result's approval: an impossible move, applied.
      flaggedEvents: 1,
    });
  });

  it('pages the synced dossiers, not the portal’s own', async () => {
    expect(await synced.keys(null, 10)).toEqual([code]);
    expect(await synced.keys(code, 10)).toEqual([]);
  });
});
