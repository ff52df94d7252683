import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { newAddress, upstreamOf } from './clients.js';
import { fillCertifiedCopySection } from '../browser/browser.js';
import type { Database } from '../../src/platform/db.js';
import { IdentityRepository } from '../../src/modules/identity/repository.js';
import { hashPassword } from '../../src/modules/identity/local-sign-in.js';

/*
 * The browser journeys of test/browser (file, process, pay), shortened to what crosses
 * processes, in Chromium through the load balancer: each person's browser from an address
 * of its own, every answer's process noted.
 */

/** A person's browser: its own cookies, its own address, the processes that answered it. */
export async function personsBrowser(browser: Browser, base: string) {
  const context: BrowserContext = await browser.newContext({
    baseURL: base,
    locale: 'vi-VN',
    extraHTTPHeaders: { 'x-forwarded-for': newAddress() },
  });
  const upstreams = new Set<string>();
  context.on('response', (response) => {
    const upstream = response.headers()['x-upstream'];
    if (upstream) upstreams.add(upstreamOf({ headers: new Headers({ 'x-upstream': upstream }) }));
  });
  return { page: await context.newPage(), upstreams };
}

const main = (page: Page) => page.locator('main').textContent();
const notice = (page: Page) => page.locator('.notice').first().textContent();
const next = (page: Page) => page.getByRole('button', { name: 'Lưu và tiếp tục' }).click();

/** Nguyễn Văn An signs in with the identity simulator and files a certified copy: its code. */
export async function citizenFiles(page: Page): Promise<string> {
  await page.goto(`/auth/login?returnTo=${encodeURIComponent('/procedures/2.001009/submit')}`);
  await page.getByRole('button', { name: 'Đăng nhập là Nguyễn Văn An' }).click();
  await page.waitForURL((url) => url.pathname === '/procedures/2.001009/submit');
  await page.getByRole('button', { name: 'Bắt đầu khai hồ sơ' }).click();
  await page.waitForURL(/\/sections\/applicant$/);
  await next(page);
  await page.waitForURL(/\/sections\/copy$/);
  await fillCertifiedCopySection(page);
  await next(page);
  await page.waitForURL(/\/sections\/declaration$/);
  await page.getByLabel('Tôi cam đoan').check();
  await next(page);
  await page.waitForURL(/\/review$/);
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await page.waitForURL(/\/dossiers\/[^/]+\?submitted=1$/);
  return (await page.locator('.panel-success .code').textContent())!;
}

const OFFICER = { email: 'khoa.tv@badinh.example.vn', password: 'Một-Cửa-2026!' };

/** The ward's officer, who receives, processes, approves and returns (local sign-in). */
export async function wardOfficer(db: Database, ward: string): Promise<void> {
  const officer = await new IdentityRepository(db).createLocalAccount({
    kind: 'officer',
    name: 'Trần Văn Khoa',
    email: OFFICER.email,
    phone: null,
    passwordHash: await hashPassword(OFFICER.password),
  });
  for (const role of ['receiver', 'processor', 'approver']) {
    await db.query('INSERT INTO role_grants (account_id, agency_code, role) VALUES ($1, $2, $3)', [
      officer,
      ward,
      role,
    ]);
  }
}

/** Password, then the one-time code from the development mailbox: the back office. */
export async function officerSignsIn(page: Page): Promise<void> {
  await page.goto('/auth/sign-in?returnTo=/backoffice');
  await page.getByLabel('Thư điện tử hoặc số điện thoại').fill(OFFICER.email);
  await page.getByLabel('Mật khẩu').fill(OFFICER.password);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.waitForURL(/\/auth\/local\/code/);
  const codePage = page.url();
  await page.goto('/dev/mailbox');
  const otp = /(\d{6})/.exec((await page.locator('.mail h2').first().textContent()) ?? '')![1]!;
  await page.goto(codePage);
  await page.getByLabel('Mã xác thực').fill(otp);
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  await page.waitForURL(/\/backoffice$/);
}

const dossierPage = (code: string) => `/backoffice/dossiers/${encodeURIComponent(code)}`;

/** The officer receives the dossier and asks for its 4.000 ₫ fee. */
export async function officerAsksFee(page: Page, code: string): Promise<void> {
  await page.goto(dossierPage(code));
  await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
  await expect(notice(page)).resolves.toBe('Đã thực hiện: Tiếp nhận.');
  await page.getByLabel('Tên khoản phí, lệ phí').fill('Lệ phí chứng thực bản sao điện tử');
  await page.getByLabel('Số tiền (đồng)').fill('4.000');
  await page.getByRole('button', { name: 'Yêu cầu nộp phí, lệ phí' }).click();
  await expect(notice(page)).resolves.toContain('Yêu cầu nộp phí');
}

/** The citizen pays the fee at the sandbox bank: the receipt's bytes. */
export async function citizenPays(page: Page, code: string): Promise<Buffer> {
  await page.goto(`/dossiers/${encodeURIComponent(code)}`);
  await page.getByRole('link', { name: /^Nộp 4\.000 ₫ trực tuyến$/ }).click();
  await page.waitForURL(/\/payments\/new\?dossier=/);
  await page.getByLabel('Ngân hàng thử nghiệm (sandbox)').check();
  await page.getByRole('button', { name: /^Thanh toán 4\.000 ₫$/ }).click();
  await page.waitForURL(/\/sandbox-bank\/pay\//);
  await page.getByLabel(/9704000000000018/).check();
  await page.getByRole('button', { name: 'Xác nhận thanh toán' }).click();
  await page.waitForURL(/\/payments\/[0-9a-f-]{36}$/);
  await expect(main(page)).resolves.toContain('Thanh toán thành công');
  const link = page.getByRole('link', { name: 'Tải biên lai điện tử (PDF)' });
  const receipt = await page.request.get((await link.getAttribute('href'))!);
  expect(receipt.headers()['content-type']).toBe('application/pdf');
  return receipt.body();
}

/** Forwarded along the default steps, approved (the result signed), returned online. */
export async function officerCompletes(page: Page, code: string): Promise<void> {
  await page.goto(dossierPage(code));
  const forward = page.getByRole('button', { name: /^Chuyển đến bước tiếp theo/ });
  while ((await forward.count()) > 0) {
    await forward.first().click();
    await expect(notice(page)).resolves.toBe('Đã thực hiện: Chuyển xử lý.');
  }
  await page.getByRole('button', { name: 'Phê duyệt' }).click();
  await expect(notice(page)).resolves.toBe('Đã thực hiện: Phê duyệt.');
  await page.getByRole('button', { name: 'Trả kết quả' }).click();
  await expect(main(page)).resolves.toContain('Đã trả kết quả');
}

/** The citizen's signed result, downloaded from the dossier's page. */
export async function citizenDownloadsResult(page: Page, code: string): Promise<Buffer> {
  await page.goto(`/dossiers/${encodeURIComponent(code)}`);
  const link = page.getByRole('link', { name: 'Tải kết quả giải quyết (PDF có chữ ký số)' });
  const response = await page.request.get((await link.getAttribute('href'))!);
  expect(response.headers()['content-type']).toBe('application/pdf');
  return response.body();
}
