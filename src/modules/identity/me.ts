import type { AccountRow, Business } from './repository.js';

/* A request's session and who it is, as identity hands them to the rest of the portal. */

export interface CurrentSession {
  id: string;
  accountId: string;
  assuranceLevel: 1 | 2;
  /** The business this session acts for, if any. */
  actingFor: string | null;
}

/** Who is signed in, as the portal's pages and checks ask. */
export type Me = ReturnType<typeof meOf>;

export const meOf = (
  account: AccountRow,
  session: CurrentSession,
  roles: { agencyCode: string; role: string }[],
  businesses: Business[],
) => ({
  id: account.id,
  kind: account.kind,
  name: account.name,
  assuranceLevel: session.assuranceLevel,
  roles,
  businesses,
  actingFor: businesses.find((b) => b.id === session.actingFor) ?? null,
});
