/**
 * Every permission decision of the portal, in one pure function. A resource the actor may
 * not act on is answered 404 by the routes, so its existence is not revealed either.
 */

export const ROLES = ['receiver', 'processor', 'approver', 'agency_admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  accountId: string;
  kind: 'citizen' | 'business' | 'officer' | 'catalog_admin' | 'system_admin';
  assuranceLevel: 1 | 2;
  roles: { agencyCode: string; role: string }[];
}

export type Action =
  'roles.view' | 'roles.grant' | 'roles.revoke' | 'agency.work' | 'workflows.edit';
export type Resource = { type: 'agency'; code: string };

export function can(actor: Actor | null, action: Action, resource: Resource): boolean {
  if (!actor) return false;
  if (actor.kind === 'system_admin') return true;
  const rolesHere = actor.roles.filter((r) => r.agencyCode === resource.code).map((r) => r.role);
  switch (action) {
    case 'roles.view':
    case 'roles.grant':
    case 'roles.revoke':
    case 'workflows.edit':
      return rolesHere.includes('agency_admin');
    case 'agency.work':
      return actor.kind === 'officer' && rolesHere.length > 0;
  }
}
