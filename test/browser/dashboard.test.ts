import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, openPage, startBrowserSession, type BrowserSession } from './browser.js';
import { officerWithRoles, simulatedCitizen } from '../sessions.js';
import { badinhWard } from '../dossiers.js';

/**
 * The leaders' dashboard (issue 17, items 5 and 6) and the home page's live figures at phone
 * width, with and without JavaScript: axe finds nothing, the tables scroll in their own box
 * rather than the page, and the links into the work are there. SCREENSHOTS=folder keeps
 * pictures of them.
 */
const PHONE = { width: 375, height: 812 };
let session: BrowserSession;
/** A leader of the ward (an approver there). */
let leader: string;

beforeAll(async () => {
  session = await startBrowserSession();
  const { db } = session;
  const ward = await badinhWard(db);
  const { id: citizen } = await simulatedCitizen(db);
  const day = 86_400_000;
  for (const [status, days] of [
    [2, -2],
    [2, -1],
    [6, 1],
  ] as const) {
    await db.query(
      `INSERT INTO dossiers (code, owner_id, filed_by, procedure_code, procedure_version, agency_code,
         handling_agency_code, channel, status, answers, applicant_name, applicant_id_number,
         created_at, updated_at, submitted_at, due_at)
       VALUES ($1, $2, $2, '2.001009', 1, $3, $3, 2, $4, '{}', 'Công dân', '001090000001', now(), now(), now(), $5)`,
      [`B-${randomUUID().slice(0, 8)}`, citizen, ward, status, new Date(Date.now() + days * day)],
    );
  }
  await db.query(
    `INSERT INTO synced_dossiers (code, client_id, procedure_code, agency_code, channel, applicant_name,
       applicant_id_number, status, last_event_at, received_at, flag_count, last_flag, last_flag_at,
       created_at, updated_at)
     VALUES ('SYNC-0001', $1, '2.001009', $2, 1, 'Công dân', '001090000001', 4, now(), now(), 2,
       'impossible_transition', now(), now(), now())`,
    [randomUUID(), ward],
  );
  leader = await officerWithRoles(db, 'Lê Thị Hoa', ward, ['approver']);
});

const phonePage = (javaScriptEnabled: boolean, signedIn = true) =>
  openPage(session, { javaScriptEnabled, viewport: PHONE, ...(signedIn ? { as: leader } : {}) });

const fitsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

async function keep(page: Page, name: string) {
  const folder = process.env.SCREENSHOTS;
  if (folder) await page.screenshot({ path: `${folder}/${name}.png`, fullPage: true });
}

describe('the leaders’ dashboard on a phone', () => {
  it('is accessible and fits, with JavaScript', async () => {
    const page = await phonePage(true);
    await page.goto('/backoffice');
    await page.getByRole('link', { name: 'Bảng điều hành' }).click();
    await page.waitForURL('**/backoffice/dashboard');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Bảng điều hành');
    const summary = await page.locator('.summary-list').textContent();
    expect(summary).toContain('Hồ sơ quá hạn2');
    expect(summary).toContain('Sắp đến hạn (trong 2 ngày làm việc)1');
    expect(await page.locator('#quality').textContent()).toContain('SYNC-0001');
    expect(await page.locator('#quality').textContent()).toContain(
      'Chuyển trạng thái không hợp lệ',
    );
    expect(await fitsSideways(page)).toBe(true);
    await expectAccessible(page);
    await keep(page, 'dashboard-phone');
    await page.getByRole('link', { name: 'Mở hộp hồ sơ' }).click();
    await page.waitForURL(/\/backoffice\?agency=/);
    expect(await page.locator('tbody tr').count()).toBe(3);
  });

  it('is readable and accessible without JavaScript', async () => {
    const page = await phonePage(false);
    await page.goto('/backoffice/dashboard?lang=en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Leaders’ dashboard');
    // The section and the table's scrolling box, each named by the section's heading.
    expect(
      await page
        .getByRole('region', { name: 'Overdue and due-soon dossiers by procedure' })
        .count(),
    ).toBe(2);
    expect(await fitsSideways(page)).toBe(true);
    await keep(page, 'dashboard-phone-no-js');
    await expectAccessible(page);
  });
});

describe('the home page’s live figures on a phone', () => {
  it('are accessible and fit, with and without JavaScript', async () => {
    const page = await phonePage(true, false);
    await page.goto('/');
    expect(await page.getByRole('heading', { name: 'Số liệu trực tuyến' }).count()).toBe(1);
    expect(
      await page.getByRole('region', { name: 'Số liệu toàn quốc, cập nhật mỗi phút' }).count(),
    ).toBe(1);
    expect(await page.locator('#live-figures a[href="/statistics"]').count()).toBe(1);
    expect(await fitsSideways(page)).toBe(true);
    await expectAccessible(page);
    await keep(page, 'home-figures-phone');
    const plain = await phonePage(false, false);
    await plain.goto('/?lang=en');
    expect(await plain.getByRole('heading', { name: 'Live figures' }).count()).toBe(1);
    await expectAccessible(plain);
  });
});
