import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { DEMO_OFFICERS, seedDemoOfficers } from '../src/modules/identity/demo-accounts.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  ctx = await createTestApp();
});

/** The journeys the README tells a newcomer to try, filed where it says. */
const README_JOURNEYS = [
  { procedure: '1.001193', agency: '001.00.50.H01' }, // birth registration, Ba Đình ward
  { procedure: '2.000505', agency: '000.00.01.H01' }, // judicial record, Hà Nội justice dept
];

describe('the demo officers', () => {
  it('can take every step of the README’s journeys, from receipt to the result', async () => {
    expect(await seedDemoOfficers(ctx.db)).toBe(true);
    const held = await ctx.db.query<{ agency_code: string; role: string }>(
      `SELECT g.agency_code, g.role FROM role_grants g JOIN accounts a ON a.id = g.account_id
       WHERE a.email = ANY($1::text[])`,
      [DEMO_OFFICERS.map((o) => o.email)],
    );
    const holds = (agency: string, role: string) =>
      held.some((h) => h.agency_code === agency && h.role === role);
    for (const { procedure, agency } of README_JOURNEYS) {
      expect(holds(agency, 'receiver'), `${procedure} receiver`).toBe(true);
      const steps = await ctx.modules.backoffice.workflows.resolvedFor(procedure, agency);
      for (const step of steps) {
        expect(holds(step.agencyCode, step.role), `${procedure} ${step.code}`).toBe(true);
      }
    }
  });

  it('are added to an older database that lacks some of them, and never twice', async () => {
    await ctx.db.query(
      `DELETE FROM role_grants WHERE account_id IN (SELECT id FROM accounts WHERE email = $1)`,
      ['canbo.conganbadinh@hanoi.example.vn'],
    );
    await ctx.db.query('DELETE FROM accounts WHERE email = $1', [
      'canbo.conganbadinh@hanoi.example.vn',
    ]);
    expect(await seedDemoOfficers(ctx.db)).toBe(true);
    expect(await seedDemoOfficers(ctx.db)).toBe(false);
    const [count] = await ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM accounts WHERE email = ANY($1::text[])',
      [DEMO_OFFICERS.map((o) => o.email)],
    );
    expect(count?.n).toBe(DEMO_OFFICERS.length);
  });
});
