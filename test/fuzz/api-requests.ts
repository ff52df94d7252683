import { validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { signatureHeader } from '../../src/modules/payments/signatures.js';
import { PDF_BYTES } from '../files.js';
import type { World } from '../authorization/world.js';
import {
  fuzzedField,
  fuzzedObject,
  hostileString,
  hostileValue,
  type JsonSchema,
  type Known,
} from './arbitraries.js';
import {
  BOUNDARY,
  badBytes,
  bodyOf,
  brokenMultipart,
  multipartBody,
  textOf,
  urlOf,
  type Body,
  type WireRequest,
} from './wire.js';

/** One operation of the OpenAPI document, as the generators read it. */
export interface Operation {
  method: string;
  path: string;
  parameters: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  body: JsonSchema | null;
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Operation['parameters'];
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
}

export const operationsOf = (document: OpenApi): Operation[] =>
  Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content['application/json']?.schema ?? null,
    })),
  );

/** Real values by parameter name, the `code` or `id` of the thing the path is about. */
export function knownFor(path: string, w: World): Known {
  const codeOf = (): string[] => {
    if (path.includes('/dossiers/')) return [w.dossier, w.withdrawable, w.refused, w.late];
    if (path.includes('/agencies/')) return [w.agency1, w.agency2];
    if (path.includes('/procedures/')) return ['2.001009'];
    if (path.includes('/provinces/')) return ['01'];
    if (path.includes('/bills/')) return [w.bill];
    return [];
  };
  const idOf = (): string[] => {
    if (path.includes('/mismatches/')) return [w.mismatch];
    if (path.includes('/payments/')) return [w.paidOrder.id, w.wrongOrder.id];
    return [w.draft];
  };
  return {
    code: codeOf(),
    id: idOf(),
    accountId: [w.ids.spareOfficer, w.ids.officer1],
    role: ['receiver', 'processor'],
    number: ['1'],
    year: ['2026'],
    provider: ['sandbox-bank', 'vietqr'],
    procedureCode: ['2.001009'],
    procedure: ['2.001009'],
    agencyCode: [w.agency1],
    agency: [w.agency1],
    province: ['01'],
    email: [w.spareOfficerEmail],
    dossierCode: [w.feeDossier],
    billCode: [w.bill],
    idNumber: [w.personalIdA],
    day: ['2026-11-24'],
    from: ['2026-11-01'],
    to: ['2026-11-30'],
    newDueDate: ['2026-12-10'],
    q: ['chung thuc', 'giay phep lai xe'],
    // The certified copy's form (2.001009), as its drafts and the counter's intake answer it.
    'answers.names': ['documentName', 'documentIssuer', 'documentDate', 'copies', 'declaration'],
  };
}

/** A header value only as HTTP can carry it: others never reach a real server. */
const headerOk = (name: string, value: string) => {
  try {
    validateHeaderValue(name, value);
    return value.length < 8_000;
  } catch {
    return false;
  }
};

/** What a request without a documented body may still carry: anything at all. */
const anyBody = bodyOf(hostileValue);

/** Attachments come as a form with a file: the fields and the file fuzzed, or broken. */
const attachmentBody = (w: World): fc.Arbitrary<Body> =>
  fc.oneof(
    fc
      .record({
        field: fc.oneof(fc.constant('original'), hostileString),
        documentId: fc.option(fc.oneof(fc.constant(w.document), hostileString), { freq: 2 }),
        name: fc.oneof(fc.constant('ban-chinh.pdf'), hostileString),
        type: fc.constantFrom('application/pdf', 'text/html', 'image/jpeg', 'x/\u00ff'),
        data: fc.oneof(
          fc.constant(PDF_BYTES),
          fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
        ),
        bad: badBytes,
        withFile: fc.boolean(),
      })
      .map(({ field, documentId, name, type, data, bad, withFile }) => ({
        type: `multipart/form-data; boundary=${BOUNDARY}`,
        bytes: multipartBody(
          BOUNDARY,
          { field, documentId: documentId ?? undefined },
          withFile ? [{ field: 'file', name, type, data }] : [],
          bad,
        ),
      })),
    brokenMultipart,
    anyBody,
  );

