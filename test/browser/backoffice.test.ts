import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Page } from 'playwright-core';
import {
  citizenPage,
  expectAccessible,
  fillCertifiedCopySection,
  officerPage,
  openPage,
  startBrowserSession,
  type BrowserSession,
} from './browser.js';
import { signInAs } from '../browser-client.js';
import { fileCertifiedCopy } from '../dossiers.js';
import { PDF_BYTES } from '../files.js';
import { officerWithRoles } from '../sessions.js';
import { dossierFixtures } from '../../src/modules/dossiers/index.js';

let session: BrowserSession;
let ward: { code: string; name: string };
let police: { code: string; name: string };
/** The ward's one-stop officer, Trần Văn Khoa, who receives and processes. */
let khoa: string;

const main = (p: Page) => p.locator('main').textContent();
const notice = (p: Page) => p.locator('.notice').first().textContent();

/** A certified-copy dossier at the ward, filed through the API (for the shorter stories). */
const citizenFiles = async () =>
  fileCertifiedCopy(await signInAs(session.baseUrl, 'vneid-001'), ward.code);

beforeAll(async () => {
  session = await startBrowserSession();
  const { db } = session;
  const agency = (kind: string) =>
    db
      .query<{ code: string; name: string }>(
        `SELECT code, name FROM agencies WHERE commune_code = '00004' AND kind = $1`,
        [kind],
      )
      .then((rows) => rows[0]!);
  ward = await agency('commune_people_committee');
  police = await agency('commune_police');
  khoa = await officerWithRoles(db, 'Trần Văn Khoa', ward.code, ['receiver', 'processor']);
  // The ward's own steps for certified copies: its justice unit reviews, the ward police
  // check the applicant's identity, the chair signs.
  await db.query(
    `INSERT INTO processing_workflows (procedure_code, agency_code, steps, updated_at)
     VALUES ('2.001009', $1, $2, now())`,
    [
      ward.code,
      JSON.stringify([
        {
          code: 'justice_review',
          name: { vi: 'Công chức tư pháp thẩm định', en: 'Justice officer review' },
          role: 'processor',
          department: { vi: 'Bộ phận Tư pháp – Hộ tịch', en: 'Justice unit' },
        },
        {
          code: 'police_check',
          name: { vi: 'Công an phường xác minh nhân thân', en: 'Identity check' },
          role: 'processor',
          agency: { kind: 'commune_police' },
        },
        {
          code: 'approval',
          name: { vi: 'Chủ tịch UBND phường ký', en: "Chair's signature" },
          role: 'approver',
        },
      ]),
    ],
  );
});

