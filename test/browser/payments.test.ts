import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
  citizenPage,
  expectAccessible,
  officerPage,
  startBrowserSession,
  type BrowserSession,
} from './browser.js';
import { signInAs } from '../browser-client.js';
import { badinhWard, fileCertifiedCopy } from '../dossiers.js';

let session: BrowserSession;
let ward: string;

const main = (p: Page) => p.locator('main').textContent();

/** A certified copy of two pages filed by Nguyễn Văn An at the ward (API). */
const submittedDossier = async () =>
  fileCertifiedCopy(await signInAs(session.baseUrl, 'vneid-001'), ward, 2);

beforeAll(async () => {
  session = await startBrowserSession();
  ward = await badinhWard(session.db);
});

/** On the sandbox bank's page: pay with a test account. */
async function payAtBank(page: Page, account: string) {
  await page.waitForURL(/\/sandbox-bank\/pay\//);
  await expectAccessible(page);
  await page.getByLabel(new RegExp(account)).check();
  await page.getByRole('button', { name: 'Xác nhận thanh toán' }).click();
  await page.waitForURL(/\/payments\/[0-9a-f-]{36}$/);
}

describe('paying online', () => {
  it('a fee the ward asks for: declined once, paid again, receipt in hand, dossier moving on', async () => {
    const code = await submittedDossier();
    // The officer asks for the fee (the catalog's fee for this procedure is offered).
    const officer = await officerPage(session, 'Trần Văn Khoa', ward, ['receiver', 'processor']);
    await officer.goto(`/backoffice/dossiers/${encodeURIComponent(code)}`);
    await officer.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await officer.getByLabel('Tên khoản phí, lệ phí').fill('Lệ phí chứng thực bản sao điện tử');
    await officer.getByLabel('Số tiền (đồng)').fill('4.000');
    await officer.getByRole('button', { name: 'Yêu cầu nộp phí, lệ phí' }).click();
    await expect(officer.locator('.notice').first().textContent()).resolves.toContain(
      'Yêu cầu nộp phí',
    );
    await expectAccessible(officer);

    const citizen = await citizenPage(session);
    await citizen.goto(`/dossiers/${encodeURIComponent(code)}`);
    await expect(main(citizen)).resolves.toContain('Cơ quan yêu cầu nộp phí, lệ phí');
    await expectAccessible(citizen);
    await citizen.getByRole('link', { name: /^Nộp 4\.000 ₫ trực tuyến$/ }).click();
    await citizen.waitForURL(/\/payments\/new\?dossier=/);
    await expectAccessible(citizen);
    await citizen.getByLabel('Ngân hàng thử nghiệm (sandbox)').check();
    await citizen.getByRole('button', { name: /^Thanh toán 4\.000 ₫$/ }).click();
    await payAtBank(citizen, '9704000000000026');
    await expect(main(citizen)).resolves.toContain('Thanh toán không thành công');
    await expect(main(citizen)).resolves.toContain('Tài khoản không đủ số dư.');
    await expectAccessible(citizen);

    await citizen.getByRole('link', { name: 'Thanh toán lại' }).click();
    await citizen.getByRole('button', { name: /^Thanh toán 4\.000 ₫$/ }).click();
    await payAtBank(citizen, '9704000000000018');
    await expect(main(citizen)).resolves.toContain('Thanh toán thành công');
    await expectAccessible(citizen);
    const receiptLink = citizen.getByRole('link', { name: 'Tải biên lai điện tử (PDF)' });
    const receipt = await citizen.request.get((await receiptLink.getAttribute('href'))!);
    expect(receipt.headers()['content-type']).toBe('application/pdf');
    const pdf = await getDocument({ data: new Uint8Array(await receipt.body()) }).promise;
    const text = (await (await pdf.getPage(1)).getTextContent()).items
      .map((i) => ('str' in i ? i.str : ''))
      .join(' ');
    expect(text).toContain('Bốn nghìn đồng');

    // Paid, the dossier is back with the ward (received), and the officer sees the payment.
    await citizen.goto(`/dossiers/${encodeURIComponent(code)}`);
    await expect(main(citizen)).resolves.toContain('Đã tiếp nhận');
    await officer.reload();
    await expect(main(officer)).resolves.toContain('Đã nộp');
  });

  it('a traffic fine found by its code, then refunded in part by the police', async () => {
    const citizen = await citizenPage(session);
    await citizen.goto('/bills');
    await expectAccessible(citizen);
    await citizen.getByLabel('Mã khoản phải nộp').fill('VPHC26NAVAUMF6');
    await citizen.getByRole('button', { name: 'Tra cứu' }).click();
    await expect(main(citizen)).resolves.toContain('Quyết định xử phạt vi phạm hành chính');
    await expectAccessible(citizen);
    await citizen.getByRole('link', { name: 'Thanh toán khoản này' }).click();
    await citizen.getByLabel('Ngân hàng thử nghiệm (sandbox)').check();
    await citizen.getByRole('button', { name: /^Thanh toán 5\.000\.000 ₫$/ }).click();
    await payAtBank(citizen, '9704000000000018');
    await expect(main(citizen)).resolves.toContain('Thanh toán thành công');
    const number = (await citizen.locator('h1').textContent())!.replace('Mã thanh toán ', '');
    await citizen.goto('/bills?code=VPHC26NAVAUMF6');
    await expect(main(citizen)).resolves.toContain('Khoản này đã được thanh toán.');
    await expectAccessible(citizen);

    const police = await officerPage(session, 'Đặng Văn Tùng', '000.00.13.H01', ['approver']);
    await police.goto('/backoffice/payments');
    await expect(main(police)).resolves.toContain(number);
    await expectAccessible(police);
    const card = police.locator('article', { hasText: number });
    await card.getByLabel('Số tiền hoàn (đồng)').fill('1.000.000');
    await card.getByRole('button', { name: 'Hoàn trả' }).click();
    await expect(police.locator('.error-summary').textContent()).resolves.toContain(
      'Lý do hoàn trả: Trường này là bắt buộc',
    );
    await expectAccessible(police);
    const again = police.locator('article', { hasText: number });
    await again.getByLabel('Số tiền hoàn (đồng)').fill('1.000.000');
    await again.getByLabel('Lý do hoàn trả').fill('Giảm mức phạt theo quyết định sửa đổi');
    await again.getByRole('button', { name: 'Hoàn trả' }).click();
    await expect(police.locator('.notice').textContent()).resolves.toBe(
      `Đã hoàn trả 1.000.000 ₫ cho giao dịch ${number}.`,
    );
    await expect(main(police)).resolves.toContain('Đã hoàn trả một phần');
    await expectAccessible(police);
  });
});
