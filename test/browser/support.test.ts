import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  citizenPage,
  expectAccessible as accessible,
  openPage,
  startBrowserSession,
  type BrowserSession,
} from './browser.js';
import { officerWithRoles } from '../sessions.js';

/**
 * The help desk on a phone, with JavaScript and without: a support agent logs a call, a
 * person sends the contact form, the agent answers the ticket and the person reads the
 * answer; the knowledge base is searched, written and published; the weekly figures read.
 */
const PHONE = { width: 360, height: 740 };
const HELP_DESK = '000.00.00.G17';

let session: BrowserSession;
let agent: string;
/** Phone calls logged so far in this file (the figures count them). */
let callsLogged = 0;

beforeAll(async () => {
  session = await startBrowserSession();
  agent = await officerWithRoles(session.db, 'Vũ Thị Mai', HELP_DESK, ['support']);
});

const main = (p: Page) => p.locator('main').textContent();

const phonePage = (javaScriptEnabled: boolean, as?: string) =>
  openPage(session, { javaScriptEnabled, viewport: PHONE, ...(as ? { as } : {}) });

/** Logs a four-and-a-half-minute phone call about signing in. */
async function logCall(page: Page) {
  await page.goto('/backoffice/help');
  await accessible(page);
  await page.getByRole('link', { name: 'Ghi nhận cuộc gọi, trò chuyện' }).first().click();
  await page.waitForURL('**/backoffice/help/calls');
  await accessible(page);
  await page.getByLabel('Chủ đề').selectOption('sign_in');
  await page.getByLabel('Thời lượng (phút:giây)').fill('bốn phút');
  await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
  await expect(page.locator('.error-summary').textContent()).resolves.toContain(
    'Trường này là bắt buộc',
  );
  await accessible(page);
  await page.getByLabel('Thời lượng (phút:giây)').fill('4:30');
  await page.getByLabel('Tóm tắt').fill('Hướng dẫn đăng nhập bằng VNeID');
  await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
  await expect(page.locator('.notice').textContent()).resolves.toContain(
    'Đã ghi nhận Điện thoại về Đăng nhập, tài khoản.',
  );
  await expect(main(page)).resolves.toContain('4:30');
  callsLogged += 1;
  await accessible(page);
}

