import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, settableClock } from './helpers.js';
import { sessionCookie, simulatedCitizen } from './sessions.js';

/** A clock the test moves, to bring a new version of a procedure into force. */
const clock = settableClock('2026-11-23T03:00:00Z');

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let citizen: string;
let name: string;
const PROCEDURE = '/procedures/1.001193';
const get = (url: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ url, headers: { accept: 'text/html', ...headers } });
const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

beforeAll(async () => {
  ctx = await createTestApp({ clock });
  const person = await simulatedCitizen(ctx.db);
  name = person.name;
  citizen = await sessionCookie(ctx.db, person.id, clock.instant);
});

describe('anonymous pages, kept whole', () => {
  it('are answered again from memory with an ETag a browser or CDN revalidates for nothing', async () => {
    const first = await get(PROCEDURE);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    expect(first.headers.vary).toBe('Accept-Language, Cookie');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(PROCEDURE);
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(etag);
    const revalidated = await get(PROCEDURE, { 'if-none-match': etag });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');
    // The security headers go with every answer, a kept one too.
    expect(revalidated.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('are kept per language', async () => {
    const vi = await get(PROCEDURE, { 'accept-language': 'vi' });
    const en = await get(PROCEDURE, { 'accept-language': 'en' });
    expect(vi.body).toContain('<html lang="vi"');
    expect(en.body).toContain('<html lang="en"');
    expect(en.headers.etag).not.toBe(vi.headers.etag);
    // Choosing a language sets a cookie: that answer is nobody else's to keep.
    const chosen = await get(`${PROCEDURE}?lang=en`);
    expect(chosen.headers['set-cookie']).toBeDefined();
    expect(chosen.headers['cache-control']).toBe('private, no-cache');
  });

  it('give someone signed in their own header around the kept page, and keep nothing of theirs', async () => {
    const anonymous = await get('/agencies');
    const mine = await get('/agencies', { cookie: citizen });
    expect(mine.body).toContain(name);
    expect(mine.body).toContain('action="/auth/logout"');
    expect(mine.body).not.toContain('href="/auth/sign-in');
    expect(main(mine.body)).toBe(main(anonymous.body));
    expect(mine.headers['cache-control']).toBe('private, no-store');
    expect(mine.headers.etag).toBeUndefined();
    // A page first drawn for someone signed in is kept as anyone else sees it: the
    // anonymous header in place of theirs, and nothing else differs.
    const theirsFirst = await get('/agencies?province=01', { cookie: citizen });
    expect(theirsFirst.body).toContain(name);
    const next = await get('/agencies?province=01');
    expect(next.body).not.toContain(name);
    expect(next.body).not.toContain('action="/auth/logout"');
    expect(next.body).toContain('href="/auth/sign-in');
    expect(main(next.body)).toBe(main(theirsFirst.body));
    expect(next.headers['cache-control']).toBe('public, max-age=60');
  });
});

describe('when the catalog changes', () => {
  it('forgets kept pages and search answers at once, and again once the new index is ready', async () => {
    const api = '/api/v1/procedures?q=khai+sinh&limit=50';
    const page = '/procedures?q=khai+sinh';
    const [pageBefore, apiBefore] = [await get(page), await get(api)];
    expect(apiBefore.headers['cache-control']).toBe('public, max-age=60');
    expect(pageBefore.body).not.toContain('Đăng ký khai sinh trực tuyến liên thông');
    await ctx.db.query(
      `INSERT INTO procedure_versions (procedure_id, version, effective_from, decision, name, name_en,
         level, kind, field_code, service_level, targets, target_description, summary, steps,
         channels, documents, agencies, receiving_address, results, conditions, keywords, legal_bases)
       SELECT procedure_id, version + 1, '2027-01-01', decision,
         'Đăng ký khai sinh trực tuyến liên thông', name_en, level, kind, field_code,
         service_level, targets, target_description, summary, steps, channels, documents,
         agencies, receiving_address, results, conditions, keywords, legal_bases
       FROM procedure_versions v
       WHERE v.id = (SELECT current_version_id FROM procedures WHERE name = 'Đăng ký khai sinh')`,
    );
    // Still the kept answers: nothing has taken effect.
    expect((await get(page)).body).toBe(pageBefore.body);
    clock.instant = new Date('2026-12-31T17:30:00Z');
    expect(await ctx.modules.catalog.service.activateDueVersions()).toBe(1);
    // The procedure's page is drawn anew at once; searches answer from the index before
    // while the new one loads (ADR 0013), and nothing they answered meanwhile is kept.
    expect((await get(PROCEDURE)).body).toContain('Đăng ký khai sinh trực tuyến liên thông');
    await get(page);
    await ctx.modules.catalog.warm();
    expect((await get(page)).body).toContain('Đăng ký khai sinh trực tuyến liên thông');
    expect((await get(api)).body).toContain('Đăng ký khai sinh trực tuyến liên thông');
  });
});
