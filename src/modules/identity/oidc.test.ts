import { beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/helpers.js';
import { CookieClient } from '../../../test/browser-client.js';
import type { Clock } from '../../platform/clock.js';

const clock = {
  offsetMs: 0,
  now() {
    return new Date(Date.now() + this.offsetMs);
  },
} satisfies Clock & { offsetMs: number };
let base: string;

beforeAll(async () => {
  ({ base } = await startTestServer({ clock }));
});

/** Walks to the simulator's picker and picks someone; stops before the portal's callback. */
async function signInUntilCallback(browser: CookieClient, sub: string, returnTo = '/procedures') {
  const picker = await browser.follow(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  expect(picker.response.status).toBe(200);
  const html = await picker.response.text();
  const action = /action="(\/idp\/interaction\/[^"]+\/login)"/.exec(html)?.[1];
  expect(action).toBeDefined();
  const chosen = await browser.postForm(action!, { sub });
  expect(chosen.status).toBe(303);
  const toCallback = await browser.follow(
    chosen.headers.get('location')!,
    {},
    (next) => next.pathname === '/auth/callback',
  );
  expect(toCallback.stopped).toBe(true);
  return toCallback.url;
}

describe('national sign-in (OpenID Connect against the simulator)', () => {
  it('signs a citizen in with code + PKCE + state + nonce, and /api/v1/me knows them', async () => {
    const browser = new CookieClient(base);
    expect(
      (await browser.request('/api/v1/me', { headers: { accept: 'application/json' } })).status,
    ).toBe(401);

    const callback = await signInUntilCallback(browser, 'vneid-001');
    expect(callback.searchParams.get('code')).toBeTruthy();
    const landed = await browser.follow(callback.toString());
    expect(landed.url.pathname).toBe('/procedures');
    expect(await landed.response.text()).toContain('Tài khoản: Nguyễn Văn An');

    const me = await browser.request('/api/v1/me', { headers: { accept: 'application/json' } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      kind: 'citizen',
      name: 'Nguyễn Văn An',
      assuranceLevel: 2,
      roles: [],
    });
  });

  it('records assurance level 1 for a level-1 identity', async () => {
    const browser = new CookieClient(base);
    await browser.follow((await signInUntilCallback(browser, 'vneid-003')).toString());
    const me = (await (
      await browser.request('/api/v1/me', { headers: { accept: 'application/json' } })
    ).json()) as { assuranceLevel: number; name: string };
    expect(me).toMatchObject({ name: 'Lê Hoàng Phúc', assuranceLevel: 1 });
  });

  it.each([
    ['a wrong state', 'vneid-002', 'state', 'forged-state'],
    ['a response claiming another issuer', 'vneid-010', 'iss', 'https://idp.attacker.example'],
  ])('refuses %s with a clear page, and signs nobody in', async (_case, sub, param, value) => {
    const browser = new CookieClient(base);
    const callback = await signInUntilCallback(browser, sub);
    expect(callback.searchParams.get(param)).toBeTruthy();
    if (param === 'iss') expect(callback.searchParams.get('iss')).toBe(`${base}/idp`);
    callback.searchParams.set(param, value);
    const answer = await browser.request(callback.toString());
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('Đăng nhập không thành công');
    expect(
      (await browser.request('/api/v1/me', { headers: { accept: 'application/json' } })).status,
    ).toBe(401);
  });

  it('refuses a replayed code', async () => {
    const browser = new CookieClient(base);
    const callback = await signInUntilCallback(browser, 'vneid-004');
    expect((await browser.request(callback.toString())).status).toBe(303);
    const replay = await new CookieClient(base).request(callback.toString());
    expect(replay.status).toBe(400);
    const replaySameBrowser = await browser.request(callback.toString());
    expect(replaySameBrowser.status).toBe(400);
  });

  it('refuses a callback in a browser that did not start the sign-in', async () => {
    const browser = new CookieClient(base);
    const callback = await signInUntilCallback(browser, 'vneid-006');
    const other = await new CookieClient(base).request(callback.toString());
    expect(other.status).toBe(400);
  });

  it('ends a session idle for 30 minutes, and signs out with the form token only', async () => {
    const browser = new CookieClient(base);
    await browser.follow((await signInUntilCallback(browser, 'vneid-009')).toString());
    const page = await (await browser.request('/')).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
    expect(csrf).toBeDefined();
    expect((await browser.postForm('/auth/logout', { csrf: 'wrong' })).status).toBe(403);

    clock.offsetMs = 31 * 60 * 1000;
    try {
      const me = await browser.request('/api/v1/me', { headers: { accept: 'application/json' } });
      expect(me.status).toBe(401);
      expect(((await me.json()) as { code: string }).code).toBe('unauthenticated');
    } finally {
      clock.offsetMs = 0;
    }
  });

  it('signs out: the session no longer opens anything', async () => {
    const browser = new CookieClient(base);
    await browser.follow((await signInUntilCallback(browser, 'vneid-005')).toString());
    const page = await (await browser.request('/')).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const out = await browser.postForm('/auth/logout', { csrf });
    expect(out.status).toBe(303);
    expect(
      (await browser.request('/api/v1/me', { headers: { accept: 'application/json' } })).status,
    ).toBe(401);
  });

  it('never redirects elsewhere after sign-in', async () => {
    const browser = new CookieClient(base);
    const landed = await browser.follow(
      (await signInUntilCallback(browser, 'vneid-007', 'https://evil.example/x')).toString(),
    );
    expect(landed.url.toString()).toBe(`${base}/`);
  });
});

