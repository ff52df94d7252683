import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { citizenPage, expectAccessible, startBrowserSession } from './browser.js';
import { PDF_BYTES as PDF } from '../files.js';

let page: Page;

/** Nguyễn Văn An, signed in (signing in is sign-in.test.ts's journey); one page for the file. */
beforeAll(async () => {
  page = await citizenPage(await startBrowserSession());
});

const continueButton = () => page.getByRole('button', { name: 'Lưu và tiếp tục' });
const heading = () => page.locator('h1').textContent();

describe('a citizen files a dossier online', () => {
  it('finds the procedure, fills it in with a mistake, attaches, resumes, submits and tracks it', async () => {
    await page.goto('/');
    await page.getByLabel('Tìm thủ tục hành chính').fill('dang ky khai sinh');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true }).click();
    await page.waitForURL(/\/procedures\/1\.001193$/);
    await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).first().click();
    await page.waitForURL(/\/procedures\/1\.001193\/submit$/);
    await expect(heading()).resolves.toBe('Nộp hồ sơ: Đăng ký khai sinh');
    await expectAccessible(page);
    // The commune where he lives is chosen already.
    await expect(page.getByLabel('Xã, phường, đặc khu').inputValue()).resolves.toBe('00004');
    await page.getByRole('button', { name: 'Bắt đầu khai hồ sơ' }).click();

    // Section 1: the applicant, prefilled; verified values are shown, not editable.
    await page.waitForURL(/\/sections\/applicant$/);
    await expect(page.locator('.progress-count').textContent()).resolves.toBe('Bước 1/6');
    await expect(page.locator('.locked-value').first().textContent()).resolves.toBe(
      'Nguyễn Văn An',
    );
    await expectAccessible(page);
    await page.getByLabel('Quan hệ với người được khai sinh').selectOption('father');
    await continueButton().click();

    // Section 2: a mistake (a birth date in the future) is caught by the page itself.
    await page.waitForURL(/\/sections\/child$/);
    await page.getByLabel('Họ, chữ đệm và tên').fill('Nguyễn Minh Khang');
    await page.getByLabel('Giới tính').selectOption('male');
    await page.getByLabel('Ngày, tháng, năm sinh').fill('2099-01-01');
    await page.getByLabel('Cơ sở y tế', { exact: true }).check();
    await page.getByLabel('Tên cơ sở y tế hoặc địa chỉ nơi sinh').fill('Bệnh viện Phụ sản Hà Nội');
    await page.getByLabel('Dân tộc').fill('Kinh');
    await continueButton().click();
    const summary = page.locator('.error-summary');
    await expect(summary.textContent()).resolves.toContain('không được sau ngày hôm nay');
    await expect(summary.textContent()).resolves.toContain('Hãy nhập Quốc tịch');
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe(
      'error-summary',
    );
    await expectAccessible(page);
    await summary.getByRole('link').first().click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('f-childBirthDate');
    await page.getByLabel('Ngày, tháng, năm sinh').fill('2025-11-20');
    await page.getByLabel('Quốc tịch').fill('Việt Nam');
    await continueButton().click();

    // Section 3: the father's ID number appears once his name is given.
    await page.waitForURL(/\/sections\/parents$/);
    await page.getByLabel('Họ, chữ đệm và tên người mẹ').fill('Lê Thị Hoa');
    await page.getByLabel('Số định danh cá nhân của người mẹ').fill('001192034567');
    await expect(page.getByLabel('Số định danh cá nhân của người cha').isVisible()).resolves.toBe(
      false,
    );
    // Typing is saved as it goes: a reload keeps the mother's name.
    await expect(page.locator('[data-autosave-status]').textContent()).resolves.toBe('');
    await expect
      .poll(() => page.locator('[data-autosave-status]').textContent())
      .toBe('Đã tự động lưu nháp');
    await page.reload();
    await expect(page.getByLabel('Họ, chữ đệm và tên người mẹ').inputValue()).resolves.toBe(
      'Lê Thị Hoa',
    );
    await page.getByLabel('Họ, chữ đệm và tên người cha').fill('Nguyễn Văn An');
    await page.getByLabel('Số định danh cá nhân của người cha').fill('001089012345');
    await page.getByRole('radio', { name: 'Có' }).check();
    await expectAccessible(page);
    await continueButton().click();

    // Section 4: files go up with a progress bar, and are listed.
    await page.waitForURL(/\/sections\/documents$/);
    await page.locator('#f-birthCertificate').setInputFiles({
      name: 'giay-chung-sinh.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await page.waitForSelector('text=giay-chung-sinh.pdf');
    await page.locator('#f-marriageCertificate').setInputFiles({
      name: 'ket-hon.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await page.waitForSelector('text=ket-hon.pdf');
    await expectAccessible(page);

    // Leave, come back later from "my dossiers": the draft resumes where it was left.
    await page.goto('/');
    await page.getByRole('link', { name: 'Hồ sơ của tôi' }).first().click();
    await page.waitForURL(/\/my\/dossiers$/);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Tiếp tục khai: Đăng ký khai sinh' }).click();
    await page.waitForURL(/\/sections\/declaration$/);
    await page.getByLabel('Tôi cam đoan').check();
    await continueButton().click();

    // Check the answers, then submit.
    await page.waitForURL(/\/review$/);
    await expect(heading()).resolves.toBe('Kiểm tra lại thông tin trước khi nộp');
    await expect(page.locator('main').textContent()).resolves.toContain('Nguyễn Minh Khang');
    await expect(page.locator('main').textContent()).resolves.toContain('20/11/2025');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await page.waitForURL(/\/dossiers\/[^/]+\?submitted=1$/);
    await expect(heading()).resolves.toBe('Đã nộp hồ sơ thành công');
    const code = (await page.locator('.panel-success .code').textContent())!;
    expect(code).toMatch(/^[0-9A-Z.]+-\d{6}-0001$/);
    await expect(page.locator('.timeline').textContent()).resolves.toContain(
      'Nộp hồ sơ trực tuyến',
    );
    await expectAccessible(page);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải giấy tiếp nhận và hẹn trả kết quả (PDF)' }).click(),
    ]);
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toBe(`${code}.pdf`);

    // Anyone with the code and the ID number can follow it, without signing in.
    await page.getByRole('link', { name: 'Tra cứu hồ sơ' }).first().click();
    await page.getByLabel('Mã hồ sơ').fill(code);
    await page.getByLabel('Số định danh cá nhân hoặc mã số doanh nghiệp').fill('001089012345');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/lookup') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Tra cứu' }).click(),
    ]);
    await expect(page.locator('#result-heading').textContent()).resolves.toBe('Kết quả tra cứu');
    await expect(page.locator('main').textContent()).resolves.toContain('Mới nộp');
    // The form was posted: the ID number is in no address, the page's own or its links'.
    expect(page.url()).not.toContain('001089012345');
    const addresses = await page.$$eval('[href], [action], [src]', (nodes) =>
      nodes.map((n) => n.getAttribute('href') ?? n.getAttribute('action') ?? n.getAttribute('src')),
    );
    expect(addresses.filter((a) => a?.includes('001089012345'))).toEqual([]);
    await expectAccessible(page);
  });

  it('reuses a document from the store in a second procedure', async () => {
    await page.goto('/procedures/1.004222/submit');
    await page.getByRole('button', { name: 'Bắt đầu khai hồ sơ' }).click();
    await page.waitForURL(/\/sections\/applicant$/);
    await continueButton().click();

    await page.waitForURL(/\/sections\/residence$/);
    const address = page.locator('fieldset.address');
    await address.getByLabel('Tỉnh, thành phố').selectOption('01');
    await expect
      .poll(() => address.getByLabel('Xã, phường, đặc khu').locator('option').count())
      .toBeGreaterThan(10);
    await address.getByLabel('Xã, phường, đặc khu').selectOption('00004');
    await address.getByLabel('Số nhà, đường, thôn, tổ').fill('Số 5 ngõ 12 phố Kim Mã');
    await page.getByLabel('Về ở với người thân (vợ, chồng, cha, mẹ, con)').check();
    await page.getByLabel('Quan hệ với chủ hộ').selectOption('spouse');
    await page.getByLabel('Họ và tên chủ hộ').fill('Lê Thị Hoa');
    await page.getByLabel('Số định danh cá nhân của chủ hộ').fill('001192034567');
    await expectAccessible(page);
    await continueButton().click();

    await page.waitForURL(/\/sections\/documents$/);
    await page.getByRole('button', { name: 'Dùng ket-hon.pdf' }).click();
    await page.waitForSelector('text=Gỡ ket-hon.pdf');
    await page.locator('#f-headConsent').setInputFiles({
      name: 'dong-y-chu-ho.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await page.waitForSelector('text=dong-y-chu-ho.pdf');
    await expectAccessible(page);
    await continueButton().click();
    await page.getByLabel('Tôi cam đoan').check();
    await continueButton().click();
    await page.waitForURL(/\/review$/);
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await page.waitForURL(/\?submitted=1$/);
    await expect(page.locator('main').textContent()).resolves.toContain('ket-hon.pdf');

    await page.goto('/my/documents');
    await expect(heading()).resolves.toBe('Kho dữ liệu cá nhân');
    await expect(page.locator('table').textContent()).resolves.toContain('Giấy chứng nhận kết hôn');
    await expectAccessible(page);

    // The same pages in English.
    await page.goto('/my/dossiers?lang=en');
    await expect(heading()).resolves.toBe('My dossiers');
    await expectAccessible(page);
    await page.getByRole('link', { name: /^00/ }).first().click();
    await expect(page.locator('main').textContent()).resolves.toContain('Result due');
    await expectAccessible(page);
  });
});
