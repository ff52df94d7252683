import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/helpers.js';
import { officerWithRoles, simulatedCitizen } from '../../../test/sessions.js';
import type { Database } from '../../platform/db.js';
import { IdentityRepository } from './repository.js';
import type { AccountStatistics } from './statistics.js';
import type { Applicants } from './applicants.js';

/* Accounts as the monitoring index counts them: those people and businesses opened. */

let db: Database;
let statistics: AccountStatistics;
let applicants: Applicants;

beforeAll(async () => {
  const app = await createTestApp();
  db = app.db;
  statistics = app.modules.identity.statistics;
  applicants = app.modules.identity.applicants;
});

const databaseNow = async () => (await db.query<{ now: Date }>('SELECT now() AS now'))[0]!.now;

describe('account counts', () => {
  it('count citizens who signed in and businesses they act for, created since a time', async () => {
    const before = await statistics.accountCounts(new Date(0));
    expect(before.since).toBe(before.total);
    const since = await databaseNow();

    // Not counted: an officer, and the account made for someone who filed at a counter.
    await officerWithRoles(db, 'Trần Văn Khoa', '000.00.01.H01', ['receiver']);
    await applicants.accountForIntake({ idNumber: '001195067890', name: 'Phạm Thị Mai' });
    await applicants.accountForIntake({ idNumber: '0109876543', name: 'Công ty TNHH Mai Anh' });
    expect(await statistics.accountCounts(since)).toEqual({ total: before.total, since: 0 });

    // Counted: a citizen who signed in nationally, and the business they represent.
    const citizen = await simulatedCitizen(db, 0);
    await new IdentityRepository(db).setRepresentedBusinesses(
      citizen.id,
      [{ enterpriseCode: '0101234567', name: 'Công ty Cổ phần Ba Đình' }],
      new Date(),
    );
    expect(await statistics.accountCounts(since)).toEqual({ total: before.total + 2, since: 2 });
    expect((await statistics.accountCounts(new Date(Date.now() + 86_400_000))).since).toBe(0);
  });
});
