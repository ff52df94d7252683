import { once } from 'node:events';
import { createServer, request as forward, type IncomingMessage } from 'node:http';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort, openTestDatabase, startTestServerOn } from '../../../test/helpers.js';
import { CookieClient } from '../../../test/browser-client.js';
import { afterFile } from '../../../test/cleanup.js';
import type { Database } from '../../platform/db.js';

/*
 * The simulator behind a load balancer: portal processes on one database, each step of a
 * person's sign-in answered by whichever process the test names, and a restart in the middle.
 */

/** The header by which the test's browser says which process answers it. */
const PROCESS = 'x-test-process';

type Running = Awaited<ReturnType<typeof startTestServerOn>>;
const processes = new Map<string, Running>();
/** Which process answers the portal's own calls to the provider, by path (else the first). */
let serverCalls: Record<string, string> = {};

function targetOf(request: IncomingMessage): Running {
  const path = new URL(request.url ?? '/', 'http://balancer').pathname;
  const named = request.headers[PROCESS] ?? serverCalls[path];
  const target = typeof named === 'string' ? processes.get(named) : processes.values().next().value;
  if (!target) throw new Error(`no process ${String(named)} behind the balancer`);
  return target;
}

/** A load balancer on loopback: the portal's PUBLIC_URL, passing each request on whole. */
async function startBalancer(): Promise<string> {
  const server = createServer((request, response) => {
    const upstream = forward(
      new URL(request.url ?? '/', targetOf(request).base),
      { method: request.method, headers: request.headers, agent: false },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  const port = await freePort();
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  afterFile(() => new Promise((done) => server.close(done)));
  return `http://127.0.0.1:${port}`;
}

// Whatever oidc-provider or the portal says while the processes start and serve.
const said: string[] = [];
const log: string[] = [];
const hear = (...args: unknown[]) => void said.push(args.map(String).join(' '));
for (const level of ['warn', 'error', 'info', 'log'] as const) {
  vi.spyOn(console, level).mockImplementation(hear);
}
process.on('warning', (warning) => hear(warning.name, warning.message));

let database: { db: Database; url: string | null };
let base: string;
const start = async (name: string) => {
  const running = await startTestServerOn(database, {
    publicUrl: base,
    env: { LOG_LEVEL: 'info' },
    logStream: { write: (line) => void log.push(line) },
  });
  processes.set(name, running);
};

beforeAll(async () => {
  database = await openTestDatabase();
  base = await startBalancer();
  await start('A');
  await start('B');
});

/** The browser's request, answered by `at`, following redirects at the processes named. */
async function walk(
  browser: CookieClient,
  path: string,
  at: string[],
  stop?: (next: URL) => boolean,
) {
  const step = (url: string, hop: number) =>
    browser.request(url, { headers: { [PROCESS]: at[Math.min(hop, at.length - 1)]! } });
  let url = new URL(path, base);
  let response = await step(url.toString(), 0);
  for (let hop = 1; response.status >= 300 && response.status < 400; hop++) {
    const next = new URL(response.headers.get('location') ?? '/', url);
    if (stop?.(next)) return { response, url: next };
    url = next;
    response = await step(url.toString(), hop);
  }
  return { response, url };
}

/** Opens the portal's sign-in (at `at`: the portal, the provider, its picker) up to the picker. */
async function openPicker(browser: CookieClient, at: string[]) {
  const picker = await walk(browser, '/auth/login?returnTo=%2Fprocedures', at);
  expect(picker.response.status).toBe(200);
  expect(picker.url.pathname).toMatch(/^\/idp\/interaction\/[^/]+$/);
  const action = /action="(\/idp\/interaction\/[^"]+\/login)"/.exec(
    await picker.response.text(),
  )?.[1];
  expect(action).toBeDefined();
  return { uid: picker.url.pathname.split('/').at(-1)!, action: action! };
}

/** Picks someone at process `at`: answers where the provider sends the browser next. */
async function choose(browser: CookieClient, action: string, sub: string, at: string) {
  const chosen = await browser.request(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', [PROCESS]: at },
    body: new URLSearchParams({ sub }).toString(),
  });
  expect(chosen.status).toBe(303);
  return chosen.headers.get('location')!;
}

async function me(browser: CookieClient, at: string) {
  const answer = await browser.request('/api/v1/me', {
    headers: { accept: 'application/json', [PROCESS]: at },
  });
  return { status: answer.status, body: (await answer.json()) as { name?: string } };
}

/**
 * Signs out at `at`, whose provider checks the ID token as the end of session's hint and asks
 * nothing (the hint is the person signed in there); confirmed at `confirmAt`.
 */
async function signOut(browser: CookieClient, at: string, confirmAt: string) {
  const home = await browser.request('/', { headers: { [PROCESS]: at } });
  const csrf = /name="csrf" value="([^"]+)"/.exec(await home.text())![1]!;
  const out = await browser.request('/auth/logout', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', [PROCESS]: at },
    body: new URLSearchParams({ csrf }).toString(),
  });
  const endSession = out.headers.get('location')!;
  expect(new URL(endSession).pathname).toBe('/idp/session/end');
  const page = await browser.request(endSession, { headers: { [PROCESS]: at } });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<script src="/idp/logout.js" defer>');
  const action = /<form id="idp-logout" method="post" action="([^"]+)"/.exec(html)![1]!;
  const fields = [...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]+)"/g)];
  const confirmed = await browser.request(new URL(action).pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', [PROCESS]: confirmAt },
    body: new URLSearchParams(fields.map((m) => [m[1]!, m[2]!])).toString(),
  });
  expect(confirmed.status).toBe(303);
  expect(new URL(confirmed.headers.get('location')!).pathname).toBe('/auth/signed-out');
}

