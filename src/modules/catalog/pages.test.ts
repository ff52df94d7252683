import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/helpers.js';

let app: Awaited<ReturnType<typeof createTestApp>>['app'];

beforeAll(async () => {
  ({ app } = await createTestApp());
});

const page = async (url: string, headers: Record<string, string> = {}) => {
  const response = await app.inject({ url, headers: { accept: 'text/html', ...headers } });
  return { status: response.statusCode, html: response.body, headers: response.headers };
};

describe('catalog pages', () => {
  it('home: search first, popular services, groups for citizens and businesses', async () => {
    const { status, html } = await page('/');
    expect(status).toBe(200);
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('action="/procedures"');
    expect(html).toContain('Dịch vụ công nổi bật');
    expect(html).toContain('Dành cho công dân');
    expect(html).toContain('Dành cho doanh nghiệp');
    expect(html).toContain('Cấp đổi giấy phép lái xe');
  });

  it('results: matches with filters and their counts', async () => {
    const { status, html } = await page('/procedures?q=giay+phep+lai+xe');
    expect(status).toBe(200);
    expect(html).toMatch(/Tìm thấy \d+ thủ tục/);
    expect(html.indexOf('Cấp đổi giấy phép lái xe')).toBeGreaterThan(0);
    expect(html).toMatch(/Cấp tỉnh \(\d+\)/);
    expect(html).toContain('name="serviceLevel"');
  });

  it('results: says what it searched for instead of a misspelt query', async () => {
    const { html } = await page('/procedures?q=giay+phep+lai+xw');
    expect(html).toContain(
      'Hiển thị kết quả cho “giay phep lai xe”. Không có thủ tục nào chứa “giay phep lai xw” như bạn đã gõ.',
    );
    expect(html).toContain('Cấp đổi giấy phép lái xe');
    const english = await page(`/procedures?q=${encodeURIComponent('đăng ký kaisinh')}&lang=en`);
    expect(english.html).toContain('Showing results for “đăng ký khai sinh”.');
  });

  it('results: a helpful page when nothing matches', async () => {
    const { status, html } = await page('/procedures?q=xyzzy+plugh');
    expect(status).toBe(200);
    expect(html).toContain('Không tìm thấy thủ tục nào cho “xyzzy plugh”.');
    expect(html).toContain('Kiểm tra lại chính tả');
    expect(html).toContain('Dịch vụ công nổi bật');
  });

  it('results: an annulled procedure searched for by name is there, last, marked annulled', async () => {
    const results = (html: string) => html.split('<li class="result">').slice(1);
    const covid = results((await page('/procedures?q=ho+tro+tien+thue+nha')).html);
    expect(covid).toHaveLength(1);
    expect(covid[0]).toContain('Hỗ trợ tiền thuê nhà cho người lao động');
    expect(covid[0]).toContain('<span class="tag tag-warning">Đã bãi bỏ</span>');

    const labour = results((await page('/procedures?q=lao+dong')).html).map((item) =>
      item.includes('Đã bãi bỏ'),
    );
    expect(labour.indexOf(true)).toBeGreaterThan(0);
    expect(labour.slice(labour.indexOf(true))).toEqual([true, true]);

    const english = await page('/procedures?q=covid&lang=en');
    expect(results(english.html).every((item) => item.includes('>Annulled</span>'))).toBe(true);
  });

  it('results: bad input gets an error summary linked to the field, not a crash', async () => {
    const { status, html } = await page(`/procedures?q=${'a'.repeat(250)}&level=district`);
    expect(status).toBe(400);
    expect(html).toContain('class="error-summary"');
    expect(html).toContain('href="#q"');
    expect(html).toContain('href="#filter-level"');
  });

  it('procedure detail: steps, documents, channels × time × fee, agencies, legal bases, submit', async () => {
    const list = (
      await app.inject({ url: '/api/v1/procedures?q=ly+lich+tu+phap&limit=1' })
    ).json() as { items: { code: string }[] };
    const code = list.items[0]!.code;
    const { status, html } = await page(`/procedures/${code}`);
    expect(status).toBe(200);
    for (const text of [
      'Trình tự thực hiện',
      'Thành phần hồ sơ',
      'Thời hạn giải quyết',
      'Phí, lệ phí',
      'Cơ quan thực hiện',
      'Căn cứ pháp lý',
      'Các phiên bản',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toMatch(/\d{1,3}(\.\d{3})* ₫/);
    expect(html).toContain(`href="/procedures/${code}/submit"`);
    const submit = await page(`/procedures/${code}/submit`);
    expect(submit.status).toBe(303);
    expect(submit.headers.location).toBe(
      `/auth/sign-in?returnTo=${encodeURIComponent(`/procedures/${code}/submit`)}`,
    );
  });

  it('procedure detail: picking a province shows the concrete agency and its address', async () => {
    const list = (await app.inject({ url: '/api/v1/procedures?q=khuyen+mai&limit=1' })).json() as {
      items: { code: string }[];
    };
    const { html } = await page(`/procedures/${list.items[0]!.code}?province=48`);
    expect(html).toContain('Sở Công Thương thành phố Đà Nẵng');
  });

  it('agencies list and detail', async () => {
    const list = await page('/agencies');
    expect(list.status).toBe(200);
    expect(list.html).toContain('Bộ Công an');
    expect(list.html).toContain('Ủy ban nhân dân thành phố Hồ Chí Minh');
    const inProvince = await page('/agencies?province=04');
    expect(inProvince.html).toContain('Sở Tư pháp tỉnh Cao Bằng');
    const detail = await page('/agencies/000.00.00.H01');
    expect(detail.status).toBe(200);
    expect(detail.html).toContain('Đơn vị trực thuộc');
    expect(detail.html).toContain('Ủy ban nhân dân phường Ba Đình');
    const bad = await page('/agencies?province=zz');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('class="error-summary"');
  });

  it('404 and language switch', async () => {
    const missing = await page('/procedures/0.000000');
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('Không tìm thấy thủ tục có mã 0.000000');
    const nowhere = await page('/no/such/page');
    expect(nowhere.status).toBe(404);
    expect(nowhere.html).toContain('Về trang chủ');

    const english = await page('/?lang=en');
    expect(english.html).toContain('<html lang="en">');
    expect(english.html).toContain('Popular services');
    const cookie = String(english.headers['set-cookie']);
    expect(cookie).toContain('lang=en');
    const remembered = await page('/procedures', { cookie: 'lang=en' });
    expect(remembered.html).toContain('Find an administrative procedure');
    expect(remembered.html).toContain('href="/procedures?lang=vi"');
  });
});
