import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { PROBLEM_RESPONSES, ProblemError, ProblemSchema } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { isReceivedFile, receiveRequestFile, tooLarge } from '../../platform/received-files.js';
import { SYNC_MAX_BATCH, type DossierSync } from '../dossiers/index.js';
import { apiClientOf } from './client-auth.js';

const tags = ['integration'];
const syncing = { apiScope: 'dossiers:sync' as const };

/** A batch of a thousand items with their fees, supplements and results fits well within. */
const BATCH_BYTES = 4 * 1_048_576;
const NDJSON = 'application/x-ndjson';
/** What a result file may be sent as: the content decides what it is (a PDF or an image). */
const FILE_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/heic',
  'image/heif',
  'application/octet-stream',
];

const Outcome = Type.Object({
  accepted: Type.Integer({ description: 'New events recorded (applied, or history only)' }),
  duplicates: Type.Integer({ description: 'Events sent before by this client: nothing done' }),
  refused: Type.Array(
    Type.Object({
      index: Type.Integer({ description: 'The item’s place in the batch, from 0' }),
      eventId: Type.Optional(Type.String()),
      code: Type.String({
        description:
          'malformed_item, unknown_procedure, unknown_agency, agency_not_allowed, incomplete_dossier or unknown_result_file',
      }),
      reason: Type.String(),
    }),
  ),
});

const ResultFile = Type.Object({
  sha256: Type.String({ description: 'Name the file by this in an event’s results' }),
  size: Type.Integer(),
  contentType: Type.String({ description: 'As found in the content' }),
});

/** One item a line; blank lines are skipped. A line that is not JSON refuses the batch. */
function parseNdjson(body: string): unknown[] {
  const items: unknown[] = [];
  const lines = body.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      items.push(JSON.parse(line));
    } catch {
      throw new ProblemError(400, 'malformed_ndjson', 'errors.sync.badNdjson', { line: i + 1 });
    }
  }
  return items;
}

/**
 * Status sync in (docs/dossiers.md, "Status sync"): connected systems holding the
 * dossiers:sync scope push dossiers and their events, one by one or up to a thousand at a
 * time, and upload the result files the events name. Items the portal cannot take are
 * refused one by one; the rest of the batch is applied.
 */
export async function syncRoutes(app: App, { sync }: { sync: DossierSync }) {
  app.addContentTypeParser(
    NDJSON,
    { parseAs: 'string', bodyLimit: BATCH_BYTES },
    (_r, body, done) => {
      try {
        done(null, parseNdjson(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  // A result file streams into a temporary file (removed once answered), never into memory.
  app.addContentTypeParser(FILE_TYPES, async (request: FastifyRequest, payload: Readable) => {
    if (Number(request.headers['content-length']) > sync.maxResultBytes) throw tooLarge();
    return receiveRequestFile(request, payload, { maxBytes: sync.maxResultBytes });
  });

  app.post(
    '/api/v1/integration/dossiers/events',
    {
      config: syncing,
      bodyLimit: BATCH_BYTES,
      schema: {
        tags,
        summary: `Push dossiers and status events: one item, a JSON array or NDJSON (at most ${SYNC_MAX_BATCH})`,
        description:
          'Each item: eventId, at, code, status 1–10; the first push of a dossier also procedureCode, agencyCode, channel, applicant {name, idNumber} and receivedAt; optionally dueAt, returnedAt, fees, supplements, results (uploaded first) and note. Idempotent by eventId; the newest event time wins per dossier.',
        consumes: ['application/json', NDJSON],
        response: { 200: Outcome, 413: ProblemSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const body: unknown = request.body;
      const items = Array.isArray(body)
        ? (body as unknown[])
        : body !== null && typeof body === 'object'
          ? [body]
          : null;
      if (!items) throw new ProblemError(400, 'not_a_batch', 'errors.sync.notABatch');
      if (items.length > SYNC_MAX_BATCH) {
        throw new ProblemError(413, 'too_many_items', 'errors.sync.tooManyItems', {
          max: SYNC_MAX_BATCH,
          count: items.length,
        });
      }
      return sync.apply(apiClientOf(request), items, request.locale);
    },
  );

  app.post(
    '/api/v1/integration/dossiers/results',
    {
      config: syncing,
      schema: {
        tags,
        summary: 'Upload a result document (PDF or image) before naming it in an event',
        consumes: FILE_TYPES,
        response: { 201: ResultFile, 413: ProblemSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      // No body at all is an empty file, refused as one.
      const file = isReceivedFile(request.body)
        ? request.body
        : await receiveRequestFile(request, Readable.from([]));
      const stored = await sync.storeResultFile(apiClientOf(request), file);
      return reply.status(201).send(stored);
    },
  );
}
