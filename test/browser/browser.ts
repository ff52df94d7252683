import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, onTestFinished } from 'vitest';
import { afterFile } from '../cleanup.js';
import { startTestServer } from '../helpers.js';
import { PDF_BYTES } from '../files.js';
import { officerWithRoles, sessionCookie, simulatedCitizen } from '../sessions.js';
import { IdentityRepository } from '../../src/modules/identity/repository.js';
import { hashToken, newToken } from '../../src/modules/identity/sessions.js';
import type { Database } from '../../src/platform/db.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What a journey needs of the portal and its browser. */
export interface BrowserSession {
  browser: Browser;
  baseUrl: string;
  db: Database;
}

/** Headless Chromium, closed after the test file. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install Debian's "chromium" package or set CHROMIUM_PATH`,
    );
  }
  const launching = chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Registered before the launch ends, so that Chromium is closed even when the hook that
  // started it times out first (Playwright itself ends it only when the test process exits).
  afterFile(async () => (await launching.catch(() => null))?.close());
  return launching;
}

/**
 * The certified copy's own section (procedure 2.001009): the diploma's details and its PDF,
 * attached (the page lists it). The caller moves on, checking the page first if it will.
 */
export async function fillCertifiedCopySection(page: Page) {
  await page.getByLabel('Tên giấy tờ').fill('Bằng tốt nghiệp đại học');
  await page.getByLabel('Cơ quan cấp').fill('Trường Đại học Bách khoa Hà Nội');
  await page.getByLabel('Ngày cấp').fill('2011-07-15');
  await page.getByLabel('Số bản sao điện tử đề nghị chứng thực').fill('1');
  await page.locator('input[type=file]').setInputFiles({
    name: 'bang-dai-hoc.pdf',
    mimeType: 'application/pdf',
    buffer: PDF_BYTES,
  });
  await page.waitForSelector('text=bang-dai-hoc.pdf');
}

/** The portal on a real port and a headless Chromium pointed at it, with a first page. */
export async function startBrowserSession(options: { publicHost?: string } = {}) {
  const { base: baseUrl, db, modules } = await startTestServer(options);
  const browser = await launchChromium();
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'vi-VN' });
  const page = await context.newPage();
  return { page, baseUrl, browser, db, modules };
}

/** Pages drawn without JavaScript: axe, a script, checks copies of them (expectAccessible). */
const scriptless = new WeakSet<Page>();

/**
 * A page in a browser context of its own (its own cookies), closed when the test that opens
 * it ends (one opened by a hook stays for the file): signed in as `as` with a session made for that account, or signed out; at the viewport
 * given; with JavaScript unless told otherwise.
 */
export async function openPage(
  session: BrowserSession,
  options: {
    as?: string;
    javaScriptEnabled?: boolean;
    viewport?: { width: number; height: number };
  } = {},
): Promise<Page> {
  const { browser, baseUrl, db } = session;
  const javaScriptEnabled = options.javaScriptEnabled ?? true;
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'vi-VN',
    javaScriptEnabled,
    ...(options.viewport ? { viewport: options.viewport } : {}),
  });
  if (expect.getState().currentTestName !== undefined) onTestFinished(() => context.close());
  // A step that cannot happen fails with what it waited for, well before the test's limit.
  context.setDefaultTimeout(60_000);
  if (options.as) {
    const cookie = await sessionCookie(db, options.as);
    await context.addCookies([{ name: 'sid', value: cookie.slice('sid='.length), url: baseUrl }]);
  }
  const page = await context.newPage();
  if (!javaScriptEnabled) scriptless.add(page);
  return page;
}

/** A page signed in as a new officer holding `roles` at an agency (see openPage). */
export async function officerPage(
  session: BrowserSession,
  name: string,
  agencyCode: string,
  roles: string[],
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const as = await officerWithRoles(session.db, name, agencyCode, roles);
  return openPage(session, { ...options, as });
}

/**
 * A page signed in as test citizen Nguyễn Văn An (the identity simulator's first person), as
 * a national sign-in leaves him, his session made directly (see openPage): for journeys about
 * what he does once signed in; signing in itself is the journey of sign-in.test.ts.
 */
export async function citizenPage(
  session: BrowserSession,
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const page = await openPage(session, options);
  const token = newToken();
  const now = new Date();
  await new IdentityRepository(session.db).createSession({
    tokenHash: hashToken(token),
    accountId: (await simulatedCitizen(session.db)).id,
    assuranceLevel: 2,
    method: 'national_id',
    now,
    expiresAt: new Date(now.getTime() + 12 * 3600_000),
    userAgent: 'test',
    ip: null,
  });
  await page.context().addCookies([{ name: 'sid', value: token, url: session.baseUrl }]);
  return page;
}

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;
/** axe-core as @axe-core/playwright has it, minified: half as much to send and parse. */
const AXE_SOURCE = readFileSync(
  createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright')).resolve(
    'axe-core/axe.min.js',
  ),
  'utf8',
);

/**
 * axe in the page's every frame, injected once per document: what @axe-core/playwright's
 * AxeBuilder does in its legacy mode, without injecting axe twice per check nor opening a
 * page to put the results together (most of a check's time there; no frame of the portal
 * comes from elsewhere, which is what that page is for).
 */
async function runAxe(page: Page): Promise<AxeResults> {
  for (const frame of page.frames()) {
    if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE);
  }
  type Axe = { run(context: Document, options: object): Promise<AxeResults> };
  return page.evaluate(
    (tags) =>
      (window as unknown as { axe: Axe }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
      }),
    WCAG,
  );
}

/** Per browser, a page that runs scripts, where axe checks copies of pages drawn without. */
const inspectors = new WeakMap<Browser, Promise<Page>>();

/** What `page` shows, in the inspector: the portal's styles loaded, at the page's width. */
async function copyInInspector(page: Page): Promise<Page> {
  const browser = page.context().browser()!;
  let opening = inspectors.get(browser);
  if (!opening) {
    const baseURL = new URL(page.url()).origin;
    opening = browser.newContext({ baseURL, locale: 'vi-VN' }).then((c) => c.newPage());
    inspectors.set(browser, opening);
  }
  const inspector = await opening;
  const viewport = page.viewportSize();
  if (viewport) await inspector.setViewportSize(viewport);
  // A page of the portal first, so that the copy has its address, and its policy on scripts.
  await inspector.goto('/');
  await inspector.setContent(await page.content(), { waitUntil: 'load' });
  return inspector;
}

/**
 * Fails with the list of WCAG 2.2 A/AA violations axe finds on the page, if any. A page
 * drawn without JavaScript (opened so by openPage) is checked on a copy of what it shows.
 */
export async function expectAccessible(page: Page) {
  const checked = scriptless.has(page) ? await copyInInspector(page) : page;
  const results = await runAxe(checked);
  const violations = results.violations.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')})`,
  );
  expect(violations, page.url()).toEqual([]);
}
