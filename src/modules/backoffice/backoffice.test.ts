import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { fixedClock, startTestServer } from '../../../test/helpers.js';
import { signInAs, type CookieClient } from '../../../test/browser-client.js';
import { PDF_BYTES } from '../../../test/files.js';
import { officerWithRoles, sessionCookie } from '../../../test/sessions.js';
import { badinhWard, fileCertifiedCopy } from '../../../test/dossiers.js';
import type { Database } from '../../platform/db.js';
import { createModules } from '../../app.js';

// Tuesday 24 November 2026, 09:00 in Vietnam.
const NOW = new Date('2026-11-24T02:00:00Z');
let base: string;
let db: Database;
let an: CookieClient;
let agency: string;
let receiver: string;
let approver: string;
let elsewhere: string;
let modules: Awaited<ReturnType<typeof startTestServer>>['modules'];
let config: Awaited<ReturnType<typeof startTestServer>>['config'];

interface State {
  code: string;
  status: number;
  step: string | null;
  version: number;
  dueAt: string;
  late: boolean;
}
interface Problem {
  code: string;
  current?: { status: number; version: number };
  errors?: { field: string }[];
}

async function call<T>(cookie: string, method: string, path: string, body?: unknown) {
  const response = await fetch(base + path, {
    method,
    headers: {
      cookie,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const act = (cookie: string, code: string, body: Record<string, unknown>) =>
  call<State & Problem>(cookie, 'POST', `/api/v1/backoffice/dossiers/${code}/actions`, body);

/** A citizen files a certified copy at the ward; answers its code. */
const submitted = () => fileCertifiedCopy(an, agency);

beforeAll(async () => {
  ({ base, db, modules, config } = await startTestServer({
    clock: fixedClock(NOW.toISOString()),
    env: { SUBMISSION_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_PER_MINUTE: '10000' },
  }));
  an = await signInAs(base, 'vneid-001');
  agency = await badinhWard(db);
  receiver = await sessionCookie(
    db,
    await officerWithRoles(db, 'Trần Văn Khoa', agency, ['receiver', 'processor']),
    NOW,
  );
  approver = await sessionCookie(
    db,
    await officerWithRoles(db, 'Nguyễn Thị Lan', agency, ['approver']),
    NOW,
  );
  elsewhere = await sessionCookie(
    db,
    await officerWithRoles(db, 'Lê Văn Bình', '000.00.01.G05', ['receiver']),
    NOW,
  );
});

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
      body: JSON.stringify({ version: asked.body.version }),
    });
    expect(back.status).toBe(200);
    state = (await back.json()) as State;
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

    const timeline = (await (
      await an.request(`/api/v1/dossiers/${code}`, { headers: { accept: 'application/json' } })
    ).json()) as {
      timeline: { action: string; status: number }[];
      resultDocumentId: string;
      resultTrackingNumber: string | null;
    };
    // The postal tracking number is shown to both sides, not only in the history's details.
    expect(state).toMatchObject({ trackingNumber: 'EB123456789VN' });
    expect(timeline.resultTrackingNumber).toBe('EB123456789VN');
    const trackingShown = /Số hiệu bưu gửi kết quả<\/dt><dd>EB123456789VN</;
    expect(await (await an.request(`/dossiers/${encodeURIComponent(code)}`)).text()).toMatch(
      trackingShown,
    );
    const officerHtml = await fetch(`${base}/backoffice/dossiers/${encodeURIComponent(code)}`, {
      headers: { cookie: receiver },
    });
    expect(await officerHtml.text()).toMatch(trackingShown);

    // The signed result is in the applicant's store, and its signature verifies with an
    // independent tool (poppler's pdfsig).
    const result = await an.request(`/my/documents/${timeline.resultDocumentId}`);
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
    expect(store.items).toContainEqual(
      expect.objectContaining({ id: timeline.resultDocumentId, source: 'result' }),
    );

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

describe('deadlines', () => {
  it('stop while the applicant is asked for more, and move on by the working time waited', async () => {
    const code = await submitted();
    let now = NOW;
    const clock = { now: () => now };
    const timed = await createModules(db, clock, config);
    const service = timed.backoffice.service;
    const [officer] = await db.query<{ account_id: string }>(
      `SELECT account_id FROM role_grants WHERE agency_code = $1 AND role = 'receiver'`,
      [agency],
    );
    const actor = {
      accountId: officer!.account_id,
      kind: 'officer' as const,
      assuranceLevel: 2 as const,
      roles: [{ agencyCode: agency, role: 'receiver' }],
    };
    const { row: filed } = await service.dossier(actor, code);
    let row = await service.act(actor, code, { action: 'receive', version: filed.version });
    const due = row.due_at!;
    row = await service.act(actor, code, {
      action: 'request_supplement',
      version: row.version,
      reason: 'Thiếu',
      items: ['Bản chính'],
    });
    expect(row.paused_at).toEqual(NOW);
    // The applicant answers on Friday at 09:00: Tuesday 09:00 to Friday 09:00 is three
    // working days, 24 working hours, which the deadline moves by.
    now = new Date('2026-11-27T02:00:00Z');
    row = await timed.dossiers.process.change(row, {
      action: 'supplement',
      version: row.version,
      parties: ['applicant'],
      actorId: row.filed_by,
      steps: [],
      workflow: null,
    });
    expect(row.paused_at).toBeNull();
    const calendar = await modules.calendar.service.calendar();
    expect(row.due_at).toEqual(calendar.addWorkingMinutes(due, 24 * 60));
    expect(row.due_at!.toISOString()).toBe('2026-11-30T10:00:00.000Z');
  });
});

describe('late dossiers', () => {
  it('are marked by the job, get an apology slip with a new date, and finish late', async () => {
    const code = await submitted();
    // Its deadline passed yesterday.
    await db.query(`UPDATE dossiers SET due_at = $2 WHERE code = $1`, [
      code,
      new Date(NOW.getTime() - 24 * 3600_000),
    ]);
    expect(await modules.dossiers.process.markLate()).toBeGreaterThanOrEqual(1);
    expect(await modules.dossiers.process.markLate()).toBe(0);
    const late = await call<{ items: State[] }>(
      receiver,
      'GET',
      '/api/v1/backoffice/dossiers?due=late',
    );
    expect(late.body.items.map((d) => d.code)).toContain(code);

    const { version } = (await call<State>(receiver, 'GET', `/api/v1/backoffice/dossiers/${code}`))
      .body;
    const weekend = await call<Problem>(
      receiver,
      'POST',
      `/api/v1/backoffice/dossiers/${code}/apologies`,
      {
        reason: 'Cần xác minh với trường cấp bằng',
        newDueDate: '2026-11-28',
        version,
      },
    );
    expect(weekend.status).toBe(422);
    expect(weekend.body.errors?.map((e) => e.field)).toEqual(['newDueDate']);
    const sent = await call<{ number: number; newDueAt: string; pdf: string }>(
      receiver,
      'POST',
      `/api/v1/backoffice/dossiers/${code}/apologies`,
      { reason: 'Cần xác minh với trường cấp bằng', newDueDate: '2026-11-30', version },
    );
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ number: 1, newDueAt: '2026-11-30T10:00:00.000Z' });

    const pdf = await an.request(sent.body.pdf);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const doc = await getDocument({ data: new Uint8Array(await pdf.arrayBuffer()) }).promise;
    const text = (await (await doc.getPage(1)).getTextContent()).items
      .map((i) => ('str' in i ? i.str : ''))
      .join(' ');
    expect(text).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(text).toContain('30/11/2026 17:00');
    expect(text).toContain('Cần xác minh với trường cấp bằng');
    expect((await fetch(base + sent.body.pdf)).status).toBe(401);

    const timeline = (await (
      await an.request(`/api/v1/dossiers/${code}`, { headers: { accept: 'application/json' } })
    ).json()) as { timeline: { action: string }[]; appointmentDate: string };
    expect(timeline.timeline.map((e) => e.action)).toEqual(['submitted', 'marked_late', 'apology']);
    expect(timeline.appointmentDate).toBe('2026-11-30T10:00:00.000Z');

    // Handled before the new date, it still counts as late for the agency.
    let state = (await call<State>(receiver, 'GET', `/api/v1/backoffice/dossiers/${code}`)).body;
    state = (await act(receiver, code, { action: 'receive', version: state.version })).body;
    state = (await act(receiver, code, { action: 'forward', version: state.version })).body;
    state = (await act(receiver, code, { action: 'forward', version: state.version })).body;
    await act(approver, code, { action: 'approve', version: state.version });
    const [row] = await db.query<{ outcome: string }>(
      'SELECT outcome FROM dossiers WHERE code = $1',
      [code],
    );
    expect(row?.outcome).toBe('late');
  });

  it('finish early when approved before the due day', async () => {
    const code = await submitted();
    let state = (await call<State>(receiver, 'GET', `/api/v1/backoffice/dossiers/${code}`)).body;
    for (const action of ['receive', 'forward', 'forward']) {
      state = (await act(receiver, code, { action, version: state.version })).body;
    }
    await act(approver, code, { action: 'approve', version: state.version });
    const [row] = await db.query<{ outcome: string }>(
      'SELECT outcome FROM dossiers WHERE code = $1',
      [code],
    );
    expect(row?.outcome).toBe('early');
  });
});

