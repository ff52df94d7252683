import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { afterFile } from '../cleanup.js';
import { startTestServer } from '../helpers.js';
import { officerWithRoles, sessionCookie } from '../sessions.js';
import type { Database } from '../../src/platform/db.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The portal on a real port and a headless Chromium pointed at it. */
export async function startBrowserSession(options: { publicHost?: string } = {}) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install Debian's "chromium" package or set CHROMIUM_PATH`,
    );
  }
  const { base: baseUrl, db } = await startTestServer(options);
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
  const browser: Browser = await launching;
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'vi-VN' });
  const page = await context.newPage();
  return { page, baseUrl, browser, db };
}

/** Fails with the list of WCAG 2.2 A/AA violations axe finds on the page, if any. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const violations = results.violations.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')})`,
  );
  expect(violations, page.url()).toEqual([]);
}

/** A page in its own browser context, signed in with a session made for a new officer. */
export async function officerPage(
  session: { browser: Browser; baseUrl: string; db: Database },
  name: string,
  agencyCode: string,
  roles: string[],
): Promise<Page> {
  const { browser, baseUrl, db } = session;
  const cookie = await sessionCookie(db, await officerWithRoles(db, name, agencyCode, roles));
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'vi-VN' });
  await context.addCookies([{ name: 'sid', value: cookie.slice('sid='.length), url: baseUrl }]);
  return context.newPage();
}

/**
 * Axe on a page drawn without JavaScript (axe runs as a script): a copy of what it shows,
 * put in `inspector`, a page of the portal that runs scripts, its styles loaded.
 */
export async function expectAccessibleCopy(page: Page, inspector: Page) {
  await inspector.goto('/');
  await inspector.setContent(await page.content(), { waitUntil: 'load' });
  await expectAccessible(inspector);
}
