import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  ctx = await createTestApp();
  // The database going away mid-flight: the worst a request can meet.
  await ctx.db.close();
});

describe('when something breaks', () => {
  it('a page shows the 500 page, without a stack trace', async () => {
    const response = await ctx.app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(500);
    expect(response.body).toContain('Hệ thống đang gặp sự cố');
    expect(response.body).toContain('Dữ liệu bạn đã nhập không bị mất');
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('the API answers 500 problem details, without internals', async () => {
    const response = await ctx.app.inject({
      url: '/api/v1/fields',
      headers: { 'accept-language': 'en' },
    });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json() as Record<string, unknown>;
    expect(problem).toMatchObject({
      status: 500,
      code: 'internal_error',
      title: 'Something went wrong on our side',
    });
    expect(JSON.stringify(problem)).not.toMatch(/stack|\.ts:/);
  });

  it('readyz says the database is unreachable', async () => {
    const response = await ctx.app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect((response.json() as { status: string }).status).toBe('database_unreachable');
  });
});