/** A statement is CSV text: hostile cells under the real header line. */
const statementBody: fc.Arbitrary<Body> = fc.oneof(
  fc
    .array(
      fc.array(fc.oneof(hostileString, fc.constant('2026-11-24T09:00:00+07:00')), { maxLength: 5 }),
      {
        maxLength: 4,
      },
    )
    .map((rows) => ({
      type: 'text/csv',
      bytes: Buffer.from(
        ['booked_at,amount,description,bank_reference', ...rows.map((r) => r.join(','))].join('\n'),
      ),
    })),
  anyBody,
);

/**
 * Callbacks are signed: most carry a valid signature over hostile contents (the signature
 * is checked first, so only a signed body reaches what reads it), some none at all.
 */
const callbackBody = (w: World): fc.Arbitrary<Body & { signature?: string }> => {
  const event = fuzzedObject(
    {
      type: 'object',
      required: ['eventId', 'reference', 'outcome', 'amount', 'currency', 'at'],
      properties: {
        eventId: { type: 'string' },
        reference: { type: 'string' },
        outcome: { enum: ['succeeded', 'failed'] },
        amount: { type: 'integer', minimum: 1, maximum: 10_000 },
        currency: { enum: ['VND'] },
        failureCode: { type: 'string' },
        at: { type: 'string' },
      },
    },
    { reference: [w.paidOrder.number, w.wrongOrder.number], at: ['2026-12-08T02:00:00Z'] },
  );
  return fc.oneof(
    {
      weight: 3,
      arbitrary: event
        .map((e) => JSON.stringify(e))
        .map((text) => ({
          type: 'application/json',
          bytes: Buffer.from(text),
          signature: signatureHeader(text, 'sandbox-bank-development-key', w.clock.now()),
        })),
    },
    { weight: 1, arbitrary: anyBody },
  );
};

/** The requests of one operation, for one caller's cookie. */
export function requestsOf(
  op: Operation,
  w: World,
  cookie: string | null,
): fc.Arbitrary<WireRequest> {
  const known = knownFor(op.path, w);
  const fieldsOf = (where: string) =>
    Object.fromEntries(
      op.parameters
        .filter((p) => p.in === where)
        .map((p) => [
          p.name,
          fuzzedField(p.schema, p.name, known, where === 'path' || !!p.required),
        ]),
    );
  const key = `${op.method} ${op.path}`;
  const hasBody = !['GET', 'HEAD', 'DELETE'].includes(op.method);
  const body: fc.Arbitrary<(Body & { signature?: string }) | null> = !hasBody
    ? fc.constant(null)
    : key === 'POST /api/v1/dossiers/{id}/attachments'
      ? attachmentBody(w)
      : key === 'POST /api/v1/payments/statements'
        ? statementBody
        : key === 'POST /api/v1/payments/callbacks/{provider}'
          ? callbackBody(w)
          : op.body
            ? bodyOf(fuzzedObject(op.body, known))
            : fc.oneof(
                { weight: 3, arbitrary: fc.constant(null) },
                { weight: 1, arbitrary: anyBody },
              );
  return fc
    .record({
      params: fc.record(fieldsOf('path')),
      query: fc.record(fieldsOf('query')),
      extraQuery: fc.option(fc.tuple(hostileString, hostileValue), { freq: 6 }),
      headers: fc.record(fieldsOf('header')),
      accept: fc.constantFrom('application/json', 'text/html', '*/*', 'application/pdf'),
      language: fc.option(hostileString, { freq: 6 }),
      bad: badBytes,
      rawPath: fc.boolean(),
      body,
    })
    .map((r): WireRequest => {
      const query: Record<string, unknown> = { ...r.query };
      if (r.extraQuery) query[r.extraQuery[0]] = r.extraQuery[1];
      const headers: Record<string, string> = { accept: r.accept };
      for (const [name, value] of Object.entries(r.headers)) {
        const text = textOf(value);
        if (value !== undefined && headerOk(name, text)) headers[name] = text;
      }
      if (r.language && headerOk('accept-language', r.language))
        headers['accept-language'] = r.language;
      if (cookie) headers.cookie = cookie;
      if (r.body?.type) headers['content-type'] = r.body.type;
      if (r.body?.signature) headers['x-signature'] = r.body.signature;
      return {
        method: op.method,
        url: urlOf(op.path, r.params, query, r.bad, r.rawPath),
        headers,
        ...(r.body ? { body: r.body.bytes } : {}),
      };
    });
}