describe('counter and postal intake', () => {
  const answers = {
    applicantName: 'Phạm Thị Mai',
    applicantId: '001195067890',
    applicantBirthDate: '1995-02-03',
    applicantAddress: { province: '01', commune: '00004', street: 'Số 3 phố Liễu Giai' },
    applicantPhone: '0987654321',
    documentName: 'Giấy khai sinh',
    documentIssuer: 'UBND phường Ba Đình',
    documentDate: '1995-02-20',
    copies: 3,
  };
  const body = (extra: Record<string, unknown> = {}) => ({
    procedureCode: '2.001009',
    agencyCode: agency,
    channel: 1,
    applicant: { name: 'Phạm Thị Mai', idNumber: '001195067890', phone: '0987654321' },
    answers,
    ...extra,
  });

  it('registers a dossier received in person, received at once, in the same inbox and lifecycle', async () => {
    const made = await call<State>(receiver, 'POST', '/api/v1/backoffice/intake', body());
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 2, step: null });
    expect(made.body.code).toMatch(new RegExp(`^${agency.replace(/\./g, '\\.')}-261124-\\d{4}$`));
    const detail = await call<State & { history: { action: string }[] }>(
      receiver,
      'GET',
      `/api/v1/backoffice/dossiers/${made.body.code}`,
    );
    expect(detail.body.history.map((e) => e.action)).toEqual(['filed_at_counter', 'receive']);
    const [owner] = await db.query<{ kind: string; name: string; channel: number }>(
      `SELECT a.kind, a.name, d.channel FROM dossiers d JOIN accounts a ON a.id = d.owner_id
       WHERE d.code = $1`,
      [made.body.code],
    );
    expect(owner).toEqual({ kind: 'citizen', name: 'Phạm Thị Mai', channel: 1 });
    const next = await act(receiver, made.body.code, {
      action: 'forward',
      version: made.body.version,
    });
    expect(next.body).toMatchObject({ status: 4, step: 'review' });

    const posted = await call<State>(
      receiver,
      'POST',
      '/api/v1/backoffice/intake',
      body({ channel: 3 }),
    );
    expect(posted.status).toBe(201);
    const [byPost] = await db.query<{ owner_id: string; channel: number }>(
      'SELECT owner_id, channel FROM dossiers WHERE code = $1',
      [posted.body.code],
    );
    expect(byPost?.channel).toBe(3);
  });

  it('has a page for the counter that keeps what was typed when something is wrong', async () => {
    const get = (path: string) => fetch(base + path, { headers: { cookie: receiver } });
    const start = await (await get('/backoffice/intake')).text();
    expect(start).toContain('value="2.001009"');
    const formPage = await get(
      `/backoffice/intake/form?procedure=2.001009&agency=${agency}&channel=1`,
    );
    expect(formPage.status).toBe(200);
    const html = await formPage.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const post = (fields: Record<string, string>) =>
      fetch(base + '/backoffice/intake/form', {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: receiver, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          csrf,
          procedure: '2.001009',
          agency,
          channel: '1',
          action: 'register',
          ...fields,
        }),
      });
    const typed = {
      'applicant.name': 'Hoàng Văn Nam',
      'applicant.idNumber': '001090123',
      'applicant.phone': '0912 345 678',
      applicantBirthDate: '1990-04-12',
      'applicantAddress.province': '01',
      'applicantAddress.commune': '00004',
      'applicantAddress.street': 'Số 8 phố Giang Văn Minh',
      documentName: 'Bằng tốt nghiệp trung học phổ thông',
      documentIssuer: 'Sở Giáo dục và Đào tạo Hà Nội',
      documentDate: '2008-06-30',
      copies: '2',
    };
    const wrong = await post(typed);
    expect(wrong.status).toBe(422);
    const shown = await wrong.text();
    expect(shown).toContain('class="error-summary"');
    expect(shown).toContain('href="#f-applicant-idNumber"');
    expect(shown).toContain('value="Bằng tốt nghiệp trung học phổ thông"');
    expect(shown).toContain('value="Hoàng Văn Nam"');

    const done = await post({ ...typed, 'applicant.idNumber': '001090123456' });
    expect(done.status).toBe(303);
    const location = done.headers.get('location')!;
    expect(location).toMatch(/^\/backoffice\/dossiers\/.+\?registered=1$/);
    const dossierPage = await (await get(location)).text();
    expect(dossierPage).toContain('Đã tiếp nhận hồ sơ');
    const code = decodeURIComponent(/dossiers\/([^?]+)/.exec(location)![1]!);
    const [row] = await db.query<{
      status: number;
      channel: number;
      answers: { applicantName?: string };
    }>('SELECT status, channel, answers FROM dossiers WHERE code = $1', [code]);
    expect(row).toMatchObject({ status: 2, channel: 1 });
    // Handed in and received at once: the applicant hears "received", not "submitted".
    const sent = await db.query<{ template: string; subject: string }>(
      `SELECT template, subject FROM notifications WHERE subject LIKE $1`,
      [`%${code}%`],
    );
    expect(sent.map((n) => n.template)).not.toContain('dossier_submitted');
    expect(sent).toContainEqual({
      template: 'dossier_received',
      subject: `Đã tiếp nhận hồ sơ ${code}`,
    });
    // The form's own name, ID and phone are the ones typed once in the applicant box.
    expect(row?.answers).toMatchObject({
      applicantName: 'Hoàng Văn Nam',
      applicantId: '001090123456',
      applicantPhone: '0912345678',
    });
  });

  it('checks the answers, the applicant and the officer’s role', async () => {
    const wrong = await call<Problem>(
      receiver,
      'POST',
      '/api/v1/backoffice/intake',
      body({ answers: { ...answers, applicantPhone: '123', documentDate: '2099-01-01' } }),
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors?.map((e) => e.field).sort()).toEqual([
      'applicantPhone',
      'documentDate',
    ]);
    const badId = await call<Problem>(
      receiver,
      'POST',
      '/api/v1/backoffice/intake',
      body({ applicant: { name: 'X', idNumber: '123' } }),
    );
    expect(badId.status).toBe(422);
    expect((await call(approver, 'POST', '/api/v1/backoffice/intake', body())).status).toBe(403);
  });
});

