import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { rateLimitKey } from '../src/platform/http.js';
import { createTestApp, freePort } from './helpers.js';
import { officerWithRoles, sessionCookie } from './sessions.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
const log: string[] = [];

beforeAll(async () => {
  ctx = await createTestApp({
    env: { LOG_LEVEL: 'info' },
    logStream: { write: (line) => void log.push(line) },
  });
});

const SOME_ID = '6a1f7f3e-0000-4000-8000-000000000000';
const problemOf = (response: { json(): unknown }) =>
  response.json() as { status: number; code: string; errors?: { field: string }[] };

describe('content types', () => {
  it('a JSON route refuses a form-encoded body (415), so no other site can post to it', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/payments/${SOME_ID}/refunds`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'amount=1000&reason=x',
    });
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(problemOf(response).code).toBe('unsupported_media_type');
  });

  it('a JSON route refuses multipart and text bodies', async () => {
    for (const type of ['multipart/form-data; boundary=x', 'text/plain']) {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/dossiers',
        headers: { 'content-type': type },
        payload: '--x--',
      });
      expect(response.statusCode, type).toBe(415);
    }
  });

  it('the upload route takes multipart only', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${SOME_ID}/attachments`,
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(response.statusCode).toBe(415);
  });

  it('a page form refuses JSON, and says so on a page', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/auth/local/code',
      headers: { 'content-type': 'application/json', accept: 'text/html' },
      payload: '{"code":"123456"}',
    });
    expect(response.statusCode).toBe(415);
    expect(response.body).toContain('Không nhận dữ liệu dạng application/json');
  });
});

