import { describe, expect, it } from 'vitest';
import { createTestApp, settableClock } from '../../../test/helpers.js';
import { sessionCookie, simulatedCitizen } from '../../../test/sessions.js';
import {
  adminCookie,
  clientAssertion,
  clientKey,
  connectedClient,
} from '../../../test/integration.js';

const clock = settableClock('2026-12-01T03:00:00Z');
const { app, db } = await createTestApp({ clock });
const [first, second] = await db.query<{ code: string }>(
  'SELECT code FROM agencies ORDER BY code LIMIT 2',
);
const publicUrl = 'http://localhost';
const tokenEndpoint = `${publicUrl}/api/v1/integration/token`;

const assertionForm = async (
  clientId: string,
  key: Awaited<ReturnType<typeof clientKey>>,
  options: Parameters<typeof clientAssertion>[3] & { audience?: string; scope?: string } = {},
) =>
  new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await clientAssertion(clientId, key, options.audience ?? tokenEndpoint, {
      now: clock.now(),
      ...options,
    }),
    ...(options.scope ? { scope: options.scope } : {}),
  }).toString();

const askToken = (payload: string, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/integration/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload,
  });
const me = (headers: Record<string, string>) =>
  app.inject({ method: 'GET', url: '/api/v1/integration/me', headers });

describe('registering connected systems', () => {
  it('is for the portal administrators only, every field checked', async () => {
    const citizen = await sessionCookie(db, (await simulatedCitizen(db)).id);
    const body = {
      name: 'Một cửa tỉnh',
      ownerAgencyCode: first!.code,
      contactName: 'A',
      contactEmail: 'a@example.vn',
      scopes: ['dossiers:sync'],
      allowedAgencies: [],
    };
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/v1/integration/clients',
      payload: body,
    });
    expect(anonymous.statusCode).toBe(401);
    const asCitizen = await app.inject({
      method: 'POST',
      url: '/api/v1/integration/clients',
      headers: { cookie: citizen },
      payload: body,
    });
    expect(asCitizen.statusCode).toBe(403);
    const admin = await adminCookie(db);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/integration/clients',
      headers: { cookie: admin },
      payload: { ...body, ownerAgencyCode: 'NO-SUCH', allowedAddresses: ['10.0.0.0/99'] },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect((wrong.json() as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
      'ownerAgencyCode',
      'allowedAddresses',
    ]);
    const privateKey = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'secret' };
    const badKey = await app.inject({
      method: 'POST',
      url: '/api/v1/integration/clients',
      headers: { cookie: admin },
      payload: { ...body, keys: [privateKey] },
    });
    expect(badKey.statusCode).toBe(422);
    expect(badKey.json()).toMatchObject({ code: 'invalid_key' });
  });
});

describe('access tokens by private_key_jwt (RFC 7523)', () => {
  it('are issued for a signed assertion and open the routes for the scopes asked', async () => {
    const client = await connectedClient(app, db, { clock, allowedAgencies: [first!.code] });
    const answer = await me(client.headers);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      id: client.clientId,
      allowedAgencies: [first!.code],
      scopes: ['dossiers:sync', 'dossiers:receive', 'catalog:read', 'webhooks:manage'],
    });
    const narrow = await askToken(
      await assertionForm(client.clientId, client.key, { scope: 'catalog:read' }),
    );
    expect(narrow.statusCode).toBe(200);
    expect(narrow.headers['cache-control']).toBe('no-store');
    expect(narrow.json()).toMatchObject({
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'catalog:read',
    });
    const token = (narrow.json() as { access_token: string }).access_token;
    expect((await me({ authorization: `Bearer ${token}` })).json()).toMatchObject({
      scopes: ['catalog:read'],
    });
  });

  it('refuses what does not prove the client: replays, other audiences, unknown keys, bad tokens', async () => {
    const client = await connectedClient(app, db, { clock });
    const replayed = await assertionForm(client.clientId, client.key, { jti: 'once' });
    expect((await askToken(replayed)).statusCode).toBe(200);
    const again = await askToken(replayed);
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ code: 'invalid_client', error: 'invalid_client' });
    const elsewhere = await assertionForm(client.clientId, client.key, {
      audience: 'https://other.example/token',
    });
    expect((await askToken(elsewhere)).statusCode).toBe(401);
    const stranger = await clientKey(client.key.kid);
    expect((await askToken(await assertionForm(client.clientId, stranger))).statusCode).toBe(401);
    const longLived = await assertionForm(client.clientId, client.key, { expiresIn: 3600 });
    expect((await askToken(longLived)).statusCode).toBe(401);
    const scopeNotHeld = await askToken(
      await assertionForm(client.clientId, client.key, { scope: 'payments:read' }),
    );
    expect(scopeNotHeld.statusCode).toBe(400);
    expect(scopeNotHeld.json()).toMatchObject({ error: 'invalid_scope' });
    for (const authorization of ['', 'Bearer', 'Bearer not-a-token', `Basic ${'x'.repeat(20)}`]) {
      const refused = await me(authorization ? { authorization } : {});
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(refused.json()).toMatchObject({ code: 'invalid_token' });
    }
  });

  it('stop working when they expire', async () => {
    const client = await connectedClient(app, db, { clock });
    const { access_token } = (
      await askToken(await assertionForm(client.clientId, client.key))
    ).json() as {
      access_token: string;
    };
    expect((await me({ authorization: `Bearer ${access_token}` })).statusCode).toBe(200);
    clock.instant = new Date(clock.instant.getTime() + 301_000);
    expect((await me({ authorization: `Bearer ${access_token}` })).statusCode).toBe(401);
  });
});

