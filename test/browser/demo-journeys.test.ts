import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, openPage, startBrowserSession } from './browser.js';
import { signInAs } from '../browser-client.js';
import { badinhWard, fileBirthRegistration, fileDossier } from '../dossiers.js';
import { seedDemoOfficers } from '../../src/modules/identity/demo-accounts.js';
import type { Database } from '../../src/platform/db.js';

// The portal's public address is http://localhost:<port>, while it listens on 127.0.0.1:
// what a newcomer meets when they open the address the log prints for the socket.
let page: Page;
let baseUrl: string;
let browser: Browser;
let db: Database;

beforeAll(async () => {
  ({ page, baseUrl, browser, db } = await startBrowserSession({ publicHost: 'localhost' }));
  await seedDemoOfficers(db);
});

const notice = (p: Page) => p.locator('.notice').first().textContent();
const warnings = (p: Page) => p.locator('.notice-warning').allTextContents();

/** A browser signed in as one of the README's demo officers. */
async function demoOfficer(email: string): Promise<Page> {
  const [account] = await db.query<{ id: string }>('SELECT id FROM accounts WHERE email = $1', [
    email,
  ]);
  return openPage({ browser, baseUrl, db }, { as: account!.id });
}

describe('opened at another name of the server', () => {
  it('sends a person to the public address, where sign-in with national identity works', async () => {
    const listening = baseUrl.replace('localhost', '127.0.0.1');
    await page.goto(`${listening}/procedures?q=khai+sinh`);
    expect(page.url()).toBe(`${baseUrl}/procedures?q=khai+sinh`);
    await page.getByRole('link', { name: 'Đăng nhập', exact: true }).click();
    await page.getByRole('link', { name: 'Đăng nhập bằng tài khoản định danh điện tử' }).click();
    await page.getByRole('button', { name: 'Đăng nhập là Nguyễn Văn An' }).click();
    await page.waitForURL(`${baseUrl}/procedures?q=khai+sinh`);
    await expect(page.locator('.viewer').textContent()).resolves.toContain('Nguyễn Văn An');
    await expectAccessible(page);
  });
});

describe('with the demo accounts', () => {
  it('a birth registration at Ba Đình goes through the ward police, never to a step nobody holds', async () => {
    const ward = await badinhWard(db);
    const [police] = await db.query<{ code: string; name: string }>(
      `SELECT code, name FROM agencies WHERE commune_code = '00004' AND kind = 'commune_police'`,
    );
    const code = await fileBirthRegistration(await signInAs(baseUrl, 'vneid-001'), ward);
    const dossierPath = `/backoffice/dossiers/${encodeURIComponent(code)}`;
    const [grant] = await db.query<{ account_id: string }>(
      `DELETE FROM role_grants WHERE agency_code = $1 RETURNING account_id`,
      [police!.code],
    );
    const policeRole = () =>
      db.query(
        `INSERT INTO role_grants (account_id, agency_code, role) VALUES ($1, $2, 'processor')`,
        [grant!.account_id, police!.code],
      );

    const khoa = await demoOfficer('canbo.phuongbadinh@hanoi.example.vn');
    await khoa.goto(dossierPath);
    await khoa.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await khoa
      .getByRole('button', { name: /Chuyển đến bước tiếp theo: Công chức tư pháp/ })
      .click();
    await expect(notice(khoa)).resolves.toBe('Đã thực hiện: Chuyển xử lý.');
    // Nobody at the ward police holds the role for the next step: it is not offered, and
    // the page says why and what to do.
    const towardsPolice = { name: /Chuyển đến bước tiếp theo: Cấp số định danh cá nhân/ };
    await expect(khoa.getByRole('button', towardsPolice).count()).resolves.toBe(0);
    await expect(warnings(khoa)).resolves.toContainEqual(
      expect.stringContaining(
        `Chưa thể chuyển hồ sơ tới bước “Cấp số định danh cá nhân” (${police!.name})`,
      ),
    );
    await expectAccessible(khoa);

    // With the demo police officer's role it goes there.
    await policeRole();
    await khoa.reload();
    await khoa.getByRole('button', towardsPolice).click();
    await expect(notice(khoa)).resolves.toBe('Đã thực hiện: Chuyển xử lý.');

    // Were that role taken away now, the ward would see the dossier stranded.
    await db.query('DELETE FROM role_grants WHERE agency_code = $1', [police!.code]);
    await khoa.goto('/backoffice');
    await khoa.getByRole('link', { name: 'Xem các hồ sơ này' }).click();
    await expect(khoa.getByRole('link', { name: code }).count()).resolves.toBe(1);
    await expectAccessible(khoa);
    await policeRole();

    const duc = await demoOfficer('canbo.conganbadinh@hanoi.example.vn');
    await duc.goto('/backoffice');
    await duc.getByRole('link', { name: code }).click();
    await duc
      .getByRole('button', { name: /Chuyển đến bước tiếp theo: Chủ tịch UBND xã ký/ })
      .click();
    await expect(notice(duc)).resolves.toBe('Đã thực hiện: Chuyển xử lý.');
    await expectAccessible(duc);

    await khoa.goto(dossierPath);
    await khoa.getByRole('button', { name: 'Phê duyệt' }).click();
    await expect(notice(khoa)).resolves.toBe('Đã thực hiện: Phê duyệt.');
    await khoa.getByRole('button', { name: 'Trả kết quả' }).click();
    await expect(notice(khoa)).resolves.toBe('Đã thực hiện: Trả kết quả.');
    await expectAccessible(khoa);
  });

  it('an officer is told why no second fee can be asked while the one due on filing waits', async () => {
    const citizen = await signInAs(baseUrl, 'vneid-001');
    const code = await fileDossier(citizen, {
      procedureCode: '2.000505',
      agencyCode: '000.00.01.H01',
      answers: {
        recordType: '1',
        purpose: 'Bổ sung hồ sơ xin việc',
        residences: [{ from: '09/2007', to: '11/2026', place: 'Phường Ba Đình, Hà Nội' }],
        declaration: true,
      },
      attachments: {},
    });
    const chau = await demoOfficer('canbo.tuphap@hanoi.example.vn');
    await chau.goto(`/backoffice/dossiers/${encodeURIComponent(code)}`);
    await chau.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await expect(notice(chau)).resolves.toBe('Đã thực hiện: Tiếp nhận.');
    await expect(
      chau.getByRole('button', { name: 'Yêu cầu nộp phí, lệ phí' }).count(),
    ).resolves.toBe(0);
    await expect(warnings(chau)).resolves.toContain('Hồ sơ đang có một khoản phí chờ nộp');
    await expectAccessible(chau);
  });
});
