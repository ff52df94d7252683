import { createHash, createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_SERVER_SECRET } from '../../../test/helpers.js';
import { sessionCookie } from '../../../test/sessions.js';
import { IdentityRepository } from './repository.js';
import { FormTokens } from './request-session.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let officerId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  officerId = await new IdentityRepository(ctx.db).createLocalAccount({
    kind: 'officer',
    name: 'Cán bộ thử mã biểu mẫu',
    email: 'form-tokens@example.vn',
    phone: null,
    passwordHash: 'not-used',
  });
});

/** The token as it was made before it was keyed: anyone knowing the cookie could make it. */
const unkeyed = (cookieValue: string) =>
  createHash('sha256').update(`csrf:${cookieValue}`).digest('base64url');

/** A page form's body, as a browser posts it. */
const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];

describe('form tokens are keyed with the server secret', () => {
  it('are an HMAC of the cookie, and differ from one secret to another', () => {
    const first = new FormTokens(TEST_SERVER_SECRET, false);
    const other = new FormTokens('another-server-secret-of-32-characters-or-more', false);
    expect(first.of('cookie')).toBe(
      createHmac('sha256', TEST_SERVER_SECRET).update('csrf:cookie').digest('base64url'),
    );
    expect(other.of('cookie')).not.toBe(first.of('cookie'));
    expect(first.of('cookie')).not.toBe(unkeyed('cookie'));
  });

  it("give another portal's sign-in form another token for the same browser", async () => {
    const bid = 'the-same-browser-id';
    const tokenAt = async (app: typeof ctx.app) =>
      csrfIn((await app.inject({ url: '/auth/sign-in', cookies: { bid } })).body);
    const here = await tokenAt(ctx.app);
    expect(here).toBe(new FormTokens(TEST_SERVER_SECRET, false).of(bid));
    const { app: elsewhere } = await createTestApp({
      env: { SERVER_SECRET: 'another-server-secret-of-32-characters-or-more' },
    });
    const there = await tokenAt(elsewhere);
    expect(there).toBeDefined();
    expect(there).not.toBe(here);
  });

  it('refuse a sign-in form carrying the unkeyed token (403), and take the keyed one', async () => {
    const bid = 'a-browser-id-of-an-attacked-person';
    const post = (csrf: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/auth/local',
        cookies: { bid },
        ...form({ csrf, identifier: 'form-tokens@example.vn', password: 'wrong' }),
      });
    expect((await post(unkeyed(bid))).statusCode).toBe(403);
    // The right token gets past the check to the password, which is wrong.
    expect((await post(new FormTokens(TEST_SERVER_SECRET, false).of(bid))).statusCode).toBe(400);
  });

  it("refuse a signed-in person's form carrying the unkeyed token (403)", async () => {
    const cookie = await sessionCookie(ctx.db, officerId);
    const sid = cookie.slice('sid='.length);
    const page = await ctx.app.inject({ url: '/', headers: { cookie } });
    expect(csrfIn(page.body)).toBe(new FormTokens(TEST_SERVER_SECRET, false).of(sid));
    const logout = (csrf: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/auth/logout',
        ...form({ csrf }),
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect((await logout(unkeyed(sid))).statusCode).toBe(403);
    expect((await ctx.app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(200);
    expect((await logout(csrfIn(page.body)!)).statusCode).toBe(303);
    expect((await ctx.app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });
});