describe('managing a connected system', () => {
  it('rotates keys without downtime: the new key works before the old one is retired', async () => {
    const client = await connectedClient(app, db, { clock });
    const next = await clientKey();
    const added = await app.inject({
      method: 'POST',
      url: `/api/v1/integration/clients/${client.clientId}/keys`,
      headers: { cookie: client.admin },
      payload: { jwk: next.jwk },
    });
    expect(added.statusCode).toBe(201);
    expect((await askToken(await assertionForm(client.clientId, next))).statusCode).toBe(200);
    expect((await askToken(await assertionForm(client.clientId, client.key))).statusCode).toBe(200);
    const retired = await app.inject({
      method: 'DELETE',
      url: `/api/v1/integration/clients/${client.clientId}/keys/${client.key.kid}`,
      headers: { cookie: client.admin },
    });
    expect(retired.statusCode).toBe(204);
    expect((await askToken(await assertionForm(client.clientId, client.key))).statusCode).toBe(401);
    expect((await askToken(await assertionForm(client.clientId, next))).statusCode).toBe(200);
    // A token issued before the rotation lasts its few minutes.
    expect((await me(client.headers)).statusCode).toBe(200);
    const listed = await app.inject({
      method: 'GET',
      url: `/api/v1/integration/clients/${client.clientId}`,
      headers: { cookie: client.admin },
    });
    const keys = (listed.json() as { keys: { kid: string; retiredAt: string | null }[] }).keys;
    expect(keys.map((k) => [k.kid, k.retiredAt === null])).toEqual([
      [next.kid, true],
      [client.key.kid, false],
    ]);
  });

  it('suspends a client at once: its live token is refused on the next request', async () => {
    const client = await connectedClient(app, db, { clock });
    expect((await me(client.headers)).statusCode).toBe(200);
    const suspended = await app.inject({
      method: 'POST',
      url: `/api/v1/integration/clients/${client.clientId}/suspend`,
      headers: { cookie: client.admin },
      payload: { reason: 'Gửi dữ liệu sai liên tục' },
    });
    expect(suspended.json()).toMatchObject({ status: 'suspended' });
    const refused = await me(client.headers);
    expect(refused.statusCode).toBe(401);
    expect((await askToken(await assertionForm(client.clientId, client.key))).statusCode).toBe(401);
    await app.inject({
      method: 'POST',
      url: `/api/v1/integration/clients/${client.clientId}/reactivate`,
      headers: { cookie: client.admin },
    });
    expect((await me(client.headers)).statusCode).toBe(200);
    const [audited] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE resource_id = $1 AND action LIKE 'api_client.%'`,
      [client.clientId],
    );
    expect(audited!.n).toBe(4);
  });

  it('holds each client to its own rate and its address allowlist', async () => {
    const slow = await connectedClient(app, db, { clock, rateLimitPerMinute: 3 });
    const other = await connectedClient(app, db, { clock, rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i += 1) expect((await me(slow.headers)).statusCode).toBe(200);
    const limited = await me(slow.headers);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.json()).toMatchObject({ code: 'rate_limited' });
    expect((await me(other.headers)).statusCode).toBe(200);
    const fenced = await connectedClient(app, db, { clock, allowedAddresses: ['10.20.0.0/16'] });
    const outside = await me(fenced.headers);
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ code: 'address_not_allowed' });
    const local = await connectedClient(app, db, { clock, allowedAddresses: ['127.0.0.1'] });
    expect((await me(local.headers)).statusCode).toBe(200);
  });

  it('takes a client secret in development, sent with HTTP Basic', async () => {
    const admin = await adminCookie(db);
    const registered = await app.inject({
      method: 'POST',
      url: '/api/v1/integration/clients',
      headers: { cookie: admin },
      payload: {
        name: 'Hệ thống phát triển',
        ownerAgencyCode: second!.code,
        contactName: 'B',
        contactEmail: 'b@example.vn',
        scopes: ['catalog:read'],
        allowedAgencies: [],
        secret: true,
      },
    });
    const { client, secret } = registered.json() as { client: { id: string }; secret: string };
    const basic = (s: string) => `Basic ${Buffer.from(`${client.id}:${s}`).toString('base64')}`;
    const good = await askToken('grant_type=client_credentials', { authorization: basic(secret) });
    expect(good.statusCode).toBe(200);
    const bad = await askToken('grant_type=client_credentials', { authorization: basic('nope') });
    expect(bad.statusCode).toBe(401);
    const grant = await askToken('grant_type=password', { authorization: basic(secret) });
    expect(grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });
});
