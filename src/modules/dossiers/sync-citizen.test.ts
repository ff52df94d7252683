import { beforeAll, describe, expect, it } from 'vitest';
import { settableClock, startTestServer } from '../../../test/helpers.js';
import { badinhWard, fileBirthRegistration } from '../../../test/dossiers.js';
import { PDF_BYTES } from '../../../test/files.js';
import { received as receivedFile } from '../../../test/received-files.js';
import { signInAs, type CookieClient } from '../../../test/browser-client.js';
import type { Database } from '../../platform/db.js';
import type { DossierProcess, DossierSync, StatusChange } from './index.js';
import { counterDossier, registerClient } from '../../../test/sync-world.js';

/**
 * What citizens see of status sync: a dossier filed at the counter and processed in the
 * agency's own system, in "my dossiers" (by the verified ID number), on its own page and in
 * the public lookup; and a dossier filed online, moved by the agency's system, with its
 * timeline, messages and result.
 */
const clock = settableClock('2026-11-24T02:00:00Z');
const ctx = {} as {
  base: string;
  db: Database;
  sync: DossierSync;
  process: DossierProcess;
  ward: string;
  client: { id: string; allowedAgencies: string[] };
  an: CookieClient;
  ngoc: CookieClient;
  anId: string;
};

beforeAll(async () => {
  const server = await startTestServer({ clock });
  const ward = await badinhWard(server.db);
  const an = await signInAs(server.base, 'vneid-001');
  const [account] = await server.db.query<{ id: string }>(
    `SELECT id FROM accounts WHERE personal_id = '001089012345'`,
  );
  Object.assign(ctx, {
    base: server.base,
    db: server.db,
    sync: server.modules.dossiers.sync,
    process: server.modules.dossiers.process,
    ward,
    client: await registerClient(server.db, [ward]),
    an,
    ngoc: await signInAs(server.base, 'vneid-002'),
    anId: account!.id,
  });
});

const html = async (who: CookieClient, path: string) => {
  const response = await who.request(path);
  return { status: response.status, text: await response.text() };
};

const messages = (accountId: string) =>
  ctx.db.query<{ subject: string }>(
    `SELECT subject FROM notifications WHERE account_id = $1 AND channel = 'in_app'
     ORDER BY created_at, subject`,
    [accountId],
  );

const lookup = (code: string, idNumber: string) =>
  fetch(`${ctx.base}/api/v1/dossier-lookup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ code, idNumber }),
  });

describe('a dossier filed at the counter, synced by the agency’s system', () => {
  const code = 'H01.22-261120-0101';

  it('is in the applicant’s dossiers, with its page, timeline and result, for them only', async () => {
    const result = await ctx.sync.storeResultFile(ctx.client, await receivedFile(PDF_BYTES));
    const outcome = await ctx.sync.apply(ctx.client, [
      counterDossier(code, ctx.ward, {
        fees: [{ name: 'Lệ phí cấp bản sao trích lục', amount: 8000, paid: true }],
      }),
      {
        eventId: `${code}-3`,
        at: '2026-11-22T02:00:00Z',
        code,
        status: 5,
        note: 'Bổ sung bản sao giấy chứng sinh',
        supplements: [
          {
            requestedAt: '2026-11-22T02:00:00Z',
            reason: 'Thiếu giấy chứng sinh',
            oldDueAt: '2026-11-25T10:00:00Z',
            newDueAt: '2026-11-27T10:00:00Z',
          },
        ],
        dueAt: '2026-11-27T10:00:00Z',
      },
      {
        eventId: `${code}-5`,
        at: '2026-11-23T09:00:00Z',
        code,
        status: 10,
        returnedAt: '2026-11-23T09:00:00Z',
        results: [{ fileName: 'trich-luc-khai-sinh.pdf', sha256: result.sha256 }],
      },
    ]);
    expect(outcome).toEqual({ accepted: 3, duplicates: 0, refused: [] });
    // Processing (4) reported late, after the supplement was asked for: history only.
    await ctx.sync.apply(ctx.client, [
      { eventId: `${code}-2`, at: '2026-11-21T02:00:00Z', code, status: 4, note: 'Thụ lý' },
    ]);

    const mine = await html(ctx.an, '/my/dossiers');
    expect(mine.text).toContain('Hồ sơ nộp tại cơ quan');
    expect(mine.text).toContain(`href="/dossiers/synced/${code}"`);
    expect(mine.text).toContain('Đã trả kết quả');

    const page = await html(ctx.an, `/dossiers/synced/${code}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Trực tiếp tại bộ phận một cửa');
    expect(page.text).toContain('Lệ phí cấp bản sao trích lục');
    expect(page.text).toContain('8.000 ₫');
    expect(page.text).toContain('Thiếu giấy chứng sinh');
    // Every event in time order, the late one in its place.
    const order = ['Đã tiếp nhận', 'Thụ lý', 'Bổ sung bản sao giấy chứng sinh', '23/11/2026 16:00'];
    const timeline = page.text.slice(page.text.indexOf('id="timeline-heading"'));
    const at = order.map((text) => timeline.indexOf(text));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);

    const link = `/dossiers/synced/${code}/results/${result.sha256}`;
    expect(page.text).toContain(link);
    const file = await ctx.an.request(link);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PDF_BYTES);

    // Someone else: not theirs, not found.
    expect((await html(ctx.ngoc, '/my/dossiers')).text).not.toContain(code);
    expect((await ctx.ngoc.request(`/dossiers/synced/${code}`)).status).toBe(404);
    expect((await ctx.ngoc.request(link)).status).toBe(404);
  });

  it('opens in the public lookup with its code and the applicant’s ID number only', async () => {
    const found = await lookup(code, '001089012345');
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({
      code,
      status: 10,
      agency: { code: ctx.ward },
      procedure: { code: '1.001193' },
      submittedAt: '2026-11-20T02:00:00.000Z',
      appointmentDate: '2026-11-27T10:00:00.000Z',
    });
    expect((await lookup(code, '079195023456')).status).toBe(404);
  });

  it('tells the account whose verified ID number it names of each change of status', async () => {
    const subjects = (await messages(ctx.anId)).map((m) => m.subject);
    expect(subjects).toContain(`Hồ sơ ${code}: Đã trả kết quả`);
    const before = subjects.length;
    await ctx.sync.apply(ctx.client, [
      counterDossier('H01.22-261120-0102', ctx.ward, {
        applicant: { name: 'Người khác', idNumber: '001099000001' },
      }),
    ]);
    expect((await messages(ctx.anId)).length).toBe(before);
  });
});

