import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  citizenPage,
  expectAccessible,
  officerPage,
  openPage,
  startBrowserSession,
  type BrowserSession,
} from './browser.js';
import { signInAs } from '../browser-client.js';
import { badinhWard, fileCertifiedCopy } from '../dossiers.js';

let session: BrowserSession;
let ward: string;

/** A phone held upright: tables wider than this scroll sideways. */
const PHONE = { width: 360, height: 740 };

beforeAll(async () => {
  session = await startBrowserSession();
  ward = await badinhWard(session.db);
});

/** Every scrolling table of the page: a named region, reachable with the keyboard. */
async function expectScrollRegionsReachable(page: Page) {
  const wraps = await page.locator('.table-wrap').evaluateAll((elements) =>
    elements.map((element) => ({
      role: element.getAttribute('role'),
      tabIndex: element.getAttribute('tabindex'),
      label:
        element.getAttribute('aria-label') ??
        document.getElementById(element.getAttribute('aria-labelledby') ?? '')?.textContent ??
        '',
    })),
  );
  expect(wraps.length, page.url()).toBeGreaterThan(0);
  for (const wrap of wraps) {
    expect(wrap, page.url()).toEqual({ role: 'region', tabIndex: '0', label: expect.any(String) });
    expect(wrap.label.trim(), page.url()).not.toBe('');
  }
}

/** Presses Tab from the top of the page until `target` has focus; how many presses it took. */
async function tabTo(page: Page, target: ReturnType<Page['locator']>): Promise<number> {
  await page.locator('body').focus();
  for (let presses = 1; presses <= 150; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return presses;
  }
  throw new Error(`Tab never reached the region on ${page.url()}`);
}

async function atPhoneWidth(page: Page, path: string) {
  await page.goto(path);
  await expectAccessible(page);
  await expectScrollRegionsReachable(page);
}

describe('tables at phone width', () => {
  it('the legal bases of a procedure scroll sideways and are reached by keyboard', async () => {
    const page = await openPage(session, { viewport: PHONE });
    await page.goto('/procedures/1.001193');
    await expectAccessible(page);
    await expectScrollRegionsReachable(page);
    // The section is a region too; the table's scrolling box is the one inside it.
    const legal = page.locator('#legal').getByRole('region', { name: 'Căn cứ pháp lý' });
    await expect(
      legal.evaluate((element) => element.scrollWidth > element.clientWidth),
    ).resolves.toBe(true);

    expect(await tabTo(page, legal)).toBeGreaterThan(0);
    // Focused, the region shows it and moves with the arrow keys.
    await expect(legal.evaluate((element) => getComputedStyle(element).outlineStyle)).resolves.toBe(
      'solid',
    );
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => legal.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);

    await page.goto('/procedures/1.001193?lang=en');
    await expect(
      page.locator('#legal').getByRole('region', { name: 'Legal basis' }).count(),
    ).resolves.toBe(1);
    await expectAccessible(page);
  });

  it('agencies, a citizen’s dossiers and account, and the officers’ tables', async () => {
    await atPhoneWidth(await openPage(session, { viewport: PHONE }), '/agencies?province=01');

    const code = await fileCertifiedCopy(await signInAs(session.baseUrl, 'vneid-001'), ward);
    const citizen = await citizenPage(session, { viewport: PHONE });
    await atPhoneWidth(citizen, '/my/dossiers');
    await expect(citizen.locator('main').textContent()).resolves.toContain(code);
    await atPhoneWidth(citizen, '/account');

    const officer = await officerPage(session, 'Trần Văn Khoa', ward, ['receiver', 'processor'], {
      viewport: PHONE,
    });
    await atPhoneWidth(officer, '/backoffice');
    await expect(officer.locator('main').textContent()).resolves.toContain(code);

    const police = await officerPage(session, 'Đặng Văn Tùng', '000.00.13.H01', ['approver'], {
      viewport: PHONE,
    });
    await atPhoneWidth(police, '/backoffice/payments');
  });
});
