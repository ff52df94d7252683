import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, launchChromium, openPage, type BrowserSession } from './browser.js';
import { startTestServer } from '../helpers.js';
import { connectedClient } from '../integration.js';
import { webhookReceiver } from '../webhook-receiver.js';

let session: BrowserSession;
/** A portal administrator. */
let admin: string;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
let messageId: string;

/** A page as a portal administrator sees it, with or without JavaScript. */
const adminPage = (javaScriptEnabled: boolean): Promise<Page> =>
  openPage(session, { as: admin, javaScriptEnabled });

beforeAll(async () => {
  const { app, db, modules, base } = await startTestServer();
  // A connected system whose endpoint fails: its attempt waits for a retry.
  receiver = await webhookReceiver({ status: 500 });
  const client = await connectedClient(app, db, { publicUrl: base });
  const made = await app.inject({
    method: 'POST',
    url: '/api/v1/integration/webhooks/subscriptions',
    headers: { ...client.headers, 'content-type': 'application/json' },
    payload: { url: receiver.url, eventTypes: ['catalog.changed'] },
  });
  expect(made.statusCode).toBe(201);
  messageId = (await modules.integration.webhooks.publish(db, {
    type: 'catalog.changed',
    data: { changedAt: new Date().toISOString() },
  }))!;
  await modules.integration.webhooks.settled();
  const [account] = await db.query<{ id: string }>(
    `INSERT INTO accounts (kind, name, email) VALUES ('system_admin', 'Quản trị hệ thống', $1)
     RETURNING id`,
    [`admin.${randomUUID()}@example.vn`],
  );
  admin = account!.id;
  session = { browser: await launchChromium(), baseUrl: base, db };
});

describe('the webhooks page', () => {
  it('lists subscriptions and attempts, accessible in both languages', async () => {
    const page = await adminPage(true);
    await page.goto('/admin/integration/webhooks');
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'Webhook gửi tới hệ thống kết nối',
    );
    await expect(page.locator('body').textContent()).resolves.toContain('HTTP 500');
    await expectAccessible(page);
    await page.goto('/admin/integration/webhooks?lang=en');
    await expect(page.locator('h1').textContent()).resolves.toBe('Webhooks to connected systems');
    await expectAccessible(page);
  });

  it('replays a message with its button, without JavaScript', async () => {
    receiver.answer(204);
    const page = await adminPage(false);
    await page.goto('/admin/integration/webhooks?lang=vi');
    await page
      .getByRole('button', { name: `Gửi lại thông điệp ${messageId} tới ${receiver.url}` })
      .click();
    await expect(page.locator('.notice').textContent()).resolves.toContain(
      `Đã xếp lịch gửi lại thông điệp ${messageId}`,
    );
    await expect(page.locator('h2#attempts-heading').textContent()).resolves.toContain(
      receiver.url,
    );
    await receiver.until(2);
    // (The first attempt's retry, due 5 s after it, may have gone out meanwhile too.)
    expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set([messageId]));
    // What it shows then, with a notice and one subscription's attempts, is accessible too.
    const checked = await adminPage(true);
    await checked.goto(page.url());
    await expectAccessible(checked);
  });
});
