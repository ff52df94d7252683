import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/helpers.js';
import { adminCookie, clientKey } from '../../../test/integration.js';
import { sessionCookie, simulatedCitizen } from '../../../test/sessions.js';

// The administrators' pages for connected systems: every form posted as a browser would.
const { app, db } = await createTestApp();
const admin = await adminCookie(db);
const [owner, allowed] = await db.query<{ code: string }>(
  'SELECT code FROM agencies ORDER BY code LIMIT 2',
);
const LIST = '/admin/integration/clients';

const get = (url: string, cookie = admin) =>
  app.inject({ method: 'GET', url, headers: { cookie, accept: 'text/html' } });

/** The form token of the admin's pages (the same on each of their pages). */
async function csrf(): Promise<string> {
  return /name="csrf" value="([^"]+)"/.exec((await get(`${LIST}/new`)).body)![1]!;
}

/** Posts a form as the page's does, with what was typed (several values: checkboxes). */
async function post(url: string, fields: Record<string, string | string[]>, token?: string) {
  const body = new URLSearchParams();
  body.append('csrf', token ?? (await csrf()));
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
  }
  return app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: admin,
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: body.toString(),
  });
}

/** The text of a page's error summary, or '' when it has none. */
const summary = (html: string) =>
  /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0].replace(/<[^>]+>/g, ' ') ?? '';
const textareaOf = (html: string, name: string) =>
  new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1];
const inputOf = (html: string, name: string) =>
  new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? '';
const decode = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const valid = () => ({
  name: 'Hệ thống một cửa điện tử tỉnh thử nghiệm',
  ownerAgencyCode: owner!.code,
  contactName: 'Trần Văn Kết Nối',
  contactEmail: 'ketnoi@example.vn',
  contactPhone: '024 3823 4567',
  scopes: ['dossiers:sync', 'catalog:read'],
  allowedAgencies: `${owner!.code}\n${allowed!.code}`,
  rateLimitPerMinute: '1.200',
  allowedAddresses: '',
  jwk: '',
});

/** Registers a system through the form; its id (from where the page sends the admin). */
async function registered(fields: Record<string, string | string[]> = {}) {
  const answer = await post(LIST, { ...valid(), ...fields });
  expect(answer.statusCode, summary(answer.body)).toBe(303);
  return /\/admin\/integration\/clients\/([0-9a-f-]{36})\?done=registered/.exec(
    String(answer.headers.location),
  )![1]!;
}

