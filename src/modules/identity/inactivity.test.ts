import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/helpers.js';
import type { Clock } from '../../platform/clock.js';
import { IdentityRepository } from './repository.js';
import { hashPassword, LocalSignIn } from './local-sign-in.js';
import { handleInactiveAccounts } from './inactivity-job.js';
import { INACTIVE_AFTER_MS, inactivityStep, WARNING_INTERVAL_MS } from './inactivity.js';

const DAY = 24 * 3600_000;
const clock = {
  offsetMs: 0,
  now() {
    return new Date(Date.now() + this.offsetMs);
  },
} satisfies Clock & { offsetMs: number };

describe('inactivityStep', () => {
  const now = new Date('2026-11-23T00:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  it('warns after two years, monthly, twice, then locks', () => {
    const base = { warnings: 0, lastWarningAt: null, lockedAt: null };
    expect(inactivityStep({ ...base, lastActiveAt: ago(INACTIVE_AFTER_MS - DAY) }, now)).toBe(
      'none',
    );
    expect(inactivityStep({ ...base, lastActiveAt: ago(INACTIVE_AFTER_MS) }, now)).toBe('warn');
    const old = ago(INACTIVE_AFTER_MS + 90 * DAY);
    expect(
      inactivityStep(
        { ...base, lastActiveAt: old, warnings: 1, lastWarningAt: ago(10 * DAY) },
        now,
      ),
    ).toBe('none');
    expect(
      inactivityStep(
        { ...base, lastActiveAt: old, warnings: 1, lastWarningAt: ago(WARNING_INTERVAL_MS) },
        now,
      ),
    ).toBe('warn');
    expect(
      inactivityStep(
        { ...base, lastActiveAt: old, warnings: 2, lastWarningAt: ago(WARNING_INTERVAL_MS) },
        now,
      ),
    ).toBe('lock');
    expect(
      inactivityStep(
        { ...base, lastActiveAt: old, warnings: 2, lastWarningAt: ago(DAY), lockedAt: ago(DAY) },
        now,
      ),
    ).toBe('none');
  });
});

describe('the inactive-accounts job', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let sleeper: string;
  const PASSWORD = 'Mật-khẩu-ngủ-quên-2026';

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    sleeper = await new IdentityRepository(ctx.db).createLocalAccount({
      kind: 'officer',
      name: 'Người vắng mặt',
      email: 'sleeper@example.vn',
      phone: null,
      passwordHash: await hashPassword(PASSWORD),
    });
    await ctx.db.query(`UPDATE accounts SET last_active_at = $2 WHERE id = $1`, [
      sleeper,
      new Date(Date.now() - INACTIVE_AFTER_MS - DAY),
    ]);
  });

  const run = () =>
    handleInactiveAccounts(ctx.db, clock, ctx.modules.notifications.service, ctx.modules.changes);

  it('warns twice a month apart, in the portal and by email, then locks, audited', async () => {
    expect(await run()).toEqual({ warned: 1, locked: 0 });
    expect(await run()).toEqual({ warned: 0, locked: 0 });
    clock.offsetMs = 31 * DAY;
    expect(await run()).toEqual({ warned: 1, locked: 0 });
    clock.offsetMs = 62 * DAY;
    expect(await run()).toEqual({ warned: 0, locked: 1 });

    const messages = await ctx.db.query<{ channel: string; template: string }>(
      `SELECT channel, template FROM notifications WHERE account_id = $1 ORDER BY created_at, channel`,
      [sleeper],
    );
    expect(
      messages
        .filter((m) => m.template === 'inactivity_warning')
        .map((m) => m.channel)
        .sort(),
    ).toEqual(['email', 'email', 'in_app', 'in_app']);
    const [entry] = await ctx.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE resource_id = $1`,
      [sleeper],
    );
    expect(entry?.action).toBe('account.lock_inactive');

    const local = new LocalSignIn(ctx.db, clock, ctx.modules.notifications.service);
    expect(await local.checkPassword('sleeper@example.vn', PASSWORD, 'vi')).toEqual({
      outcome: 'inactive',
    });
    clock.offsetMs = 0;
  });
});
