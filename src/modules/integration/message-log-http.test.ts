import { createHash, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProblemError } from '../../platform/errors.js';
import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import { messageLogPortal, TEST_CLIENT_HEADER } from '../../../test/integration-log.js';
import { officerWithRoles, sessionCookie, simulatedCitizen } from '../../../test/sessions.js';
import type { MessageLog, MessageRecord } from './message-log.js';

const sha = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');
const EMPTY_SHA = sha('');

/** Routes a connected system might call, each answering in its own way. */
async function testRoutes(app: App) {
  await app.register(multipart);
  app.post('/api/v1/integration/echo', async (request) => ({ received: request.body }));
  app.post(
    '/api/v1/integration/guarded',
    {
      onRequest: async () => {
        throw new ProblemError(401, 'invalid_token', 'errors.unauthenticated');
      },
    },
    async () => 'never',
  );
  app.get('/api/v1/integration/stream', async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send(Readable.from(['Một ', 'Cửa ', 'liên thông'])),
  );
  // A route that takes uploads says so (request-guards.ts refuses any other body type).
  const uploads = { schema: { hide: true, consumes: ['multipart/form-data'] } };
  app.post('/api/v1/integration/upload', uploads, async (request) => {
    const file = await request.file();
    return { bytes: (await file!.toBuffer()).length };
  });
  app.get('/api/v1/integration/fails', async () => {
    throw new Error('a fault of the portal');
  });
}

/** As the global rate limiter does: an earlier onRequest hook answers 429 at once. */
function limiter(app: App) {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/api/v1/integration/limited')) {
      await reply.status(429).type('application/problem+json').send({ code: 'rate_limited' });
    }
  });
}

let app: App;
let db: Database;
let log: MessageLog;

/** The record of the exchange answered with this X-Request-Id. */
async function recordOf(headers: Record<string, unknown>): Promise<MessageRecord> {
  const requestId = headers['x-request-id'] as string;
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  await log.settled();
  const [record] = (await log.search({ requestId, limit: 2 })).items;
  return record!;
}

beforeAll(async () => {
  ({ app, db, log } = await messageLogPortal({ before: limiter, routes: testRoutes }));
});

