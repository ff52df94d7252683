import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, startBrowserSession } from './browser.js';

let page: Page;

beforeAll(async () => {
  ({ page } = await startBrowserSession());
});

describe('a citizen signs in with national identity (simulator)', () => {
  it('picks a test citizen, comes back signed in where they were, and signs out', async () => {
    await page.goto('/procedures?q=khai+sinh');
    await page.getByRole('link', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/idp\/interaction\//);
    await expect(page.locator('h1').textContent()).resolves.toContain('giả lập');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Đăng nhập là Trần Thị Bích Ngọc' }).click();
    await page.waitForURL(/\/procedures\?q=khai\+sinh$/);
    await expect(page.locator('.viewer').textContent()).resolves.toContain('Trần Thị Bích Ngọc');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect(page.getByRole('link', { name: 'Đăng nhập' }).count()).resolves.toBe(1);
  });

  it('explains a failed sign-in clearly', async () => {
    const response = await page.goto('/auth/callback?code=x&state=nope');
    expect(response?.status()).toBe(400);
    await expect(page.locator('h1').textContent()).resolves.toBe('Đăng nhập không thành công');
    await expectAccessible(page);
  });
});
