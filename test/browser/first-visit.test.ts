import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, startBrowserSession } from './browser.js';

let page: Page;
/** What the browser reports as going wrong: console errors, failed loads, script errors. */
const problems: string[] = [];

beforeAll(async () => {
  ({ page } = await startBrowserSession());
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`script: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
});

/** Opens a page as a newcomer would and expects nothing to go wrong in the browser. */
async function visit(path: string) {
  problems.length = 0;
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await page.waitForLoadState('networkidle');
  expect(problems, path).toEqual([]);
}

describe('what a newcomer meets first', () => {
  it('pages load without a single error in the browser, the site icon included', async () => {
    for (const path of ['/', '/procedures?q=khai+sinh', '/procedures/1.001193', '/agencies']) {
      await visit(path);
    }
    const icon = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
      if (!link) return null;
      const image = new Image();
      image.src = link.href;
      await image.decode();
      return { href: link.getAttribute('href'), width: image.naturalWidth };
    });
    expect(icon).toEqual({ href: '/assets/favicon.svg', width: expect.any(Number) });
    expect(icon!.width).toBeGreaterThan(0);
    const ico = await page.request.get('/favicon.ico');
    expect(ico.status()).toBe(200);
    expect(ico.headers()['content-type']).toMatch(/^image\//);
  });

  it('/idp lists the test identities, and one of them signs in as it says', async () => {
    await visit('/idp');
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'Hệ thống định danh điện tử giả lập',
    );
    await expect(page.getByRole('rowheader', { name: 'Bùi Minh Tuấn' }).count()).resolves.toBe(1);
    await expectAccessible(page);
    await page.setViewportSize({ width: 360, height: 740 });
    await expectAccessible(page);
    await page.setViewportSize({ width: 1280, height: 720 });

    // The steps the page gives, followed as written.
    await page.getByRole('link', { name: 'Bắt đầu đăng nhập' }).click();
    await page.getByRole('link', { name: 'Đăng nhập bằng tài khoản định danh điện tử' }).click();
    await page.getByRole('button', { name: 'Đăng nhập là Bùi Minh Tuấn' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect(page.locator('.viewer').textContent()).resolves.toContain('Bùi Minh Tuấn');

    await visit('/idp?lang=en');
    await expect(page.locator('h1').textContent()).resolves.toBe('National identity simulator');
    await expectAccessible(page);
  });

  it('an annulled procedure searched for by name is there, marked annulled', async () => {
    await visit('/procedures?q=ho+tro+tien+thue+nha&lang=vi');
    const result = page.locator('.result');
    await expect(result.count()).resolves.toBe(1);
    await expect(result.locator('h3').textContent()).resolves.toMatch(/^Hỗ trợ tiền thuê nhà/);
    await expect(result.locator('.tag').first().textContent()).resolves.toBe('Đã bãi bỏ');
    await expectAccessible(page);
    await result.locator('h3 a').click();
    await expect(page.locator('main .notice').first().textContent()).resolves.toContain(
      'Thủ tục đã bị bãi bỏ từ ngày',
    );
    await expectAccessible(page);
  });
});
