import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import type { Database } from '../src/platform/db.js';
import { sessionCookie } from './sessions.js';

/** What the tests' portal answers, app.inject's and a real server's alike. */
export interface Portal {
  inject(options: {
    method: string;
    url: string;
    headers?: Record<string, string>;
    payload?: unknown;
  }): Promise<{
    statusCode: number;
    json(): unknown;
    body: string;
    headers: Record<string, unknown>;
  }>;
}

/** A portal administrator's session cookie (administrators register connected systems). */
export async function adminCookie(db: Database): Promise<string> {
  const [account] = await db.query<{ id: string }>(
    `INSERT INTO accounts (kind, name, email) VALUES ('system_admin', 'Quản trị hệ thống', $1)
     RETURNING id`,
    [`admin.${randomUUID()}@example.vn`],
  );
  return sessionCookie(db, account!.id);
}

/** A key pair a connected system signs its assertions with, the public half as a JWK. */
export async function clientKey(kid = `key-${randomUUID().slice(0, 8)}`) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256' };
  return { kid, privateKey, jwk };
}

/** A private_key_jwt assertion (RFC 7523) for the token endpoint. */
export function clientAssertion(
  clientId: string,
  key: { kid: string; privateKey: CryptoKey },
  audience: string,
  options: { jti?: string; expiresIn?: number; now?: Date } = {},
) {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience)
    .setJti(options.jti ?? randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 60))
    .sign(key.privateKey);
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/**
 * A connected system registered by an administrator with a key, and an access token for it:
 * what tests of the hub's routes call with. `publicUrl` is the portal's PUBLIC_URL.
 */
export async function connectedClient(
  portal: Portal,
  db: Database,
  options: {
    publicUrl?: string;
    scopes?: string[];
    allowedAgencies?: string[];
    ownerAgencyCode?: string;
    rateLimitPerMinute?: number;
    allowedAddresses?: string[];
    name?: string;
    /** The portal's clock, when the test sets it: assertions are dated by it. */
    clock?: { now(): Date };
  } = {},
) {
  const publicUrl = options.publicUrl ?? 'http://localhost';
  const admin = await adminCookie(db);
  const key = await clientKey();
  const [agency] = await db.query<{ code: string }>(
    'SELECT code FROM agencies ORDER BY code LIMIT 1',
  );
  const registered = await portal.inject({
    method: 'POST',
    url: '/api/v1/integration/clients',
    headers: { cookie: admin, 'content-type': 'application/json' },
    payload: {
      name: options.name ?? 'Hệ thống một cửa điện tử thử nghiệm',
      ownerAgencyCode: options.ownerAgencyCode ?? options.allowedAgencies?.[0] ?? agency!.code,
      contactName: 'Trần Văn Kết Nối',
      contactEmail: 'ketnoi@example.vn',
      scopes: options.scopes ?? [
        'dossiers:sync',
        'dossiers:receive',
        'catalog:read',
        'webhooks:manage',
      ],
      allowedAgencies: options.allowedAgencies ?? [],
      ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
      ...(options.allowedAddresses ? { allowedAddresses: options.allowedAddresses } : {}),
      keys: [key.jwk],
    },
  });
  if (registered.statusCode !== 201) throw new Error(`register: ${registered.body}`);
  const clientId = (registered.json() as { client: { id: string } }).client.id;
  const tokenEndpoint = `${publicUrl}/api/v1/integration/token`;
  const token = async (scope?: string) => {
    const answer = await portal.inject({
      method: 'POST',
      url: '/api/v1/integration/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await clientAssertion(clientId, key, tokenEndpoint, {
          ...(options.clock ? { now: options.clock.now() } : {}),
        }),
        ...(scope ? { scope } : {}),
      }),
    });
    if (answer.statusCode !== 200) throw new Error(`token: ${answer.body}`);
    return (answer.json() as { access_token: string }).access_token;
  };
  const accessToken = await token();
  return {
    clientId,
    key,
    admin,
    tokenEndpoint,
    token,
    headers: { authorization: `Bearer ${accessToken}` },
  };
}
