import { describe, expect, it } from 'vitest';
import { createTestApp, settableClock } from '../../../test/helpers.js';
import { officerWithRoles, sessionCookie, simulatedCitizen } from '../../../test/sessions.js';
import { parseDuration } from './routes/desk-pages.js';

const clock = settableClock('2026-12-04T03:00:00Z');
const { app, db } = await createTestApp({ clock });
const support = await officerWithRoles(db, 'Vũ Thị Mai', '000.00.00.G17', ['support']);
const receiver = await officerWithRoles(db, 'Trần Văn Khoa', '000.00.00.G17', ['receiver']);
const citizen = await simulatedCitizen(db, 0);

const cookieOf = (accountId: string) => sessionCookie(db, accountId, clock.now());
const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
let client = 0;

async function postForm(url: string, cookie: string, fields: Record<string, string>) {
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: form(fields),
    remoteAddress: `10.9.0.${++client}`,
  });
}

/** A page for someone signed in, and its form token. */
async function open(url: string, accountId: string) {
  const cookie = await cookieOf(accountId);
  const page = await app.inject({ method: 'GET', url, headers: { cookie } });
  return { cookie, page, csrf: csrfIn(page.body) };
}

describe('the public help pages', () => {
  it('search the knowledge base in the page’s language and open an article', async () => {
    const vi = await app.inject({ method: 'GET', url: '/help?q=giay+phep+lia+xe' });
    expect(vi.statusCode).toBe(200);
    expect(vi.body).toContain('Đổi giấy phép lái xe trực tuyến ở đâu?');
    expect(vi.body).toContain('Kết quả cho “giay phep lai xe”');
    const en = await app.inject({ method: 'GET', url: '/help?q=driving+licence&lang=en' });
    expect(en.body).toContain('Where do I renew my driving licence online?');
    const article = await app.inject({
      method: 'GET',
      url: '/help/articles/doi-giay-phep-lai-xe-truc-tuyen-o-dau',
    });
    expect(article.statusCode).toBe(200);
    expect(article.body).toContain('Cấp đổi giấy phép lái xe');
    expect(article.body).toContain('href="/procedures/1.013124"');
    expect((await app.inject({ method: 'GET', url: '/help/articles/x' })).statusCode).toBe(404);
    const long = await app.inject({ method: 'GET', url: `/help?q=${'a'.repeat(500)}&topic=zz` });
    expect(long.statusCode).toBe(200);
  });

  it('the contact form: someone not signed in gives a way to answer; the ticket’s code is shown', async () => {
    const page = await app.inject({ method: 'GET', url: '/help/contact' });
    const bid = page.cookies.find((c) => c.name === 'bid')!;
    const cookie = `bid=${bid.value}`;
    const csrf = csrfIn(page.body);
    const fields = {
      csrf,
      topic: 'attachments',
      subject: 'Tệp quá lớn',
      message: 'Không tải được tệp.',
    };
    const refused = await postForm('/help/contact', cookie, { ...fields, name: 'Lê Thị Hoa' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('error-summary');
    expect(refused.body).toContain('Không tải được tệp.');
    const sent = await postForm('/help/contact', cookie, {
      ...fields,
      name: 'Lê Thị Hoa',
      phone: '0912 345 678',
    });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toMatch(/Mã yêu cầu của bạn là HT-261204-[A-Z2-9]{6}/);
    expect(sent.body).toContain('0912345678');
    const forged = await postForm('/help/contact', cookie, {
      ...fields,
      csrf: 'forged',
      name: 'A',
      phone: '0912345678',
    });
    expect(forged.statusCode).toBe(403);
  });

  it('signed in, the ticket is the account’s and listed at /my/help; another’s is 404', async () => {
    const { cookie, csrf, page } = await open('/help/contact', citizen.id);
    expect(page.body).not.toContain('name="email"');
    const sent = await postForm('/help/contact', cookie, {
      csrf,
      topic: 'payments',
      subject: 'Thanh toán',
      message: 'Đã trừ tiền.',
    });
    expect(sent.statusCode).toBe(200);
    const mine = await app.inject({ method: 'GET', url: '/my/help', headers: { cookie } });
    const id = /href="\/my\/help\/([0-9a-f-]{36})"/.exec(mine.body)![1]!;
    const other = await simulatedCitizen(db, 1);
    const theirs = await app.inject({
      method: 'GET',
      url: `/my/help/${id}`,
      headers: { cookie: await cookieOf(other.id) },
    });
    expect(theirs.statusCode).toBe(404);
    const empty = await postForm(`/my/help/${id}`, cookie, { csrf, body: '  ' });
    expect(empty.statusCode).toBe(422);
    expect((await app.inject({ method: 'GET', url: '/my/help' })).statusCode).toBe(303);
  });
});

describe('a procedure’s page', () => {
  it('lists the questions about it, and a new one once published (the kept page forgotten)', async () => {
    const page = () => app.inject({ method: 'GET', url: '/procedures/1.000894' });
    const before = await page();
    expect(before.statusCode).toBe(200);
    expect(before.body).not.toContain('Câu hỏi thường gặp');
    const licence = await app.inject({ method: 'GET', url: '/procedures/1.013124' });
    expect(licence.body).toContain('Câu hỏi thường gặp');
    expect(licence.body).toContain('href="/help/articles/doi-giay-phep-lai-xe-truc-tuyen-o-dau"');
    const cookie = await cookieOf(support);
    const article = {
      topic: 'filling_form',
      procedureCodes: ['1.000894'],
      titleVi: 'Đăng ký kết hôn có cần cả hai người có mặt?',
      bodyVi: 'Có, khi nhận Giấy chứng nhận kết hôn.',
      titleEn: 'Must both partners attend a marriage registration?',
      bodyEn: 'Yes, to receive the certificate.',
    };
    const send = (method: 'POST' | 'PUT', url: string, body: unknown) =>
      app.inject({
        method,
        url,
        headers: { cookie, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const made = (await send('POST', '/api/v1/help/articles', article)).json<{
      id: string;
      version: number;
    }>();
    await send('PUT', `/api/v1/help/articles/${made.id}`, {
      ...article,
      version: made.version,
      action: 'publish',
    });
    expect((await page()).body).toContain('Đăng ký kết hôn có cần cả hai người có mặt?');
  });
});

describe('the support desk’s pages', () => {
  it('are refused to officers without the support role', async () => {
    const cookie = await cookieOf(receiver);
    for (const url of [
      '/backoffice/help',
      '/backoffice/help/calls',
      '/backoffice/help/figures',
      '/backoffice/help/articles',
    ]) {
      expect((await app.inject({ method: 'GET', url, headers: { cookie } })).statusCode, url).toBe(
        403,
      );
    }
  });

  it('are where the header’s back-office link takes support staff who work no dossiers', async () => {
    const staff = await app.inject({
      method: 'GET',
      url: '/backoffice',
      headers: { cookie: await cookieOf(support) },
    });
    expect(staff.statusCode).toBe(303);
    expect(staff.headers.location).toBe('/backoffice/help');
    const worker = await app.inject({
      method: 'GET',
      url: '/backoffice',
      headers: { cookie: await cookieOf(receiver) },
    });
    expect(worker.statusCode).toBe(200);
  });

  it('answer a mistyped call, a bad week and a forged action on the page, never with a 500', async () => {
    const { cookie, csrf } = await open('/backoffice/help/calls', support);
    const call = { csrf, channel: 'phone', topic: 'sign_in', outcome: 'answered', duration: 'lâu' };
    const refused = await postForm('/backoffice/help/calls', cookie, call);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('href="#duration"');
    const strange = await postForm('/backoffice/help/calls', cookie, {
      ...call,
      channel: 'fax',
      duration: '1:30',
    });
    expect(strange.statusCode).toBe(422);
    expect(strange.body).toContain('href="#channel"');
    const logged = await postForm('/backoffice/help/calls', cookie, { ...call, duration: '1:30' });
    expect(logged.body).toContain('Đã ghi nhận Điện thoại về Đăng nhập, tài khoản.');
    expect(logged.body).toContain('1:30');
    const week = await app.inject({
      method: 'GET',
      url: '/backoffice/help/figures?week=2026-13-45',
      headers: { cookie },
    });
    expect(week.statusCode).toBe(400);
    const figures = await app.inject({
      method: 'GET',
      url: '/backoffice/help/figures?week=2026-12-01',
      headers: { cookie },
    });
    expect(figures.body).toContain('Đăng nhập, tài khoản');
    const [ticket] = await db.query<{ id: string }>('SELECT id FROM support_tickets LIMIT 1');
    const url = `/backoffice/help/tickets/${ticket!.id}`;
    const forged = await postForm(url, cookie, { csrf, action: 'drop_table', version: '0' });
    expect(forged.statusCode).toBe(400);
    const noText = await postForm(url, cookie, { csrf, action: 'resolve', version: '0', body: '' });
    expect(noText.statusCode).toBe(422);
    const stale = await postForm(url, cookie, { csrf, action: 'take', version: '7' });
    expect(stale.statusCode).toBe(409);
    const twice = await app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `csrf=${csrf}&action=take&action=close&version=0`,
    });
    expect(twice.statusCode).toBe(400);
    const withoutToken = await postForm(url, cookie, { action: 'take', version: '0' });
    expect(withoutToken.statusCode).toBe(403);
  });
});

describe('a call’s duration as typed', () => {
  it('reads minutes:seconds, whole minutes and seconds', () => {
    expect([parseDuration('4:30'), parseDuration(' 12 '), parseDuration('95s')]).toEqual([
      270, 720, 95,
    ]);
    expect(
      [parseDuration('4:75'), parseDuration(''), parseDuration('-3')].every(Number.isNaN),
    ).toBe(true);
  });
});
