import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDF_BYTES } from '../../../test/files.js';
import {
  act,
  agency,
  an,
  approver,
  base,
  call,
  config,
  db,
  elsewhere,
  receiver,
  startBackoffice,
  submitted,
  type Problem,
  type State,
} from './testing.js';

startBackoffice();

describe('the inbox', () => {
  it('shows an agency its dossiers, soonest due first, with counts and filters', async () => {
    const code = await submitted();
    const inbox = await call<{ items: State[]; counts: { status: number; total: number }[] }>(
      receiver,
      'GET',
      '/api/v1/backoffice/dossiers?status=1',
    );
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((d) => d.code)).toContain(code);
    expect(inbox.body.counts.find((c) => c.status === 1)?.total).toBeGreaterThan(0);
    const found = await call<{ items: State[] }>(
      receiver,
      'GET',
      `/api/v1/backoffice/dossiers?q=${encodeURIComponent(code)}`,
    );
    expect(found.body.items.map((d) => d.code)).toEqual([code]);
    const late = await call<{ items: State[] }>(
      receiver,
      'GET',
      '/api/v1/backoffice/dossiers?due=late',
    );
    expect(late.body.items).toEqual([]);

    const other = await call<{ items: State[] }>(elsewhere, 'GET', '/api/v1/backoffice/dossiers');
    expect(other.body.items.map((d) => d.code)).not.toContain(code);
    expect((await call(elsewhere, 'GET', `/api/v1/backoffice/dossiers/${code}`)).status).toBe(404);
    expect((await call('', 'GET', '/api/v1/backoffice/dossiers')).status).toBe(401);
    const citizen = await an.request('/api/v1/backoffice/dossiers', {
      headers: { accept: 'application/json' },
    });
    expect(citizen.status).toBe(403);
  });
});

/**
 * The applicant, told what is missing, adds a file to the dossier and sends it back: answers
 * the dossier's id and the state it is back in.
 */
async function supplementAsApplicant(code: string, version: number) {
  const [notice] = await db.query<{ body: string }>(
    `SELECT body FROM notifications WHERE template = 'dossier_status_changed' AND channel = 'in_app'
     AND body LIKE $1`,
    [`%${code}%Yêu cầu bổ sung%`],
  );
  expect(notice?.body).toContain('Ảnh chụp rõ nét bản chính Bằng tốt nghiệp');
  const [{ id }] = (await db.query<{ id: string }>('SELECT id FROM dossiers WHERE code = $1', [
    code,
  ])) as [{ id: string }];
  const form = new FormData();
  form.set('field', 'original');
  form.set('file', new Blob([new Uint8Array(PDF_BYTES), new Uint8Array([1])]), 'bang-ro.pdf');
  const added = await an.request(`/api/v1/dossiers/${id}/attachments`, {
    method: 'POST',
    body: form,
  });
  expect(added.status).toBe(201);
  const back = await an.request(`/api/v1/dossiers/${code}/supplement`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ version }),
  });
  expect(back.status).toBe(200);
  return { id, state: (await back.json()) as State };
}

/**
 * The postal tracking number of a result is shown to both sides, not only in the history's
 * details: answers the applicant's view of the dossier.
 */
async function expectTrackingShown(code: string, trackingNumber: string) {
  const timeline = (await (
    await an.request(`/api/v1/dossiers/${code}`, { headers: { accept: 'application/json' } })
  ).json()) as {
    timeline: { action: string; status: number }[];
    resultDocumentId: string;
    resultTrackingNumber: string | null;
  };
  expect(timeline.resultTrackingNumber).toBe(trackingNumber);
  const trackingShown = new RegExp(`Số hiệu bưu gửi kết quả</dt><dd>${trackingNumber}<`);
  expect(await (await an.request(`/dossiers/${encodeURIComponent(code)}`)).text()).toMatch(
    trackingShown,
  );
  const officerHtml = await fetch(`${base}/backoffice/dossiers/${encodeURIComponent(code)}`, {
    headers: { cookie: receiver },
  });
  expect(await officerHtml.text()).toMatch(trackingShown);
  return timeline;
}

/**
 * The signed result is in the applicant's store, and its signature verifies with an
 * independent tool (poppler's pdfsig).
 */
