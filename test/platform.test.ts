import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { listMigrations, migrate, pendingMigrations } from '../src/platform/migrations.js';
import { openDatabase } from '../src/platform/db.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  ctx = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '40' } });
});

describe('operations endpoints', () => {
  it('healthz answers while the process lives; readyz checks the database and migrations', async () => {
    expect((await ctx.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await ctx.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect((ready.json() as { status: string }).status).toBe('ready');
  });

  it('readyz says draining once the process is stopping, and answers close their connection', async () => {
    const stopping = await createTestApp();
    expect((await stopping.app.inject({ url: '/api/v1/fields' })).headers.connection).not.toBe(
      'close',
    );
    stopping.app.startDraining();
    const ready = await stopping.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'draining' });
    // Still served (the load balancer may have sent it before it saw /readyz), on its way out.
    const served = await stopping.app.inject({ url: '/api/v1/fields' });
    expect(served.statusCode).toBe(200);
    expect(served.headers.connection).toBe('close');
  });

  it('metrics are in Prometheus text format, with request durations', async () => {
    await ctx.app.inject({ url: '/api/v1/fields' });
    const response = await ctx.app.inject({ url: '/metrics' });
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('http_request_duration_seconds_bucket');
    expect(response.body).toContain('route="/api/v1/fields"');
    expect(response.body).toContain('process_cpu_seconds_total');
  });

  it('publishes OpenAPI and its browsable docs', async () => {
    const spec = (await ctx.app.inject({ url: '/api/openapi.json' })).json() as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(spec.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/procedures',
      '/api/v1/procedures/{code}',
      '/api/v1/agencies',
      '/api/v1/agencies/{code}',
      '/api/v1/fields',
      '/api/v1/admin-units/provinces',
      '/api/v1/admin-units/provinces/{code}/communes',
    ]) {
      expect(spec.paths, path).toHaveProperty([path]);
    }
    const docs = await ctx.app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('sends strict security headers', async () => {
    const response = await ctx.app.inject({ url: '/' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBeDefined();
  });

  it('rate-limits with a problem-details answer', async () => {
    let last = await ctx.app.inject({ url: '/api/v1/fields', remoteAddress: '10.9.9.9' });
    for (let i = 0; i < 45 && last.statusCode !== 429; i++) {
      last = await ctx.app.inject({ url: '/api/v1/fields', remoteAddress: '10.9.9.9' });
    }
    expect(last.statusCode).toBe(429);
    expect(last.headers['content-type']).toContain('application/problem+json');
    expect((last.json() as { code: string }).code).toBe('rate_limited');
    expect(last.headers['retry-after']).toBeDefined();
    // Another client is not affected.
    expect(
      (await ctx.app.inject({ url: '/api/v1/fields', remoteAddress: '10.9.9.10' })).statusCode,
    ).toBe(200);
  });
});

describe('the public address', () => {
  it('sends pages asked for at another host there, and answers machines wherever they call', async () => {
    const at = (url: string, host: string, method: 'GET' | 'POST' = 'GET') =>
      ctx.app.inject({ url, method, headers: { host } });
    const page = await at('/procedures?q=khai+sinh', '127.0.0.1:3000');
    expect(page.statusCode).toBe(307);
    expect(page.headers.location).toBe('http://localhost/procedures?q=khai+sinh');
    expect((await at('/', 'localhost:80')).statusCode).toBe(200);
    expect((await at('/', 'localhost')).statusCode).toBe(200);
    expect((await at('/', 'evil.example:80')).statusCode).toBe(307);
    // The API, health checks and form posts are not moved.
    expect((await at('/api/v1/fields', '10.0.0.7:3000')).statusCode).toBe(200);
    expect((await at('/healthz', '10.0.0.7:3000')).statusCode).toBe(200);
    expect((await at('/auth/sign-out', '127.0.0.1:3000', 'POST')).statusCode).not.toBe(307);
  });
});

describe('migrations', () => {
  it('are all pending on a database never migrated (readiness says so, not "unreachable")', async () => {
    const empty = await openDatabase({ memory: true });
    try {
      expect(await pendingMigrations(empty)).toEqual(await listMigrations());
    } finally {
      await empty.close();
    }
  });

  it('are all applied, and applying again changes nothing', async () => {
    expect(await pendingMigrations(ctx.db)).toEqual([]);
    expect(await migrate(ctx.db)).toEqual([]);
    const applied = await ctx.db.query<{ name: string }>(
      'SELECT name FROM schema_migrations ORDER BY name',
    );
    expect(applied.map((r) => r.name)).toEqual(await listMigrations());
  });

  it('fold() matches diacritic-insensitive search, đ included', async () => {
    const [row] = await ctx.db.query<{ folded: string }>(
      `SELECT fold('Đăng ký Hộ kinh doanh') AS folded`,
    );
    expect(row?.folded).toBe('dang ky ho kinh doanh');
  });
});

describe('development stand-ins', () => {
  it('are off on request: no simulator, no mailbox page (it would show one-time codes)', async () => {
    const production = await createTestApp({ env: { IDP_SIMULATOR: 'false' } });
    for (const url of ['/dev/mailbox', '/idp/.well-known/openid-configuration']) {
      expect((await production.app.inject({ url })).statusCode, url).toBe(404);
    }
    expect((await ctx.app.inject({ url: '/dev/mailbox' })).statusCode).toBe(200);
  });
});
