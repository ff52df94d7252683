import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, launchChromium, openPage, type BrowserSession } from './browser.js';
import { freePort } from '../helpers.js';
import { messageLogPortal, TEST_CLIENT_HEADER } from '../integration-log.js';

let session: BrowserSession;
/** A portal administrator. */
let admin: string;

/** A page as a portal administrator sees it, with or without JavaScript. */
const adminPage = (javaScriptEnabled: boolean): Promise<Page> =>
  openPage(session, { as: admin, javaScriptEnabled });

beforeAll(async () => {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
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
  admin = account!.id;
  session = { browser: await launchChromium(), baseUrl, db };
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
