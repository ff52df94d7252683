import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalidField, PROBLEM_RESPONSES } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import type { CatalogService } from '../catalog/index.js';

const tags = ['integration'];
const readers = { apiScope: 'catalog:read' as const };

const PullQuery = Type.Object(
  {
    changedSince: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Only what changed at or after this instant (ISO 8601); everything without',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
type Pull = typeof PullQuery.static;

const page = (description: string) => ({
  200: Type.Object({
    items: Type.Array(Type.Record(Type.String(), Type.Unknown()), { description }),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'The next page: the same query with this cursor; null on the last page',
    }),
  }),
  304: Type.Null({ description: 'Not modified: If-None-Match named this ETag' }),
  ...PROBLEM_RESPONSES,
});

/** Cursors are opaque: the code the page ended at. */
const encodeCursor = (code: string) => Buffer.from(`after:${code}`).toString('base64url');
function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const match = /^after:([0-9A-Za-z._-]{1,60})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match) throw invalidField('cursor', 'errors.field.badCursor');
  return match[1];
}

/** A strong validator of the exact bytes answered. */
const etagOf = (body: string) =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

/** Whether If-None-Match names this ETag (compared weakly, as RFC 9110 says for it). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Answers a page with its ETag, or 304 when the client has it already. */
function conditional(request: FastifyRequest, reply: FastifyReply, answer: unknown) {
  const body = JSON.stringify(answer);
  const etag = etagOf(body);
  // Kept by the client, asked again each time (it changes whenever the catalog does).
  reply.header('etag', etag).header('cache-control', 'private, no-cache');
  if (noneMatch(request.headers['if-none-match'], etag)) return reply.status(304).send();
  return reply.type('application/json; charset=utf-8').send(body);
}

const input = (query: Pull) => ({
  since: new Date(query.changedSince ?? 0),
  after: decodeCursor(query.cursor),
  limit: query.limit ?? 50,
});

const answer = <T extends { code: string }>(result: { items: T[]; more: boolean }) => ({
  items: result.items,
  nextCursor:
    result.more && result.items.length > 0 ? encodeCursor(result.items.at(-1)!.code) : null,
});

/**
 * The catalog for connected systems keeping a copy of it (scope catalog:read): procedures and
 * agencies changed since a time, a page at a time in code order, each page with a strong
 * ETag so that asking again for what has not changed costs a 304.
 */
export async function catalogPullRoutes(app: App, { catalog }: { catalog: CatalogService }) {
  app.get<{ Querystring: Pull }>(
    '/api/v1/integration/catalog/procedures',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Procedures changed since a time, whole (as /api/v1/procedures/{code})',
        description:
          'A procedure changes when it is made, when a version of it is made or takes effect, ' +
          'and when its annulment takes effect; changedAt says when. Ask next with the ' +
          'greatest changedAt you have seen (the boundary is included).',
        querystring: PullQuery,
        response: page('Each procedure with changedAt'),
      },
    },
    async (request, reply) =>
      conditional(
        request,
        reply,
        answer(await catalog.proceduresChangedSince(input(request.query))),
      ),
  );

  app.get<{ Querystring: Pull }>(
    '/api/v1/integration/catalog/agencies',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Agencies changed since a time (as /api/v1/agencies lists them)',
        description: 'updatedAt says when each changed; the boundary is included.',
        querystring: PullQuery,
        response: page('Each agency with updatedAt'),
      },
    },
    async (request, reply) =>
      conditional(request, reply, answer(await catalog.agenciesChangedSince(input(request.query)))),
  );
}
