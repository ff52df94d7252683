import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/helpers.js';
import { connectedClient } from '../../../test/integration.js';
import { noneMatch } from './catalog-routes.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let headers: Record<string, string>;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
type Agency = { code: string; name: string; updatedAt: string };
type Procedure = { code: string; name: string; changedAt: string; versions: { version: number }[] };

const get = (url: string, extra: Record<string, string> = {}) =>
  ctx.app.inject({ url, headers: { ...headers, ...extra } });
const page = async <T>(url: string) => {
  const answer = await get(url);
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json() as Page<T>;
};
/** The database's time now: what change times are stamped with. */
const databaseNow = async () => (await ctx.db.query<{ now: Date }>('SELECT now() AS now'))[0]!.now;

beforeAll(async () => {
  ctx = await createTestApp();
  ({ headers } = await connectedClient(ctx.app, ctx.db, { scopes: ['catalog:read'] }));
});

describe('the catalog pull', () => {
  it('is for tokens carrying catalog:read', async () => {
    const other = await connectedClient(ctx.app, ctx.db, { scopes: ['dossiers:receive'] });
    for (const path of ['procedures', 'agencies']) {
      const refused = await ctx.app.inject({
        url: `/api/v1/integration/catalog/${path}`,
        headers: other.headers,
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'insufficient_scope' });
      expect(
        (await ctx.app.inject({ url: `/api/v1/integration/catalog/${path}` })).statusCode,
      ).toBe(401);
    }
  });

  it('pages through agencies in code order with a cursor', async () => {
    const first = await page<Agency>('/api/v1/integration/catalog/agencies?limit=3');
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await page<Agency>(
      `/api/v1/integration/catalog/agencies?limit=3&cursor=${first.nextCursor}`,
    );
    const codes = [...first.items, ...second.items].map((a) => a.code);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(6);
    expect(Date.parse(first.items[0]!.updatedAt)).not.toBeNaN();
    const bad = await get('/api/v1/integration/catalog/agencies?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect(
      (await get('/api/v1/integration/catalog/agencies?changedSince=yesterday')).statusCode,
    ).toBe(400);
  });

  it('answers with an ETag, and 304 to a client that has the page', async () => {
    const url = '/api/v1/integration/catalog/procedures?limit=5';
    const first = await get(url);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect((await get(url)).headers.etag).toBe(etag);
    const again = await get(url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect((await get(url, { 'if-none-match': '"something-else"' })).statusCode).toBe(200);
    const other = await get('/api/v1/integration/catalog/procedures?limit=4', {
      'if-none-match': etag,
    });
    expect(other.statusCode).toBe(200);
    expect(other.headers.etag).not.toBe(etag);
  });

  it('answers the agencies changed since a time, and a new ETag once one changes', async () => {
    const since = await databaseNow();
    const url = `/api/v1/integration/catalog/agencies?changedSince=${since.toISOString()}`;
    const before = await get(url);
    expect(before.json()).toEqual({ items: [], nextCursor: null });
    const [agency] = await ctx.db.query<{ code: string }>(
      `UPDATE agencies SET phone = '024 3825 0000', updated_at = now()
       WHERE code = (SELECT code FROM agencies ORDER BY code OFFSET 10 LIMIT 1) RETURNING code`,
    );
    // The catalog is held in memory and read again when it changes.
    ctx.modules.catalog.changes.changed();
    const after = await get(url, { 'if-none-match': before.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect((after.json() as Page<Agency>).items).toEqual([
      expect.objectContaining({ code: agency!.code, phone: '024 3825 0000' }),
    ]);
  });

  it('answers the procedures changed since a time: a new version made', async () => {
    const since = await databaseNow();
    const url = `/api/v1/integration/catalog/procedures?changedSince=${since.toISOString()}`;
    expect((await page<Procedure>(url)).items).toEqual([]);
    const [changed] = await ctx.db.query<{ code: string }>(
      `INSERT INTO procedure_versions (procedure_id, version, effective_from, decision, name,
         name_en, level, kind, field_code, service_level, targets, target_description, summary,
         steps, channels, documents, agencies, receiving_address, results, conditions, keywords,
         legal_bases)
       SELECT v.procedure_id, v.version + 1, '2099-01-01',
         '{"number":"99/QĐ-BTP","title":"Sửa đổi","date":"2026-11-20","issuer":"Bộ Tư pháp"}',
         v.name, v.name_en, v.level, v.kind, v.field_code, v.service_level, v.targets,
         v.target_description, v.summary, v.steps, v.channels, v.documents, v.agencies,
         v.receiving_address, v.results, v.conditions, v.keywords, v.legal_bases
       FROM procedures p JOIN procedure_versions v ON v.id = p.current_version_id
       WHERE p.name = 'Đăng ký khai sinh'
       RETURNING (SELECT code FROM procedures WHERE id = procedure_id)`,
    );
    const items = (await page<Procedure>(url)).items;
    expect(items.map((p) => p.code)).toEqual([changed!.code]);
    expect(Date.parse(items[0]!.changedAt)).toBeGreaterThanOrEqual(since.getTime());
    expect(items[0]!.versions.at(-1)).toMatchObject({
      effectiveFrom: '2099-01-01',
      inForce: false,
    });
    // Everything, from the start of time: every procedure, a page at a time.
    const all = await page<Procedure>('/api/v1/integration/catalog/procedures?limit=200');
    expect(all.items.length).toBeGreaterThan(90);
    expect(all.items.map((p) => p.code)).toContain(changed!.code);
  });
});

describe('If-None-Match', () => {
  it('names the ETag in a list, weak or strong, or as *', () => {
    expect(noneMatch('"a", W/"b"', '"b"')).toBe(true);
    expect(noneMatch('*', '"b"')).toBe(true);
    expect(noneMatch('"a"', '"b"')).toBe(false);
    expect(noneMatch(undefined, '"b"')).toBe(false);
  });
});
