import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, startBrowserSession } from './browser.js';
import { signInAs } from '../browser-client.js';
import { PDF_BYTES } from '../files.js';
import { IdentityRepository } from '../../src/modules/identity/repository.js';
import { hashPassword } from '../../src/modules/identity/local-sign-in.js';

let page: Page;
let browser: Awaited<ReturnType<typeof startBrowserSession>>['browser'];
let baseUrl: string;
let db: Awaited<ReturnType<typeof startBrowserSession>>['db'];
let code: string;

/** A citizen files a certified copy at the Ba Đình ward through the API. */
async function citizenFiles(): Promise<string> {
  const an = await signInAs(baseUrl, 'vneid-001');
  const agency = (
    await db.query<{ code: string }>(
      `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_people_committee'`,
    )
  )[0]!.code;
  const json = async (method: string, path: string, body?: unknown) =>
    (await (
      await an.request(path, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    ).json()) as { id: string; code: string };
  const draft = await json('POST', '/api/v1/dossiers', {
    procedureCode: '2.001009',
    agencyCode: agency,
  });
  await json('PATCH', `/api/v1/dossiers/${draft.id}`, {
    answers: {
      documentName: 'Bằng tốt nghiệp đại học',
      documentIssuer: 'Trường Đại học Bách khoa Hà Nội',
      documentDate: '2011-07-15',
      copies: 1,
      declaration: true,
    },
  });
  const form = new FormData();
  form.set('field', 'original');
  form.set('file', new Blob([new Uint8Array(PDF_BYTES)]), 'bang-dai-hoc.pdf');
  await an.request(`/api/v1/dossiers/${draft.id}/attachments`, { method: 'POST', body: form });
  return (await json('POST', `/api/v1/dossiers/${draft.id}/submit`)).code;
}

beforeAll(async () => {
  ({ page, baseUrl, db, browser } = await startBrowserSession());
  const repository = new IdentityRepository(db);
  const officer = await repository.createLocalAccount({
    kind: 'officer',
    name: 'Trần Văn Khoa',
    email: 'khoa.tv@badinh.example.vn',
    phone: null,
    passwordHash: await hashPassword('Một-Cửa-2026!'),
  });
  const [agency] = await db.query<{ code: string }>(
    `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_people_committee'`,
  );
  for (const role of ['receiver', 'processor', 'approver']) {
    await db.query('INSERT INTO role_grants (account_id, agency_code, role) VALUES ($1, $2, $3)', [
      officer,
      agency!.code,
      role,
    ]);
  }
  code = await citizenFiles();
});

describe('an officer processes dossiers', () => {
  it('signs in, finds the dossier in the inbox, and takes it through to the result', async () => {
    await page.goto('/auth/sign-in?returnTo=/backoffice');
    await page.getByLabel('Thư điện tử hoặc số điện thoại').fill('khoa.tv@badinh.example.vn');
    await page.getByLabel('Mật khẩu').fill('Một-Cửa-2026!');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.waitForURL(/\/auth\/local\/code/);
    const codePage = page.url();
    await page.goto('/dev/mailbox');
    const otp = /(\d{6})/.exec((await page.locator('.mail h2').first().textContent()) ?? '')![1]!;
    await page.goto(codePage);
    await page.getByLabel('Mã xác thực').fill(otp);
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.waitForURL(/\/backoffice$/);

    await expect(page.locator('h1').textContent()).resolves.toBe('Hồ sơ cần xử lý');
    await expect(page.getByRole('link', { name: 'Xử lý hồ sơ' }).count()).resolves.toBe(1);
    await expectAccessible(page);
    await page.locator('#status').selectOption('1');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.getByRole('link', { name: code }).click();
    await page.waitForURL(/\/backoffice\/dossiers\//);
    await expect(page.locator('main').textContent()).resolves.toContain('Tiếp nhận trước');
    await expect(page.locator('main').textContent()).resolves.toContain('Bằng tốt nghiệp đại học');
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Số 12 phố Đội Cấn, Ba Đình, Hà Nội',
    );
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await expect(page.locator('.notice').textContent()).resolves.toBe('Đã thực hiện: Tiếp nhận.');
    await page.getByLabel('Cán bộ được giao').selectOption({ label: 'Trần Văn Khoa' });
    await page.getByRole('button', { name: 'Giao hồ sơ' }).click();
    await expect(page.locator('.notice').textContent()).resolves.toBe(
      'Đã giao hồ sơ cho Trần Văn Khoa.',
    );
    await expectAccessible(page);

    // Asking for a supplement needs the missing documents and a reason.
    await page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain(
      'Giấy tờ cần bổ sung',
    );
    await expectAccessible(page);

    // Someone else acts first (a second tab): this page's form is then out of date.
    const other = await page.context().newPage();
    await other.goto(`/backoffice/dossiers/${encodeURIComponent(code)}`);
    await other.getByRole('button', { name: 'Chuyển xử lý' }).click();
    await expect(other.locator('.notice').textContent()).resolves.toBe(
      'Đã thực hiện: Chuyển xử lý.',
    );
    await other.close();
    await page.getByRole('button', { name: 'Chuyển xử lý' }).click();
    await expect(page.locator('.notice-warning').textContent()).resolves.toContain('người khác');
    await expect(page.locator('main').textContent()).resolves.toContain('Chuyên viên xem xét');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Trình lãnh đạo duyệt' }).click();
    await page.getByRole('button', { name: 'Phê duyệt' }).click();
    await page.getByLabel('Số hiệu bưu gửi (nếu trả qua bưu chính)').fill('EB123456789VN');
    await page.getByRole('button', { name: 'Trả kết quả' }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('Đã trả kết quả');
    await expect(page.locator('.timeline').textContent()).resolves.toContain(
      'Trình lãnh đạo duyệt',
    );
    await expectAccessible(page);
  });

  it('sends a late dossier an apology slip with a new date', async () => {
    const late = await citizenFiles();
    await db.query(`UPDATE dossiers SET due_at = now() - interval '1 day' WHERE code = $1`, [late]);
    // The first working day after tomorrow, from the calendar's data.
    const [{ day }] = (await db.query<{ day: string }>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS day FROM generate_series(
         (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 2, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 20,
         interval '1 day') AS d
       WHERE extract(isodow FROM d) < 6 AND d::date NOT IN (SELECT day FROM calendar_days WHERE kind = 'holiday')
       ORDER BY d LIMIT 1`,
    )) as [{ day: string }];
    await page.goto(`/backoffice/dossiers/${encodeURIComponent(late)}`);
    await expect(page.locator('main').textContent()).resolves.toContain('Quá hạn');
    await page.getByLabel('Lý do chậm').fill('Cần xác minh với trường cấp bằng');
    await page.getByLabel('Ngày hẹn trả kết quả mới').fill(day);
    await page.getByRole('button', { name: 'Gửi phiếu xin lỗi' }).click();
    await expect(page.locator('.notice').textContent()).resolves.toContain(
      'Đã gửi phiếu xin lỗi số 1',
    );
    await expect(page.getByRole('link', { name: /Phiếu số 1/ }).count()).resolves.toBe(1);
    await expectAccessible(page);
  });

  it('asks for a supplement, which the citizen sends from the dossier page', async () => {
    const asked = await citizenFiles();
    await page.goto(`/backoffice/dossiers/${encodeURIComponent(asked)}`);
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await page
      .locator('#request_supplement-items')
      .fill('Ảnh chụp rõ nét bản chính Bằng tốt nghiệp');
    await page.locator('#request_supplement-reason').fill('Ảnh chụp bị mờ');
    await page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
    await expect(page.locator('.notice').textContent()).resolves.toContain('Yêu cầu bổ sung');

    const citizen = await (
      await browser.newContext({ baseURL: baseUrl, locale: 'vi-VN' })
    ).newPage();
    await citizen.goto('/auth/login?returnTo=/my/dossiers');
    await citizen.getByRole('button', { name: 'Đăng nhập là Nguyễn Văn An' }).click();
    await citizen.waitForURL(/\/my\/dossiers$/);
    await citizen.getByRole('link', { name: asked }).click();
    await expect(citizen.locator('main').textContent()).resolves.toContain(
      'Ảnh chụp rõ nét bản chính Bằng tốt nghiệp',
    );
    await expectAccessible(citizen);
    await citizen.getByLabel('Chọn tệp để tải lên').setInputFiles({
      name: 'bang-ro-net.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([PDF_BYTES, Buffer.from([1])]),
    });
    await citizen.getByRole('button', { name: 'Gửi bổ sung' }).click();
    await expect(citizen.locator('.notice').first().textContent()).resolves.toContain(
      'Đã gửi bổ sung',
    );
    await expectAccessible(citizen);
    await citizen.context().close();

    await page.reload();
    await expect(page.locator('main').textContent()).resolves.toContain('bang-ro-net.pdf');
  });
});
