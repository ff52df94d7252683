import { beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/helpers.js';
import { CookieClient, signInAs } from '../../../test/browser-client.js';
import { sessionCookie } from '../../../test/sessions.js';
import type { Database } from '../../platform/db.js';
import { checkContact, maskPersonalId } from './profile.js';
import { createLocalAccount } from './local-sign-in.js';

let base: string;
let db: Database;

beforeAll(async () => {
  ({ base, db } = await startTestServer());
});

const signIn = (sub: string) => signInAs(base, sub);

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;

describe('profile rules', () => {
  it('masks ID numbers and checks contact details', () => {
    expect(maskPersonalId('001089012345')).toBe('001*******45');
    expect(
      checkContact({
        email: 'a@b.vn',
        phone: '0912345678',
        notifyByEmail: true,
        notifyBySms: true,
      }),
    ).toEqual([]);
    expect(
      checkContact({
        email: 'not-an-email',
        phone: '12345',
        notifyByEmail: false,
        notifyBySms: false,
      }).map((e) => e.problem),
    ).toEqual(['badEmail', 'badPhone']);
    expect(
      checkContact({ email: '', phone: '', notifyByEmail: true, notifyBySms: true }).map(
        (e) => e.field,
      ),
    ).toEqual(['email', 'phone']);
  });
});

describe('my account', () => {
  it('asks a signed-out person to sign in first', async () => {
    const response = await new CookieClient(base).request('/account');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/auth/sign-in?returnTo=%2Faccount');
  });

  it('shows identity from the provider (ID masked), and saves contact details with checks', async () => {
    const browser = await signIn('vneid-001');
    const page = await (await browser.request('/account')).text();
    expect(page).toContain('Nguyễn Văn An');
    expect(page).toContain('001*******45');
    expect(page).not.toContain('001089012345');
    expect(page).toContain('Số 12 phố Đội Cấn, Phường Ba Đình, Thành phố Hà Nội');
    expect(page).toContain('Đã xác thực');

    const csrf = csrfOf(page);
    const bad = await browser.postForm('/account', {
      csrf,
      email: 'an@',
      phone: '0912',
      notifyBySms: 'on',
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('class="error-summary"');
    expect(badHtml).toContain('href="#email"');
    expect(badHtml).toContain('href="#phone"');

    const good = await browser.postForm('/account', {
      csrf,
      email: 'an.moi@example.vn',
      phone: '0987 654 321',
      notifyByEmail: 'on',
      notifyBySms: 'on',
    });
    expect(good.status).toBe(303);
    const saved = await (await browser.request(good.headers.get('location')!)).text();
    expect(saved).toContain('Đã lưu thông tin liên hệ.');
    expect(saved).toContain('value="an.moi@example.vn"');
    expect(saved).toContain('value="0987654321"');

    expect((await browser.postForm('/account', { csrf: 'forged', email: 'x@y.vn' })).status).toBe(
      403,
    );
  });

  it('lists sessions and signs out on every device', async () => {
    const laptop = await signIn('vneid-002');
    const phone = await signIn('vneid-002');
    const page = await (await laptop.request('/account')).text();
    expect(page.match(/<tr>/g)?.length).toBeGreaterThanOrEqual(3);
    expect(page).toContain('Thiết bị này');
    const out = await laptop.postForm('/account/sign-out-everywhere', { csrf: csrfOf(page) });
    expect(out.status).toBe(303);
    // This browser's provider session ends too (RP-initiated logout, as signing out does).
    const endSession = new URL(out.headers.get('location')!, laptop.base);
    expect(endSession.pathname).toBe('/idp/session/end');
    expect(endSession.searchParams.get('id_token_hint')).toBeTruthy();
    for (const device of [laptop, phone]) {
      expect(
        (await device.request('/api/v1/me', { headers: { accept: 'application/json' } })).status,
      ).toBe(401);
    }
  });
});

describe('businesses', () => {
  it('a representative acts for their business, and only theirs', async () => {
    const browser = await signIn('vneid-001');
    const me = async () =>
      (await (
        await browser.request('/api/v1/me', { headers: { accept: 'application/json' } })
      ).json()) as {
        businesses: { id: string; enterpriseCode: string; name: string }[];
        actingFor: { name: string } | null;
      };
    const before = await me();
    expect(before.businesses).toEqual([
      expect.objectContaining({
        enterpriseCode: '0109876543',
        name: 'Công ty TNHH Thương mại Hồng Hà',
      }),
    ]);
    expect(before.actingFor).toBeNull();

    const page = await (await browser.request('/account')).text();
    expect(page).toContain('Doanh nghiệp bạn đại diện');
    const csrf = csrfOf(page);
    expect(
      (await browser.postForm('/account/act-for', { csrf, business: before.businesses[0]!.id }))
        .status,
    ).toBe(303);
    expect((await me()).actingFor?.name).toBe('Công ty TNHH Thương mại Hồng Hà');
    expect(await (await browser.request('/')).text()).toContain(
      'Nguyễn Văn An · Công ty TNHH Thương mại Hồng Hà',
    );

    const stranger = await signIn('vneid-009');
    const strangerCsrf = csrfOf(await (await stranger.request('/account')).text());
    expect(
      (
        await stranger.postForm('/account/act-for', {
          csrf: strangerCsrf,
          business: before.businesses[0]!.id,
        })
      ).status,
    ).toBe(404);

    expect((await browser.postForm('/account/act-for', { csrf })).status).toBe(303);
    expect((await me()).actingFor).toBeNull();
  });

  it('refuses the sign-in email or phone of another portal account, on the page, without a 500', async () => {
    await createLocalAccount(db, { kind: 'officer', name: 'Lê Văn Hải', email: 'hai@moj.gov.vn' });
    await db.query(`UPDATE accounts SET phone = '0912000111' WHERE email = 'hai@moj.gov.vn'`);
    await createLocalAccount(db, { kind: 'officer', name: 'Phạm Thu', email: 'thu@moj.gov.vn' });
    const [thu] = await db.query<{ id: string }>(
      `SELECT id FROM accounts WHERE email = 'thu@moj.gov.vn'`,
    );
    const cookie = await sessionCookie(db, thu!.id);
    const asThu = (path: string, init: RequestInit = {}) =>
      fetch(new URL(path, base), {
        ...init,
        redirect: 'manual',
        headers: { ...init.headers, cookie, accept: 'text/html' },
      });
    const csrf = csrfOf(await (await asThu('/account')).text());
    const save = (contact: Record<string, string>) =>
      asThu('/account', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, ...contact }),
      });
    const email = await save({ email: 'HAI@moj.gov.vn', phone: '' });
    expect(email.status).toBe(400);
    expect(await email.text()).toContain('Một tài khoản khác đã dùng địa chỉ thư điện tử này');
    const phone = await save({ email: 'thu@moj.gov.vn', phone: '0912000111' });
    expect(phone.status).toBe(400);
    expect(await phone.text()).toContain('Một tài khoản khác đã dùng số điện thoại này');
    const [after] = await db.query<{ email: string; phone: string | null }>(
      'SELECT email, phone FROM accounts WHERE id = $1',
      [thu!.id],
    );
    expect(after).toEqual({ email: 'thu@moj.gov.vn', phone: null });
  });

  it('lets no cache keep what a signed-in person was shown (shared computers)', async () => {
    const browser = await signIn('vneid-001');
    for (const path of ['/', '/account', '/my/dossiers', '/api/v1/me']) {
      const answer = await browser.request(path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('cache-control'), path).toBe('private, no-store');
    }
    const anonymous = await new CookieClient(base).request('/');
    expect(anonymous.headers.get('cache-control') ?? '').not.toContain('no-store');
  });

  it('tells the email and the phone being replaced, so a change made in a session left open is heard of', async () => {
    const browser = await signIn('vneid-003');
    const csrf = csrfOf(await (await browser.request('/account')).text());
    const changed = await browser.postForm('/account', {
      csrf,
      email: 'nguoi.la@example.vn',
      phone: '0911222333',
      notifyByEmail: 'on',
    });
    expect(changed.status).toBe(303);
    const mailbox = await (await new CookieClient(base).request('/dev/mailbox')).text();
    const notices = mailbox
      .split('<li')
      .filter((m) => m.includes('Thông tin liên hệ tài khoản Một Cửa đã thay đổi'));
    expect(notices.some((m) => m.includes('phuc.le@example.vn'))).toBe(true);
    expect(notices.some((m) => m.includes('0935678903'))).toBe(true);
    expect(notices.some((m) => m.includes('nguoi.la@example.vn'))).toBe(false);
  });

  it('refuses a citizen an officer’s sign-in email or phone too', async () => {
    await createLocalAccount(db, { kind: 'officer', name: 'Vũ Văn Nam', email: 'nam@moj.gov.vn' });
    await db.query(`UPDATE accounts SET phone = '0912000222' WHERE email = 'nam@moj.gov.vn'`);
    const citizen = await signIn('vneid-004');
    const csrf = csrfOf(await (await citizen.request('/account')).text());
    const email = await citizen.postForm('/account', { csrf, email: 'Nam@moj.gov.vn' });
    expect(email.status).toBe(400);
    expect(await email.text()).toContain('Một tài khoản khác đã dùng địa chỉ thư điện tử này');
    const phone = await citizen.postForm('/account', { csrf, phone: '0912000222' });
    expect(phone.status).toBe(400);
    expect(await phone.text()).toContain('Một tài khoản khác đã dùng số điện thoại này');
  });

  it('names each landmark of the page once (axe: landmark-unique)', async () => {
    const html = await (await (await signIn('vneid-005')).request('/account')).text();
    const textOf = (id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1] ?? '';
    const names = [...html.matchAll(/<(?:section|div)[^>]*aria-labelledby="([^"]+)"/g)].map((m) =>
      textOf(m[1]!),
    );
    expect(names.length).toBeGreaterThan(2);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });
});
