import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { audit } from '../../platform/audit.js';
import { changeKeys, type Changes } from '../../platform/changes.js';
import { invalidField, notFound, ProblemError } from '../../platform/errors.js';
import { can, WORKING_ROLES, type Action, type Actor, type Role } from './permissions.js';
import type { CatalogService } from '../catalog/index.js';

interface GrantRow {
  accountId: string;
  name: string;
  email: string | null;
  role: Role;
  grantedAt: Date;
}

/** Role grants within an agency, made by its administrators, every change audited. */
export class RoleGrants {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly catalog: CatalogService,
    /** Told of each grant and revocation: who may do what there has changed. */
    private readonly changes: Changes,
  ) {}

  /** An agency the actor may act on in this way, or 404: others' agencies look absent. */
  private async authorise(actor: Actor | null, action: Action, agencyCode: string) {
    if (!actor) throw new ProblemError(401, 'unauthenticated', 'errors.unauthenticated');
    const agency = await this.catalog.getAgency(agencyCode).catch(() => null);
    if (!agency || !can(actor, action, { type: 'agency', code: agencyCode })) throw notFound();
  }

  /** Which of the agencies' roles someone holds (a step nobody holds cannot be taken). */
  held(agencyCodes: string[]): Promise<{ agencyCode: string; role: string }[]> {
    return this.db.query(
      `SELECT DISTINCT agency_code AS "agencyCode", role FROM role_grants
       WHERE agency_code = ANY($1::text[])`,
      [agencyCodes],
    );
  }

  /** The officers working dossiers at an agency (not its administrators), by name. */
  officersAt(agencyCode: string): Promise<{ id: string; name: string }[]> {
    return this.db.query(
      `SELECT DISTINCT a.id, a.name FROM role_grants g JOIN accounts a ON a.id = g.account_id
       WHERE g.agency_code = $1 AND g.role = ANY($2::text[]) ORDER BY a.name`,
      [agencyCode, WORKING_ROLES],
    );
  }

  /** Who holds any of these roles at an agency (its leaders, told of what is overdue). */
  holdersOf(agencyCode: string, roles: readonly Role[]): Promise<{ id: string }[]> {
    return this.db.query(
      `SELECT DISTINCT account_id AS id FROM role_grants
       WHERE agency_code = $1 AND role = ANY($2::text[])`,
      [agencyCode, roles],
    );
  }

  async list(actor: Actor | null, agencyCode: string): Promise<GrantRow[]> {
    await this.authorise(actor, 'roles.view', agencyCode);
    return this.db.query<GrantRow>(
      `SELECT a.id AS "accountId", a.name, a.email, g.role, g.granted_at AS "grantedAt"
       FROM role_grants g JOIN accounts a ON a.id = g.account_id
       WHERE g.agency_code = $1 ORDER BY a.name, g.role`,
      [agencyCode],
    );
  }

  async grant(actor: Actor | null, agencyCode: string, email: string, role: Role, reason?: string) {
    await this.authorise(actor, 'roles.grant', agencyCode);
    const [officer] = await this.db.query<{ id: string }>(
      `SELECT id FROM accounts WHERE kind = 'officer' AND lower(email) = lower($1)`,
      [email],
    );
    if (!officer) throw invalidField('email', 'errors.officerNotFound', { email });
    await this.db.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO role_grants (account_id, agency_code, role, granted_by, granted_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING role`,
        [officer.id, agencyCode, role, actor?.accountId ?? null, this.clock.now()],
      );
      if (inserted.length === 0) return;
      this.changes.after(tx, changeKeys.account(officer.id), changeKeys.agency(agencyCode));
      await audit(tx, {
        at: this.clock.now(),
        actorId: actor?.accountId ?? null,
        action: 'role.grant',
        resourceType: 'agency',
        resourceId: agencyCode,
        before: null,
        after: { accountId: officer.id, role },
        reason: reason ?? null,
      });
    });
    return { accountId: officer.id, role };
  }

  async revoke(
    actor: Actor | null,
    agencyCode: string,
    accountId: string,
    role: string,
    reason?: string,
  ) {
    await this.authorise(actor, 'roles.revoke', agencyCode);
    const removed = await this.db.transaction(async (tx) => {
      const rows = await tx.query(
        `DELETE FROM role_grants WHERE account_id::text = $1 AND agency_code = $2 AND role = $3
         RETURNING role`,
        [accountId, agencyCode, role],
      );
      if (rows.length === 0) return false;
      this.changes.after(tx, changeKeys.account(accountId), changeKeys.agency(agencyCode));
      await audit(tx, {
        at: this.clock.now(),
        actorId: actor?.accountId ?? null,
        action: 'role.revoke',
        resourceType: 'agency',
        resourceId: agencyCode,
        before: { accountId, role },
        after: null,
        reason: reason ?? null,
      });
      return true;
    });
    if (!removed) throw notFound();
  }
}
