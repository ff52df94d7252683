import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, startBrowserSession } from './browser.js';
import { IdentityRepository } from '../../src/modules/identity/repository.js';
import { hashPassword } from '../../src/modules/identity/local-sign-in.js';

let page: Page;
let db: Awaited<ReturnType<typeof startBrowserSession>>['db'];

beforeAll(async () => {
  ({ page, db } = await startBrowserSession());
  await new IdentityRepository(db).createLocalAccount({
    kind: 'officer',
    name: 'Phạm Minh Châu',
    email: 'chau.pm@tuphap.hanoi.example.vn',
    phone: null,
    passwordHash: await hashPassword('Một-Cửa-2026!'),
  });
});

describe('a citizen signs in with national identity (simulator)', () => {
  it('picks a test citizen, comes back signed in where they were, and signs out', async () => {
    await page.goto('/procedures?q=khai+sinh');
    await page.getByRole('link', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL(/\/auth\/sign-in/);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Đăng nhập bằng tài khoản định danh điện tử' }).click();
    await page.waitForURL(/\/idp\/interaction\//);
    await expect(page.locator('h1').textContent()).resolves.toContain('giả lập');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Đăng nhập là Trần Thị Bích Ngọc' }).click();
    await page.waitForURL(/\/procedures\?q=khai\+sinh$/);
    await expect(page.locator('.viewer').textContent()).resolves.toContain('Trần Thị Bích Ngọc');
    await expectAccessible(page);

    // A first sign-in brings a welcome, read from the header.
    await page.locator('.notification-menu summary').click();
    await expect(page.locator('.notification-panel li.unread').textContent()).resolves.toContain(
      'Chào mừng',
    );
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Xem tất cả thông báo' }).click();
    await page.waitForURL(/\/notifications$/);
    await expect(page.locator('.result h2').first().textContent()).resolves.toContain(
      'Chào mừng Trần Thị Bích Ngọc',
    );
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Đánh dấu tất cả là đã đọc' }).click();
    await page.waitForURL(/\/notifications$/);
    await expect(page.locator('.notification-menu summary').textContent()).resolves.toBe(
      'Thông báo',
    );

    await page.getByRole('link', { name: 'Tài khoản: Trần Thị Bích Ngọc' }).click();
    await page.waitForURL(/\/account$/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Tài khoản của tôi');
    await expectAccessible(page);
    await page.getByLabel('Số điện thoại di động').fill('123');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect(page.locator('.error-summary a').first().textContent()).resolves.toContain(
      '10 chữ số',
    );
    await expectAccessible(page);

    // Signing out passes through the identity provider, which ends its session too.
    await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect(page.getByRole('link', { name: 'Đăng nhập', exact: true }).count()).resolves.toBe(
      1,
    );

    // A shared computer: the next person to sign in with national identity must choose.
    await page.getByRole('link', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL(/\/auth\/sign-in/);
    await page.getByRole('link', { name: 'Đăng nhập bằng tài khoản định danh điện tử' }).click();
    await page.waitForURL(/\/idp\/interaction\//);
    await expect(
      page.getByRole('button', { name: 'Đăng nhập là Trần Thị Bích Ngọc' }).count(),
    ).resolves.toBe(1);
    await expect(page.locator('.viewer').count()).resolves.toBe(0);
  });

  it("asks on the provider's own sign-out page when no portal vouches for it", async () => {
    await page.goto('/auth/login');
    await page.getByRole('button', { name: 'Đăng nhập là Trần Thị Bích Ngọc' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    // Signed in at the provider; asked to sign out there with no ID token as hint.
    await page.goto('/idp/session/end');
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'Đăng xuất khỏi hệ thống định danh điện tử',
    );
    await expectAccessible(page);
    await page.locator('#idp-logout').getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/idp\/session\/end\/success/);
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'Bạn đã đăng xuất khỏi hệ thống định danh điện tử',
    );
    await expectAccessible(page);
    // Still signed in at the portal: signing out there passes the provider (nothing left to
    // end, so it sends its own form on, its script allowed by the CSP) and comes home.
    await page.goto('/');
    await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect(page.locator('.viewer').count()).resolves.toBe(0);
  });

  it('explains a failed sign-in clearly', async () => {
    const response = await page.goto('/auth/callback?code=x&state=nope');
    expect(response?.status()).toBe(400);
    await expect(page.locator('h1').textContent()).resolves.toBe('Đăng nhập không thành công');
    await expectAccessible(page);
  });
});

describe('an officer signs in with a password and a one-time code', () => {
  it('reads the code in the development mailbox and is signed in', async () => {
    await page.goto('/auth/sign-in?returnTo=/agencies');
    await page.getByLabel('Thư điện tử hoặc số điện thoại').fill('chau.pm@tuphap.hanoi.example.vn');
    await page.getByLabel('Mật khẩu').fill('Một-Cửa-2026!');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.waitForURL(/\/auth\/local\/code/);
    await expectAccessible(page);
    const codePage = page.url();

    await page.goto('/dev/mailbox');
    await expectAccessible(page);
    const subject = await page.locator('.mail h2').first().textContent();
    const code = /(\d{6})/.exec(subject ?? '')?.[1];
    expect(code).toBeDefined();

    await page.goto(codePage);
    await page.getByLabel('Mã xác thực').fill(code!);
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.waitForURL((url) => url.pathname === '/agencies');
    await expect(page.locator('.viewer').textContent()).resolves.toContain('Phạm Minh Châu');
    await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
  });

  it('shows an error summary for a wrong password', async () => {
    await page.goto('/auth/sign-in');
    await page.getByLabel('Thư điện tử hoặc số điện thoại').fill('chau.pm@tuphap.hanoi.example.vn');
    await page.getByLabel('Mật khẩu').fill('sai');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('không đúng');
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe(
      'error-summary',
    );
    await expectAccessible(page);
  });
});
