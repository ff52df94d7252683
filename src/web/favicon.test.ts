import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/helpers.js';

let app: Awaited<ReturnType<typeof createTestApp>>['app'];

beforeAll(async () => {
  ({ app } = await createTestApp());
});

describe('the site icon', () => {
  it('answers /favicon.ico with an icon browsers may keep', async () => {
    const response = await app.inject({ url: '/favicon.ico' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    expect(response.headers['cache-control']).toMatch(/max-age=[1-9]/);
    // An ICO file: reserved 0, type 1, then its images.
    expect([...response.rawPayload.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  });

  it('links an SVG icon from every page', async () => {
    for (const url of ['/', '/procedures?q=khai+sinh', '/no/such/page']) {
      const html = (await app.inject({ url, headers: { accept: 'text/html' } })).body;
      expect(html, url).toContain(
        '<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"/>',
      );
    }
    const svg = await app.inject({ url: '/assets/favicon.svg' });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.headers['cache-control']).toMatch(/max-age=[1-9]/);
    expect(svg.body).toContain('<svg');
  });
});
