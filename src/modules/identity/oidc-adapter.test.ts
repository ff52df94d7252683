import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, settableClock } from '../../../test/helpers.js';
import type { Database } from '../../platform/db.js';
import { DatabaseAdapter, simulatorCookieKeys, simulatorSigningKey } from './oidc-adapter.js';

const clock = settableClock('2026-11-20T08:00:00Z');
let db: Database;
let jobs: Awaited<ReturnType<typeof createTestApp>>['modules']['identity']['jobs'];

beforeAll(async () => {
  ({
    db,
    modules: {
      identity: { jobs },
    },
  } = await createTestApp({ clock }));
});

const adapter = (model: string) => new DatabaseAdapter(db, clock, model);
const later = (seconds: number) => {
  clock.instant = new Date(clock.instant.getTime() + seconds * 1000);
};

describe("oidc-provider's storage in the database", () => {
  it('finds what was upserted, by model, and an upsert replaces it', async () => {
    const codes = adapter('AuthorizationCode');
    await codes.upsert('c1', { accountId: 'vneid-001', grantId: 'g1' }, 60);
    await adapter('AccessToken').upsert('c1', { accountId: 'vneid-002' }, 60);
    expect(await codes.find('c1')).toEqual({ accountId: 'vneid-001', grantId: 'g1' });
    expect(await adapter('AccessToken').find('c1')).toEqual({ accountId: 'vneid-002' });
    expect(await adapter('RefreshToken').find('c1')).toBeUndefined();
    await codes.upsert('c1', { accountId: 'vneid-003' }, 60);
    expect(await codes.find('c1')).toEqual({ accountId: 'vneid-003' });
  });

  it('finds nothing past its expiry, and the daily job removes only what expired', async () => {
    const sessions = adapter('Session');
    await sessions.upsert('short', { uid: 'u-short' }, 30);
    await sessions.upsert('long', { uid: 'u-long' }, 600);
    later(31);
    expect(await sessions.find('short')).toBeUndefined();
    expect(await sessions.findByUid('u-short')).toBeUndefined();
    expect(await sessions.find('long')).toEqual({ uid: 'u-long' });

    const prune = jobs.find((job) => job.name === 'identity-simulator-prune');
    expect(prune?.cron).toBe('45 2 * * *');
    await prune!.run();
    const left = await db.query<{ id: string }>(
      `SELECT id FROM idp_simulator_state WHERE model = 'Session' ORDER BY id`,
    );
    expect(left.map((row) => row.id)).toEqual(['long']);
  });

  it('marks a consumed row as such, once, and keeps the mark through an upsert', async () => {
    const codes = adapter('AuthorizationCode');
    await codes.upsert('c2', { accountId: 'vneid-001' }, 60);
    expect((await codes.find('c2'))?.consumed).toBeUndefined();
    await codes.consume('c2');
    const consumedAt = Math.floor(clock.instant.getTime() / 1000);
    later(5);
    await codes.consume('c2');
    expect((await codes.find('c2'))?.consumed).toBe(consumedAt);
    await codes.upsert('c2', { accountId: 'vneid-001', scope: 'openid' }, 60);
    expect(await codes.find('c2')).toEqual({
      accountId: 'vneid-001',
      scope: 'openid',
      consumed: consumedAt,
    });
  });

  it("finds a session by its uid and a device code by its user code, each in its model's rows", async () => {
    await adapter('Session').upsert('s1', { uid: 'uid-1', accountId: 'vneid-004' }, 60);
    await adapter('Interaction').upsert('uid-2', { uid: 'uid-2' }, 60);
    expect(await adapter('Session').findByUid('uid-1')).toMatchObject({ accountId: 'vneid-004' });
    expect(await adapter('Session').findByUid('uid-2')).toBeUndefined();
    expect(await adapter('Interaction').findByUid('uid-1')).toBeUndefined();

    await adapter('DeviceCode').upsert('d1', { userCode: 'ABCD-EFGH' }, 60);
    expect(await adapter('DeviceCode').findByUserCode('ABCD-EFGH')).toEqual({
      userCode: 'ABCD-EFGH',
    });
    expect(await adapter('DeviceCode').findByUserCode('ZZZZ-ZZZZ')).toBeUndefined();
  });

  it('destroys one row, and revokes by grant only the rows of that grant and model', async () => {
    const tokens = adapter('AccessToken');
    await tokens.upsert('t1', { grantId: 'g-revoked' }, 60);
    await tokens.upsert('t2', { grantId: 'g-kept' }, 60);
    await adapter('RefreshToken').upsert('r1', { grantId: 'g-revoked' }, 60);
    await adapter('Grant').upsert('g-revoked', { accountId: 'vneid-005' }, 60);
    await tokens.revokeByGrantId('g-revoked');
    expect(await tokens.find('t1')).toBeUndefined();
    expect(await tokens.find('t2')).toEqual({ grantId: 'g-kept' });
    expect(await adapter('RefreshToken').find('r1')).toEqual({ grantId: 'g-revoked' });
    expect(await adapter('Grant').find('g-revoked')).toEqual({ accountId: 'vneid-005' });

    await tokens.destroy('t2');
    expect(await tokens.find('t2')).toBeUndefined();
  });
});

describe("the simulator's keys", () => {
  it('makes one signing key per database, whoever asks first and however many at once', async () => {
    const [first, second] = await Promise.all([
      simulatorSigningKey(db, clock),
      simulatorSigningKey(db, clock),
    ]);
    expect(first).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(first.d).toBeTruthy();
    expect(second).toEqual(first);
    expect(await simulatorSigningKey(db, clock)).toEqual(first);
    const rows = await db.query('SELECT alg FROM idp_simulator_keys');
    expect(rows).toHaveLength(1);
  });

  it("derives the cookie keys from the server's secret alone", () => {
    const secret = 'a-server-secret-of-at-least-32-characters';
    expect(simulatorCookieKeys(secret)).toEqual(simulatorCookieKeys(secret));
    expect(simulatorCookieKeys(secret)[0]).not.toContain(secret);
    expect(simulatorCookieKeys(`${secret}!`)).not.toEqual(simulatorCookieKeys(secret));
  });
});
