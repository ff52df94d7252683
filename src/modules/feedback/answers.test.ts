import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fixedClock } from '../../../test/helpers.js';
import { simulatedCitizen } from '../../../test/sessions.js';
import type { PublishInput } from './answers.js';

/**
 * The public answers over HTTP: search (diacritics, typos, filters, paging), one answer, the
 * procedure page's section, and that no personal data reaches any of them.
 *
 * Arrangement: the feedback items are inserted here by SQL and published through
 * `PublishedAnswers.publish` in a transaction, as the feedback service does when an item is
 * answered with its sender's consent: these tests are about what is published, not how an
 * item gets there (feedback.test.ts).
 */
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let ownerId: string;
const PROCEDURE = '1.001193';
let agencies: [string, string];
let fields: [string, string];

const PERSONAL = {
  name: 'Nguyễn Văn Bình',
  idNumber: '001099012345',
  phone: '0912345678',
  email: 'binh.nguyen@example.vn',
  dossier: 'H01.22-261120-0101',
};
const PERSONAL_VALUES = Object.values(PERSONAL);

let itemNumber = 0;

/** A feedback item answered with consent, published; answers its published code. */
async function published(
  fields: Partial<Omit<PublishInput, 'feedbackId' | 'personal'>> & { title: string },
): Promise<string> {
  itemNumber += 1;
  return ctx.db.transaction(async (tx) => {
    const [item] = await tx.query<{ id: string }>(
      `INSERT INTO feedback_items (code, kind, owner_id, sent_by, sender_name, agency_code,
         procedure_code, field_code, title, body, publish_consent, status, answer_text,
         answered_at, created_at, updated_at)
       VALUES ($1, 'procedure', $2, $2, $3, $4, $5, $6, $7, $8, true, 'answered', $9, $10, $10, $10)
       RETURNING id`,
      [
        `PAKN-TEST-${itemNumber}`,
        ownerId,
        PERSONAL.name,
        fields.agencyCode ?? agencies[0],
        fields.procedureCode ?? null,
        fields.fieldCode ?? null,
        fields.title,
        fields.question ?? 'Câu hỏi',
        fields.answer ?? 'Trả lời',
        fields.answeredAt ?? new Date('2026-11-20T03:00:00Z'),
      ],
    );
    const row = await ctx.modules.feedback.answers.publish(tx, {
      feedbackId: item!.id,
      kind: fields.kind ?? 'procedure',
      agencyCode: fields.agencyCode ?? agencies[0],
      procedureCode: fields.procedureCode ?? null,
      fieldCode: fields.fieldCode ?? null,
      title: fields.title,
      question: fields.question ?? 'Câu hỏi',
      answer: fields.answer ?? 'Trả lời',
      answeredAt: fields.answeredAt ?? new Date('2026-11-20T03:00:00Z'),
      personal: {
        names: [PERSONAL.name],
        idNumbers: [PERSONAL.idNumber],
        phones: [PERSONAL.phone],
        emails: [PERSONAL.email],
      },
    });
    return row.code;
  });
}

const codes: Record<'licence' | 'passport' | 'birth', string> = {
  licence: '',
  passport: '',
  birth: '',
};

beforeAll(async () => {
  ctx = await createTestApp({ clock: fixedClock('2026-12-01T02:00:00Z') });
  ownerId = (await simulatedCitizen(ctx.db)).id;
  const agencyRows = await ctx.db.query<{ code: string }>(
    `SELECT code FROM agencies WHERE kind = 'ministry' ORDER BY code LIMIT 2`,
  );
  agencies = agencyRows.map((row) => row.code) as [string, string];
  const fieldRows = await ctx.db.query<{ code: string }>(
    'SELECT code FROM fields ORDER BY code LIMIT 2',
  );
  fields = fieldRows.map((row) => row.code) as [string, string];
  await ctx.modules.feedback.answers.warm();
  codes.licence = await published({
    title: 'Cấp lại giấy phép lái xe bị mất',
    question: `Tôi là ${PERSONAL.name}, CCCD ${PERSONAL.idNumber}, điện thoại 0912 345 678. Tôi bị mất giấy phép lái xe, xin hỏi thủ tục cấp lại?`,
    answer: `Ông ${PERSONAL.name} nộp hồ sơ cấp lại tại Sở Giao thông vận tải; kết quả gửi tới ${PERSONAL.email}.`,
    agencyCode: agencies[0],
    fieldCode: fields[0],
    procedureCode: PROCEDURE,
    answeredAt: new Date('2026-11-20T03:00:00Z'),
  });
  codes.passport = await published({
    title: 'Thời hạn cấp hộ chiếu phổ thông',
    question: `Hồ sơ ${PERSONAL.dossier} của tôi đã quá hạn trả kết quả, gọi 0987 654 321 không ai nghe.`,
    answer: 'Hộ chiếu được cấp trong 8 ngày làm việc kể từ ngày nhận đủ hồ sơ.',
    agencyCode: agencies[1],
    fieldCode: fields[1],
    answeredAt: new Date('2026-11-25T03:00:00Z'),
  });
  codes.birth = await published({
    title: 'Đăng ký khai sinh cho con khi bố mẹ chưa kết hôn',
    question: 'Con tôi sinh ra khi chúng tôi chưa đăng ký kết hôn, có làm giấy phép gì không?',
    answer: 'Việc đăng ký khai sinh thực hiện bình thường tại Ủy ban nhân dân cấp xã.',
    agencyCode: agencies[0],
    fieldCode: fields[1],
    procedureCode: PROCEDURE,
    answeredAt: new Date('2026-11-22T03:00:00Z'),
  });
});

