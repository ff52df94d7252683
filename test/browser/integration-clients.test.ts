import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, openPage, startBrowserSession, type BrowserSession } from './browser.js';
import { clientKey } from '../integration.js';

/** A phone held upright. */
const PHONE = { width: 360, height: 740 };

let session: BrowserSession;
let province: { code: string; name: string };
let ward: string;

beforeAll(async () => {
  session = await startBrowserSession();
  const { db } = session;
  const [hanoi] = await db.query<{ code: string; name: string }>(
    `SELECT code, name FROM agencies WHERE kind = 'province_people_committee' ORDER BY code LIMIT 1`,
  );
  province = hanoi!;
  const [commune] = await db.query<{ code: string }>(
    `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_people_committee'`,
  );
  ward = commune!.code;
});

/** A portal administrator signed in, on a phone, with JavaScript off (every form posts). */
async function administratorOnPhone(): Promise<Page> {
  const [account] = await session.db.query<{ id: string }>(
    `INSERT INTO accounts (kind, name, email)
     VALUES ('system_admin', 'Vũ Thị Quản Trị', 'quantri.ketnoi@example.vn') RETURNING id`,
  );
  return openPage(session, { as: account!.id, javaScriptEnabled: false, viewport: PHONE });
}

/**
 * Checks with axe what the page without JavaScript shows and, when SCREENSHOTS names a
 * folder, keeps a picture of the page itself.
 */
async function check(page: Page, name: string) {
  await expectAccessible(page);
  const folder = process.env.SCREENSHOTS;
  if (folder) await page.screenshot({ path: `${folder}/${name}.png`, fullPage: true });
}

const main = (page: Page) => page.locator('main').textContent();

describe('connected systems, for a portal administrator', () => {
  it('registers a system (a mistake first), keeps its secret, and sees it listed', async () => {
    const page = await administratorOnPhone();
    await page.goto('/');
    await page.getByRole('link', { name: 'Quản trị kết nối' }).click();
    await page.waitForURL('**/admin/integration/clients');
    await expect(main(page)).resolves.toContain('Chưa có hệ thống nào được đăng ký.');
    await check(page, '1-list-empty');

    await page.getByRole('link', { name: 'Đăng ký hệ thống kết nối' }).click();
    await check(page, '2-register');
    await page.getByLabel('Tên hệ thống').fill('Hệ thống thông tin giải quyết TTHC tỉnh');
    await page.getByLabel('Mã cơ quan chủ quản').fill(province.code);
    await page.getByLabel('Họ và tên').fill('Nguyễn Thị Kết Nối');
    await page.getByLabel('Thư điện tử').fill('ketnoi.tinh@example');
    await page.getByLabel(/Nhận hồ sơ nộp trên Cổng/).check();
    await page.getByLabel('Mã các cơ quan được phép').fill(`${province.code}\n${ward}`);
    const key = await clientKey();
    await page.getByLabel('Khóa công khai (JWK)').fill(JSON.stringify(key.jwk));
    await page.getByRole('button', { name: 'Đăng ký hệ thống' }).click();

    // Refused: the summary says why, and what was typed is still there.
    const summary = page.locator('.error-summary');
    await expect(summary.textContent()).resolves.toContain(
      'Thư điện tử: Nhập thư điện tử dạng ten@mien.vn',
    );
    await expect(page.getByLabel('Tên hệ thống').inputValue()).resolves.toBe(
      'Hệ thống thông tin giải quyết TTHC tỉnh',
    );
    await expect(page.getByLabel('Mã các cơ quan được phép').inputValue()).resolves.toBe(
      `${province.code}\n${ward}`,
    );
    await expect(page.getByLabel(/Nhận hồ sơ nộp trên Cổng/).isChecked()).resolves.toBe(true);
    await check(page, '3-register-errors');
    await summary.getByRole('link', { name: /Thư điện tử/ }).click();
    await page.getByLabel('Thư điện tử').fill('ketnoi.tinh@example.vn');
    await page.getByLabel(/Cấp khóa bí mật/).check();
    await page.getByRole('button', { name: 'Đăng ký hệ thống' }).click();

    // Registered: the secret is shown this once.
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'Đã đăng ký Hệ thống thông tin giải quyết TTHC tỉnh',
    );
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'Cổng chỉ hiện nó một lần',
    );
    await check(page, '4-registered');

    await page.getByRole('link', { name: 'Xem và quản lý hệ thống này' }).click();
    await expect(main(page)).resolves.toContain(key.kid);
    await check(page, '5-details');

    await page.getByRole('link', { name: 'Hệ thống kết nối', exact: true }).click();
    const row = page.getByRole('row', { name: /Hệ thống thông tin giải quyết TTHC tỉnh/ });
    await expect(row.textContent()).resolves.toContain(province.name);
    await expect(row.textContent()).resolves.toContain('dossiers:receive');
    await expect(row.textContent()).resolves.toContain('Đang hoạt động');
    await check(page, '6-list');
  });
});
