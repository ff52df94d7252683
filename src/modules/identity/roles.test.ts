import { beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/helpers.js';
import { CookieClient } from '../../../test/browser-client.js';
import { IdentityRepository } from './repository.js';
import { hashPassword } from './local-sign-in.js';

const HANOI_JUSTICE = '000.00.01.H01';
const HUE_JUSTICE = '000.00.01.H46';
const PASSWORD = 'Mật-khẩu-cán-bộ-2026';
let server: Awaited<ReturnType<typeof startTestServer>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  const repository = new IdentityRepository(server.db);
  const passwordHash = await hashPassword(PASSWORD);
  for (const [key, name] of [
    ['admin', 'Quản trị Tư pháp Hà Nội'],
    ['clerk', 'Cán bộ tiếp nhận'],
    ['hue', 'Quản trị Tư pháp Huế'],
  ] as const) {
    ids[key] = await repository.createLocalAccount({
      kind: 'officer',
      name,
      email: `${key}@officers.example.vn`,
      phone: null,
      passwordHash,
    });
  }
  await server.db.query(
    `INSERT INTO role_grants (account_id, agency_code, role) VALUES ($1, $2, 'agency_admin'), ($3, $4, 'agency_admin')`,
    [ids.admin, HANOI_JUSTICE, ids.hue, HUE_JUSTICE],
  );
});

async function signedIn(key: string): Promise<CookieClient> {
  const browser = new CookieClient(server.base);
  const form = await (await browser.request('/auth/sign-in')).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(form)![1]!;
  const step = await browser.postForm('/auth/local', {
    csrf,
    identifier: `${key}@officers.example.vn`,
    password: PASSWORD,
  });
  const challenge = new URL(step.headers.get('location')!, server.base).searchParams.get(
    'challenge',
  )!;
  const [mail] = await server.db.query<{ body: string }>(
    `SELECT body FROM notifications WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1`,
    [`${key}@officers.example.vn`],
  );
  const code = /(\d{6})/.exec(mail!.body)![1]!;
  expect((await browser.postForm('/auth/local/code', { csrf, challenge, code })).status).toBe(303);
  return browser;
}

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
  ...(body ? { body: JSON.stringify(body) } : {}),
});

describe('role grants: permissions in one place, audited', () => {
  it('an agency admin grants a role in their agency; the officer then holds it; it is audited', async () => {
    const admin = await signedIn('admin');
    const granted = await admin.request(
      `/api/v1/agencies/${HANOI_JUSTICE}/role-grants`,
      json('POST', {
        email: 'clerk@officers.example.vn',
        role: 'receiver',
        reason: 'Phân công tiếp nhận',
      }),
    );
    expect(granted.status).toBe(201);
    const list = (await (
      await admin.request(`/api/v1/agencies/${HANOI_JUSTICE}/role-grants`, json('GET'))
    ).json()) as { items: { name: string; role: string }[] };
    expect(list.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Cán bộ tiếp nhận', role: 'receiver' }),
      ]),
    );

    const clerk = await signedIn('clerk');
    const me = (await (await clerk.request('/api/v1/me', json('GET'))).json()) as {
      roles: unknown[];
    };
    expect(me.roles).toEqual([{ agencyCode: HANOI_JUSTICE, role: 'receiver' }]);

    const [entry] = await server.db.query<{
      action: string;
      actor_id: string;
      after: unknown;
      reason: string;
    }>(`SELECT action, actor_id, after, reason FROM audit_log WHERE resource_id = $1 ORDER BY id`, [
      HANOI_JUSTICE,
    ]);
    expect(entry).toMatchObject({
      action: 'role.grant',
      actor_id: ids.admin,
      after: { accountId: ids.clerk, role: 'receiver' },
      reason: 'Phân công tiếp nhận',
    });
  });

  it('an officer of another agency gets 404, as does an officer without the admin role', async () => {
    const hue = await signedIn('hue');
    for (const init of [
      json('GET'),
      json('POST', { email: 'clerk@officers.example.vn', role: 'approver' }),
    ]) {
      const response = await hue.request(`/api/v1/agencies/${HANOI_JUSTICE}/role-grants`, init);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { code: string }).code).toBe('not_found');
    }
    const clerk = await signedIn('clerk');
    expect(
      (await clerk.request(`/api/v1/agencies/${HANOI_JUSTICE}/role-grants`, json('GET'))).status,
    ).toBe(404);
    // The same answer as for an agency that does not exist.
    expect(
      (await hue.request('/api/v1/agencies/999.99.99.H99/role-grants', json('GET'))).status,
    ).toBe(404);
    expect(
      (
        await new CookieClient(server.base).request(
          `/api/v1/agencies/${HANOI_JUSTICE}/role-grants`,
          json('GET'),
        )
      ).status,
    ).toBe(401);
  });

  it('revokes, audited; the audit log cannot be altered', async () => {
    const admin = await signedIn('admin');
    const gone = await admin.request(
      `/api/v1/agencies/${HANOI_JUSTICE}/role-grants/${ids.clerk}/receiver`,
      json('DELETE'),
    );
    expect(gone.status).toBe(204);
    expect(
      (
        await admin.request(
          `/api/v1/agencies/${HANOI_JUSTICE}/role-grants/${ids.clerk}/receiver`,
          json('DELETE'),
        )
      ).status,
    ).toBe(404);
    const actions = await server.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE resource_id = $1 ORDER BY id`,
      [HANOI_JUSTICE],
    );
    expect(actions.map((a) => a.action)).toEqual(['role.grant', 'role.revoke']);
    await expect(server.db.query(`UPDATE audit_log SET reason = 'sửa'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(server.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  it('refuses to grant to someone who is not an officer, naming the field', async () => {
    const admin = await signedIn('admin');
    const response = await admin.request(
      `/api/v1/agencies/${HANOI_JUSTICE}/role-grants`,
      json('POST', { email: 'nobody@example.vn', role: 'receiver' }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe(
      'email',
    );
    const badRole = await admin.request(
      `/api/v1/agencies/${HANOI_JUSTICE}/role-grants`,
      json('POST', { email: 'clerk@officers.example.vn', role: 'king' }),
    );
    expect(badRole.status).toBe(400);
  });
});
