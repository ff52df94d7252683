import { Type } from '@sinclair/typebox';
import { ProblemSchema } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { actorOf } from './authorization.js';
import { ROLES, type Role } from './permissions.js';
import type { RoleGrants } from './roles.js';

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

/** Role grants in an agency, for its administrators. */
export async function roleRoutes(app: App, { grants }: { grants: RoleGrants }) {
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