describe('refusal', () => {
  it('gives the applicant a notice of refusal with the reason, as a PDF only they and the agency open', async () => {
    const code = await submitted();
    const { version } = (await call<State>(receiver, 'GET', `/api/v1/backoffice/dossiers/${code}`))
      .body;
    const refused = await act(receiver, code, {
      action: 'refuse',
      version,
      reason: 'Giấy tờ không thuộc thẩm quyền chứng thực của cấp xã',
    });
    expect(refused.body.status).toBe(3);
    const pdf = await an.request(`/api/v1/dossiers/${code}/refusal.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const doc = await getDocument({ data: new Uint8Array(await pdf.arrayBuffer()) }).promise;
    const text = (await (await doc.getPage(1)).getTextContent()).items
      .map((i) => ('str' in i ? i.str : ''))
      .join(' ');
    expect(text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain('không thuộc thẩm quyền chứng thực');
    const officerCopy = await fetch(`${base}/api/v1/dossiers/${code}/refusal.pdf`, {
      headers: { cookie: receiver },
    });
    expect(officerCopy.status).toBe(200);
    expect((await call(elsewhere, 'GET', `/api/v1/dossiers/${code}/refusal.pdf`)).status).toBe(404);
    const ngoc = await signInAs(base, 'vneid-002');
    expect((await ngoc.request(`/api/v1/dossiers/${code}/refusal.pdf`)).status).toBe(404);
  });
});

describe('the applicant’s supplement page', () => {
  it('shows what is missing and sends a file and a note back to the agency', async () => {
    const code = await submitted();
    let state = (await call<State>(receiver, 'GET', `/api/v1/backoffice/dossiers/${code}`)).body;
    state = (await act(receiver, code, { action: 'receive', version: state.version })).body;
    await act(receiver, code, {
      action: 'request_supplement',
      version: state.version,
      reason: 'Ảnh chụp bị mờ',
      items: ['Ảnh chụp rõ nét bản chính'],
    });
    const page = await (await an.request(`/dossiers/${encodeURIComponent(code)}`)).text();
    expect(page).toContain('Cơ quan yêu cầu bổ sung hồ sơ');
    expect(page).toContain('Ảnh chụp rõ nét bản chính');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const version = /name="version" value="(\d+)"/.exec(page)![1]!;
    const form = new FormData();
    form.set('csrf', csrf);
    form.set('version', version);
    form.set('field', 'original');
    form.set('file', new Blob([new Uint8Array(PDF_BYTES), new Uint8Array([9, 9])]), 'ro-net.pdf');
    form.set('note', 'Đã chụp lại');
    const sent = await an.request(`/dossiers/${encodeURIComponent(code)}/supplement`, {
      method: 'POST',
      body: form,
    });
    expect(sent.status).toBe(303);
    const after = await (await an.request(sent.headers.get('location')!)).text();
    expect(after).toContain('Đã gửi bổ sung');
    const detail = await call<State & { history: { action: string; note: string | null }[] }>(
      receiver,
      'GET',
      `/api/v1/backoffice/dossiers/${code}`,
    );
    expect(detail.body.status).toBe(2);
    expect(detail.body.history.at(-1)).toMatchObject({ action: 'supplement', note: 'Đã chụp lại' });
    const [{ files }] = (await db.query<{ files: number }>(
      `SELECT count(*)::int AS files FROM dossier_attachments a JOIN dossiers d ON d.id = a.dossier_id
       WHERE d.code = $1`,
      [code],
    )) as [{ files: number }];
    expect(files).toBe(2);
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

describe('processing steps per procedure', () => {
  interface Workflow {
    source: string;
    resolved: { code: string; agencyCode: string; department: { vi: string } | null }[];
  }
  const path = (procedure: string, agencyCode: string) =>
    `/api/v1/backoffice/workflows/${procedure}?agency=${encodeURIComponent(agencyCode)}`;
  const steps = [
    {
      code: 'review',
      name: { vi: 'Công chức văn hóa – xã hội thẩm định', en: 'Review' },
      role: 'processor',
      department: { vi: 'Bộ phận Văn hóa – Xã hội', en: 'Culture and society unit' },
    },
    {
      code: 'police_check',
      name: { vi: 'Công an xã xác minh nhân thân', en: 'Identity check by the police' },
      role: 'processor',
      agency: { kind: 'commune_police' },
    },
    { code: 'approval', name: { vi: 'Chủ tịch UBND ký', en: 'Chair signs' }, role: 'approver' },
  ];

  // The other tests of this file follow the default steps.
  afterAll(() => db.query('DELETE FROM processing_workflows WHERE agency_code = $1', [agency]));
  const put = (cookie: string, body: unknown) =>
    call<Workflow & Problem>(cookie, 'PUT', '/api/v1/backoffice/workflows/2.001009', body);
  const agencyAdmin = async () =>
    sessionCookie(db, await officerWithRoles(db, 'Vũ Thị Hà', agency, ['agency_admin']), NOW);

  it('are configured by the agency’s administrator, checked, and resolved to agencies', async () => {
    const shown = await call<Workflow>(receiver, 'GET', path('2.001009', agency));
    expect(shown.body.source).toBe('default');
    expect(shown.body.resolved.map((s) => [s.code, s.agencyCode])).toEqual([
      ['review', agency],
      ['approval', agency],
    ]);
    // The national workflow seeded for the judicial record sends it to the provincial police.
    const seeded = await call<Workflow>(receiver, 'GET', path('2.000505', agency));
    expect(seeded.status).toBe(200);
    expect(seeded.body.source).toBe('national');
    expect(seeded.body.resolved.map((s) => s.agencyCode)).toEqual([
      agency,
      '000.00.13.H01',
      agency,
    ]);

    const admin = await agencyAdmin();
    expect((await put(receiver, { agencyCode: agency, steps })).status).toBe(403);
    const invalid = await put(admin, {
      agencyCode: agency,
      steps: [steps[0], { ...steps[1], code: 'review', agency: { kind: 'ministry' } }],
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors?.map((e) => e.field)).toEqual(['steps.1.code', 'steps.1.role']);
    const unknownAgency = await put(admin, {
      agencyCode: agency,
      steps: [{ ...steps[1], agency: { code: '999.99.99.X99' } }, steps[2]],
    });
    expect(unknownAgency.body.errors?.map((e) => e.field)).toEqual(['steps.0.agency']);

    const saved = await put(admin, { agencyCode: agency, steps });
    expect(saved.status).toBe(200);
    const [police] = await db.query<{ code: string }>(
      `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_police'`,
    );
    expect(saved.body.resolved.map((s) => s.agencyCode)).toEqual([agency, police!.code, agency]);
    expect((await call<Workflow>(receiver, 'GET', path('2.001009', agency))).body.source).toBe(
      'agency',
    );
    const [audited] = await db.query<{ after: { code: string }[] }>(
      `SELECT after FROM audit_log WHERE action = 'workflow.save' AND resource_id = $1`,
      [`2.001009@${agency}`],
    );
    expect(audited?.after.map((s) => s.code)).toEqual(['review', 'police_check', 'approval']);
  });

  it('forward a dossier between departments and agencies, each acting at its own step', async () => {
    const [police] = await db.query<{ code: string }>(
      `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_police'`,
    );
    const policeOfficer = await sessionCookie(
      db,
      await officerWithRoles(db, 'Đỗ Văn Hùng', police!.code, ['processor']),
      NOW,
    );
    // The agency's own workflow applies to its dossiers from their forwarding on.
    const code = await submitted();
    expect((await put(await agencyAdmin(), { agencyCode: agency, steps })).status).toBe(200);
    let state = (await call<State>(receiver, 'GET', `/api/v1/backoffice/dossiers/${code}`)).body;
    state = (await act(receiver, code, { action: 'receive', version: state.version })).body;
    state = (await act(receiver, code, { action: 'forward', version: state.version })).body;
    expect([state.status, state.step]).toEqual([4, 'review']);
    state = (await act(receiver, code, { action: 'forward', version: state.version })).body;
    expect(state).toMatchObject({ step: 'police_check', handlingAgencyCode: police!.code });

    // Now the police hold it: it is in their inbox, not the commune's, and only they act.
    const inboxOf = async (cookie: string) =>
      (await call<{ items: State[] }>(cookie, 'GET', '/api/v1/backoffice/dossiers')).body.items.map(
        (d) => d.code,
      );
    expect(await inboxOf(policeOfficer)).toContain(code);
    expect(await inboxOf(receiver)).not.toContain(code);
    expect((await act(receiver, code, { action: 'forward', version: state.version })).status).toBe(
      403,
    );
    const atPolice = await call<State & { actions: string[] }>(
      policeOfficer,
      'GET',
      `/api/v1/backoffice/dossiers/${code}`,
    );
    expect(atPolice.body.actions).toEqual([
      'request_supplement',
      'forward',
      'request_payment',
      'send_back',
    ]);
    const back = await act(policeOfficer, code, {
      action: 'send_back',
      version: state.version,
      reason: 'Thiếu ảnh chân dung',
    });
    expect(back.body).toMatchObject({ step: 'review', handlingAgencyCode: agency });
    state = (await act(receiver, code, { action: 'forward', version: back.body.version })).body;
    state = (await act(policeOfficer, code, { action: 'forward', version: state.version })).body;
    expect(state).toMatchObject({ step: 'approval', handlingAgencyCode: agency });
    state = (await act(approver, code, { action: 'approve', version: state.version })).body;
    expect(state).toMatchObject({ status: 9, handlingAgencyCode: agency });

    // Having had a step, the police still see the dossier (read only).
    const seen = await call<State & { actions: string[] }>(
      policeOfficer,
      'GET',
      `/api/v1/backoffice/dossiers/${code}`,
    );
    expect(seen.status).toBe(200);
    expect(seen.body.actions).toEqual([]);
    const history = (
      await call<{
        history: { action: string; details: { step?: string; agencyCode?: string } }[];
      }>(receiver, 'GET', `/api/v1/backoffice/dossiers/${code}`)
    ).body.history;
    expect(history.filter((e) => e.action === 'forward').map((e) => e.details)).toEqual([
      { step: 'review' },
      { step: 'police_check', agencyCode: police!.code },
      { step: 'police_check', agencyCode: police!.code },
      { step: 'approval', agencyCode: agency },
    ]);
  });

  it('sends no dossier to a step nobody holds, and shows the ward any left stranded there', async () => {
    const [police] = await db.query<{ code: string }>(
      `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_police'`,
    );
    await db.query('DELETE FROM role_grants WHERE agency_code = $1', [police!.code]);
    expect((await put(await agencyAdmin(), { agencyCode: agency, steps })).status).toBe(200);
    const code = await submitted();
    let state = (await call<State>(receiver, 'GET', `/api/v1/backoffice/dossiers/${code}`)).body;
    state = (await act(receiver, code, { action: 'receive', version: state.version })).body;
    state = (await act(receiver, code, { action: 'forward', version: state.version })).body;
    expect(state.step).toBe('review');

    // Nobody at the ward police holds the processor's role: the dossier stays, and why is said.
    const refused = await act(receiver, code, { action: 'forward', version: state.version });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'no_officer_for_step',
      current: { step: 'review' },
    });
    const detail = await call<State & { actions: string[]; blocked: { action: string }[] }>(
      receiver,
      'GET',
      `/api/v1/backoffice/dossiers/${code}`,
    );
    expect(detail.body.actions).not.toContain('forward');
    expect(detail.body.blocked).toEqual([
      expect.objectContaining({ action: 'forward', code: 'no_officer_for_step' }),
    ]);
    const page = await fetch(`${base}/backoffice/dossiers/${encodeURIComponent(code)}`, {
      headers: { cookie: receiver },
    });
    expect(await page.text()).toContain(
      'Chưa thể chuyển hồ sơ tới bước “Công an xã xác minh nhân thân” (Công an phường Ba Đình)',
    );

    // Once someone there has the role it goes; if the role is then taken away, the ward's
    // officers and leader see the dossier stranded.
    const policeOfficer = await officerWithRoles(db, 'Đinh Công Minh', police!.code, ['processor']);
    state = (await act(receiver, code, { action: 'forward', version: state.version })).body;
    expect(state).toMatchObject({ step: 'police_check', handlingAgencyCode: police!.code });
    const strandedOf = async (cookie: string) =>
      (
        await call<{ items: State[]; stranded: number }>(
          cookie,
          'GET',
          '/api/v1/backoffice/dossiers?due=stranded',
        )
      ).body;
    expect((await strandedOf(approver)).items).toEqual([]);
    await db.query('DELETE FROM role_grants WHERE account_id = $1', [policeOfficer]);
    const stranded = await strandedOf(approver);
    expect(stranded.items.map((d) => d.code)).toEqual([code]);
    expect(stranded.stranded).toBe(1);
    const inbox = await fetch(`${base}/backoffice`, { headers: { cookie: approver } });
    expect(await inbox.text()).toContain(
      '1 hồ sơ đang ở một bước mà chưa cán bộ nào được phân quyền xử lý',
    );
  });
});