/** The provider's rows of a model, of one person's or all. */
const rowsOf = (model: string, accountId?: string) =>
  database.db.query<{ id: string; consumed_at: Date | null }>(
    `SELECT id, consumed_at FROM idp_simulator_state
     WHERE model = $1 AND ($2::text IS NULL OR payload->>'accountId' = $2)`,
    [model, accountId ?? null],
  );

describe('the simulator across processes', () => {
  it.each([
    ['A', 'B', 'A', { '/idp/token': 'B', '/idp/jwks': 'A', '/idp/me': 'B' }],
    ['B', 'A', 'B', { '/idp/token': 'A', '/idp/jwks': 'B', '/idp/me': 'A' }],
  ])(
    'signs a person in (and out) whose sign-in starts at %s, is answered at %s, comes back at %s',
    async (first, second, back, calls) => {
      // The portal's calls to the provider go elsewhere than the browser: the code is
      // redeemed and the ID token signed at one process, its key fetched from the other.
      serverCalls = calls;
      const browser = new CookieClient(base);
      const { action } = await openPicker(browser, [first, first, second]);
      const resume = await choose(browser, action, 'vneid-001', second);
      const callback = await walk(browser, resume, [first], (n) => n.pathname === '/auth/callback');
      expect(callback.url.searchParams.get('code')).toBeTruthy();
      const landed = await walk(browser, callback.url.toString(), [back]);
      expect(landed.url.pathname).toBe('/procedures');
      expect(await landed.response.text()).toContain('Tài khoản: Nguyễn Văn An');
      expect(await me(browser, second)).toMatchObject({
        status: 200,
        body: { name: 'Nguyễn Văn An' },
      });
      // The ID token, signed where the code was redeemed, is checked as a hint at the other.
      await signOut(browser, first, second);
      expect((await me(browser, second)).status).toBe(401);
    },
  );

  it('keeps what the provider knows in the database, not in a process', async () => {
    serverCalls = {};
    const signedIn = new CookieClient(base);
    const { action: picked } = await openPicker(signedIn, ['A']);
    await walk(signedIn, await choose(signedIn, picked, 'vneid-005', 'A'), ['A']);
    expect((await me(signedIn, 'B')).status).toBe(200);
    const sessions = await rowsOf('Session', 'vneid-005');
    expect(sessions).toHaveLength(1);
    expect(await rowsOf('Grant', 'vneid-005')).toHaveLength(1);
    const codes = await rowsOf('AuthorizationCode', 'vneid-005');
    expect(codes).toHaveLength(1);
    expect(codes[0]!.consumed_at).not.toBeNull();
    const keys = await database.db.query('SELECT alg FROM idp_simulator_keys');
    expect(keys).toEqual([{ alg: 'RS256' }]);
    const published = async (at: string) =>
      (await fetch(`${base}/idp/jwks`, { headers: { [PROCESS]: at } })).json();
    expect(await published('A')).toEqual(await published('B'));

    // A sign-in under way is a row: gone from the database, no process knows of it.
    const browser = new CookieClient(base);
    const { uid, action } = await openPicker(browser, ['A']);
    expect((await rowsOf('Interaction')).map((row) => row.id)).toContain(uid);
    await database.db.query('DELETE FROM idp_simulator_state WHERE model = $1 AND id = $2', [
      'Interaction',
      uid,
    ]);
    const picker = await browser.request(`/idp/interaction/${uid}`, {
      headers: { [PROCESS]: 'B' },
    });
    expect(picker.status).toBe(404);
    const chosen = await browser.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', [PROCESS]: 'A' },
      body: new URLSearchParams({ sub: 'vneid-002' }).toString(),
    });
    expect(chosen.status).toBe(404);
  });

  it('started and served without oidc-provider warning of its in-memory store', () => {
    const heard = [...said, ...log];
    expect(heard.join('\n')).toContain('"msg":"request completed"');
    expect(heard.filter((line) => /oidc-provider|in-memory/i.test(line))).toEqual([]);
  });

  it('would have heard the warning (the capture hears what oidc-provider says)', async () => {
    const { default: Provider } = await import('oidc-provider');
    new Provider('http://127.0.0.1/elsewhere', { cookies: { keys: ['a-key-for-this-check'] } });
    expect(said.join('\n')).toContain(
      'oidc-provider WARNING: a quick start development-only in-memory adapter is used',
    );
  });

  it('finishes, after every process restarted, a sign-in begun before', async () => {
    const browser = new CookieClient(base);
    const { action } = await openPicker(browser, ['A', 'B', 'A']);
    const signedIn = new CookieClient(base);
    const earlier = await openPicker(signedIn, ['B']);
    await walk(signedIn, await choose(signedIn, earlier.action, 'vneid-003', 'B'), ['B']);
    expect((await me(signedIn, 'A')).status).toBe(200);

    for (const name of ['A', 'B']) {
      await processes.get(name)!.close();
      processes.delete(name);
    }
    await start('C');
    serverCalls = {};

    const resume = await choose(browser, action, 'vneid-004', 'C');
    const landed = await walk(browser, resume, ['C']);
    expect(landed.url.pathname).toBe('/procedures');
    expect(await me(browser, 'C')).toMatchObject({
      status: 200,
      body: { name: 'Phạm Thị Thu Hà' },
    });
    expect(await me(signedIn, 'C')).toMatchObject({
      status: 200,
      body: { name: 'Lê Hoàng Phúc' },
    });
    // The provider's session and the key that signed the ID token outlived the processes.
    await signOut(signedIn, 'C', 'C');
    expect((await me(signedIn, 'C')).status).toBe(401);
  });
});
