import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/helpers.js';
import { hashPassword } from './local-sign-in.js';
import { IdentityRepository } from './repository.js';

// Behind https (PUBLIC_URL), the portal's cookies are __Host- cookies: this host only,
// Secure, Path=/, no Domain, so no sibling subdomain can set or shadow a session.
let ctx: Awaited<ReturnType<typeof createTestApp>>;
const PASSWORD = 'Mật-khẩu-đủ-dài-2026';

beforeAll(async () => {
  // app.inject asks for localhost:80: the public address is that host, over https.
  ctx = await createTestApp({ env: { PUBLIC_URL: 'https://localhost:80' } });
  await new IdentityRepository(ctx.db).createLocalAccount({
    kind: 'officer',
    name: 'Cán bộ Một Cửa',
    email: 'canbo@example.vn',
    phone: null,
    passwordHash: await hashPassword(PASSWORD),
  });
});

const setCookies = (headers: Record<string, unknown>) => {
  const value = headers['set-cookie'];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
};
const valueOf = (cookie: string) => cookie.split(';', 1)[0]!;

describe('the portal’s cookies behind https', () => {
  it('are __Host- cookies, and only the prefixed name opens a session', async () => {
    const page = await ctx.app.inject({ url: '/auth/sign-in', headers: { accept: 'text/html' } });
    const [browser] = setCookies(page.headers);
    expect(browser).toMatch(/^__Host-bid=/);
    expect(browser).toContain('Secure');
    expect(browser).toContain('Path=/');
    expect(browser).not.toMatch(/Domain=/i);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const form = (cookie: string, fields: Record<string, string>) =>
      ctx.app.inject({
        method: 'POST',
        url: fields.code ? '/auth/local/code' : '/auth/local',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ csrf, ...fields }).toString(),
      });
    const step = await form(valueOf(browser!), {
      identifier: 'canbo@example.vn',
      password: PASSWORD,
    });
    expect(step.statusCode).toBe(303);
    const challenge = new URL(step.headers.location!, 'https://localhost').searchParams.get(
      'challenge',
    )!;
    const [mail] = await ctx.db.query<{ body: string }>(
      `SELECT body FROM notifications WHERE recipient = 'canbo@example.vn'`,
    );
    const code = /(\d{6})/.exec(mail!.body)![1]!;
    const done = await form(valueOf(browser!), { challenge, code });
    expect(done.statusCode).toBe(303);
    const session = setCookies(done.headers).find((c) => c.startsWith('__Host-sid='))!;
    expect(session).toContain('Secure');
    expect(session).toContain('Path=/');

    const token = valueOf(session).slice('__Host-sid='.length);
    const me = (cookie: string) =>
      ctx.app.inject({ url: '/api/v1/me', headers: { cookie } }).then((r) => r.statusCode);
    expect(await me(`__Host-sid=${token}`)).toBe(200);
    // The same token under the bare name (as a subdomain could set it) opens nothing.
    expect(await me(`sid=${token}`)).toBe(401);
  });
});