describe('a dossier from submission to its signed result', () => {
  it('is submitted, received, supplemented, forwarded across agencies, approved, and its signed result downloaded', async () => {
    // The citizen files online.
    const citizen = await citizenPage(session);
    await citizen.goto('/procedures/2.001009/submit');
    await expectAccessible(citizen);
    await citizen.getByRole('button', { name: 'Bắt đầu khai hồ sơ' }).click();
    await citizen.waitForURL(/\/sections\/applicant$/);
    await expectAccessible(citizen);
    await citizen.getByRole('button', { name: 'Lưu và tiếp tục' }).click();
    await citizen.waitForURL(/\/sections\/copy$/);
    await fillCertifiedCopySection(citizen);
    await expectAccessible(citizen);
    await citizen.getByRole('button', { name: 'Lưu và tiếp tục' }).click();
    await citizen.waitForURL(/\/sections\/declaration$/);
    await citizen.getByLabel('Tôi cam đoan').check();
    await citizen.getByRole('button', { name: 'Lưu và tiếp tục' }).click();
    await citizen.waitForURL(/\/review$/);
    await expectAccessible(citizen);
    await citizen.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await citizen.waitForURL(/\/dossiers\/[^/]+\?submitted=1$/);
    const code = (await citizen.locator('.panel-success .code').textContent())!;
    await expectAccessible(citizen);

    // The ward's one-stop officer receives it, from the dossiers to handle.
    const page = await openPage(session, { as: khoa });
    await page.goto('/backoffice');
    await expect(page.locator('h1').textContent()).resolves.toBe('Hồ sơ cần xử lý');
    await expectAccessible(page);
    await page.locator('#status').selectOption('1');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.getByRole('link', { name: code }).click();
    await page.waitForURL(/\/backoffice\/dossiers\//);
    await expect(main(page)).resolves.toContain('Tiếp nhận trước');
    await expect(main(page)).resolves.toContain('Bằng tốt nghiệp đại học');
    await expect(main(page)).resolves.toContain('Công an phường xác minh nhân thân');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await expect(notice(page)).resolves.toBe('Đã thực hiện: Tiếp nhận.');
    await page.getByLabel('Cán bộ được giao').selectOption({ label: 'Trần Văn Khoa' });
    await page.getByRole('button', { name: 'Giao hồ sơ' }).click();
    await expect(notice(page)).resolves.toBe('Đã giao hồ sơ cho Trần Văn Khoa.');

    // A supplement request needs what is missing and why; then the citizen is asked.
    await page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain(
      'Giấy tờ cần bổ sung',
    );
    await expectAccessible(page);
    await page
      .locator('#request_supplement-items')
      .fill('Ảnh chụp rõ nét bản chính Bằng tốt nghiệp');
    await page.locator('#request_supplement-reason').fill('Ảnh chụp bị mờ');
    await page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
    await expect(notice(page)).resolves.toContain('Yêu cầu bổ sung');

    // The citizen sees what is asked for and sends the file from the dossier page.
    await citizen.goto(`/dossiers/${encodeURIComponent(code)}`);
    await expect(main(citizen)).resolves.toContain('Ảnh chụp rõ nét bản chính Bằng tốt nghiệp');
    await expectAccessible(citizen);
    await citizen.getByLabel('Chọn tệp để tải lên').setInputFiles({
      name: 'bang-ro-net.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([PDF_BYTES, Buffer.from([1])]),
    });
    await citizen.getByRole('button', { name: 'Gửi bổ sung' }).click();
    await expect(notice(citizen)).resolves.toContain('Đã gửi bổ sung');
    await expectAccessible(citizen);

    // Back with the officer: the new file is there; it goes to the justice unit.
    await page.reload();
    await expect(main(page)).resolves.toContain('bang-ro-net.pdf');
    // Someone else acts first (a second tab): this page's form is then out of date.
    const other = await page.context().newPage();
    await other.goto(`/backoffice/dossiers/${encodeURIComponent(code)}`);
    await other
      .getByRole('button', { name: /Chuyển đến bước tiếp theo: Công chức tư pháp thẩm định/ })
      .click();
    await expect(notice(other)).resolves.toBe('Đã thực hiện: Chuyển xử lý.');
    await other.close();
    await page
      .getByRole('button', { name: /Chuyển đến bước tiếp theo: Công chức tư pháp thẩm định/ })
      .click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('người khác');
    await expectAccessible(page);
    // Now at the justice review, it is forwarded to the ward police, where an officer holds
    // the step's role (without one the portal would not send it there).
    const policeOfficer = await officerPage(session, 'Đỗ Văn Hùng', police.code, ['processor']);
    const leader = await officerPage(session, 'Nguyễn Thị Lan', ward.code, ['approver']);
    await page.goto(`/backoffice/dossiers/${encodeURIComponent(code)}`);
    await page
      .getByRole('button', {
        name: `Chuyển đến bước tiếp theo: Công an phường xác minh nhân thân (${police.name})`,
      })
      .click();
    await expect(notice(page)).resolves.toBe('Đã thực hiện: Chuyển xử lý.');
    await expect(page.locator('#actions-heading + p').textContent()).resolves.toBe(
      `Hồ sơ đang được xử lý tại ${police.name}.`,
    );

    // The police find it in their inbox and send it on to the chair.
    await policeOfficer.goto('/backoffice');
    await expectAccessible(policeOfficer);
    await policeOfficer.getByRole('link', { name: code }).click();
    await expect(main(policeOfficer)).resolves.toContain('Công an phường xác minh nhân thân');
    await expectAccessible(policeOfficer);
    await policeOfficer
      .getByRole('button', { name: /Chuyển đến bước tiếp theo: Chủ tịch UBND phường ký/ })
      .click();
    await expect(notice(policeOfficer)).resolves.toBe('Đã thực hiện: Chuyển xử lý.');

    // The ward's leader approves: the result is made and signed.
    await leader.goto(`/backoffice/dossiers/${encodeURIComponent(code)}`);
    await expectAccessible(leader);
    await leader.getByRole('button', { name: 'Phê duyệt' }).click();
    await expect(notice(leader)).resolves.toBe('Đã thực hiện: Phê duyệt.');
    await expectAccessible(leader);

    // The one-stop officer returns it online.
    await page.goto(`/backoffice/dossiers/${encodeURIComponent(code)}`);
    await page.getByRole('button', { name: 'Trả kết quả' }).click();
    await expect(main(page)).resolves.toContain('Đã trả kết quả');
    await expect(page.locator('.timeline').textContent()).resolves.toContain(
      'Đã phê duyệt, có kết quả',
    );
    await expectAccessible(page);

    // The citizen downloads the signed result; an independent tool checks its signature.
    await citizen.goto(`/dossiers/${encodeURIComponent(code)}`);
    await expectAccessible(citizen);
    const link = citizen.getByRole('link', { name: 'Tải kết quả giải quyết (PDF có chữ ký số)' });
    const response = await citizen.request.get((await link.getAttribute('href'))!);
    expect(response.headers()['content-type']).toBe('application/pdf');
    const dir = await mkdtemp(join(tmpdir(), 'motcua-result-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, `${code}.pdf`);
    await writeFile(file, await response.body());
    const { stdout } = await promisify(execFile)('pdfsig', [file]);
    expect(stdout).toContain('Signature Validation: Signature is Valid.');
    expect(stdout).toContain('Signer Certificate Common Name: Uy ban nhan dan phuong Ba Dinh');
  });

  it('shows a late dossier’s apology slip to the officer and to the citizen', async () => {
    const late = await citizenFiles();
    const { db } = session;
    await dossierFixtures.setDueDate(db, late, new Date(Date.now() - 24 * 3600_000));
    // The first working day after tomorrow, from the calendar's data.
    const [{ day }] = (await db.query<{ day: string }>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS day FROM generate_series(
         (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 2, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 20,
         interval '1 day') AS d
       WHERE extract(isodow FROM d) < 6 AND d::date NOT IN (SELECT day FROM calendar_days WHERE kind = 'holiday')
       ORDER BY d LIMIT 1`,
    )) as [{ day: string }];
    const page = await openPage(session, { as: khoa });
    await page.goto(`/backoffice/dossiers/${encodeURIComponent(late)}`);
    await expect(main(page)).resolves.toContain('Quá hạn');
    await page.getByLabel('Lý do chậm').fill('Cần xác minh với trường cấp bằng');
    await page.getByLabel('Ngày hẹn trả kết quả mới').fill(day);
    await page.getByRole('button', { name: 'Gửi phiếu xin lỗi' }).click();
    await expect(notice(page)).resolves.toContain('Đã gửi phiếu xin lỗi số 1');
    await expect(page.getByRole('link', { name: /Phiếu số 1/ }).count()).resolves.toBe(1);
    await expectAccessible(page);

    const citizen = await citizenPage(session);
    await citizen.goto('/my/dossiers');
    await citizen.getByRole('link', { name: late }).click();
    await expect(citizen.locator('.timeline').textContent()).resolves.toContain(
      'Cần xác minh với trường cấp bằng',
    );
    await expectAccessible(citizen);
    const slip = citizen.getByRole('link', { name: /Phiếu xin lỗi/ });
    const pdf = await citizen.request.get((await slip.getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('registers a dossier handed in at the counter', async () => {
    const page = await openPage(session, { as: khoa });
    await page.goto('/backoffice');
    await page.getByRole('link', { name: 'Tiếp nhận hồ sơ trực tiếp hoặc qua bưu chính' }).click();
    await page.waitForURL(/\/backoffice\/intake$/);
    await expectAccessible(page);
    await page.getByLabel('Thủ tục').selectOption('2.001009');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.waitForURL(/\/backoffice\/intake\/form\?/);
    await expectAccessible(page);
    await page
      .getByLabel('Họ, chữ đệm và tên người nộp (hoặc tên doanh nghiệp)')
      .fill('Hoàng Văn Nam');
    await page.getByLabel('Số định danh cá nhân hoặc mã số doanh nghiệp').fill('001090123');
    await page.getByLabel('Số điện thoại').fill('0912345678');
    await page.getByLabel('Ngày sinh').fill('1990-04-12');
    await page.getByLabel('Tỉnh, thành phố').selectOption('01');
    await page.getByRole('button', { name: 'Cập nhật biểu mẫu' }).click();
    await page.getByLabel('Xã, phường, đặc khu').selectOption('00004');
    await page.getByLabel('Số nhà, đường, thôn, tổ').fill('Số 8 phố Giang Văn Minh');
    await page.getByLabel('Tên giấy tờ').fill('Bằng tốt nghiệp trung học phổ thông');
    await page.getByLabel('Cơ quan cấp').fill('Sở Giáo dục và Đào tạo Hà Nội');
    await page.getByLabel('Ngày cấp').fill('2008-06-30');
    await page.getByLabel('Số bản sao điện tử đề nghị chứng thực').fill('2');
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    // A wrong ID number is caught, and everything typed is still there.
    await expect(page.locator('.error-summary').textContent()).resolves.toContain(
      'Số định danh cá nhân (12 chữ số)',
    );
    await expect(page.getByLabel('Tên giấy tờ').inputValue()).resolves.toBe(
      'Bằng tốt nghiệp trung học phổ thông',
    );
    await expectAccessible(page);
    await page.getByLabel('Số định danh cá nhân hoặc mã số doanh nghiệp').fill('001090123456');
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await page.waitForURL(/\/backoffice\/dossiers\/.+\?registered=1$/);
    await expect(notice(page)).resolves.toMatch(/^Đã tiếp nhận hồ sơ .+\.$/);
    await expect(main(page)).resolves.toContain('Hoàng Văn Nam');
    await expectAccessible(page);
  });
});
