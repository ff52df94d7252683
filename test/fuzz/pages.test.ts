import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../authorization/world.js';
import { sessionCookie } from '../sessions.js';
import { PDF_BYTES } from '../files.js';
import { hostileString, hostileValue } from './arbitraries.js';
import { CookieJar, crawl, formsOf, routeOf, type PageForm } from './forms.js';
import { fuzzRoute, fuzzer, report, runSeed, runsPerRoute, sendOne } from './harness.js';
import { PAGE_REGRESSIONS, TOKEN } from './regressions.js';
import {
  BOUNDARY,
  badBytes,
  bodyOf,
  formBody,
  multipartBody,
  urlComponent,
  urlOf,
  type WireRequest,
} from './wire.js';

/*
 * Generative tests of the page forms: the forms nobody, citizen A and an officer of A's
 * ward find by browsing from their usual pages, each posted with its fields as the page
 * offered them or hostile, with the page's form token, none, or a wrong one, as a form, as
 * multipart or as anything else, now and then to an action whose id is not one; and their
 * GET forms (search, filters) and the query strings of the pages they visit, the same way in
 * the query. Any answer 5xx fails the test and is printed as it was sent.
 */

/** Requests per form and caller: about 6,000 in all, 30 s to 2 minutes on 2 cores. */
const RUNS = runsPerRoute(80);
const SEED = runSeed('pages.test.ts');
const MAX_PAGES = 40;

const CALLERS = ['anon', 'citizenA', 'officer1'] as const;
type Name = (typeof CALLERS)[number];

/** Where each caller starts browsing. */
const startPages = (w: World): Record<Name, string[]> => ({
  anon: ['/', '/auth/sign-in', '/lookup', '/procedures/2.001009', '/agencies', '/bills'],
  citizenA: [
    '/account',
    '/my/dossiers',
    '/my/documents',
    `/my/documents/${w.document}`,
    `/dossiers/${w.dossier}`,
    `/dossiers/drafts/${w.draft}`,
    `/dossiers/drafts/${w.draft}/review`,
    '/procedures/2.001009/submit',
    `/payments/new?dossier=${w.feeDossier}`,
    '/notifications',
    '/bills',
  ],
  officer1: [
    '/backoffice',
    `/backoffice/dossiers/${w.dossier}`,
    `/backoffice/dossiers/${w.feeDossier}`,
    '/backoffice/intake',
    `/backoffice/intake/form?procedure=2.001009&agency=${w.agency1}&channel=1`,
    '/backoffice/payments',
    '/account',
  ],
});

/** A caller's browser: cookies and the form token its pages carry now. */
interface Browser {
  jar: CookieJar;
  token: string;
  ip: string;
}

let w: World;
const browsers = new Map<Name, Browser>();
const found = new Map<Name, PageForm[]>();

/** The token the caller's pages carry now (read from a page with a form). */
async function tokenOf(browser: Browser, page: string) {
  const response = await w.app.inject({
    method: 'GET',
    url: page,
    headers: { accept: 'text/html', cookie: browser.jar.header },
    remoteAddress: browser.ip,
  });
  browser.jar.take(response.headers['set-cookie']);
  const form = formsOf(response.body, page).find((f) => f.fields.has('csrf'));
  browser.token = form?.fields.get('csrf')?.[0] ?? '';
}

/** After a post that may have ended the session, the caller signs in again. */
async function signInAgain(name: Name, browser: Browser) {
  if (name === 'anon') return tokenOf(browser, '/auth/sign-in');
  browser.jar = new CookieJar(await sessionCookie(w.db, w.ids[name], w.clock.now()));
  await tokenOf(browser, '/account');
}

/**
 * Forms no page shows as such: the draft's autosave (its script posts a section's fields),
 * made from each section's form.
 */
const unseenForms = (forms: PageForm[]): PageForm[] =>
  forms.flatMap((form) => {
    const section = /^(\/dossiers\/drafts\/[^/]+)\/sections\/([^/?]+)/.exec(form.action);
    if (!section || form.method !== 'POST') return [];
    const fields = new Map(form.fields).set('section', [section[2]!]);
    return [{ ...form, action: `${section[1]}/autosave`, multipart: false, fields }];
  });

/** The sandbox bank's page of a new order of A's (it takes the payer's confirmation). */
async function sandboxBankPage(): Promise<string[]> {
  const dossierCode = await w.fileWithFee(5_000);
  const order = await w.as<{ redirectUrl?: string }>(
    w.callers.citizenA,
    { method: 'POST', url: '/api/v1/payments', json: { dossierCode, provider: 'sandbox-bank' } },
    201,
  );
  return order.redirectUrl ? [new URL(order.redirectUrl).pathname] : [];
}

beforeAll(async () => {
  w = await buildWorld();
  const starts = startPages(w);
  starts.citizenA.push(...(await sandboxBankPage()));
  for (const name of CALLERS) {
    const caller = w.callers[name];
    const browser: Browser = { jar: new CookieJar(caller.cookie), token: '', ip: caller.ip };
    const forms = await crawl(w.app, browser.jar, starts[name], MAX_PAGES, caller.ip);
    found.set(name, [...forms, ...unseenForms(forms)]);
    await signInAgain(name, browser);
    browsers.set(name, browser);
  }
}, 300_000);

