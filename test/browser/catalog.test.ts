import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, startBrowserSession } from './browser.js';

let page: Page;

beforeAll(async () => {
  ({ page } = await startBrowserSession());
});

describe('a citizen finds a procedure', () => {
  it('home → search → procedure detail → agency, accessible at every step', async () => {
    await page.goto('/');
    await expect(page.title()).resolves.toContain('Cổng Dịch vụ công Một Cửa');
    await expectAccessible(page);

    await page.getByLabel('Tìm thủ tục hành chính').fill('giay phep lai xe');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.waitForURL(/\/procedures\?q=/);
    await expectAccessible(page);
    const first = page.locator('.result h3 a').first();
    await expect(first.textContent()).resolves.toMatch(/^Cấp đổi giấy phép lái xe/);

    await first.click();
    await page.waitForURL(/\/procedures\/\d\.\d{6}$/);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Cấp đổi giấy phép lái xe/);
    await expectAccessible(page);

    await page
      .getByLabel('Chọn tỉnh, thành phố để xem cơ quan và địa chỉ cụ thể')
      .selectOption('48');
    await page.getByRole('button', { name: 'Xem cơ quan' }).click();
    await page.waitForURL(/province=48/);
    const local = page.locator('.local-agency a').first();
    await expect(local.textContent()).resolves.toContain('Đà Nẵng');
    await expectAccessible(page);

    await local.click();
    await page.waitForURL(/\/agencies\//);
    await expect(page.locator('h1').textContent()).resolves.toContain('Đà Nẵng');
    await expectAccessible(page);
  });

  it('filters results, and gets suggestions while typing', async () => {
    await page.goto('/procedures?q=dang+ky');
    await page.getByLabel('Đối tượng').selectOption('business');
    await page.getByRole('button', { name: 'Áp dụng bộ lọc' }).click();
    await page.waitForURL(/target=business/);
    await expectAccessible(page);
    await expect(page.locator('.result').count()).resolves.toBeGreaterThan(0);

    await page.goto('/');
    await page.getByLabel('Tìm thủ tục hành chính').pressSequentially('ly lich tu', { delay: 20 });
    await expect
      .poll(() =>
        page
          .locator('#q-suggestions option')
          .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
      )
      .toEqual(expect.arrayContaining([expect.stringMatching(/lý lịch tư pháp/i)]));
  });

  it('shows an error summary that takes focus, what a misspelt query became, and a helpful empty page', async () => {
    await page.goto(`/procedures?q=${'a'.repeat(230)}`);
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe(
      'error-summary',
    );
    await expectAccessible(page);

    await page.goto('/procedures?q=giay+phep+lai+xw');
    await expect(page.getByRole('note').textContent()).resolves.toContain(
      'Hiển thị kết quả cho “giay phep lai xe”',
    );
    await expectAccessible(page);

    await page.goto('/procedures?q=xyzzy');
    await expect(page.locator('.empty').textContent()).resolves.toContain(
      'Không tìm thấy thủ tục nào',
    );
    await expectAccessible(page);
  });

  it('switches to English and back; agencies pages and 404 are accessible', async () => {
    await page.goto('/agencies');
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Agencies that handle procedures');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Tiếng Việt' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Cơ quan thực hiện thủ tục');

    await page.goto('/agencies?province=01');
    await expectAccessible(page);
    const response = await page.goto('/procedures/0.000000');
    expect(response?.status()).toBe(404);
    await expectAccessible(page);
  });
});
