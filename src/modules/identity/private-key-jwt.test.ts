import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/helpers.js';
import { CookieClient } from '../../../test/browser-client.js';

describe('national sign-in with private_key_jwt client authentication', () => {
  it('signs in when the portal proves itself with a signed JWT instead of a secret', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'portal-2026', alg: 'ES256' };
    const { base } = await startTestServer({ env: { OIDC_PRIVATE_KEY_JWK: JSON.stringify(jwk) } });
    const browser = new CookieClient(base);
    const picker = await browser.follow('/auth/login');
    const action = /action="(\/idp\/interaction\/[^"]+\/login)"/.exec(
      await picker.response.text(),
    )![1]!;
    const chosen = await browser.postForm(action, { sub: 'vneid-004' });
    const landed = await browser.follow(chosen.headers.get('location')!);
    expect(landed.url.pathname).toBe('/');
    const me = await browser.request('/api/v1/me', { headers: { accept: 'application/json' } });
    expect(await me.json()).toMatchObject({ name: 'Phạm Thị Thu Hà', assuranceLevel: 2 });
  });
});
