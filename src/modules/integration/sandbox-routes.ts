import { Type } from '@sinclair/typebox';
import type { JWK } from 'jose';
import { PROBLEM_RESPONSES, ProblemError } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import type { CatalogService } from '../catalog/index.js';
import { TEST_IDENTITIES } from '../identity/index.js';
import { publicKeyOf, type ClientService } from './client-service.js';
import type { DeliveryService } from './deliveries.js';

const SandboxRegistration = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    provinceCode: Type.String({ minLength: 1, maxLength: 10 }),
    jwk: Type.Record(Type.String({ maxLength: 10 }), Type.Unknown(), { maxProperties: 20 }),
    /** Mark the province's agencies as processed in this system (those not taken already). */
    takeOver: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** Every agency of a province, page after page of the catalog's directory. */
async function provinceAgencies(catalog: CatalogService, province: string) {
  const agencies: { code: string; kind: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await catalog.listAgencies({
      province,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    agencies.push(...page.items.map((a) => ({ code: a.code, kind: a.kind })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return agencies;
}

/**
 * The sandbox connected system's registration, with the development stand-ins only (never in
 * production): `npm run connected-system` registers itself here with its public key, for the
 * agencies of one province, rather than asking an administrator.
 */
export async function sandboxRoutes(
  app: App,
  deps: {
    clients: ClientService;
    deliveries: DeliveryService;
    catalog: CatalogService;
    publicUrl: string;
  },
) {
  app.post<{ Body: typeof SandboxRegistration.static }>(
    '/api/v1/integration/sandbox/systems',
    {
      schema: {
        tags: ['integration'],
        summary: 'Register a sandbox connected system (development only)',
        body: SandboxRegistration,
        response: {
          201: Type.Object({
            clientId: Type.String(),
            audience: Type.String({ description: 'The aud of its assertions' }),
            agencies: Type.Array(Type.String()),
            connected: Type.Array(Type.String()),
            applicants: Type.Array(Type.Object({ name: Type.String(), idNumber: Type.String() })),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const { name, provinceCode, jwk, takeOver } = request.body;
      // The key and the province checked first: nothing half registered on a mistake.
      await publicKeyOf(jwk as JWK);
      const agencies = await provinceAgencies(deps.catalog, provinceCode);
      const owner = agencies.find((a) => a.kind === 'province_people_committee') ?? agencies[0];
      const codes = agencies.map((a) => a.code);
      const { client } = await deps.clients.register(null, {
        name,
        ownerAgencyCode: owner?.code ?? provinceCode,
        contactName: name,
        contactEmail: 'sandbox@example.vn',
        contactPhone: null,
        scopes: ['dossiers:sync', 'dossiers:receive', 'catalog:read', 'webhooks:manage'],
        allowedAgencies: codes,
        rateLimitPerMinute: 6000,
        allowedAddresses: [],
      });
      await deps.clients.addKey(null, client.id, jwk as JWK);
      const connected: string[] = [];
      for (const code of takeOver ? codes : []) {
        // An agency another system has already stays with it.
        const marked = await deps.deliveries.mark(null, client.id, code).then(
          () => true,
          (error: unknown) => {
            if (error instanceof ProblemError && error.status === 409) return false;
            throw error;
          },
        );
        if (marked) connected.push(code);
      }
      return reply.status(201).send({
        clientId: client.id,
        audience: `${deps.publicUrl}/api/v1/integration/token`,
        agencies: codes,
        connected,
        applicants: TEST_IDENTITIES.map((p) => ({ name: p.name, idNumber: p.personalId })),
      });
    },
  );
}