describe('recording exchanges', () => {
  it('records an answered exchange with the hashes of both bodies as sent', async () => {
    const client = randomUUID();
    const body = JSON.stringify({ events: [{ id: 'e-1', status: 4, note: 'Đã tiếp nhận' }] });
    const answer = await app.inject({
      method: 'POST',
      url: '/api/v1/integration/echo?agency=H01&since=2026-12-01',
      headers: { 'content-type': 'application/json', [TEST_CLIENT_HEADER]: client.toUpperCase() },
      payload: body,
    });
    expect(answer.statusCode).toBe(200);
    expect(await recordOf(answer.headers)).toMatchObject({
      clientId: client,
      method: 'POST',
      route: '/api/v1/integration/echo',
      // Of the query, names only: values may be someone's data.
      path: '/api/v1/integration/echo?agency&since',
      status: 200,
      outcome: 'ok',
      problemCode: null,
      requestSha256: sha(body),
      requestBytes: Buffer.byteLength(body),
      responseSha256: sha(answer.body),
      responseBytes: Buffer.byteLength(answer.body),
    });
  });

  it('records what no route answers, the identifiers in its address redacted', async () => {
    const answer = await app.inject({
      method: 'GET',
      url: '/api/v1/integration/citizens/001203004567?idNumber=001203004567&name=An',
    });
    expect(answer.statusCode).toBe(404);
    const record = await recordOf(answer.headers);
    expect(record).toMatchObject({
      clientId: null,
      route: null,
      path: '/api/v1/integration/citizens/[redacted]?idNumber&name',
      status: 404,
      outcome: 'rejected',
      problemCode: 'not_found',
      requestSha256: EMPTY_SHA,
      requestBytes: 0,
      responseSha256: sha(answer.body),
    });
    expect(JSON.stringify(record)).not.toContain('001203004567');
  });

  it('records a refused request, whose body was never read', async () => {
    const answer = await app.inject({
      method: 'POST',
      url: '/api/v1/integration/guarded',
      headers: { 'content-type': 'application/json' },
      payload: { token: 'forged' },
    });
    expect(answer.statusCode).toBe(401);
    expect(await recordOf(answer.headers)).toMatchObject({
      status: 401,
      outcome: 'refused',
      problemCode: 'invalid_token',
      requestSha256: null,
      requestBytes: null,
      responseSha256: sha(answer.body),
    });
  });

  it('records a request turned away before its own hooks ran (the rate limiter’s 429)', async () => {
    const answer = await app.inject({ method: 'GET', url: '/api/v1/integration/limited' });
    expect(answer.statusCode).toBe(429);
    expect(await recordOf(answer.headers)).toMatchObject({
      route: null,
      status: 429,
      outcome: 'refused',
      problemCode: 'rate_limited',
    });
  });

  it('records a malformed body by the bytes that came, and a failure of the portal', async () => {
    const broken = '{"events": [';
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/integration/echo',
      headers: { 'content-type': 'application/json' },
      payload: broken,
    });
    expect(malformed.statusCode).toBe(400);
    expect(await recordOf(malformed.headers)).toMatchObject({
      outcome: 'rejected',
      requestSha256: sha(broken),
      requestBytes: broken.length,
    });
    const failed = await app.inject({ method: 'GET', url: '/api/v1/integration/fails' });
    expect(failed.statusCode).toBe(500);
    expect(await recordOf(failed.headers)).toMatchObject({
      status: 500,
      outcome: 'failed',
      problemCode: 'internal_error',
    });
  });

  it('hashes a streamed answer as it goes out', async () => {
    const answer = await app.inject({ method: 'GET', url: '/api/v1/integration/stream' });
    expect(answer.body).toBe('Một Cửa liên thông');
    expect(await recordOf(answer.headers)).toMatchObject({
      responseSha256: sha(answer.rawPayload),
      responseBytes: answer.rawPayload.length,
    });
  });

  it('records nothing outside /api/v1/integration/', async () => {
    await log.settled();
    const before = (await log.search({ limit: 1 })).items[0]!.seq;
    const answer = await app.inject({ method: 'GET', url: '/api/v1/procedures?q=khai+sinh' });
    expect(answer.headers['x-request-id']).toBeUndefined();
    await log.settled();
    expect((await log.search({ limit: 1 })).items[0]!.seq).toBe(before);
  });
});