describe('assurance levels', () => {
  it('asks a level-1 session to step up for a procedure that needs level 2, then lets it file', async () => {
    const browser = new CookieClient(base);
    const submit = '/procedures/2.000505/submit';
    const first = await browser.request(submit);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toContain('/auth/sign-in');

    await browser.follow((await signInUntilCallback(browser, 'vneid-007', submit)).toString());
    const stepUp = await browser.request(submit);
    expect(stepUp.status).toBe(403);
    const html = await stepUp.text();
    expect(html).toContain('Cần tài khoản định danh điện tử mức độ 2');
    const stepUpUrl = /href="(\/auth\/login\?level=2[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');

    const picker = await browser.follow(stepUpUrl);
    const pickerHtml = await picker.response.text();
    expect(pickerHtml).not.toContain('Đăng nhập là Đặng Quốc Bảo');
    expect(pickerHtml).toContain('Đăng nhập là Trần Thị Bích Ngọc');
    const action = /action="(\/idp\/interaction\/[^"]+\/login)"/.exec(pickerHtml)![1]!;
    // A level-1 identity cannot be slipped in by hand either.
    expect((await browser.postForm(action, { sub: 'vneid-007' })).status).toBe(404);
    const chosen = await browser.postForm(action, { sub: 'vneid-002' });
    let landed = await browser.follow(chosen.headers.get('location')!);
    // Another person signing in at the provider ends the earlier provider session first,
    // through a page that submits itself (as a browser would).
    const endSession =
      /action="([^"]+\/idp\/session\/end\/confirm)"[\s\S]*?name="xsrf" value="([^"]+)"/.exec(
        await landed.response.text(),
      );
    if (endSession) {
      const ended = await browser.postForm(new URL(endSession[1]!).pathname, {
        xsrf: endSession[2]!,
        logout: 'yes',
      });
      landed = await browser.follow(ended.headers.get('location')!);
    }
    expect(landed.url.pathname).toBe(submit);
    expect(landed.response.status).toBe(200);
    const me = (await (
      await browser.request('/api/v1/me', { headers: { accept: 'application/json' } })
    ).json()) as { assuranceLevel: number };
    expect(me.assuranceLevel).toBe(2);
  });
});
