import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, openPage, startBrowserSession } from './browser.js';
import { simulatedCitizen } from '../sessions.js';

type Session = Awaited<ReturnType<typeof startBrowserSession>>;

/** A phone held upright. */
const PHONE = { width: 360, height: 740 };
const PROCEDURE = '1.013125';

let session: Session;
let agency: { code: string; name: string };

/**
 * Answers as the feedback module stores them once published (personal data already replaced
 * by its marker): inserted by SQL, as this test is about the pages, not the publishing.
 */
async function insertPublished(db: Session['db']) {
  const { id } = await simulatedCitizen(db);
  const [ministry] = await db.query<{ code: string; name: string }>(
    `SELECT code, name FROM agencies WHERE kind = 'ministry' ORDER BY code LIMIT 1`,
  );
  agency = ministry!;
  const answers = [
    ['Cấp lại giấy phép lái xe bị mất', PROCEDURE, 'Tôi là [redacted], bị mất giấy phép lái xe.'],
    ['Thời hạn cấp hộ chiếu', null, 'Hộ chiếu của tôi cấp bao lâu? Gọi [redacted].'],
  ] as const;
  for (const [n, [title, procedure, question]] of answers.entries()) {
    await db.query(
      `WITH item AS (
         INSERT INTO feedback_items (code, kind, owner_id, sent_by, sender_name, agency_code,
           procedure_code, title, body, publish_consent, status, answer_text, answered_at,
           created_at, updated_at)
         VALUES ($1, 'procedure', $2, $2, 'X', $3, $4, $5, $6, true, 'answered', 'Trả lời.',
           now(), now(), now())
         RETURNING id)
       INSERT INTO published_answers (feedback_id, code, kind, agency_code, procedure_code,
         title, question, answer, answered_at, published_at)
       SELECT id, $7, 'procedure', $3, $4, $5, $6,
              'Ông/bà nộp hồ sơ cấp lại tại Sở Giao thông vận tải.', now(), now() FROM item`,
      [`PAKN-B-${n}`, id, agency.code, procedure, title, question, `TL-2026-00090${n}`],
    );
  }
}

beforeAll(async () => {
  session = await startBrowserSession();
  await insertPublished(session.db);
});

const phonePage = (javaScriptEnabled: boolean) =>
  openPage(session, { javaScriptEnabled, viewport: PHONE });

const fitsThePhone = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe('public answers on a phone', () => {
  it('search → did you mean → filter → an answer → its procedure, accessible at every step', async () => {
    const page = await phonePage(true);
    await page.goto('/answers');
    await expect(page.locator('h1').textContent()).resolves.toBe('Câu hỏi đã được trả lời');
    await expectAccessible(page);
    await expect(fitsThePhone(page)).resolves.toBe(true);

    await page.getByLabel('Tìm câu hỏi').fill('giay phep lia xe');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.waitForURL(/\/answers\?q=/);
    await expect(page.locator('.notice').textContent()).resolves.toContain('giay phep lai xe');
    await expect(page.locator('.result h3 a').allTextContents()).resolves.toEqual([
      'Cấp lại giấy phép lái xe bị mất',
    ]);
    await expectAccessible(page);

    await page.goto('/answers');
    await page.getByLabel('Cơ quan trả lời').selectOption(agency.code);
    await page.getByRole('button', { name: 'Áp dụng bộ lọc' }).click();
    await page.waitForURL(/agency=/);
    await expect(page.locator('.result').count()).resolves.toBe(2);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Cấp lại giấy phép lái xe bị mất' }).click();
    await page.waitForURL(/\/answers\/TL-2026-000900$/);
    await expect(page.locator('main').textContent()).resolves.toContain('Tôi là [đã ẩn], bị mất');
    await expectAccessible(page);
    await expect(fitsThePhone(page)).resolves.toBe(true);

    await page.locator('dd a[href^="/procedures/"]').click();
    await page.waitForURL(new RegExp(`/procedures/${PROCEDURE.replace('.', '\\.')}$`));
    const section = page.locator('#answers');
    await expect(section.locator('h2').textContent()).resolves.toBe(
      'Câu hỏi đã được trả lời về thủ tục này',
    );
    await expect(section.locator('a').allTextContents()).resolves.toEqual([
      'Cấp lại giấy phép lái xe bị mất',
    ]);
    await expectAccessible(page);
  });

  it('works with JavaScript off: search, filter by procedure, open an answer', async () => {
    const page = await phonePage(false);
    await page.goto('/answers');
    await page.getByLabel('Tìm câu hỏi').fill('ho chieu');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.waitForURL(/q=ho\+chieu/);
    await expect(page.locator('.result h3 a').allTextContents()).resolves.toEqual([
      'Thời hạn cấp hộ chiếu',
    ]);

    await page.goto('/answers');
    await page.getByLabel('Mã thủ tục').fill(PROCEDURE);
    await page.getByRole('button', { name: 'Áp dụng bộ lọc' }).click();
    await page.waitForURL(/procedure=/);
    await expect(page.locator('.result h3 a').allTextContents()).resolves.toEqual([
      'Cấp lại giấy phép lái xe bị mất',
    ]);

    await page.getByLabel('Mã thủ tục').fill('abc');
    await page.getByRole('button', { name: 'Áp dụng bộ lọc' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain(
      'Mã thủ tục có dạng 1.001193.',
    );

    await page.goto('/answers/TL-2026-000901');
    await expect(page.locator('main').textContent()).resolves.toContain('Gọi [đã ẩn].');
    await expect(fitsThePhone(page)).resolves.toBe(true);
  });
});
