import type { Database } from '../../src/platform/db.js';
import { IdentityRepository } from '../../src/modules/identity/repository.js';
import { officerWithRoles, sessionCookie } from '../../test/sessions.js';

/** Someone signed in for a benchmark: who they are and the cookie their browser sends. */
export interface SignedIn {
  id: string;
  name: string;
  /** `sid=…`, as the Cookie header carries it. */
  cookie: string;
}

/** Commune People's Committees of Hà Nội, in a fixed order, with their communes. */
export async function communeAgencies(db: Database, count: number) {
  return db.query<{ code: string; commune_code: string }>(
    `SELECT code, commune_code FROM agencies WHERE kind = 'commune_people_committee'
     AND province_code = '01' ORDER BY code LIMIT $1`,
    [count],
  );
}

/** A citizen as national sign-in leaves them (level 2, living in `commune`): the account's id. */
export async function citizenAccount(
  db: Database,
  input: { n: number; name: string; commune: string },
): Promise<string> {
  const { id } = await new IdentityRepository(db).upsertCitizen({
    subject: `bench-citizen-${input.n}`,
    personalId: `001${String(80_000_000 + input.n).padStart(9, '0')}`,
    name: input.name,
    birthDate: '1988-04-12',
    gender: 'female',
    address: { street_address: 'Số 12 ngõ 34', locality: input.commune, region: '01' },
    phone: `09${String(20_000_000 + input.n)}`,
    email: null,
    verifiedFields: ['personal_id', 'name', 'birth_date', 'gender', 'address'],
  });
  return id;
}

/** A citizen signed in (the session made directly, as after national sign-in). */
export async function signedInCitizen(
  db: Database,
  input: { n: number; name: string; commune: string },
): Promise<SignedIn> {
  const id = await citizenAccount(db, input);
  return { id, name: input.name, cookie: await sessionCookie(db, id) };
}

/** An officer with every role at one agency, signed in. */
export async function signedInOfficer(
  db: Database,
  input: { name: string; agency: string },
): Promise<SignedIn> {
  const id = await officerWithRoles(db, input.name, input.agency, [
    'receiver',
    'processor',
    'approver',
  ]);
  return { id, name: input.name, cookie: await sessionCookie(db, id) };
}
