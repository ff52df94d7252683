import { beforeAll, describe, expect, it } from 'vitest';
import { CookieClient } from '../../../test/browser-client.js';
import { api, completeBirthDraft, json, useDossierWorld, type Problem } from './dossiers-world.js';

// The public lookup takes the applicant's ID number in a posted body only: never in an
// address, where history, the header's links and request logs would keep it (issue 13).
const world = useDossierWorld();
const ID_NUMBER = '001089012345';
let code: string;

beforeAll(async () => {
  const id = await completeBirthDraft();
  code = (await api<{ code: string }>(world.an, 'POST', `/api/v1/dossiers/${id}/submit`)).body.code;
});

/** Every address a page names: links, forms, scripts, styles, images. */
const addressesIn = (html: string) =>
  [...html.matchAll(/\s(?:href|action|src|formaction)="([^"]*)"/g)].map((m) => m[1]!);

/** A visitor nobody signed in: the form, with its token, as the page draws it. */
async function openForm(path = '/lookup') {
  const visitor = new CookieClient(world.base);
  const page = await visitor.request(path);
  const html = await page.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return { visitor, page, html, csrf };
}

describe('the lookup page, without JavaScript', () => {
  it('posts the form and shows the status; no address on the page holds the ID number', async () => {
    const { visitor, html, csrf } = await openForm(`/lookup?code=${encodeURIComponent(code)}`);
    expect(html).toMatch(/<form method="post" action="\/lookup"/);
    expect(html).toContain(`value="${code}"`);
    const found = await visitor.postForm('/lookup', { csrf, code, idNumber: ID_NUMBER });
    expect(found.status).toBe(200);
    expect(found.url).not.toContain(ID_NUMBER);
    expect(found.headers.get('location')).toBeNull();
    expect(found.headers.get('cache-control')).toBe('no-store');
    const page = await found.text();
    expect(page).toContain('Kết quả tra cứu');
    expect(page).toContain('Mới nộp');
    // Once found, the number is not written back either (the next person at the computer).
    expect(page).not.toContain(ID_NUMBER);
    const addresses = addressesIn(page);
    expect(addresses).toContain('/auth/sign-in?returnTo=%2Flookup');
    expect(addresses.filter((a) => a.includes(ID_NUMBER))).toEqual([]);
  });

  it('shows a wrong pair again in the form, with no address holding the number', async () => {
    const { visitor, csrf } = await openForm();
    const wrong = await visitor.postForm('/lookup', { csrf, code, idNumber: '079195023456' });
    expect(wrong.status).toBe(404);
    const page = await wrong.text();
    expect(page).toContain('class="error-summary"');
    expect(page).toContain('value="079195023456"');
    expect(addressesIn(page).filter((a) => a.includes('079195023456'))).toEqual([]);
    const empty = await visitor.postForm('/lookup', { csrf, code, idNumber: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('href="#idNumber"');
  });

  it('refuses a post without this browser’s form token', async () => {
    const { visitor } = await openForm();
    const other = await openForm();
    const forged = { code, idNumber: ID_NUMBER };
    expect((await visitor.postForm('/lookup', forged)).status).toBe(403);
    expect((await visitor.postForm('/lookup', { ...forged, csrf: other.csrf })).status).toBe(403);
    const stranger = new CookieClient(world.base);
    expect((await stranger.postForm('/lookup', { ...forged, csrf: other.csrf })).status).toBe(403);
  });

  it('sends an old address with the ID number in it to one without', async () => {
    const old = await new CookieClient(world.base).request(
      `/lookup?code=${encodeURIComponent(code)}&idNumber=${ID_NUMBER}&lang=en`,
    );
    expect(old.status).toBe(303);
    const location = old.headers.get('location')!;
    expect(location).not.toContain(ID_NUMBER);
    expect(location).toBe(`/lookup?code=${encodeURIComponent(code)}&lang=en`);
  });
});

describe('the lookup API, for pages with JavaScript and other systems', () => {
  const post = (body: unknown, path = '/api/v1/dossier-lookup') =>
    fetch(`${world.base}${path}`, { method: 'POST', ...json(body) });

  it('takes the code and ID number in a JSON body', async () => {
    const found = await post({ code, idNumber: ID_NUMBER });
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({ code, status: 1 });
  });

  it('takes no ID number from the address', async () => {
    const query = `code=${encodeURIComponent(code)}&idNumber=${ID_NUMBER}`;
    const asked = await fetch(`${world.base}/api/v1/dossier-lookup?${query}`, {
      headers: { accept: 'application/json' },
    });
    expect(asked.status).toBe(404);
    const inQuery = await post({ code }, `/api/v1/dossier-lookup?${query}`);
    expect(inQuery.status).toBe(400);
    expect(((await inQuery.json()) as Problem).errors?.[0]?.field).toBe('idNumber');
  });
});

describe('the lookup’s limit', () => {
  it('is 10 a minute for each client, on the page as on the API', async () => {
    const { visitor, csrf } = await openForm();
    const pages: number[] = [];
    const calls: number[] = [];
    let limitedPage = '';
    for (let i = 0; i < 11; i++) {
      const page = await visitor.postForm('/lookup', { csrf, code, idNumber: ID_NUMBER });
      pages.push(page.status);
      if (page.status === 429) limitedPage = await page.text();
      calls.push(
        (
          await fetch(`${world.base}/api/v1/dossier-lookup`, {
            method: 'POST',
            ...json({ code, idNumber: ID_NUMBER }),
          })
        ).status,
      );
    }
    // Earlier tests of this file spent some of this minute's ten.
    expect(pages.at(-1)).toBe(429);
    expect(calls.at(-1)).toBe(429);
    expect(pages.filter((s) => s === 200).length).toBeGreaterThan(0);
    // The page says to wait, not to check what was typed.
    expect(limitedPage).toContain('Hãy đợi khoảng một phút');
  });
});