describe('the connected systems pages', () => {
  it('are for portal administrators: anyone else is sent to sign in or refused', async () => {
    const anonymous = await app.inject({ method: 'GET', url: LIST });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/auth\/sign-in\?returnTo=/);
    const citizen = await sessionCookie(db, (await simulatedCitizen(db)).id);
    expect((await get(LIST, citizen)).statusCode).toBe(403);
    // The administrator's header leads here.
    const home = await get('/');
    expect(home.body).toContain(`<a href="${LIST}">Quản trị kết nối</a>`);
    // And in English.
    const english = await get(`${LIST}/new?lang=en`);
    expect(english.body).toContain('<h1>Register a connected system</h1>');
    expect(english.body).toContain('Issue a client secret for development and testing');
  });

  it('a form without the page token is refused', async () => {
    const answer = await post(LIST, valid(), 'not-the-token');
    expect(answer.statusCode).toBe(403);
  });

  it('registering: a form with errors comes back as typed, every error in the summary', async () => {
    const typed = {
      ...valid(),
      name: '',
      contactEmail: 'khong-phai-thu-dien-tu',
      scopes: [],
      allowedAgencies: `${allowed!.code}, KHONG.CO.MA`,
      rateLimitPerMinute: 'nhiều',
      allowedAddresses: '10.0.0.0/8\n300.1.1.1',
      jwk: '{"kty": "EC", "crv": "P-256"',
    };
    const answer = await post(LIST, typed);
    expect(answer.statusCode).toBe(422);
    const errors = summary(answer.body);
    for (const message of [
      'Tên hệ thống: Trường này là bắt buộc',
      'Thư điện tử: Nhập thư điện tử dạng ten@mien.vn',
      'Quyền được cấp: Chọn ít nhất một quyền',
      'Mã các cơ quan được phép: Không có cơ quan mã KHONG.CO.MA.',
      'Giới hạn số yêu cầu mỗi phút: Nhập một số nguyên từ 1 đến 100.000',
      'Địa chỉ IP được phép gọi (không bắt buộc): Địa chỉ 300.1.1.1 không phải',
      'Khóa công khai (JWK): Không đọc được khóa',
    ]) {
      expect(errors).toContain(message);
    }
    expect(answer.body).toContain('href="#contactEmail"');
    expect(inputOf(answer.body, 'contactEmail')).toContain('value="khong-phai-thu-dien-tu"');
    expect(inputOf(answer.body, 'contactEmail')).toContain('aria-invalid="true"');
    expect(inputOf(answer.body, 'ownerAgencyCode')).toContain(`value="${owner!.code}"`);
    expect(textareaOf(answer.body, 'allowedAgencies')).toBe(`${allowed!.code}, KHONG.CO.MA`);
    expect(textareaOf(answer.body, 'allowedAddresses')).toBe('10.0.0.0/8\n300.1.1.1');
    expect(decode(textareaOf(answer.body, 'jwk')!)).toBe(typed.jwk);
    expect(inputOf(answer.body, 'rateLimitPerMinute')).toContain('value="nhiều"');
    // Nothing was registered.
    const listed = await db.query('SELECT 1 FROM api_clients WHERE contact_email = $1', [
      typed.contactEmail,
    ]);
    expect(listed).toEqual([]);
  });

  it('registering with a key and a client secret (development): the secret shown once', async () => {
    const key = await clientKey();
    const answer = await post(LIST, {
      ...valid(),
      name: 'Một cửa tỉnh có khóa bí mật',
      jwk: JSON.stringify(key.jwk),
      secret: 'yes',
    });
    expect(answer.statusCode, summary(answer.body)).toBe(201);
    expect(answer.body).toContain('Đã đăng ký Một cửa tỉnh có khóa bí mật');
    expect(answer.body).toContain('Cổng chỉ hiện nó một lần');
    const id = /<code class="code">([0-9a-f-]{36})<\/code>/.exec(answer.body)![1]!;
    const secret = /<code class="code">([A-Za-z0-9_-]{43})<\/code>/.exec(answer.body)![1]!;
    // The secret works at the token endpoint, and is not on the system's page.
    const token = await app.inject({
      method: 'POST',
      url: '/api/v1/integration/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: id,
        client_secret: secret,
      }).toString(),
    });
    expect(token.statusCode).toBe(200);
    const details = await get(`/admin/integration/clients/${id}`);
    expect(details.body).not.toContain(secret);
    expect(details.body).toContain('Đã cấp (chỉ dùng khi phát triển)');
    expect(details.body).toContain(`<code>${key.kid}</code>`);
    expect(details.body).toContain('1.200 yêu cầu mỗi phút');

    // Listed with its owner, scopes, status and counts.
    const list = await get(LIST);
    const row = new RegExp(`<tr><td><a href="${LIST}/${id}">[\\s\\S]*?</tr>`).exec(list.body)![0];
    expect(row).toContain('Một cửa tỉnh có khóa bí mật');
    expect(row).toContain(`(${owner!.code})`);
    expect(row).toContain('dossiers:sync, catalog:read');
    expect(row).toContain('Đang hoạt động');
    expect(row).toMatch(/<td>2<\/td><td>1<\/td><\/tr>$/);
    // The rest of the hub's administration is reached from here.
    for (const page of ['agencies', 'messages', 'webhooks']) {
      expect(list.body).toContain(`<a href="/admin/integration/${page}">`);
    }
  });

  it('editing checks the version: a change made meanwhile is not overwritten', async () => {
    const id = await registered();
    const page = await get(`${LIST}/${id}?done=registered`);
    expect(page.body).toContain('Đã đăng ký hệ thống.');
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    const changed = { ...valid(), name: 'Tên mới của hệ thống', scopes: ['dossiers:receive'] };
    const saved = await post(`${LIST}/${id}`, { ...changed, version });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${LIST}/${id}?done=updated`);
    const after = await get(String(saved.headers.location));
    expect(after.body).toContain('<h1>Tên mới của hệ thống</h1>');
    expect(after.body).toContain('Đã lưu thay đổi.');

    // The same old version again: someone changed it since.
    const stale = await post(`${LIST}/${id}`, { ...changed, name: 'Tên của người chậm', version });
    expect(stale.statusCode).toBe(409);
    expect(summary(stale.body)).toContain('Một quản trị viên khác vừa thay đổi hệ thống này');
    expect(stale.body).toContain('<h1>Tên mới của hệ thống</h1>');
    expect(inputOf(stale.body, 'name')).toContain('value="Tên của người chậm"');
    expect(stale.body).toContain(`name="version" value="${Number(version) + 1}"`);

    // A form with errors comes back as typed.
    const wrong = await post(`${LIST}/${id}`, { ...changed, contactName: '', version });
    expect(wrong.statusCode).toBe(422);
    expect(summary(wrong.body)).toContain('Họ và tên: Trường này là bắt buộc');
  });

  it('suspending needs a reason; reactivating lets the system in again', async () => {
    const id = await registered({ name: 'Hệ thống sẽ tạm dừng' });
    const noReason = await post(`${LIST}/${id}/suspend`, { reason: '  ' });
    expect(noReason.statusCode).toBe(422);
    expect(summary(noReason.body)).toContain('Lý do tạm dừng: Trường này là bắt buộc');
    const suspended = await post(`${LIST}/${id}/suspend`, { reason: 'Lộ khóa bí mật' });
    expect(suspended.statusCode).toBe(303);
    const page = await get(String(suspended.headers.location));
    expect(page.body).toContain('Đã tạm dừng hệ thống');
    expect(page.body).toContain('Hệ thống đang bị tạm dừng. Lý do: Lộ khóa bí mật');
    expect(page.body).toContain('Cho hoạt động lại');
    const [row] = await db.query<{ status: string }>(
      'SELECT status FROM api_clients WHERE id = $1',
      [id],
    );
    expect(row!.status).toBe('suspended');

    const back = await post(`${LIST}/${id}/reactivate`, {});
    expect(back.statusCode).toBe(303);
    expect((await get(String(back.headers.location))).body).toContain('Hệ thống đã hoạt động lại.');
  });

  it('keys: a bad one refused as typed, a good one added, then retired once', async () => {
    const id = await registered({ name: 'Hệ thống đổi khóa' });
    const notJson = await post(`${LIST}/${id}/keys`, { jwk: 'khóa của tôi' });
    expect(notJson.statusCode).toBe(422);
    expect(summary(notJson.body)).toContain('Khóa công khai (JWK): Không đọc được khóa');
    expect(textareaOf(notJson.body, 'jwk')).toBe('khóa của tôi');

    const key = await clientKey();
    const withPrivatePart = JSON.stringify({ ...key.jwk, d: 'bí-mật' });
    const refused = await post(`${LIST}/${id}/keys`, { jwk: withPrivatePart });
    expect(refused.statusCode).toBe(422);
    expect(summary(refused.body)).toContain('Khóa phải là khóa công khai JWK');

    const added = await post(`${LIST}/${id}/keys`, { jwk: JSON.stringify(key.jwk) });
    expect(added.statusCode).toBe(303);
    const page = (await get(String(added.headers.location))).body;
    expect(page).toContain('Đã thêm khóa.');
    expect(page).toContain(`<code>${key.kid}</code>`);
    expect(page).toContain('EC P-256');

    const twice = await post(`${LIST}/${id}/keys`, { jwk: JSON.stringify(key.jwk) });
    expect(twice.statusCode).toBe(409);
    expect(summary(twice.body)).toContain(`Hệ thống đã có khóa ${key.kid}.`);

    const retired = await post(`${LIST}/${id}/keys/retire`, { kid: key.kid });
    expect(retired.statusCode).toBe(303);
    const after = (await get(String(retired.headers.location))).body;
    expect(after).toContain('Đã ngừng dùng khóa.');
    expect(after).toMatch(/Ngừng dùng từ \d{2}\/\d{2}\/\d{4}/);
    const again = await post(`${LIST}/${id}/keys/retire`, { kid: key.kid });
    expect(again.statusCode).toBe(409);
    expect(summary(again.body)).toContain(`Khóa ${key.kid} đã ngừng dùng hoặc không có.`);
  });

  it('an unknown system is a page saying so, not an error', async () => {
    expect((await get(`${LIST}/not-an-id`)).statusCode).toBe(404);
    const missing = await post(`${LIST}/00000000-0000-4000-8000-000000000000/suspend`, {
      reason: 'x',
    });
    expect(missing.statusCode).toBe(404);
  });
});