describe('a dossier filed online, processed in the agency’s system', () => {
  it('moves with the sync: status, timeline, messages and the result to download', async () => {
    const code = await fileBirthRegistration(ctx.an, ctx.ward);
    const result = await ctx.sync.storeResultFile(ctx.client, await receivedFile(PDF_BYTES));
    const event = (n: number, at: string, status: number, more: Record<string, unknown> = {}) => ({
      eventId: `${code}-${n}`,
      at,
      code,
      status,
      ...more,
    });
    const received = event(1, '2026-11-24T03:00:00Z', 2, { dueAt: '2026-11-27T10:00:00Z' });
    const processing = event(2, '2026-11-24T04:00:00Z', 4);
    const supplement = event(3, '2026-11-24T05:00:00Z', 5, { note: 'Thiếu giấy chứng sinh' });
    const again = event(4, '2026-11-25T02:00:00Z', 4, { dueAt: '2026-11-30T10:00:00Z' });
    const returned = event(5, '2026-11-26T02:00:00Z', 10, {
      returnedAt: '2026-11-26T02:00:00Z',
      results: [{ fileName: 'trich-luc.pdf', sha256: result.sha256 }],
    });
    // Out of order and with duplicates, in three batches.
    expect(await ctx.sync.apply(ctx.client, [processing, received, processing])).toMatchObject({
      accepted: 2,
      duplicates: 1,
    });
    expect(await ctx.sync.apply(ctx.client, [again, returned, received])).toMatchObject({
      accepted: 2,
      duplicates: 1,
    });
    expect(await ctx.sync.apply(ctx.client, [supplement])).toMatchObject({ accepted: 1 });

    const [row] = await ctx.db.query<{
      status: number;
      due_at: Date;
      result_document_id: string;
      step: string | null;
    }>('SELECT status, due_at, result_document_id, step FROM dossiers WHERE code = $1', [code]);
    expect(row).toMatchObject({ status: 10, step: null, due_at: new Date('2026-11-30T10:00:00Z') });

    const page = await html(ctx.an, `/dossiers/${code}`);
    expect(page.status).toBe(200);
    const timeline = page.text.slice(page.text.indexOf('id="timeline-heading"'));
    const steps = ['Mới nộp', 'Đã tiếp nhận', 'Đang xử lý', 'Yêu cầu bổ sung', 'Đã trả kết quả'];
    const at = steps.map((text) => timeline.indexOf(text));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(timeline).toContain('Cập nhật từ hệ thống xử lý của cơ quan');

    expect(page.text).toContain(`/my/documents/${row!.result_document_id}`);
    const file = await ctx.an.request(`/my/documents/${row!.result_document_id}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PDF_BYTES);

    const subjects = (await messages(ctx.anId)).map((m) => m.subject);
    expect(subjects).toContain(`Hồ sơ ${code}: Đã trả kết quả`);
    // Not in the list of dossiers filed at agencies: it is one of the person's own.
    expect((await html(ctx.an, '/my/dossiers')).text).not.toContain(`/dossiers/synced/${code}`);
  });
});

describe('the portal’s own changes of status', () => {
  it('are told to listeners after commit, as the sync’s are', async () => {
    const heard: StatusChange[] = [];
    const stop = ctx.process.onStatusChanged((change) => heard.push(change));
    const code = await fileBirthRegistration(ctx.an, ctx.ward);
    const withdrawn = await ctx.an.request(`/api/v1/dossiers/${code}/withdraw`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ reason: 'Nộp nhầm' }),
    });
    expect(withdrawn.status).toBe(200);
    stop();
    expect(heard).toEqual([
      { code, agencyCode: ctx.ward, status: 7, at: clock.now(), source: 'portal' },
    ]);
  });
});
