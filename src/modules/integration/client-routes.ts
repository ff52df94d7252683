import { Type } from '@sinclair/typebox';
import type { JWK } from 'jose';
import { PROBLEM_RESPONSES } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { actorOf } from '../identity/index.js';
import type { ClientFields } from './client-repository.js';
import type { ClientService } from './client-service.js';
import { SCOPES, type ApiClient } from './scopes.js';

const tags = ['integration'];
const admins = { access: 'system_admin' as const };
const Id = Type.Object({ id: Type.String({ maxLength: 40 }) });

const Fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  ownerAgencyCode: Type.String({ minLength: 1, maxLength: 40 }),
  contactName: Type.String({ minLength: 1, maxLength: 200 }),
  contactEmail: Type.String({ format: 'email', maxLength: 200 }),
  contactPhone: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
  scopes: Type.Array(Type.Union(SCOPES.map((s) => Type.Literal(s))), {
    minItems: 1,
    uniqueItems: true,
  }),
  allowedAgencies: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
    maxItems: 5000,
    uniqueItems: true,
  }),
  rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  allowedAddresses: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 100 }),
  ),
};
const Jwk = Type.Record(Type.String({ maxLength: 10 }), Type.Unknown(), { maxProperties: 20 });
const RegisterBody = Type.Object(
  {
    ...Fields,
    keys: Type.Optional(Type.Array(Jwk, { maxItems: 5 })),
    /** A client secret instead of keys: development and tests only. */
    secret: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const UpdateBody = Type.Object(
  { ...Fields, version: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
type FieldsBody = Omit<ClientFields, 'rateLimitPerMinute' | 'allowedAddresses' | 'contactPhone'> & {
  contactPhone?: string | null;
  rateLimitPerMinute?: number;
  allowedAddresses?: string[];
};

const ClientSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  ownerAgencyCode: Type.String(),
  contactName: Type.String(),
  contactEmail: Type.String(),
  contactPhone: Type.Union([Type.String(), Type.Null()]),
  scopes: Type.Array(Type.String()),
  allowedAgencies: Type.Array(Type.String()),
  rateLimitPerMinute: Type.Integer(),
  allowedAddresses: Type.Array(Type.String()),
  status: Type.String(),
  suspendedReason: Type.Union([Type.String(), Type.Null()]),
  hasSecret: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
});
const KeySchema = Type.Object({
  kid: Type.String(),
  jwk: Type.Record(Type.String(), Type.Unknown()),
  addedAt: Type.String({ format: 'date-time' }),
  retiredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const clientFields = (body: FieldsBody): ClientFields => ({
  name: body.name.trim(),
  ownerAgencyCode: body.ownerAgencyCode,
  contactName: body.contactName.trim(),
  contactEmail: body.contactEmail.trim(),
  contactPhone: body.contactPhone?.trim() || null,
  scopes: body.scopes,
  allowedAgencies: body.allowedAgencies,
  rateLimitPerMinute: body.rateLimitPerMinute ?? 600,
  allowedAddresses: body.allowedAddresses ?? [],
});
const dto = (c: ApiClient) => ({
  ...c,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

/** Registering and managing connected systems, for the portal's administrators. */
export async function clientRoutes(app: App, { clients }: { clients: ClientService }) {
  app.get(
    '/api/v1/integration/clients',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Connected systems (API clients)',
        response: { 200: Type.Object({ items: Type.Array(ClientSchema) }), ...PROBLEM_RESPONSES },
      },
    },
    async () => ({ items: (await clients.list()).map(dto) }),
  );

  app.post<{ Body: typeof RegisterBody.static }>(
    '/api/v1/integration/clients',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Register a connected system',
        body: RegisterBody,
        response: {
          201: Type.Object({
            client: ClientSchema,
            keys: Type.Array(Type.String()),
            secret: Type.Union([Type.String(), Type.Null()]),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { keys = [], secret, ...fields } = request.body;
      const made = await clients.register(actor.accountId, clientFields(fields), {
        secret: secret === true,
      });
      const kids: string[] = [];
      for (const jwk of keys)
        kids.push(await clients.addKey(actor.accountId, made.client.id, jwk as JWK));
      return reply.status(201).send({ client: dto(made.client), keys: kids, secret: made.secret });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/integration/clients/:id',
    {
      config: admins,
      schema: {
        tags,
        summary: 'One connected system, with its keys',
        params: Id,
        response: {
          200: Type.Object({ client: ClientSchema, keys: Type.Array(KeySchema) }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => {
      const client = await clients.get(request.params.id);
      const keys = await clients.keys(client.id);
      return {
        client: dto(client),
        keys: keys.map((k) => ({
          ...k,
          addedAt: k.addedAt.toISOString(),
          retiredAt: k.retiredAt?.toISOString() ?? null,
        })),
      };
    },
  );

  app.put<{ Params: { id: string }; Body: typeof UpdateBody.static }>(
    '/api/v1/integration/clients/:id',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Change a connected system (send the version read)',
        params: Id,
        body: UpdateBody,
        response: { 200: ClientSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { version, ...fields } = request.body;
      const client = await clients.update(
        actorOf(request).accountId,
        request.params.id,
        version,
        clientFields(fields),
      );
      return dto(client);
    },
  );

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/api/v1/integration/clients/:id/suspend',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Suspend a connected system at once',
        params: Id,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: ClientSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) =>
      dto(
        await clients.suspend(actorOf(request).accountId, request.params.id, request.body.reason),
      ),
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/integration/clients/:id/reactivate',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Let a suspended connected system in again',
        params: Id,
        response: { 200: ClientSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => dto(await clients.reactivate(actorOf(request).accountId, request.params.id)),
  );

  app.post<{ Params: { id: string }; Body: { jwk: Record<string, unknown> } }>(
    '/api/v1/integration/clients/:id/keys',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Add a public key (JWK) the system signs its assertions with',
        params: Id,
        body: Type.Object({ jwk: Jwk }, { additionalProperties: false }),
        response: { 201: Type.Object({ kid: Type.String() }), ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const kid = await clients.addKey(
        actorOf(request).accountId,
        request.params.id,
        request.body.jwk as JWK,
      );
      return reply.status(201).send({ kid });
    },
  );

  app.delete<{ Params: { id: string; kid: string } }>(
    '/api/v1/integration/clients/:id/keys/:kid',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Retire a key: assertions signed with it are refused from now on',
        params: Type.Object({
          id: Type.String({ maxLength: 40 }),
          kid: Type.String({ maxLength: 200 }),
        }),
        response: { 204: Type.Null(), ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      await clients.retireKey(actorOf(request).accountId, request.params.id, request.params.kid);
      return reply.status(204).send();
    },
  );
}