async function expectSignedResult(code: string, documentId: string) {
  const result = await an.request(`/my/documents/${documentId}`);
  expect(result.headers.get('content-type')).toBe('application/pdf');
  const bytes = Buffer.from(await result.arrayBuffer());
  const resultDoc = await getDocument({ data: new Uint8Array(bytes) }).promise;
  const resultText = (await (await resultDoc.getPage(1)).getTextContent()).items
    .map((i) => ('str' in i ? i.str : ''))
    .join(' ');
  expect(resultText).toContain('Bằng tốt nghiệp');
  expect(resultText).toContain(code);
  const file = join(config.FILES_DIR, `result-${Date.now()}.pdf`);
  await writeFile(file, bytes);
  const { stdout } = await promisify(execFile)('pdfsig', [file]);
  expect(stdout).toContain('Signature Type: ETSI.CAdES.detached');
  expect(stdout).toContain('Signature Validation: Signature is Valid.');
  const store = (await (
    await an.request('/api/v1/me/documents?type=result', {
      headers: { accept: 'application/json' },
    })
  ).json()) as { items: { id: string; source: string }[] };
  expect(store.items).toContainEqual(expect.objectContaining({ id: documentId, source: 'result' }));
}

describe('processing a dossier', () => {
  it('goes from receipt through a supplement, review and approval to the result', async () => {
    const code = await submitted();
    let state: State & { actions?: string[] } = (
      await call<State & { actions: string[] }>(
        receiver,
        'GET',
        `/api/v1/backoffice/dossiers/${code}`,
      )
    ).body;
    expect(state.actions).toEqual(['receive', 'refuse', 'request_supplement']);
    const dueAtFirst = state.dueAt;

    state = (await act(receiver, code, { action: 'receive', version: state.version })).body;
    expect(state.status).toBe(2);
    const asked = await act(receiver, code, {
      action: 'request_supplement',
      version: state.version,
      reason: 'Ảnh chụp bản chính bị mờ',
      items: ['Ảnh chụp rõ nét bản chính Bằng tốt nghiệp'],
    });
    expect(asked.body.status).toBe(5);

    // The applicant is told, adds the file and sends the dossier back.
    const { id, state: back } = await supplementAsApplicant(code, asked.body.version);
    state = back;
    expect(state.status).toBe(2);
    // No working time passed while waiting (the clock is fixed), so the deadline is unchanged.
    expect(state.dueAt).toBe(dueAtFirst);

    state = (await act(receiver, code, { action: 'forward', version: state.version })).body;
    expect([state.status, state.step]).toEqual([4, 'review']);
    state = (await act(receiver, code, { action: 'forward', version: state.version })).body;
    expect([state.status, state.step]).toEqual([4, 'approval']);
    const notMine = await act(receiver, code, { action: 'approve', version: state.version });
    expect(notMine.status).toBe(403);
    expect(notMine.body.code).toBe('role_missing');
    state = (await act(approver, code, { action: 'approve', version: state.version })).body;
    expect(state.status).toBe(9);
    state = (
      await act(receiver, code, {
        action: 'return_result',
        version: state.version,
        trackingNumber: 'EB123456789VN',
      })
    ).body;
    expect(state.status).toBe(10);

    expect(state).toMatchObject({ trackingNumber: 'EB123456789VN' });
    const timeline = await expectTrackingShown(code, 'EB123456789VN');
    await expectSignedResult(code, timeline.resultDocumentId);

    expect(timeline.timeline.map((e) => e.action)).toEqual([
      'submitted',
      'receive',
      'request_supplement',
      'supplement',
      'forward',
      'forward',
      'approve',
      'return_result',
    ]);
    const history = (
      await call<{ history: { action: string; fromStatus: number; details: unknown }[] }>(
        receiver,
        'GET',
        `/api/v1/backoffice/dossiers/${code}`,
      )
    ).body.history;
    expect(history.at(-1)).toMatchObject({
      action: 'return_result',
      fromStatus: 9,
      details: { trackingNumber: 'EB123456789VN' },
    });
    const [audited] = await db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM audit_log WHERE resource_id = $1 AND action LIKE 'dossier.%'`,
      [id],
    );
    expect(audited?.count).toBe(7);
  });

  it('refuses what the state does not allow (409 with the state), what lacks a reason (422) and stale versions', async () => {
    const code = await submitted();
    const detail = (await call<State>(receiver, 'GET', `/api/v1/backoffice/dossiers/${code}`)).body;
    const illegal = await act(approver, code, { action: 'approve', version: detail.version });
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ code: 'illegal_transition', current: { status: 1 } });
    const bare = await act(receiver, code, {
      action: 'refuse',
      version: detail.version,
      reason: ' ',
    });
    expect(bare.status).toBe(422);
    expect(bare.body.errors?.map((e) => e.field)).toEqual(['reason']);
    const stale = await act(receiver, code, { action: 'receive', version: detail.version - 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'version_conflict',
      current: { version: detail.version },
    });
    const unknown = await act(receiver, code, { action: 'fly', version: detail.version });
    expect(unknown.status).toBe(400);
  });

  it('takes an officer’s plain form only with the session’s token', async () => {
    const code = await submitted();
    const page = await fetch(`${base}/backoffice/dossiers/${encodeURIComponent(code)}`, {
      headers: { cookie: receiver },
    });
    const html = await page.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const version = /name="version" value="(\d+)"/.exec(html)![1]!;
    const post = (token: string) =>
      fetch(`${base}/backoffice/dossiers/${encodeURIComponent(code)}/actions`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie: receiver,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ csrf: token, version, action: 'receive' }),
      });
    expect((await post('not-the-token')).status).toBe(403);
    const done = await post(csrf);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(
      `/backoffice/dossiers/${encodeURIComponent(code)}?done=receive`,
    );
  });

  it('lets exactly one of two officers acting at once win; the other sees the new state', async () => {
    const code = await submitted();
    const { version } = (await call<State>(receiver, 'GET', `/api/v1/backoffice/dossiers/${code}`))
      .body;
    const [a, b] = await Promise.all([
      act(receiver, code, { action: 'receive', version }),
      act(receiver, code, { action: 'refuse', version, reason: 'Không thuộc thẩm quyền' }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 200 ? a : b;
    expect(loser.body.current?.status).toBe(winner.body.status);
    expect(loser.body.current?.version).toBe(version + 1);
  });
});

describe('assignment', () => {
  it('gives a dossier to a named officer of its agency, who then finds it under “mine”', async () => {
    const code = await submitted();
    const detail = (await call<State>(receiver, 'GET', `/api/v1/backoffice/dossiers/${code}`)).body;
    const [lan] = await db.query<{ id: string }>(
      `SELECT account_id AS id FROM role_grants WHERE agency_code = $1 AND role = 'approver'`,
      [agency],
    );
    const [binh] = await db.query<{ id: string }>(
      `SELECT account_id AS id FROM role_grants WHERE agency_code = '000.00.01.G05'`,
    );
    const outsider = await call<Problem>(
      receiver,
      'POST',
      `/api/v1/backoffice/dossiers/${code}/assignment`,
      {
        accountId: binh!.id,
        version: detail.version,
      },
    );
    expect(outsider.status).toBe(422);
    const given = await call<State & { assignedTo: string }>(
      receiver,
      'POST',
      `/api/v1/backoffice/dossiers/${code}/assignment`,
      { accountId: lan!.id, version: detail.version },
    );
    expect(given.status).toBe(200);
    expect(given.body.assignedTo).toBe(lan!.id);
    const stale = await call<Problem>(
      receiver,
      'POST',
      `/api/v1/backoffice/dossiers/${code}/assignment`,
      {
        accountId: lan!.id,
        version: detail.version,
      },
    );
    expect(stale.status).toBe(409);
    const mine = await call<{ items: State[] }>(
      approver,
      'GET',
      '/api/v1/backoffice/dossiers?mine=true',
    );
    expect(mine.body.items.map((d) => d.code)).toEqual([code]);
    const history = (
      await call<{ history: { action: string; note: string }[] }>(
        receiver,
        'GET',
        `/api/v1/backoffice/dossiers/${code}`,
      )
    ).body.history;
    expect(history.at(-1)).toMatchObject({ action: 'assign', note: 'Nguyễn Thị Lan' });
  });
});
