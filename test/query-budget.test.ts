import { beforeAll, describe, expect, it } from 'vitest';
import { insertSyntheticDossiers } from '../src/modules/dossiers/fixtures.js';
import { createTestApp } from './helpers.js';
import { countingDatabase } from './query-count.js';
import { officerWithRoles, sessionCookie, simulatedCitizen } from './sessions.js';
import { BIRTH_ANSWERS, badinhWard } from './dossiers.js';
import { PDF_BYTES } from './files.js';
import { changeKeys } from '../src/platform/changes.js';

/**
 * Round trips to the database per request, for the pages and API routes people use most.
 * Each budget is what the request needs: a change that adds a query to one of them fails
 * here, and either finds a way without it or raises the budget saying why.
 *
 * Counted with the catalog's stable data already in memory (as in a running portal), no
 * kept page or answer (as for an address nobody asked before) and nothing remembered of who
 * is signed in (as for someone's first request in a while); a kept page costs none.
 */
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let counter: ReturnType<typeof countingDatabase>;
const cookies: Record<'citizen' | 'officer', string> = { citizen: '', officer: '' };
const accounts: Record<'citizen' | 'officer', string> = { citizen: '', officer: '' };

beforeAll(async () => {
  ctx = await createTestApp({
    database: (db) => {
      counter = countingDatabase(db);
      return counter.db;
    },
  });
  const { id } = await simulatedCitizen(ctx.db);
  const ward = await badinhWard(ctx.db);
  await insertSyntheticDossiers(ctx.db, { ownerId: id, agencies: [ward], count: 30 });
  cookies.citizen = await sessionCookie(ctx.db, id);
  accounts.citizen = id;
  const officer = await officerWithRoles(ctx.db, 'Trần Thị Lan', ward, [
    'receiver',
    'processor',
    'approver',
  ]);
  cookies.officer = await sessionCookie(ctx.db, officer);
  accounts.officer = officer;
});

/** As if the person's session had not been read lately and their pages had changed. */
const forget = (who?: keyof typeof cookies) => {
  ctx.app.clearResponseCache();
  if (who) ctx.modules.changes.changed(changeKeys.account(accounts[who]));
};

/** The statements one request sends, after a first request to the same address warmed up. */
async function statementsOf(url: string, who?: keyof typeof cookies) {
  const send = async () => {
    const response = await ctx.app.inject({
      url,
      headers: { accept: 'text/html', ...(who ? { cookie: cookies[who] } : {}) },
    });
    expect(response.statusCode, url).toBe(200);
  };
  await send();
  forget(who);
  counter.take();
  await send();
  return counter.take();
}

const budget = (statements: string[], most: number) =>
  expect(
    statements.length,
    `${statements.length} statements, at most ${most}:\n${statements.join('\n---\n')}`,
  ).toBeLessThanOrEqual(most);

describe('statements per request', () => {
  it.each([
    ['/', 0],
    ['/procedures?q=giay+phep+lai+xe', 0],
    ['/procedures?q=giay+phep+lai+xw&level=province', 0],
    ['/procedures/1.001193', 0],
    ['/agencies', 0],
    ['/agencies/000.00.00.H01', 1],
    ['/api/v1/procedures?q=khai+sinh', 0],
    ['/api/v1/procedures/1.001193', 0],
    ['/api/v1/agencies?kind=ministry', 0],
    ['/api/v1/fields', 0],
    ['/readyz', 1],
  ] as const)('anonymous %s: at most %i', async (url, most) => {
    budget(await statementsOf(url), most);
  });

  it.each([
    ['/procedures/1.001193', 1],
    ['/my/dossiers', 2],
    ['/notifications', 2],
    ['/api/v1/me', 1],
    ['/api/v1/dossiers', 2],
  ] as const)('citizen %s: at most %i', async (url, most) => {
    budget(await statementsOf(url, 'citizen'), most);
  });

  it.each([
    ['/backoffice', 5],
    ['/api/v1/backoffice/dossiers', 5],
  ] as const)('officer %s: at most %i', async (url, most) => {
    budget(await statementsOf(url, 'officer'), most);
  });

  it('a submission: at most 7', async () => {
    const as = (method: 'POST' | 'PATCH', url: string, body: unknown) =>
      ctx.app.inject({
        method,
        url,
        headers: { cookie: cookies.citizen, accept: 'application/json' },
        payload: body as Record<string, unknown>,
      });
    const ward = await badinhWard(ctx.db);
    const draft = (
      await as('POST', '/api/v1/dossiers', { procedureCode: '1.001193', agencyCode: ward })
    ).json<{ id: string }>();
    await as('PATCH', `/api/v1/dossiers/${draft.id}`, {
      answers: { ...BIRTH_ANSWERS, declaration: true },
    });
    const form = new FormData();
    form.set('field', 'birthCertificate');
    form.set('file', new Blob([new Uint8Array(PDF_BYTES)]), 'chung-sinh.pdf');
    const upload = new Request('http://localhost/', { method: 'POST', body: form });
    const uploaded = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${draft.id}/attachments`,
      headers: {
        cookie: cookies.citizen,
        accept: 'application/json',
        'content-type': upload.headers.get('content-type')!,
      },
      payload: Buffer.from(await upload.arrayBuffer()),
    });
    expect(uploaded.statusCode).toBe(201);
    // The working calendar is kept in memory too, as in a running portal.
    await ctx.modules.calendar.service.calendar();
    forget('citizen');
    counter.take();
    const submitted = await as('POST', `/api/v1/dossiers/${draft.id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    // Who is signed in, the draft with its attachments, BEGIN, the filing, the message in the
    // portal and by email (this person asked for email), COMMIT.
    budget(counter.take(), 7);
  });

  it('a kept page costs none, for anyone', async () => {
    for (const who of [undefined, 'citizen'] as const) {
      await ctx.app.inject({
        url: '/procedures?q=ho+chieu',
        headers: who ? { cookie: cookies[who] } : {},
      });
    }
    counter.take();
    await ctx.app.inject({ url: '/procedures?q=ho+chieu' });
    expect(counter.take()).toEqual([]);
    await ctx.app.inject({ url: '/procedures?q=ho+chieu', headers: { cookie: cookies.citizen } });
    // Who is signed in is remembered from their request before; the page is the kept one.
    expect(counter.take()).toEqual([]);
    ctx.modules.changes.changed(changeKeys.account(accounts.citizen));
    await ctx.app.inject({ url: '/procedures?q=ho+chieu', headers: { cookie: cookies.citizen } });
    expect(counter.take()).toHaveLength(1);
  });

  it.each([
    ['/my/dossiers', 'citizen'],
    ['/backoffice', 'officer'],
  ] as const)('%s again, unchanged, costs none', async (url, who) => {
    const send = () => ctx.app.inject({ url, headers: { cookie: cookies[who] } });
    forget(who);
    const first = await send();
    expect(counter.take().length).toBeGreaterThan(0);
    const again = await send();
    expect(counter.take()).toEqual([]);
    expect(again.body).toBe(first.body);
  });
});
