import { createServer, type Server } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, freePort, startTestServer } from '../../../test/helpers.js';
import { signInAs, type CookieClient } from '../../../test/browser-client.js';
import { sessionCookie } from '../../../test/sessions.js';
import { IdentityRepository } from './repository.js';
import { hashToken, newToken } from './sessions.js';

let base: string;

beforeAll(async () => {
  ({ base } = await startTestServer());
});

const me = (browser: CookieClient) =>
  browser.request('/api/v1/me', { headers: { accept: 'application/json' } });

/** Signs out with the header's form, answering where the portal sends the browser. */
async function signOut(browser: CookieClient) {
  const page = await (await browser.request('/')).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
  const out = await browser.postForm('/auth/logout', { csrf });
  expect(out.status).toBe(303);
  return new URL(out.headers.get('location')!, browser.base);
}

/** Starts a national sign-in: the picker's page, or wherever the provider sends instead. */
const startSignIn = (browser: CookieClient) =>
  browser.follow('/auth/login?returnTo=/procedures', {}, (next) => next.pathname === '/procedures');

describe('signing out of a national sign-in ends the provider session too', () => {
  it('goes through the provider, and the next person at the browser must choose again', async () => {
    const browser = await signInAs(base, 'vneid-001');
    expect((await me(browser)).status).toBe(200);

    const endSession = await signOut(browser);
    expect((await me(browser)).status).toBe(401);
    // RP-initiated logout: the provider's end_session_endpoint, with the ID token as hint.
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${base}/idp/session/end`);
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/auth/signed-out`);
    const state = endSession.searchParams.get('state');
    expect(state).toBeTruthy();

    // The provider's page, in the portal's style, sends itself (the hint is the person's).
    const logoutPage = await browser.request(endSession.toString());
    expect(logoutPage.status).toBe(200);
    const html = await logoutPage.text();
    expect(html).toContain('<h1>Đăng xuất khỏi hệ thống định danh điện tử</h1>');
    expect(html).toContain('<script src="/idp/logout.js" defer>');
    // Without JavaScript the page waits for the button, and says that it must be pressed.
    expect(html).toContain('hãy bấm Đăng xuất');
    const action = /<form id="idp-logout" method="post" action="([^"]+)"/.exec(html)![1]!;
    const fields = Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]+)"/g)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    );
    expect(fields).toMatchObject({ logout: 'yes' });
    expect(await (await browser.request('/idp/logout.js')).text()).toContain(
      "getElementById('idp-logout').submit()",
    );

    const confirmed = await browser.postForm(new URL(action).pathname, fields);
    expect(confirmed.status).toBe(303);
    const back = new URL(confirmed.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(`${base}/auth/signed-out`);
    expect(back.searchParams.get('state')).toBe(state);
    const home = await browser.follow(back.toString());
    expect(home.url.toString()).toBe(`${base}/`);

    // The next sign-in at this browser stops at the provider's choice, not signed in as before.
    const next = await startSignIn(browser);
    expect(next.stopped).toBe(false);
    expect(next.url.pathname).toMatch(/^\/idp\/interaction\//);
    expect(await next.response.text()).toContain('Đăng nhập là Nguyễn Văn An');
    expect((await me(browser)).status).toBe(401);
  });

  it('asks, rather than sends itself, when the hint is not the person signed in there', async () => {
    const first = await signInAs(base, 'vneid-002');
    const endSession = await signOut(first);
    // Another browser, signed in at the provider as someone else, given the first's hint.
    const other = await signInAs(base, 'vneid-003');
    const page = await (await other.request(endSession.toString())).text();
    expect(page).not.toContain('/idp/logout.js');
    expect(page).toContain('name="logout" value="yes"');
    expect(page).toContain('Không, giữ đăng nhập');
  });

  it('without signing out at the provider, the next sign-in would be the same person', async () => {
    // What the shared computer suffered: the provider's session alone signs them back in.
    const browser = await signInAs(base, 'vneid-004');
    await signOut(browser);
    const next = await startSignIn(browser);
    expect(next.stopped).toBe(true);
  });
});

describe('signing out where the provider cannot end its session', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let provider: Server;
  let discovery: Record<string, unknown> | null = null;

  beforeAll(async () => {
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    // A provider whose discovery fails, then answers without an end_session_endpoint.
    provider = createServer((_request, response) => {
      if (!discovery) return void response.writeHead(503).end();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ...discovery, issuer }));
    }).listen(port, '127.0.0.1');
    ctx = await createTestApp({ env: { IDP_SIMULATOR: 'false', OIDC_ISSUER: issuer } });
    discovery = null;
    return () => new Promise<void>((resolve) => provider.close(() => resolve()));
  });

  /** A national session with an ID token, made directly (this provider signs nobody in). */
  async function nationalSession() {
    const repository = new IdentityRepository(ctx.db);
    const accountId = await repository.createLocalAccount({
      kind: 'officer',
      name: 'Người dùng máy chung',
      email: `shared-${newToken().slice(0, 8)}@example.vn`,
      phone: null,
      passwordHash: 'unused',
    });
    const token = newToken();
    await repository.createSession({
      tokenHash: hashToken(token),
      accountId,
      assuranceLevel: 2,
      method: 'national_id',
      now: new Date(),
      expiresAt: new Date(Date.now() + 3600_000),
      userAgent: null,
      ip: null,
      idToken: 'header.payload.signature',
    });
    return `sid=${token}`;
  }

  async function logout(cookie: string) {
    const page = await ctx.app.inject({ url: '/', headers: { cookie } });
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf }).toString(),
    });
    const still = await ctx.app.inject({ url: '/api/v1/me', headers: { cookie } });
    return { status: out.statusCode, location: out.headers.location, still: still.statusCode };
  }

  it('signs out here when the provider cannot be reached', async () => {
    discovery = null;
    expect(await logout(await nationalSession())).toEqual({
      status: 303,
      location: '/',
      still: 401,
    });
  });

  it('signs out here when the provider has no end_session_endpoint', async () => {
    discovery = { authorization_endpoint: 'http://127.0.0.1/auth', token_endpoint: 'x' };
    expect(await logout(await nationalSession())).toEqual({
      status: 303,
      location: '/',
      still: 401,
    });
  });

  it("lets pages' forms lead to the provider, which is another origin", async () => {
    const issuer = new URL(String(ctx.config.OIDC_ISSUER)).origin;
    expect(issuer).not.toBe(new URL(ctx.config.PUBLIC_URL).origin);
    for (const url of ['/', '/favicon.ico', '/procedures']) {
      const csp = String((await ctx.app.inject({ url })).headers['content-security-policy']);
      expect(csp).toContain(`form-action 'self' ${issuer};`);
    }
  });

  it("signs a portal account's session out here", async () => {
    const accountId = await new IdentityRepository(ctx.db).createLocalAccount({
      kind: 'officer',
      name: 'Cán bộ',
      email: 'portal-only@example.vn',
      phone: null,
      passwordHash: 'unused',
    });
    expect(await logout(await sessionCookie(ctx.db, accountId))).toMatchObject({
      location: '/',
      still: 401,
    });
  });
});
