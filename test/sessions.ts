import { randomUUID } from 'node:crypto';
import type { Database } from '../src/platform/db.js';
import { IdentityRepository } from '../src/modules/identity/repository.js';
import { hashToken, newToken } from '../src/modules/identity/sessions.js';
import { TEST_IDENTITIES } from '../src/modules/identity/test-identities.js';

/**
 * A signed-in session for an account, made directly: for tests about what officers do once
 * signed in (signing in itself is tested through the real flows in the identity module).
 */
export async function sessionCookie(db: Database, accountId: string, now = new Date()) {
  const token = newToken();
  await new IdentityRepository(db).createSession({
    tokenHash: hashToken(token),
    accountId,
    assuranceLevel: 2,
    method: 'password_otp',
    now,
    expiresAt: new Date(now.getTime() + 12 * 3600_000),
    userAgent: 'test',
    ip: null,
  });
  return `sid=${token}`;
}

/** An officer holding the given roles at an agency. */
export async function officerWithRoles(
  db: Database,
  name: string,
  agencyCode: string,
  roles: string[],
): Promise<string> {
  const [account] = await db.query<{ id: string }>(
    `INSERT INTO accounts (kind, name, email) VALUES ('officer', $1, $2) RETURNING id`,
    [name, `officer.${randomUUID()}@example.vn`],
  );
  for (const role of roles) {
    await db.query('INSERT INTO role_grants (account_id, agency_code, role) VALUES ($1, $2, $3)', [
      account!.id,
      agencyCode,
      role,
    ]);
  }
  return account!.id;
}

/** One of the simulator's people as a portal citizen, as a national sign-in leaves them. */
export async function simulatedCitizen(db: Database, index = 0) {
  const person = TEST_IDENTITIES[index]!;
  const { id } = await new IdentityRepository(db).upsertCitizen({
    subject: person.sub,
    personalId: person.personalId,
    name: person.name,
    birthDate: person.birthDate,
    gender: person.gender,
    address: {
      street_address: person.address.line,
      locality: person.address.communeCode,
      region: person.address.provinceCode,
    },
    phone: person.phone,
    email: person.email,
    verifiedFields: ['personal_id', 'name', 'birth_date', 'gender', 'address'],
  });
  return { id, name: person.name };
}
