import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, openPage, startBrowserSession, type BrowserSession } from './browser.js';
import { signInAs } from '../browser-client.js';
import { badinhWard, fileCertifiedCopy, returnDossier } from '../dossiers.js';
import { officerWithRoles } from '../sessions.js';

/**
 * The public statistics on a phone, with JavaScript and without: every page passes axe, fits
 * the screen (wide tables scroll in their own region), and has its chart beside a table.
 * A returned dossier is taken into the index (its ingest) before the pages are read.
 */
const PHONE = { width: 375, height: 740 };

let session: BrowserSession;
let ward: string;

beforeAll(async () => {
  const { db, modules, baseUrl, browser } = await startBrowserSession();
  session = { db, baseUrl, browser };
  ward = await badinhWard(db);
  const receiver = await officerWithRoles(db, 'Trần Văn Khoa', ward, ['receiver', 'processor']);
  const approver = await officerWithRoles(db, 'Nguyễn Thị Lan', ward, ['approver']);
  const code = await fileCertifiedCopy(await signInAs(baseUrl, 'vneid-001'), ward);
  await returnDossier(baseUrl, db, code, { receiver, approver });
  await modules.monitoring.ingest();
});

const phonePage = (javaScriptEnabled: boolean) =>
  openPage(session, { javaScriptEnabled, viewport: PHONE });

const fitsThePhone = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/** Each chart is one named image, and a table of the same figures follows it. */
async function expectChartsWithTables(page: Page) {
  const charts = page.locator('svg[role="img"]');
  const count = await charts.count();
  expect(count, page.url()).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const chart = charts.nth(i);
    await expect(chart.getAttribute('aria-labelledby')).resolves.toMatch(/\S+ \S+/);
    const box = (await chart.boundingBox())!;
    expect(box.width, page.url()).toBeLessThanOrEqual(PHONE.width);
    const section = chart.locator('xpath=ancestor::section[1]');
    await expect(section.locator('table').count()).resolves.toBeGreaterThan(0);
  }
}

/** Axe on the page (on a copy without JavaScript), and it fits the phone. */
async function check(page: Page) {
  await expectAccessible(page);
  await expect(fitsThePhone(page), page.url()).resolves.toBe(true);
}

describe('the statistics on a phone', () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`ranking → province → agency, ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const page = await phonePage(javaScriptEnabled);
      await page.goto('/');
      await page.getByRole('link', { name: 'Thống kê, đánh giá' }).click();
      await page.waitForURL(/\/statistics$/);
      await expect(page.locator('h1').textContent()).resolves.toBe(
        'Chỉ số phục vụ người dân, doanh nghiệp',
      );
      await expect(page.locator('main').textContent()).resolves.toContain('Từ đầu tháng đến nay');
      await expectChartsWithTables(page);
      await check(page);

      // The form: ministries, a past quarter.
      await page.getByLabel('Xếp hạng', { exact: true }).selectOption('ministry');
      await page.getByLabel('Kỳ đánh giá').selectOption({ label: 'Quý 3/2026' });
      await page.getByRole('button', { name: 'Xem', exact: true }).click();
      await page.waitForURL(/period=2026-Q3/);
      await expect(page.locator('main').textContent()).resolves.toContain('Xếp hạng các bộ, ngành');
      await check(page);

      await page.goto('/statistics');
      await page.getByRole('link', { name: 'Thành phố Hà Nội' }).click();
      await page.waitForURL(/\/statistics\/provinces\/01\?period=/);
      await expect(page.locator('h1').textContent()).resolves.toBe('Thành phố Hà Nội');
      await expectChartsWithTables(page);
      await check(page);

      await page.locator(`a[href^="/statistics/agencies/${ward}?"]`).click();
      await page.waitForURL(/\/statistics\/agencies\//);
      await expect(page.locator('main').textContent()).resolves.toContain('Số liệu theo thủ tục');
      await expectChartsWithTables(page);
      await check(page);
    });
  }

  it('in English, and a period that is none', async () => {
    const page = await phonePage(true);
    await page.goto('/statistics?lang=en&kind=ministry');
    await expect(page.locator('main').textContent()).resolves.toContain('So far this month');
    await check(page);
    await page.goto(`/statistics/agencies/${ward}`);
    await expect(page.locator('main').textContent()).resolves.toContain('Figures by procedure');
    await check(page);

    await page.goto('/statistics?period=1999-01&lang=vi');
    const summary = page.locator('.error-summary');
    await expect(summary.textContent()).resolves.toContain('từ năm 2000 đến 2099');
    // The summary takes focus (site.js) and links to the field.
    await expect(summary.evaluate((element) => element === document.activeElement)).resolves.toBe(
      true,
    );
    await expect(summary.getByRole('link').getAttribute('href')).resolves.toBe('#period');
    await check(page);
  });
});
