import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES, ProblemSchema } from '../../platform/errors.js';
import { sendPrivateStream, type App } from '../../platform/http.js';
import { actorOf } from '../identity/index.js';
import { apiClientOf } from './client-auth.js';
import type { ConnectedAgency, DeliveryService } from './deliveries.js';
import type { DeliveryQueue } from './delivery-queue.js';

const tags = ['integration'];
const admins = { access: 'system_admin' as const };
const receivers = { apiScope: 'dossiers:receive' as const };
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

const Attachment = Type.Object({
  fieldId: Type.String({ description: "The form's attachment field" }),
  documentId: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  url: Type.String({
    description: 'Download link, called with the same access token; it works until expiresAt',
  }),
  expiresAt: DateTime,
});

const Delivery = Type.Object({
  id: Type.String({ description: 'Acknowledge it by this id' }),
  attempt: Type.Integer({ description: 'How many pulls have handed it out, this one included' }),
  createdAt: DateTime,
  leasedUntil: Nullable(DateTime),
  acknowledgedAt: Nullable(DateTime),
  dossier: Type.Object({
    code: Type.String(),
    procedure: Type.Object({
      code: Type.String(),
      version: Type.Integer(),
      name: Type.String(),
      nameEn: Type.String(),
    }),
    agency: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
    channel: Type.Integer({ description: '1 at the counter, 2 online, 3 by post' }),
    status: Type.Integer({ description: 'National status code (1 submitted … 10 returned)' }),
    applicant: Type.Object({
      name: Type.String(),
      idNumber: Type.String({ description: 'Personal ID number or enterprise code' }),
      email: Nullable(Type.String()),
      phone: Nullable(Type.String()),
    }),
    answers: Type.Record(Type.String(), Type.Unknown(), {
      description: "The form's answers (attachments are listed apart)",
    }),
    submittedAt: DateTime,
    dueAt: DateTime,
    fees: Type.Array(
      Type.Object({
        amount: Type.Integer({ description: 'whole đồng' }),
        items: Type.Array(Type.Object({ name: Type.String(), amount: Type.Integer() })),
        requestedAt: DateTime,
        paid: Type.Boolean(),
      }),
    ),
    attachments: Type.Array(Attachment),
  }),
});

const Id = Type.Object({ id: Type.String({ maxLength: 40 }) });
const ConnectedSchema = Type.Object({
  agencyCode: Type.String(),
  agencyName: Type.String(),
  clientId: Type.String(),
  since: DateTime,
  markedBy: Nullable(Type.String()),
});
const connectedDto = (a: ConnectedAgency) => ({ ...a, since: a.since.toISOString() });

/** The pull queue, for connected systems that receive dossiers (scope dossiers:receive). */
export async function deliveryRoutes(app: App, { queue }: { queue: DeliveryQueue }) {
  app.get<{ Querystring: { limit?: number } }>(
    '/api/v1/integration/deliveries',
    {
      config: receivers,
      schema: {
        tags,
        summary: 'Pull dossiers filed on the portal for your agencies',
        description:
          'Each delivery answered is leased to you for 5 minutes; one not acknowledged by then ' +
          'is answered again by a later pull.',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Delivery) }), ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const items = await queue.pull(apiClientOf(request), request.query.limit ?? 20);
      return reply.header('cache-control', 'no-store').send({ items });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/integration/deliveries/:id',
    {
      config: receivers,
      schema: {
        tags,
        summary: 'One of your deliveries again, with fresh download links',
        params: Id,
        response: { 200: Delivery, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(await queue.get(apiClientOf(request), request.params.id)),
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/integration/deliveries/:id/ack',
    {
      config: receivers,
      schema: {
        tags,
        summary: 'Acknowledge a delivery: you have the dossier (again: the same answer)',
        params: Id,
        response: {
          200: Type.Object({
            id: Type.String(),
            dossierCode: Type.String(),
            acknowledgedAt: DateTime,
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => queue.acknowledge(apiClientOf(request), request.params.id),
  );

  app.get<{ Params: { token: string } }>(
    '/api/v1/integration/files/:token',
    {
      config: receivers,
      schema: {
        tags,
        summary: "A delivered dossier's file, by the link the delivery gave",
        params: Type.Object({ token: Type.String({ maxLength: 200 }) }),
        response: { ...PROBLEM_RESPONSES, 410: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { attachment, content } = await queue.file(apiClientOf(request), request.params.token);
      return sendPrivateStream(reply, {
        contentType: attachment.content_type,
        fileName: attachment.file_name,
        content,
      });
    },
  );
}

/** Marking agencies as processed in a connected system, for the portal's administrators. */
export async function connectedAgencyRoutes(
  app: App,
  { deliveries }: { deliveries: DeliveryService },
) {
  app.get<{ Params: { id: string } }>(
    '/api/v1/integration/clients/:id/agencies',
    {
      config: admins,
      schema: {
        tags,
        summary: 'The agencies processed in a connected system (its dossiers delivered to it)',
        params: Id,
        response: {
          200: Type.Object({ items: Type.Array(ConnectedSchema) }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => ({
      items: (await deliveries.connectedOf(request.params.id)).map(connectedDto),
    }),
  );

  app.post<{ Params: { id: string }; Body: { agencyCode: string } }>(
    '/api/v1/integration/clients/:id/agencies',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Mark an agency as processed in this connected system',
        description:
          'One of the agencies the system may receive. Dossiers filed online for it from now ' +
          "on are delivered to the system, and the portal's back office leaves them to it.",
        params: Id,
        body: Type.Object(
          { agencyCode: Type.String({ minLength: 1, maxLength: 40 }) },
          { additionalProperties: false },
        ),
        response: { 200: ConnectedSchema, 201: ConnectedSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const { agency, created } = await deliveries.mark(
        actorOf(request).accountId,
        request.params.id,
        request.body.agencyCode,
      );
      return reply.status(created ? 201 : 200).send(connectedDto(agency));
    },
  );

  app.delete<{ Params: { id: string; code: string } }>(
    '/api/v1/integration/clients/:id/agencies/:code',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Unmark an agency: its dossiers go to the portal back office again',
        description: 'Deliveries the system has not acknowledged are taken back.',
        params: Type.Object({
          id: Type.String({ maxLength: 40 }),
          code: Type.String({ maxLength: 40 }),
        }),
        response: { 200: Type.Object({ recalled: Type.Integer() }), ...PROBLEM_RESPONSES },
      },
    },
    async (request) =>
      deliveries.unmark(actorOf(request).accountId, request.params.id, request.params.code),
  );
}
