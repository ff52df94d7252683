import { Type } from '@sinclair/typebox';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { audit } from '../../platform/audit.js';
import { invalidField, notFound, ProblemError, ProblemSchema } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { can, ROLES, WORKING_ROLES, type Action, type Actor, type Role } from './permissions.js';
import type { CatalogService } from '../catalog/index.js';
import { actorOf } from './authorization.js';

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

const GrantSchema = Type.Object({
  accountId: Type.String(),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  role: Type.String(),
  grantedAt: Type.String({ format: 'date-time' }),
});
const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
const tags = ['identity'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema };

export function roleRoutes(app: App, grants: RoleGrants) {
  app.get<{ Params: { code: string } }>(
    '/api/v1/agencies/:code/role-grants',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Role grants in an agency (its administrators only)',
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        response: { 200: Type.Object({ items: Type.Array(GrantSchema) }), ...errors },
      },
    },
    async (request) => {
      const rows = await grants.list(actorOf(request), request.params.code);
      return { items: rows.map((r) => ({ ...r, grantedAt: r.grantedAt.toISOString() })) };
    },
  );

  app.post<{ Params: { code: string }; Body: { email: string; role: Role; reason?: string } }>(
    '/api/v1/agencies/:code/role-grants',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Grant an officer a role in the agency',
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 200 }),
            role: RoleSchema,
            reason: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ accountId: Type.String(), role: Type.String() }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { email, role, reason } = request.body;
      const result = await grants.grant(actorOf(request), request.params.code, email, role, reason);
      return reply.status(201).send(result);
    },
  );

  app.delete<{ Params: { code: string; accountId: string; role: string } }>(
    '/api/v1/agencies/:code/role-grants/:accountId/:role',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Revoke an officer’s role in the agency',
        params: Type.Object({
          code: Type.String({ maxLength: 40 }),
          accountId: Type.String({ maxLength: 40 }),
          role: Type.String({ maxLength: 40 }),
        }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { code, accountId, role } = request.params;
      await grants.revoke(actorOf(request), code, accountId, role);
      return reply.status(204).send();
    },
  );
}