describe('text that is not text', () => {
  it('a NUL in a query value, a path or a JSON field is a 400 naming the field', async () => {
    const cases = [
      { method: 'GET' as const, url: '/api/v1/procedures?q=gi%00ay', field: 'q' },
      { method: 'GET' as const, url: '/api/v1/procedures/1.000%00', field: 'code' },
      {
        method: 'POST' as const,
        url: '/api/v1/dossiers',
        payload: { procedureCode: 'a\u0000b' },
        field: 'procedureCode',
      },
    ];
    for (const { field, ...request } of cases) {
      const response = await ctx.app.inject(request);
      expect(response.statusCode, request.url).toBe(400);
      expect(problemOf(response)).toMatchObject({ code: 'unreadable_text' });
      expect(problemOf(response).errors?.[0]?.field).toBe(field);
    }
  });

  it('broken UTF-8, in the query or the body, and lone surrogates are refused', async () => {
    const query = await ctx.app.inject({ url: '/api/v1/procedures?q=%FF%FE' });
    expect(query.statusCode).toBe(400);
    const body = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: { 'content-type': 'application/json' },
      payload: Buffer.concat([
        Buffer.from('{"procedureCode":"'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}'),
      ]),
    });
    expect(body.statusCode).toBe(400);
    const surrogate = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: { 'content-type': 'application/json' },
      payload: '{"procedureCode":"\\ud800x"}',
    });
    expect(surrogate.statusCode).toBe(400);
  });

  it('Vietnamese text and emoji pass', async () => {
    const response = await ctx.app.inject({
      url: `/api/v1/procedures?q=${encodeURIComponent('đăng ký khai sinh 👶')}`,
    });
    expect(response.statusCode).toBe(200);
  });

  it('a page asked with a NUL shows the error page, not a 500', async () => {
    const response = await ctx.app.inject({
      url: '/search?q=%00',
      headers: { accept: 'text/html' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<!doctype html>');
  });

  it('a page address that does not decode, or is past the router’s length, is an error page', async () => {
    for (const url of ['/dossiers/%FF/withdraw', `/dossiers/${'9'.repeat(5000)}/withdraw`]) {
      const response = await ctx.app.inject({
        method: 'POST',
        url,
        headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'reason=x',
      });
      // 414 for the long one: the router names it too long.
      expect([400, 414], url.slice(0, 30)).toContain(response.statusCode);
      expect(response.body).toContain('<!doctype html>');
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('a URL that does not decode is a problem with the security headers', async () => {
    const response = await ctx.app.inject({ url: '/api/v1/procedures/%FF' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-frame-options']).toBe('DENY');
  });
});

describe('a request Node cannot parse', () => {
  it('headers past the limit are a 431 problem with the security headers', async () => {
    const port = await freePort();
    const server = await createTestApp();
    await server.app.listen({ port, host: '127.0.0.1' });
    const answer = await new Promise<string>((resolve, reject) => {
      let received = '';
      const socket = connect(port, '127.0.0.1', () =>
        socket.write(
          `GET /procedures?q=${'a'.repeat(100_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
        ),
      );
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head).toContain('content-type: application/problem+json');
    expect(head).toContain("content-security-policy: default-src 'self'");
    expect(JSON.parse(body)).toMatchObject({ status: 431, code: 'headers_too_large' });
  });
});

describe('numbers and nesting no schema can bound', () => {
  it('1e309, which reads as Infinity, is a 400 in a path, a query and a JSON body', async () => {
    for (const request of [
      { method: 'GET' as const, url: '/api/v1/calendar/1e309' },
      { method: 'GET' as const, url: '/api/v1/procedures?limit=1e309' },
      {
        method: 'POST' as const,
        url: '/api/v1/dossiers',
        headers: { 'content-type': 'application/json' },
        payload: '{"procedureCode":"1.000","n":1e309}',
      },
    ]) {
      const response = await ctx.app.inject(request);
      expect(response.statusCode, request.url).toBe(400);
    }
  });

  it('a body nested 20,000 deep is a 400, not a stack overflow', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: { 'content-type': 'application/json' },
      payload: `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).code).toBe('validation_failed');
  });
});

describe('the rate limits key on the real client', () => {
  it('X-Forwarded-For is not believed when no proxy is trusted', async () => {
    const response = await ctx.app.inject({
      url: '/api/v1/fields',
      headers: { 'x-forwarded-for': '203.0.113.9' },
      remoteAddress: '198.51.100.7',
    });
    expect(response.statusCode).toBe(200);
    const limited = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = await limited.app.inject({
        url: '/api/v1/fields',
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
        remoteAddress: '198.51.100.7',
      });
      statuses.push(answer.statusCode);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
  });

  it('a client gone before the limiter ran is counted, not failed', () => {
    expect(rateLimitKey({ ip: '198.51.100.7' })).toBe('198.51.100.7');
    expect(rateLimitKey({ ip: undefined })).toBe('gone');
  });

  it('behind a trusted proxy, the client it names is the one limited', async () => {
    const proxied = await createTestApp({
      env: { RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '10.0.0.0/8' },
    });
    const from = (client: string, proxy: string) =>
      proxied.app.inject({
        url: '/api/v1/fields',
        headers: { 'x-forwarded-for': client },
        remoteAddress: proxy,
      });
    const statuses = [
      (await from('203.0.113.1', '10.0.0.2')).statusCode,
      (await from('203.0.113.1', '10.0.0.2')).statusCode,
      (await from('203.0.113.1', '10.0.0.2')).statusCode,
      (await from('203.0.113.2', '10.0.0.2')).statusCode,
      // Not a trusted proxy: what it forwards is ignored, it is the client.
      (await from('203.0.113.3', '192.0.2.1')).statusCode,
      (await from('203.0.113.4', '192.0.2.1')).statusCode,
      (await from('203.0.113.5', '192.0.2.1')).statusCode,
    ];
    expect(statuses).toEqual([200, 200, 429, 200, 200, 200, 429]);
  });
});

describe('the request log', () => {
  it('keeps no ID number, token, one-time code or cookie', async () => {
    await ctx.app.inject({
      url: '/auth/callback?code=abc123secret&state=s7a7e&iss=x',
      headers: { cookie: 'sid=sessiontokenvalue1234567890abcdefghij' },
    });
    await ctx.app.inject({ url: '/api/v1/dossier-lookup?idNumber=001099012345&code=H29' });
    await ctx.app.inject({ url: '/lookup/001099012345' });
    await ctx.app.inject({ url: `/api/v1/payments/${SOME_ID}` });
    const written = log.join('');
    // What identifies a record, not a person, stays, so the log can still be followed.
    expect(written).toContain(SOME_ID);
    expect(written).toContain('/auth/callback?code=[redacted]&state=[redacted]&iss=x');
    for (const secret of ['abc123secret', 's7a7e', '001099012345', 'sessiontokenvalue']) {
      expect(written).not.toContain(secret);
    }
  });
});

describe('ids that only look like UUIDs', () => {
  const DASHES = '-'.repeat(36);

  it('name nothing (4xx), rather than failing in the database', async () => {
    const officer = await officerWithRoles(ctx.db, 'Trần Thị Lan', '000.00.15.H48', [
      'approver',
      'processor',
    ]);
    const cookie = await sessionCookie(ctx.db, officer);
    const cursor = Buffer.from(JSON.stringify(['2026-11-30T00:00:00.000Z', DASHES])).toString(
      'base64url',
    );
    for (const request of [
      { method: 'GET' as const, url: `/api/v1/payments/${DASHES}` },
      {
        method: 'POST' as const,
        url: `/api/v1/payments/${DASHES}/refunds`,
        payload: { amount: 1000, reason: 'thu nhầm' },
      },
      { method: 'GET' as const, url: `/api/v1/backoffice/dossiers?cursor=${cursor}` },
    ]) {
      const response = await ctx.app.inject({ ...request, headers: { cookie } });
      expect(response.statusCode, request.url).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, request.url).toBeLessThan(500);
    }
  });
});
