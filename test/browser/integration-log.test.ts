import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH, expectAccessible } from './browser.js';
import { afterFile } from '../cleanup.js';
import { freePort } from '../helpers.js';
import { messageLogPortal, TEST_CLIENT_HEADER } from '../integration-log.js';
import { sessionCookie } from '../sessions.js';

let browser: Browser;
let baseUrl: string;
let cookie: string;

/** A page as a portal administrator sees it, with or without JavaScript. */
async function adminPage(javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'vi-VN',
    javaScriptEnabled,
  });
  await context.addCookies([{ name: 'sid', value: cookie.slice('sid='.length), url: baseUrl }]);
  return context.newPage();
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}`);
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const { app, db, log } = await messageLogPortal({ publicUrl: baseUrl });
  await app.listen({ port, host: '127.0.0.1' });
  // A few exchanges of a connected system: answered, refused, unknown.
  const client = { [TEST_CLIENT_HEADER]: randomUUID() };
  await app.inject({
    method: 'GET',
    url: '/api/v1/integration/deliveries?agency=H01',
    headers: client,
  });
  await app.inject({
    method: 'POST',
    url: '/api/v1/integration/dossiers/events',
    headers: { ...client, 'content-type': 'application/json' },
    payload: { events: [] },
  });
  await app.inject({ method: 'GET', url: '/api/v1/integration/messages' });
  await log.settled();
  const [account] = await db.query<{ id: string }>(
    `INSERT INTO accounts (kind, name, email) VALUES ('system_admin', 'Quản trị hệ thống', $1)
     RETURNING id`,
    [`admin.${randomUUID()}@example.vn`],
  );
  cookie = await sessionCookie(db, account!.id);
  const launching = chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  afterFile(async () => (await launching.catch(() => null))?.close());
  browser = await launching;
});

describe('the message log page', () => {
  it('lists the exchanges with their filters, accessible in both languages', async () => {
    const page = await adminPage(true);
    await page.goto('/admin/integration/messages');
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'Nhật ký trao đổi với hệ thống kết nối',
    );
    await expect(page.locator('tbody tr').count()).resolves.toBe(3);
    await expectAccessible(page);
    await page.goto('/admin/integration/messages?lang=en&outcome=refused');
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    await expect(page.locator('tbody').textContent()).resolves.toContain('Not authenticated');
    await expectAccessible(page);
  });

  it('filters without JavaScript, and says what is wrong with a search', async () => {
    const page = await adminPage(false);
    await page.goto('/admin/integration/messages');
    await page.getByLabel('Mã yêu cầu (X-Request-Id)').fill('không phải mã');
    await page.getByLabel('Mã trạng thái HTTP').fill('abc');
    await page.getByRole('button', { name: 'Tìm' }).click();
    const summary = page.locator('.error-summary');
    await expect(summary.textContent()).resolves.toContain('Mã yêu cầu phải là một UUID');
    await expect(summary.locator('a[href="#status"]').count()).resolves.toBe(1);
    await expect(page.getByLabel('Mã yêu cầu (X-Request-Id)').inputValue()).resolves.toBe(
      'không phải mã',
    );
    await page.getByLabel('Mã yêu cầu (X-Request-Id)').fill('');
    await page.getByLabel('Mã trạng thái HTTP').fill('404');
    await page.getByRole('button', { name: 'Tìm' }).click();
    await expect(page.locator('.error-summary').count()).resolves.toBe(0);
    // No route answers either address in this portal: both were answered 404.
    await expect(page.locator('tbody tr').count()).resolves.toBe(2);
    await expect(page.locator('tbody').textContent()).resolves.toContain(
      '/api/v1/integration/dossiers/events',
    );

    const withScript = await adminPage(true);
    await withScript.goto('/admin/integration/messages?requestId=x&from=32/13/2026');
    await expectAccessible(withScript);
  });
});
