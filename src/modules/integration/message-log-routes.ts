import { Type, type Static } from '@sinclair/typebox';
import { h } from 'preact';
import { invalidField, PROBLEM_RESPONSES } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { MAX_PATH_FILTER, searchFromPage } from './message-log-filters.js';
import { MessageLogPage } from './message-log.page.js';
import { OUTCOMES, type MessageLog, type MessageRecord } from './message-log.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const SearchQuery = Type.Object(
  {
    clientId: Type.Optional(Type.String({ format: 'uuid', description: 'api_clients id' })),
    requestId: Type.Optional(
      Type.String({ format: 'uuid', description: 'The X-Request-Id the portal answered' }),
    ),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Arrived at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Arrived before' })),
    status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
    outcome: Type.Optional(Type.Union(OUTCOMES.map((o) => Type.Literal(o)))),
    path: Type.Optional(
      Type.String({ minLength: 1, maxLength: MAX_PATH_FILTER, description: 'Text the path holds' }),
    ),
    before: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Records numbered below this: nextBefore' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });

const MessageRecordSchema = Type.Object({
  seq: Type.Integer({ description: 'Its place in the chain' }),
  requestId: Type.String({ format: 'uuid' }),
  clientId: Nullable(Type.String({ format: 'uuid' })),
  clientName: Nullable(Type.String()),
  at: Type.String({ format: 'date-time' }),
  method: Type.String(),
  route: Nullable(Type.String()),
  path: Type.String({ description: 'Identifiers redacted; of the query, names only' }),
  status: Nullable(Type.Integer({ description: 'null: the caller went away before the answer' })),
  outcome: Type.Union(OUTCOMES.map((o) => Type.Literal(o))),
  problemCode: Nullable(Type.String()),
  requestSha256: Nullable(Sha256),
  requestBytes: Nullable(Type.Integer()),
  responseSha256: Nullable(Sha256),
  responseBytes: Nullable(Type.Integer()),
  durationMs: Type.Number(),
  prevHash: Sha256,
  hash: Sha256,
});

const SearchAnswer = Type.Object({
  items: Type.Array(MessageRecordSchema),
  nextBefore: Nullable(Type.Integer({ description: 'Pass as `before` for the next page' })),
});

const dto = (
  r: MessageRecord & { clientName: string | null },
): Static<typeof MessageRecordSchema> => {
  const { durationUs, at, ...rest } = r;
  return { ...rest, at: at.toISOString(), durationMs: durationUs / 1000 };
};

const admins = { access: 'system_admin' as const };

/** Portal administrators search the message log: on the API and on a page. */
export async function messageLogRoutes(app: App, { log }: { log: MessageLog }) {
  app.get(
    '/api/v1/integration/messages',
    {
      config: admins,
      schema: {
        tags: ['integration'],
        summary: 'The message log of connected systems, newest first (portal administrators)',
        querystring: SearchQuery,
        response: { 200: SearchAnswer, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { from, to, limit = 50, ...rest } = request.query;
      const search = {
        ...rest,
        ...(from ? { from: new Date(from) } : {}),
        ...(to ? { to: new Date(to) } : {}),
      };
      if (search.from && search.to && search.to < search.from) {
        throw invalidField('to', 'integration.log.error.range');
      }
      const page = await log.search({ ...search, limit });
      return { items: page.items.map(dto), nextBefore: page.nextBefore };
    },
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/admin/integration/messages',
    {
      config: admins,
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) => {
      const clients = await log.clients();
      const { search, errors, typed } = searchFromPage(
        request.query,
        new Set(clients.map((c) => c.id)),
      );
      const page =
        errors.length > 0
          ? { items: [], nextBefore: null }
          : await log.search({ ...search, limit: 50 });
      return reply.page(
        h(MessageLogPage, {
          records: page.items,
          typed,
          errors: errors.map((e) => ({
            field: e.field,
            message: request.t(e.messageKey, e.params),
          })),
          clients,
          nextBefore: page.nextBefore,
          retentionDays: log.retentionDays,
        }),
        errors.length > 0 ? 400 : 200,
      );
    },
  );
}
