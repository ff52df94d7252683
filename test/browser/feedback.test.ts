import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  citizenPage,
  expectAccessible,
  openPage,
  startBrowserSession,
  type BrowserSession,
} from './browser.js';
import { signInAs } from '../browser-client.js';
import { badinhWard, fileCertifiedCopy, returnDossier } from '../dossiers.js';
import { PDF_BYTES } from '../files.js';
import { officerWithRoles } from '../sessions.js';

/*
 * The feedback journey at phone width: a citizen (without JavaScript) sends feedback about
 * a returned dossier with a file; the ward forwards it to the city's Department of Justice,
 * which accepts and answers it with a signed PDF; the citizen reads the answer; it is found
 * in the public answers without the citizen's name or phone number. Axe on every page.
 */

const PHONE = { width: 390, height: 844 };
const JUSTICE = '000.00.01.H01';
const PHONE_NUMBER = '0912 345 678';

let session: BrowserSession;
let ward: string;
let dossierCode: string;
let feedbackCode: string;
let files: string;

const main = (p: Page) => p.locator('main').textContent();

/** A page at phone width, signed in with a session made for the account. */
const pageAs = (as: string) => openPage(session, { as, viewport: PHONE });

/** Citizen An, signed in, without JavaScript. */
const citizenWithoutScripts = () =>
  citizenPage(session, { javaScriptEnabled: false, viewport: PHONE });

let wardOfficer: string;
let justiceOfficer: string;

beforeAll(async () => {
  session = await startBrowserSession();
  const { baseUrl, db } = session;
  ward = await badinhWard(db);
  wardOfficer = await officerWithRoles(db, 'Trần Văn Khoa', ward, ['receiver', 'processor']);
  const approver = await officerWithRoles(db, 'Nguyễn Thị Lan', ward, ['approver']);
  justiceOfficer = await officerWithRoles(db, 'Phạm Minh Châu', JUSTICE, ['processor']);
  dossierCode = await fileCertifiedCopy(await signInAs(baseUrl, 'vneid-001'), ward);
  await returnDossier(baseUrl, db, dossierCode, { receiver: wardOfficer, approver });
  files = await mkdtemp(join(tmpdir(), 'feedback-files-'));
  await writeFile(join(files, 'giay-hen.pdf'), PDF_BYTES);
  return () => rm(files, { recursive: true, force: true });
});

describe('feedback about a returned dossier, from the citizen to the public answer', () => {
  it('is sent without JavaScript, refused first for what is missing', async () => {
    const page = await citizenWithoutScripts();
    await page.goto(`/feedback/new?dossier=${dossierCode}`);
    await expectAccessible(page);
    expect(await page.locator('#kind-dossier').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Tiêu đề');
    await expectAccessible(page);
    await page
      .getByRole('textbox', { name: 'Tiêu đề' })
      .fill('Trả kết quả chứng thực chậm hai ngày');
    await page
      .getByRole('textbox', { name: 'Nội dung' })
      .fill(
        `Tôi là Nguyễn Văn An, số điện thoại ${PHONE_NUMBER}. Hồ sơ ${dossierCode} hẹn trả ngày thứ Năm nhưng hai ngày sau tôi mới nhận được kết quả, không có giấy xin lỗi.`,
      );
    await page.getByRole('combobox', { name: 'Hồ sơ' }).selectOption(dossierCode);
    await page.locator('#files').setInputFiles(join(files, 'giay-hen.pdf'));
    await page.getByRole('checkbox', { name: /Tôi đồng ý công khai/ }).check();
    await page.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
    await page.waitForURL(/\/my\/feedback\/PAKN-/);
    feedbackCode = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.locator('.notice').textContent()).toContain(feedbackCode);
    expect(await main(page)).toContain('giay-hen.pdf');
    await expectAccessible(page);
  });

  it('is forwarded by the ward to the competent department', async () => {
    const page = await pageAs(wardOfficer);
    await page.goto('/backoffice/feedback');
    await expectAccessible(page);
    await page.getByRole('link', { name: feedbackCode }).click();
    expect(await main(page)).toContain('Nguyễn Văn An');
    await expectAccessible(page);
    await page.locator('#forward-toAgency').fill(JUSTICE);
    await page.locator('#forward-text').fill('Việc chứng thực do Sở Tư pháp hướng dẫn, kiểm tra');
    await page.getByRole('button', { name: 'Chuyển cơ quan có thẩm quyền' }).click();
    // Another agency's now: back in the inbox, which says so and no longer lists it.
    await page.waitForURL(/\/backoffice\/feedback\?forwarded=/);
    expect(await page.locator('.notice').textContent()).toContain(feedbackCode);
    expect(await page.locator('table').count()).toBe(0);
    await expectAccessible(page);
  });

  it('is accepted and answered by the department, with a signed PDF', async () => {
    const page = await pageAs(justiceOfficer);
    await page.goto(`/backoffice/feedback/${feedbackCode}`);
    await page.getByRole('button', { name: 'Tiếp nhận xử lý' }).click();
    expect(await page.locator('.notice').textContent()).toContain('Tiếp nhận xử lý');
    await page.locator('#answer-text').fill('ngắn');
    await page.getByRole('button', { name: 'Trả lời', exact: true }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Cần từ 20');
    await expectAccessible(page);
    await page
      .locator('#answer-text')
      .fill(
        'Sở Tư pháp đã yêu cầu Ủy ban nhân dân phường Ba Đình trả kết quả đúng hẹn, gửi thư xin lỗi khi trả chậm và báo cáo việc chấn chỉnh trước ngày 15/12/2026.',
      );
    await page.locator('#answer-signedPdf').check();
    await page.getByRole('button', { name: 'Trả lời', exact: true }).click();
    expect(await page.locator('.notice').textContent()).toContain('Đã cập nhật: Trả lời');
    await expectAccessible(page);
  });

  it('shows the citizen the answer and its signed PDF', async () => {
    const page = await citizenWithoutScripts();
    await page.goto(`/my/feedback/${feedbackCode}`);
    const text = await main(page);
    expect(text).toContain('Đã trả lời');
    expect(text).toContain('gửi thư xin lỗi khi trả chậm');
    expect(text).toContain('Chuyển tới Sở Tư pháp thành phố Hà Nội');
    const pdf = await page.request.get(
      (await page
        .getByRole('link', { name: 'Văn bản trả lời có chữ ký số' })
        .getAttribute('href'))!,
    );
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');
    await expectAccessible(page);
    await page.goto('/my/feedback');
    expect(await main(page)).toContain(feedbackCode);
    await expectAccessible(page);
  });

  it('is found in the public answers without the citizen’s name or phone number', async () => {
    const page = await openPage(session, { viewport: PHONE });
    await page.goto('/answers?q=tra+ket+qua+chung+thuc+cham');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Trả kết quả chứng thực chậm hai ngày' }).click();
    const text = (await main(page))!;
    expect(text).toContain('gửi thư xin lỗi khi trả chậm');
    expect(text).not.toContain('Nguyễn Văn An');
    expect(text).not.toContain(PHONE_NUMBER);
    expect(text).not.toContain(dossierCode);
    await expectAccessible(page);
  });
});
