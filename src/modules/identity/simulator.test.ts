import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, startTestServer } from '../../../test/helpers.js';
import { TEST_IDENTITIES } from './test-identities.js';

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

describe('without the simulator', () => {
  it('has no /idp page', async () => {
    const { app: production } = await createTestApp({
      env: { IDP_SIMULATOR: 'false', OIDC_ISSUER: 'https://id.example.vn' },
    });
    expect((await production.inject({ url: '/idp' })).statusCode).toBe(404);
  });
});
