import { describe, expect, it } from 'vitest';
import {
  act,
  agency,
  approver,
  base,
  call,
  db,
  receiver,
  startBackoffice,
  type Problem,
  type State,
} from './testing.js';

startBackoffice();

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
