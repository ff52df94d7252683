import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  citizenPage,
  expectAccessible,
  officerPage,
  startBrowserSession,
  type BrowserSession,
} from './browser.js';
import { signInAs } from '../browser-client.js';
import { badinhWard, fileCertifiedCopy, returnDossier } from '../dossiers.js';
import { officerWithRoles } from '../sessions.js';

/**
 * Rating a returned dossier from its invitation, on a phone, with JavaScript and without;
 * and the ward's officer reading the ratings, the anonymous one without who gave it.
 */
const PHONE = { width: 360, height: 740 };

let session: BrowserSession;
let ward: string;
let receiver: string;
let approver: string;

beforeAll(async () => {
  session = await startBrowserSession();
  const { db } = session;
  ward = await badinhWard(db);
  receiver = await officerWithRoles(db, 'Trần Văn Khoa', ward, ['receiver', 'processor']);
  approver = await officerWithRoles(db, 'Nguyễn Thị Lan', ward, ['approver']);
});

const main = (p: Page) => p.locator('main').textContent();

/** An's certified copy, filed and taken by the ward to its returned result (API). */
async function returnedDossier(): Promise<string> {
  const { baseUrl, db } = session;
  const code = await fileCertifiedCopy(await signInAs(baseUrl, 'vneid-001'), ward);
  await returnDossier(baseUrl, db, code, { receiver, approver });
  // The invitation is written once the return is committed.
  for (let tries = 0; tries < 50; tries++) {
    const [invited] = await db.query('SELECT 1 FROM rating_invitations WHERE dossier_code = $1', [
      code,
    ]);
    if (invited) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${code} was not invited`);
}

/** An signed in on a phone, with or without JavaScript, at `path`. */
async function citizenAt(path: string, javaScriptEnabled: boolean) {
  const citizen = await citizenPage(session, { javaScriptEnabled, viewport: PHONE });
  await citizen.goto(path);
  return citizen;
}

/** Answers the form's questions: each radio button within its question's group. */
async function answer(page: Page, choices: Record<string, string>) {
  for (const [question, choice] of Object.entries(choices)) {
    await page.getByRole('group', { name: question }).getByLabel(choice, { exact: true }).check();
  }
}

const ANSWERS = {
  'Hồ sơ có được trả kết quả đúng hẹn không?': 'Có',
  'Bạn đã phải đi lại hoặc nộp bổ sung bao nhiêu lần?': '1 lần',
  'Thái độ, tác phong của cán bộ': '4 — Hài lòng',
  'Phí, lệ phí có đúng như đã công bố không?': 'Có',
};

describe('rating a returned dossier', () => {
  it('from the invitation, anonymously and by name, then read by the ward’s officer', async () => {
    const hidden = await returnedDossier();
    const named = await returnedDossier();

    // With JavaScript: from the message in the portal to the form.
    const citizen = await citizenAt('/notifications', true);
    const message = `Mời đánh giá việc giải quyết hồ sơ ${hidden}`;
    await expect(main(citizen)).resolves.toContain(message);
    await expectAccessible(citizen);
    // The message's link, as a person would follow it from the message's text.
    const body = (await citizen
      .locator('main p', { hasText: `/my/ratings/${hidden}` })
      .textContent())!;
    const link = new URL(/https?:\/\/\S+\/my\/ratings\/\S+/.exec(body)![0]);
    expect(link.pathname).toBe(`/my/ratings/${hidden}`);
    await citizen.goto(link.pathname);
    await expectAccessible(citizen);

    // Sent half answered: the summary names what is missing, the answers given stay.
    await answer(citizen, ANSWERS);
    await citizen.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await expect(citizen.locator('.error-summary').textContent()).resolves.toContain(
      'Mức độ hài lòng chung: Hãy chọn một câu trả lời',
    );
    const kept = citizen
      .getByRole('group', { name: 'Thái độ, tác phong của cán bộ' })
      .getByLabel('4 — Hài lòng');
    await expect(kept.isChecked()).resolves.toBe(true);
    await expectAccessible(citizen);
    await answer(citizen, { 'Mức độ hài lòng chung': '2 — Không hài lòng' });
    await citizen
      .getByLabel('Nhận xét (không bắt buộc)')
      .fill('Phải chờ lâu. Số của tôi: 0912 345 678');
    await citizen.getByLabel('Gửi ẩn danh').check();
    await citizen.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await expect(citizen.locator('.notice').textContent()).resolves.toContain('Đã lưu đánh giá');
    await expect(citizen.getByRole('button', { name: 'Lưu thay đổi' }).isVisible()).resolves.toBe(
      true,
    );
    await expectAccessible(citizen);

    // Without JavaScript: from the list of dossiers to rate.
    const plain = await citizenAt('/my/ratings', false);
    await expect(main(plain)).resolves.toContain('Hồ sơ chờ đánh giá');
    await expectAccessible(plain);
    await plain.getByRole('link', { name: `Đánh giá hồ sơ ${named}` }).click();
    await expectAccessible(plain);
    await answer(plain, { ...ANSWERS, 'Mức độ hài lòng chung': '5 — Rất hài lòng' });
    await plain.getByLabel('Nhận xét (không bắt buộc)').fill('Cán bộ hướng dẫn rất tận tình');
    await plain.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await expect(plain.locator('.notice').textContent()).resolves.toContain('Đã lưu đánh giá');
    await plain.goto('/my/ratings');
    await expect(main(plain)).resolves.toContain('Đánh giá đã gửi');
    await expectAccessible(plain);

    // The ward's officer: both ratings, the anonymous one without its dossier or number.
    const officer = await officerPage(session, 'Phạm Văn Đức', ward, ['processor'], {
      viewport: PHONE,
    });
    await officer.goto('/backoffice/ratings');
    const seen = (await main(officer))!;
    expect(seen).toContain('Phải chờ lâu. Số của tôi: […]');
    expect(seen).toContain('Cán bộ hướng dẫn rất tận tình');
    expect(seen).toContain(named);
    for (const secret of [hidden, '0912 345 678', 'Nguyễn Văn An'])
      expect(seen).not.toContain(secret);
    await expectAccessible(officer);
  });
});