describe('recording exchanges over a real socket', () => {
  let base: URL;

  beforeAll(async () => {
    base = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
  });

  it('hashes a large body that comes in many pieces, and a multipart upload', async () => {
    const events = Array.from({ length: 3000 }, (_, n) => ({
      id: `ev-${n}`,
      code: `H01.22-241201-${String(n).padStart(4, '0')}`,
      status: (n % 10) + 1,
      note: 'Chuyển phòng chuyên môn xử lý',
    }));
    const body = JSON.stringify({ events });
    expect(body.length).toBeGreaterThan(250_000);
    const answer = await fetch(new URL('/api/v1/integration/echo', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(200);
    const text = await answer.text();
    expect(await recordOf({ 'x-request-id': answer.headers.get('x-request-id') })).toMatchObject({
      requestSha256: sha(body),
      requestBytes: Buffer.byteLength(body),
      responseSha256: sha(text),
    });

    const form = new FormData();
    form.set('file', new Blob([Buffer.alloc(200_000, 7)]), 'ket-qua.pdf');
    const sent = new Request(new URL('/api/v1/integration/upload', base), {
      method: 'POST',
      body: form,
    });
    const raw = Buffer.from(await sent.clone().arrayBuffer());
    const uploaded = await fetch(sent);
    expect(await uploaded.json()).toEqual({ bytes: 200_000 });
    expect(await recordOf({ 'x-request-id': uploaded.headers.get('x-request-id') })).toMatchObject({
      requestSha256: sha(raw),
      requestBytes: raw.length,
    });
  });

  it('records a caller that goes away before the answer, without one', async () => {
    await log.settled();
    const before = (await log.search({ limit: 1 })).items[0]!.seq;
    const socket = connect(Number(base.port), base.hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST /api/v1/integration/echo HTTP/1.1\r\nHost: localhost\r\n' +
        'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"events": [',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await expect
      .poll(async () => {
        await log.settled();
        return (await log.search({ limit: 1 })).items[0]!;
      })
      .toMatchObject({ seq: before + 1, status: null, outcome: 'aborted', requestSha256: null });
  });

  it('keeps one unbroken chain through all of it', async () => {
    await log.settled();
    expect(await log.verify()).toMatchObject({ ok: true });
  });
});

describe('the administrators’ search', () => {
  let admin: string;

  beforeAll(async () => {
    const [account] = await db.query<{ id: string }>(
      `INSERT INTO accounts (kind, name, email) VALUES ('system_admin', 'Quản trị hệ thống', $1)
       RETURNING id`,
      [`admin.${randomUUID()}@example.vn`],
    );
    admin = await sessionCookie(db, account!.id);
  });

  it('is for portal administrators only', async () => {
    const url = '/api/v1/integration/messages';
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const citizen = await sessionCookie(db, (await simulatedCitizen(db)).id);
    expect(
      (await app.inject({ method: 'GET', url, headers: { cookie: citizen } })).json(),
    ).toMatchObject({ status: 403, code: 'role_missing' });
    const [agency] = await db.query<{ code: string }>('SELECT code FROM agencies LIMIT 1');
    const officer = await sessionCookie(
      db,
      await officerWithRoles(db, 'Lê Văn Cán Bộ', agency!.code, ['agency_admin']),
    );
    expect(
      (await app.inject({ method: 'GET', url, headers: { cookie: officer } })).statusCode,
    ).toBe(403);
    const page = await app.inject({
      method: 'GET',
      url: '/admin/integration/messages',
      headers: { cookie: officer, accept: 'text/html' },
    });
    expect(page.statusCode).toBe(403);
    const anonymous = await app.inject({
      method: 'GET',
      url: '/admin/integration/messages',
      headers: { accept: 'text/html' },
    });
    expect(anonymous.statusCode).toBe(303);
  });

  it('searches by outcome and status, newest first, a page at a time', async () => {
    await log.settled();
    const refused = await app.inject({
      method: 'GET',
      url: '/api/v1/integration/messages?outcome=refused&limit=1',
      headers: { cookie: admin },
    });
    expect(refused.statusCode).toBe(200);
    const first = refused.json() as { items: MessageRecord[]; nextBefore: number | null };
    expect(first.items).toHaveLength(1);
    expect(first.items[0]!.outcome).toBe('refused');
    expect(first.nextBefore).toBe(first.items[0]!.seq);
    const next = await app.inject({
      method: 'GET',
      url: `/api/v1/integration/messages?outcome=refused&limit=5&before=${first.nextBefore}`,
      headers: { cookie: admin },
    });
    const rest = next.json() as { items: MessageRecord[] };
    expect(rest.items.every((r) => r.outcome === 'refused' && r.seq < first.nextBefore!)).toBe(
      true,
    );
    const notFound = await app.inject({
      method: 'GET',
      url: '/api/v1/integration/messages?status=404&path=citizens',
      headers: { cookie: admin },
    });
    expect((notFound.json() as { items: MessageRecord[] }).items[0]).toMatchObject({
      status: 404,
      path: '/api/v1/integration/citizens/[redacted]?idNumber&name',
    });
  });

  it('answers problem details for a search it cannot read', async () => {
    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/integration/messages?requestId=nope&status=99',
      headers: { cookie: admin },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const backwards = await app.inject({
      method: 'GET',
      url: '/api/v1/integration/messages?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z',
      headers: { cookie: admin },
    });
    expect(backwards.json()).toMatchObject({ status: 400, errors: [{ field: 'to' }] });
  });

  it('shows the records on a page, and says what is wrong with a search', async () => {
    const page = await app.inject({
      method: 'GET',
      url: '/admin/integration/messages?outcome=refused',
      headers: { cookie: admin, accept: 'text/html' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nhật ký trao đổi với hệ thống kết nối');
    expect(page.body).toContain('invalid_token');
    expect(page.body).not.toContain('/api/v1/integration/echo?');
    const wrong = await app.inject({
      method: 'GET',
      url: '/admin/integration/messages?requestId=abc&from=31/02/2026&status=6000&lang=en',
      headers: { cookie: admin, accept: 'text/html' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('class="error-summary"');
    expect(wrong.body).toContain('href="#requestId"');
    expect(wrong.body).toContain('href="#from"');
    expect(wrong.body).toContain('href="#status"');
    expect(wrong.body).toContain('The request id must be a UUID');
    expect(wrong.body).toContain('value="abc"');
  });
});