/** The agent opens the ticket from the desk's list and answers it. */
async function answerTicket(page: Page, code: string, answer: string, step: string) {
  await page.goto('/backoffice/help');
  await page.getByRole('link', { name: code }).click();
  await page.waitForURL(/\/backoffice\/help\/tickets\//);
  await accessible(page);
  await page.getByRole('button', { name: 'Nhận xử lý' }).click();
  await expect(page.locator('.notice').textContent()).resolves.toContain('Đang xử lý');
  await page.getByRole('button', { name: 'Gửi', exact: true }).click();
  await expect(page.locator('.error-summary').textContent()).resolves.toContain(
    'Trường này là bắt buộc',
  );
  await accessible(page);
  await page.getByLabel('Nội dung trả lời hoặc ghi chú').fill(answer);
  await page.getByLabel(step).check();
  await page.getByRole('button', { name: 'Gửi', exact: true }).click();
  await expect(main(page)).resolves.toContain(answer);
  await accessible(page);
}

const codeIn = async (page: Page) =>
  /HT-\d{6}-[A-Z2-9]{6}/.exec((await page.locator('.notice').textContent()) ?? '')![0];

describe('the help desk', () => {
  it('with JavaScript: a call logged, a signed-in person’s question answered and read', async () => {
    const desk = await phonePage(true, agent);
    await logCall(desk);

    const person = await citizenPage(session, { viewport: PHONE });
    await person.goto('/help');
    await accessible(person);
    await person.getByLabel('Tìm câu hỏi').fill('giay phep lia xe');
    await person.getByRole('button', { name: 'Tìm', exact: true }).click();
    await person.getByRole('link', { name: 'Đổi giấy phép lái xe trực tuyến ở đâu?' }).click();
    await person.waitForURL('**/help/articles/doi-giay-phep-lai-xe-truc-tuyen-o-dau');
    await expect(main(person)).resolves.toContain('Cấp đổi giấy phép lái xe');
    await accessible(person);
    await person.getByRole('link', { name: 'Gửi yêu cầu hỗ trợ' }).click();
    await accessible(person);
    await person.getByLabel('Chủ đề').selectOption('finding_procedure');
    await person.getByLabel('Mã thủ tục (nếu có)').fill('1.013124');
    await person.getByLabel('Tiêu đề').fill('Không thấy nơi nhận kết quả');
    await person
      .getByLabel('Nội dung')
      .fill('Tôi ở Hà Nội, nên chọn cơ quan nào để đổi giấy phép?');
    await person.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    const code = await codeIn(person);
    await accessible(person);

    const answer = 'Chọn Sở Xây dựng Hà Nội, kết quả gửi qua bưu điện về nhà bạn.';
    await answerTicket(desk, code, answer, 'Trả lời và hoàn tất');

    await person.goto('/my/help');
    await accessible(person);
    await person.getByRole('link', { name: code }).click();
    await expect(main(person)).resolves.toContain(answer);
    await expect(main(person)).resolves.toContain('Đã trả lời');
    await accessible(person);
  });

  it('without JavaScript: the contact form, the answer, the knowledge base and the figures', async () => {
    const desk = await phonePage(false, agent);
    await logCall(desk);

    const visitor = await phonePage(false);
    await visitor.goto('/help/contact');
    await accessible(visitor);
    await visitor.getByLabel('Chủ đề').selectOption('attachments');
    await visitor.getByLabel('Tiêu đề').fill('Tệp ảnh bị từ chối');
    await visitor.getByLabel('Nội dung').fill('Ảnh giấy khai sinh 14 MB không tải lên được.');
    await visitor.getByLabel('Họ và tên').fill('Lê Thị Hoa');
    await visitor.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    await expect(visitor.locator('.error-summary').textContent()).resolves.toContain(
      'Hãy nhập thư điện tử hoặc số điện thoại',
    );
    await accessible(visitor);
    await visitor.getByLabel('Thư điện tử').fill('hoa@example.vn');
    await visitor.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    const code = await codeIn(visitor);
    await expect(visitor.locator('.notice').textContent()).resolves.toContain('hoa@example.vn');
    await accessible(visitor);

    const answer = 'Hãy chụp lại ở độ phân giải thấp hơn: mỗi tệp tối đa 10 MB.';
    await answerTicket(desk, code, answer, 'Trả lời và chờ phản hồi');
    const [mail] = await session.db.query<{ body: string }>(
      `SELECT body FROM notifications WHERE recipient = 'hoa@example.vn' AND channel = 'email'`,
    );
    expect(mail!.body).toContain(answer);

    // A new question for the knowledge base, published and found.
    await desk.goto('/backoffice/help/articles');
    await accessible(desk);
    await desk.getByRole('link', { name: 'Viết câu hỏi mới' }).click();
    await accessible(desk);
    await desk.getByLabel('Chủ đề').selectOption('attachments');
    await desk.getByLabel('Câu hỏi (tiếng Việt)').fill('Ảnh giấy tờ quá lớn thì làm thế nào?');
    await desk.getByLabel('Trả lời (tiếng Việt)').fill('Chụp lại ở độ phân giải thấp hơn.');
    await desk.getByLabel('Câu hỏi (tiếng Anh)').fill('What if my photo is too large?');
    await desk.getByRole('button', { name: 'Lưu và đăng' }).click();
    await expect(desk.locator('.error-summary').textContent()).resolves.toContain(
      'Trường này là bắt buộc',
    );
    await accessible(desk);
    await desk.getByLabel('Trả lời (tiếng Anh)').fill('Take it again at a lower resolution.');
    await desk.getByRole('button', { name: 'Lưu và đăng' }).click();
    await expect(desk.locator('.notice').textContent()).resolves.toContain('Đã đăng');
    await accessible(desk);
    await visitor.goto('/help?q=anh+giay+to+qua+lon');
    await expect(main(visitor)).resolves.toContain('Ảnh giấy tờ quá lớn thì làm thế nào?');
    await accessible(visitor);

    await desk.goto('/backoffice/help/figures');
    await accessible(desk);
    const topics = desk.getByRole('region', { name: 'Theo chủ đề' });
    const row = (topic: string) =>
      topics.getByRole('row', { name: new RegExp(topic) }).textContent();
    // Calls, chats, emails, requests: the phone calls logged here, the one ticket on attachments.
    await expect(row('Đăng nhập, tài khoản')).resolves.toBe(
      `Đăng nhập, tài khoản${callsLogged}000`,
    );
    await expect(row('Đính kèm giấy tờ')).resolves.toBe('Đính kèm giấy tờ0001');
  });
});