const api = async (query: string) => {
  const response = await ctx.app.inject({ url: `/api/v1/feedback/answers?${query}` });
  return { status: response.statusCode, body: response.json(), text: response.body };
};
const codesOf = (body: { items: { code: string }[] }) => body.items.map((item) => item.code);

describe('GET /api/v1/feedback/answers', () => {
  it('finds the same answers with diacritics, without them and with a typo', async () => {
    const exact = await api('q=giấy+phép+lái+xe');
    expect(exact.status).toBe(200);
    expect(codesOf(exact.body)).toEqual([codes.licence]);
    expect(exact.body.correctedQuery).toBeNull();
    expect((await api('q=giay+phep+lai+xe')).body).toEqual(exact.body);
    const typo = await api('q=giay+phep+lia+xe');
    expect(codesOf(typo.body)).toEqual([codes.licence]);
    expect(typo.body.correctedQuery).toBe('giay phep lai xe');
  });

  it('ranks answers whose title holds the words first, then the newest', async () => {
    // "giay phep" is in the licence answer's title, and in the birth answer's question only.
    expect(codesOf((await api('q=giay+phep')).body)).toEqual([codes.licence, codes.birth]);
    expect(codesOf((await api('')).body)).toEqual([codes.passport, codes.birth, codes.licence]);
  });

  it('filters by agency, field and procedure', async () => {
    expect(codesOf((await api(`agency=${agencies[1]}`)).body)).toEqual([codes.passport]);
    expect(codesOf((await api(`field=${fields[1]}`)).body)).toEqual([codes.passport, codes.birth]);
    expect(codesOf((await api(`procedure=${PROCEDURE}`)).body)).toEqual([
      codes.birth,
      codes.licence,
    ]);
    const both = await api(`procedure=${PROCEDURE}&field=${fields[0]}&q=cap+lai`);
    expect(codesOf(both.body)).toEqual([codes.licence]);
    expect((await api('procedure=2.000001')).body.total).toBe(0);
  });

  it('pages with an opaque cursor', async () => {
    const first = await api('limit=2');
    expect(first.body.total).toBe(3);
    expect(codesOf(first.body)).toEqual([codes.passport, codes.birth]);
    const second = await api(`limit=2&cursor=${first.body.nextCursor}`);
    expect(codesOf(second.body)).toEqual([codes.licence]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers problem details for bad parameters, never a 500', async () => {
    for (const query of [
      'agency=NO.SUCH.AGENCY',
      'field=NO_SUCH_FIELD',
      'procedure=drop+table',
      'cursor=bm90LWEtY3Vyc29y',
      'limit=0',
      'limit=51',
      'unknown=1',
      `q=${'a'.repeat(201)}`,
    ]) {
      const response = await ctx.app.inject({ url: `/api/v1/feedback/answers?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type'], query).toMatch(/application\/problem\+json/);
      expect(response.json().code, query).toBe('validation_failed');
    }
  });

  it('names the agency and field, with the question’s excerpt, without personal data', async () => {
    const { body, text } = await api('q=giay+phep+lai+xe');
    expect(body.items[0]).toMatchObject({
      code: codes.licence,
      kind: 'procedure',
      agency: { code: agencies[0] },
      field: { code: fields[0] },
      procedureCode: PROCEDURE,
      answeredAt: '2026-11-20T03:00:00.000Z',
    });
    expect(body.items[0].agency.name).not.toBe(agencies[0]);
    expect(body.items[0].excerpt).toMatch(/^Tôi là \[redacted\], CCCD \[redacted\]/);
    for (const value of PERSONAL_VALUES) expect(text).not.toContain(value);
  });
});

describe('GET /api/v1/feedback/answers/:code', () => {
  it('gives the question and answer with personal data removed', async () => {
    const response = await ctx.app.inject({ url: `/api/v1/feedback/answers/${codes.licence}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      code: codes.licence,
      title: 'Cấp lại giấy phép lái xe bị mất',
      procedure: { code: PROCEDURE },
      publishedAt: '2026-12-01T02:00:00.000Z',
    });
    expect(body.question).toBe(
      'Tôi là [redacted], CCCD [redacted], điện thoại [redacted]. Tôi bị mất giấy phép lái xe, xin hỏi thủ tục cấp lại?',
    );
    expect(body.answer).toContain('kết quả gửi tới [redacted].');
    for (const value of PERSONAL_VALUES) expect(response.body).not.toContain(value);
    const other = await ctx.app.inject({ url: `/api/v1/feedback/answers/${codes.passport}` });
    expect(other.json().question).toBe(
      'Hồ sơ [redacted] của tôi đã quá hạn trả kết quả, gọi [redacted] không ai nghe.',
    );
  });

  it('is 404 for an unknown code and for an item that was not published', async () => {
    await ctx.db.query(
      `INSERT INTO feedback_items (code, kind, owner_id, sent_by, sender_name, agency_code, title,
         body, publish_consent, status, created_at, updated_at)
       VALUES ('PAKN-TEST-PRIVATE', 'conduct', $1, $1, 'X', $2, 'Riêng tư', 'Riêng tư', false,
         'answered', now(), now())`,
      [ownerId, agencies[0]],
    );
    for (const code of ['TL-2026-999999', 'PAKN-TEST-PRIVATE', 'PAKN-TEST-1']) {
      const response = await ctx.app.inject({ url: `/api/v1/feedback/answers/${code}` });
      expect(response.statusCode, code).toBe(404);
      expect(response.json().code).toBe('not_found');
      const page = await ctx.app.inject({
        url: `/answers/${code}`,
        headers: { accept: 'text/html' },
      });
      expect(page.statusCode, code).toBe(404);
    }
  });
});

const page = (url: string, locale = 'vi') =>
  ctx.app.inject({ url, headers: { accept: 'text/html', 'accept-language': locale } });

describe('the pages', () => {
  it('/answers searches, says what it corrected, and filters', async () => {
    const response = await page('/answers?q=giay+phep+lia+xe');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Cấp lại giấy phép lái xe bị mất');
    expect(response.body).toContain('Kết quả cho “giay phep lai xe”');
    expect(response.body).toContain(`href="/answers/${codes.licence}"`);
    expect(response.body).toContain('[đã ẩn]');
    expect(response.body).not.toContain('[redacted]');
    for (const value of PERSONAL_VALUES) expect(response.body).not.toContain(value);
    const filtered = await page(`/answers?agency=${agencies[1]}`);
    expect(filtered.body).toContain('Thời hạn cấp hộ chiếu phổ thông');
    expect(filtered.body).not.toContain('Cấp lại giấy phép lái xe bị mất');
    expect(filtered.body).toContain(`<option value="${agencies[1]}" selected`);
  });

  it('/answers shows what is wrong in a filter, with status 400', async () => {
    const response = await page('/answers?procedure=abc', 'en');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('A procedure code looks like 1.001193.');
    expect(response.body).toContain('href="#filter-procedure"');
  });

  it('/answers/:code shows the question and answer, personal data hidden', async () => {
    const response = await page(`/answers/${codes.licence}`, 'en');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Cấp lại giấy phép lái xe bị mất');
    expect(response.body).toContain('<span class="redacted">[hidden]</span>');
    expect(response.body).toContain(`href="/procedures/${PROCEDURE}"`);
    for (const value of PERSONAL_VALUES) expect(response.body).not.toContain(value);
  });

  it('the procedure page lists the answers about it, and a new one at once', async () => {
    const before = await page(`/procedures/${PROCEDURE}`);
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('Câu hỏi đã được trả lời về thủ tục này');
    expect(before.body).toContain(`href="/answers/${codes.licence}"`);
    expect(before.body).toContain(`href="/answers/${codes.birth}"`);
    expect(before.body).not.toContain(`href="/answers/${codes.passport}"`);
    // Kept whole (ADR 0012): a new answer about the procedure makes it stale.
    expect((await page(`/procedures/${PROCEDURE}`)).body).toBe(before.body);
    const added = await published({
      title: 'Giấy phép lái xe hạng A1 có thời hạn không',
      procedureCode: PROCEDURE,
    });
    expect((await page(`/procedures/${PROCEDURE}`)).body).toContain(`href="/answers/${added}"`);
    const other = await page('/procedures/1.000894');
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain('Câu hỏi đã được trả lời về thủ tục này');
  });
});