/** The action as posted: as the page gave it, or with one id or code made hostile. */
const actionOf = (action: string) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constant(action) },
    {
      weight: 1,
      arbitrary: fc.tuple(hostileString, badBytes, fc.nat()).map(([value, bad, at]) => {
        const [path = '', query] = action.split('?');
        const segments = path.split('/');
        const replaceable = segments.flatMap((s, i) => (/\d/.test(s) ? [i] : []));
        if (replaceable.length === 0) return action;
        segments[replaceable[at % replaceable.length]!] = urlComponent(value, bad);
        return segments.join('/') + (query ? `?${query}` : '');
      }),
    },
  );

/** The posts of one form: each field offered or hostile, the token valid, missing or wrong. */
function postsOf(form: PageForm): fc.Arbitrary<WireRequest> {
  const fields = Object.fromEntries(
    [...form.fields].map(([name, offered]) => {
      const arbitrary =
        name === 'csrf'
          ? fc.oneof(
              { weight: 4, arbitrary: fc.constant(TOKEN) },
              { weight: 1, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: fc.constant('wrong-token') },
              { weight: 1, arbitrary: hostileString },
            )
          : fc.oneof(
              { weight: 3, arbitrary: fc.constantFrom(...offered) },
              { weight: 2, arbitrary: hostileValue },
              { weight: 1, arbitrary: fc.constant(undefined) },
            );
      return [name, arbitrary];
    }),
  );
  const values = fc.record(fields).map((v) => v as Record<string, unknown>);
  if (form.method === 'GET') return queriesOf(form, values);
  const body = fc.oneof(
    {
      weight: form.multipart ? 2 : 6,
      arbitrary: fc.tuple(values, badBytes, fc.boolean()).map(([v, bad, raw]) => ({
        type: 'application/x-www-form-urlencoded',
        bytes: formBody(v, bad, raw),
      })),
    },
    {
      weight: form.multipart ? 6 : 1,
      arbitrary: fc.tuple(values, badBytes, fc.boolean()).map(([v, bad, file]) => ({
        type: `multipart/form-data; boundary=${BOUNDARY}`,
        bytes: multipartBody(
          BOUNDARY,
          v,
          file
            ? [{ field: 'file', name: 'ban-chinh.pdf', type: 'application/pdf', data: PDF_BYTES }]
            : [],
          bad,
        ),
      })),
    },
    { weight: 2, arbitrary: bodyOf(values) },
  );
  return fc
    .record({ action: actionOf(form.action), body })
    .map(({ action, body: b }): WireRequest => ({
      method: 'POST',
      url: action,
      headers: { accept: 'text/html', ...(b.type ? { 'content-type': b.type } : {}) },
      body: b.bytes,
    }));
}

/** A GET form (or a page's own query): its fields in the query, now and then one more. */
function queriesOf(
  form: PageForm,
  values: fc.Arbitrary<Record<string, unknown>>,
): fc.Arbitrary<WireRequest> {
  const extra = fc.option(fc.tuple(hostileString, hostileValue), { freq: 6 });
  return fc
    .record({ action: actionOf(form.action), values, extra, bad: badBytes })
    .map(({ action, values: v, extra: more, bad }): WireRequest => {
      const query = more ? { ...v, [more[0]]: more[1] } : v;
      return {
        method: 'GET',
        url: urlOf(action, {}, query, bad, false),
        headers: { accept: 'text/html' },
      };
    });
}

/** The caller's cookies and token go in as the request is sent: both change over a run. */
const asNow = (browser: Browser) => async (request: WireRequest) => {
  const body = request.body?.toString('latin1').split(TOKEN).join(browser.token);
  return {
    ...request,
    headers: { ...request.headers, cookie: browser.jar.header },
    ...(body === undefined ? {} : { body: Buffer.from(body, 'latin1') }),
  };
};

describe('generated posts to every form the portal’s pages show', () => {
  it('finds the forms of signing in, filing, tracking, paying and the back office', () => {
    const routes = [...found.values()].flat().map((f) => routeOf(f.action));
    for (const expected of ['/auth/local', '/account', '/backoffice/dossiers/{…}/actions']) {
      expect(routes).toContain(expected);
    }
  });

  it('answers 4xx to each kind of post once answered 5xx', async () => {
    const f = fuzzer(w.app);
    for (const { why, as, request } of PAGE_REGRESSIONS) {
      const browser = browsers.get(as)!;
      await sendOne(f, `${why} (as ${as})`, await asNow(browser)(request(w)), browser.ip);
      await signInAgain(as, browser);
    }
    expect(f.failures.length, report(f.failures, 1)).toBe(0);
  });

  it('are never answered 5xx', async () => {
    const f = fuzzer(w.app);
    const started = Date.now();
    let forms = 0;
    for (const name of CALLERS) {
      const browser = browsers.get(name)!;
      for (const form of found.get(name) ?? []) {
        forms += 1;
        const key = `${form.method} ${routeOf(form.action)} (${[...form.fields.keys()].join(',')}) as ${name}`;
        const ends = /logout|sign-out/.test(form.action);
        await fuzzRoute(f, SEED, key, postsOf(form), RUNS, browser.ip, async (request) => {
          // A post that may end the session is sent from a session of its own.
          if (ends) await signInAgain(name, browser);
          return asNow(browser)(request);
        });
        if (ends) await signInAgain(name, browser);
      }
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(`[fuzz] pages: ${f.sent} posts to ${forms} forms in ${seconds} s`);
    for (const [name, list] of found) {
      console.log(
        `[fuzz] ${name}'s forms: ${list.map((form) => `${form.method} ${routeOf(form.action)}`).join(', ')}`,
      );
    }
    expect(f.failures.length, `seed ${SEED}: ${report(f.failures)}`).toBe(0);
  }, 600_000);
});
