import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, startTestServer } from '../../../test/helpers.js';
import { securityHeaders } from '../../platform/security-headers.js';
import { TEST_IDENTITIES } from './test-identities.js';
import { keepHeaders } from './simulator.js';

let base: string;

beforeAll(async () => {
  ({ base } = await startTestServer());
});

/** Asked for at the public address, as the README gives it. */
const page = async (path: string) => {
  const response = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
  return { statusCode: response.status, body: await response.text() };
};

describe('the identity-provider simulator at /idp', () => {
  it('lists the test identities and says how to sign in with one', async () => {
    const response = await page('/idp');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('<h1>Hệ thống định danh điện tử giả lập</h1>');
    for (const person of TEST_IDENTITIES) {
      expect(html).toContain(person.name);
      expect(html).toContain(person.personalId);
    }
    expect(html).toContain('Công ty TNHH Thương mại Hồng Hà');
    expect(html.match(/>Mức 2</g)).toHaveLength(
      TEST_IDENTITIES.filter((p) => p.assuranceLevel === 2).length,
    );
    expect(html).toContain('Đăng nhập bằng tài khoản định danh điện tử');
    expect(html).toContain('href="/auth/sign-in"');

    const english = (await page('/idp?lang=en')).body;
    expect(english).toContain('<h1>National identity simulator</h1>');
    expect(english).toContain('Sign in with national electronic identity');
  });

  it('leaves the rest of /idp to the OpenID provider', async () => {
    const discovery = await fetch(`${base}/idp/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    const config = (await discovery.json()) as { issuer: string; authorization_endpoint: string };
    expect(config.issuer).toBe(`${base}/idp`);
    expect(config.authorization_endpoint).toMatch(new RegExp(`^${base}/idp/`));
    expect((await fetch(`${base}/idp`, { method: 'POST' })).status).toBe(404);
  });
});

/** A CSP as its directives; the provider may add hashes of its own inline scripts. */
const directives = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...values]) => [
        name,
        values.filter((v) => !(name === 'script-src' && v.startsWith("'sha256-"))).join(' '),
      ]),
  );

describe('headers on every /idp answer', () => {
  it("are the portal's security headers, the provider's own routes included", async () => {
    const discovery = (await (
      await fetch(`${base}/idp/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    const endpoints = Object.entries(discovery)
      .filter(([key, value]) => /(_endpoint|_uri)$/.test(key) && typeof value === 'string')
      .map(([, value]) => new URL(String(value)).pathname)
      .filter((path) => path.startsWith('/idp/'));
    expect(endpoints).toEqual(
      expect.arrayContaining(['/idp/auth', '/idp/token', '/idp/jwks', '/idp/session/end']),
    );
    const paths = [
      ...new Set([
        ...endpoints,
        '/idp',
        '/idp/.well-known/openid-configuration',
        '/idp/session/end/confirm',
        '/idp/session/end/success',
        '/idp/interaction/unknown',
        '/idp/interaction/unknown/login',
        '/idp/no-such-route',
        `/idp/auth?client_id=mot-cua-portal&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(`${base}/auth/callback`)}&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`,
      ]),
    ];
    const expected = securityHeaders({ https: false });
    for (const path of paths) {
      for (const method of ['GET', 'POST']) {
        const answer = await fetch(`${base}${path}`, {
          method,
          redirect: 'manual',
          ...(method === 'POST'
            ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' }
            : {}),
        });
        const where = `${method} ${path} (${answer.status})`;
        for (const [name, value] of Object.entries(expected)) {
          const got = answer.headers.get(name);
          if (name === 'content-security-policy') {
            // The simulator is the portal's own origin: forms lead nowhere else.
            expect(directives(got ?? ''), where).toEqual(directives(value));
          } else {
            expect(got, `${where}: ${name}`).toBe(value);
          }
        }
      }
    }
  });

  it('are put back when the provider clears them before answering (as Koa does on a crash)', async () => {
    const server = createServer((_request, response) => {
      keepHeaders(response, {
        'x-frame-options': 'DENY',
        'content-security-policy': "default-src 'self'",
      });
      for (const name of response.getHeaderNames()) response.removeHeader(name);
      response.statusCode = 500;
      response.end('Internal Server Error');
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await fetch(`http://127.0.0.1:${port}/`);
      expect(answer.status).toBe(500);
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('content-security-policy')).toBe("default-src 'self'");
    } finally {
      server.close();
    }
  });
});

describe('without the simulator', () => {
  it('has no /idp page', async () => {
    const { app: production } = await createTestApp({
      env: { IDP_SIMULATOR: 'false', OIDC_ISSUER: 'https://id.example.vn' },
    });
    expect((await production.inject({ url: '/idp' })).statusCode).toBe(404);
  });
});
