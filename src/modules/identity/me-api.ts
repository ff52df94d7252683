import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http.js';
import { ProblemError, ProblemSchema } from '../../platform/errors.js';
import type { IdentityService } from './service.js';

const BusinessSchema = Type.Object({
  id: Type.String(),
  enterpriseCode: Type.String(),
  name: Type.String(),
});

const MeSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  assuranceLevel: Type.Integer(),
  roles: Type.Array(Type.Object({ agencyCode: Type.String(), role: Type.String() })),
  businesses: Type.Array(BusinessSchema, { description: 'Businesses this person represents' }),
  actingFor: Type.Union([BusinessSchema, Type.Null()], {
    description: 'The business this session acts for, or null',
  }),
});

/** Who is signed in, for connected clients. */
export async function meApi(app: App, { identity }: { identity: IdentityService }) {
  app.get(
    '/api/v1/me',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['identity'],
        summary: 'Who is signed in',
        response: { 200: MeSchema, 401: ProblemSchema },
      },
    },
    async (request) => {
      const me = request.session ? await identity.me(request.session) : null;
      if (!me) throw new ProblemError(401, 'unauthenticated', 'errors.unauthenticated');
      return me;
    },
  );
}
