/**
 * Every permission decision of the portal, in pure functions: who may call a route at all
 * (`admits`, stated by each route as its `access`) and who may do what to which resource
 * (`can`). A resource the actor may not act on is answered 404 by the routes, so its
 * existence is not revealed either.
 */

export const ROLES = ['receiver', 'processor', 'approver', 'agency_admin', 'support'] as const;
export type Role = (typeof ROLES)[number];
/** The roles that work dossiers (an agency's administrator manages roles, not dossiers). */
export const WORKING_ROLES: readonly Role[] = ['receiver', 'processor', 'approver'];

export type ActorKind = 'citizen' | 'business' | 'officer' | 'catalog_admin' | 'system_admin';

/** Who is calling, resolved once per request from the session. */
export interface Actor {
  accountId: string;
  kind: ActorKind;
  assuranceLevel: 1 | 2;
  /** Roles by agency code; only officers hold any. */
  roles: { agencyCode: string; role: string }[];
  /** Whose dossiers, documents and payments are theirs: themself, or the business they act for. */
  ownerId?: string;
  /**
   * The owner's personal ID number or enterprise code, where a route has read it (obligations
   * are issued to an ID number, not to an account).
   */
  idNumber?: string;
}

/** What a route needs of its caller, before any resource is looked at. */
export type Access = 'public' | 'signed_in' | 'citizen' | 'officer' | 'system_admin';

export type Action =
  | 'roles.view'
  | 'roles.grant'
  | 'roles.revoke'
  | 'workflows.edit'
  | 'agency.work'
  | 'payments.totals'
  | 'payments.view'
  | 'payments.settle'
  | 'dossier.view'
  | 'bill.view'
  | 'feedback.handle'
  | 'ratings.view'
  | 'help.support'
  | 'monitoring.dashboard';

export type Resource =
  | { type: 'agency'; code: string }
  /** A dossier: whose it is, and the agencies that received it, hold it, or have a step. */
  | { type: 'dossier'; ownerId: string; agencies: readonly (string | null | undefined)[] }
  /** An obligation found by its code: whose ID number it is issued to, and the agency paid. */
  | { type: 'bill'; payerIdNumber: string; agencyCode: string };

/** Whether the caller may call a route that needs `access` (401 or 403 otherwise). */
export function admits(actor: Actor | null, access: Access): boolean {
  switch (access) {
    case 'public':
      return true;
    case 'signed_in':
      return actor !== null;
    case 'citizen':
    case 'officer':
    case 'system_admin':
      return actor?.kind === access;
  }
}

const rolesAt = (actor: Actor, agencyCode: string) =>
  actor.roles.filter((r) => r.agencyCode === agencyCode).map((r) => r.role);
const working = (roles: string[]) => roles.some((r) => (WORKING_ROLES as string[]).includes(r));

/** What an actor may do at an agency, by the roles they hold there. */
function atAgency(actor: Actor, action: Action, agencyCode: string): boolean {
  const roles = rolesAt(actor, agencyCode);
  switch (action) {
    case 'roles.view':
    case 'roles.grant':
    case 'roles.revoke':
    case 'workflows.edit':
      return roles.includes('agency_admin');
    case 'agency.work':
      return actor.kind === 'officer' && working(roles);
    // Totals and mismatches (no one's personal data), and ratings (never who gave an
    // anonymous one), are seen by whoever works there or manages it; who paid what by those
    // who work dossiers; money is settled by approvers.
    case 'payments.totals':
    case 'ratings.view':
      return actor.kind === 'officer' && (working(roles) || roles.includes('agency_admin'));
    case 'payments.view':
      return actor.kind === 'officer' && working(roles);
    case 'payments.settle':
      return actor.kind === 'officer' && roles.includes('approver');
    // Feedback is handled by those who work dossiers there.
    case 'feedback.handle':
      return actor.kind === 'officer' && working(roles);
    // The help desk: the knowledge base, tickets and the hotline's log.
    case 'help.support':
      return actor.kind === 'officer' && roles.includes('support');
    // The leaders' dashboard (overdue dossiers, late rate, feedback, ratings, data quality):
    // those who sign for the agency or run it, not every officer who works there.
    case 'monitoring.dashboard':
      return (
        actor.kind === 'officer' && (roles.includes('approver') || roles.includes('agency_admin'))
      );
    case 'dossier.view':
    case 'bill.view':
      return false;
  }
}

export function can(actor: Actor | null, action: Action, resource: Resource): boolean {
  if (!actor) return false;
  if (resource.type === 'bill') {
    // In full (the payer's name, what it is for): its payer, and those who see who paid what
    // at the agency paid. Anyone else who has the code may pay it, seeing only what is owed.
    if (action !== 'bill.view') return false;
    if (actor.idNumber !== undefined && actor.idNumber === resource.payerIdNumber) return true;
    return can(actor, 'payments.view', { type: 'agency', code: resource.agencyCode });
  }
  if (resource.type === 'dossier') {
    if (action !== 'dossier.view') return false;
    if (actor.kind === 'citizen') return actor.ownerId === resource.ownerId;
    return resource.agencies.some((agency) => agency && atAgency(actor, 'agency.work', agency));
  }
  if (actor.kind === 'system_admin') return true;
  return atAgency(actor, action, resource.code);
}

/** The agencies where the actor's own roles let them do this. */
export const agenciesWith = (actor: Actor, action: Action): string[] =>
  [...new Set(actor.roles.map((r) => r.agencyCode))].filter((code) =>
    atAgency(actor, action, code),
  );

/** The agencies where the actor may do this ('all' for a system administrator). */
export const agenciesWhere = (actor: Actor, action: Action): string[] | 'all' =>
  actor.kind === 'system_admin' ? 'all' : agenciesWith(actor, action);

/** An agency as the dashboard's scope sees it: its kind and the province or ministry it is in. */
export interface OverseenAgency {
  code: string;
  /** Its kind, with its sector after a colon when it has one ('province_department:justice'). */
  kindKey: string;
  /** `province:<code>` or `ministry:<code>` (catalog's monitoringUnits), or null. */
  unit: string | null;
}

/**
 * The agencies a leader of `leading` sees on the dashboard: a province people's committee's
 * leaders see every agency of the province; a ministry's or central unit's (at the top, so
 * the unit is its own) every agency under it; anyone else their own agency. Null when the
 * actor may not see the dashboard for `leading` at all.
 */
export function dashboardAgencies(
  actor: Actor | null,
  leading: string,
  agencies: readonly OverseenAgency[],
): string[] | null {
  if (
    actor?.kind !== 'officer' ||
    !can(actor, 'monitoring.dashboard', { type: 'agency', code: leading })
  ) {
    return null;
  }
  const own = agencies.find((agency) => agency.code === leading);
  const kind = own?.kindKey.split(':')[0];
  const unit =
    kind === 'province_people_committee' && own?.unit?.startsWith('province:')
      ? own.unit
      : (kind === 'ministry' || kind === 'central_unit') && own?.unit === `ministry:${leading}`
        ? own.unit
        : null;
  if (!unit) return [leading];
  return agencies.filter((agency) => agency.unit === unit).map((agency) => agency.code);
}
