import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { signInAs } from '../../../test/browser-client.js';
import { PDF_BYTES } from '../../../test/files.js';
import { createModules } from '../../app.js';
import { dossierFixtures } from '../dossiers/index.js';
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
  modules,
  NOW,
  receiver,
  startBackoffice,
  submitted,
  type Problem,
  type State,
} from './testing.js';

startBackoffice();

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
    await dossierFixtures.setDueDate(db, code, new Date(NOW.getTime() - 24 * 3600_000));
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
