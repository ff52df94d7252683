import { beforeAll, describe, expect, it } from 'vitest';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { fixedClock, startTestServer } from '../../../test/helpers.js';
import { JPEG_BYTES, PDF_BYTES } from '../../../test/files.js';
import { signInAs, type CookieClient } from '../../../test/browser-client.js';
import { BIRTH_ANSWERS } from '../../../test/dossiers.js';
import type { Database } from '../../platform/db.js';
import { qrPng } from '../../platform/pdf.js';
import { dossierCode } from './codes.js';

// Tuesday 24 November 2026, 09:00 in Vietnam.
const NOW = '2026-11-24T02:00:00Z';
// jsqr is CommonJS with a default export.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;
let base: string;
let db: Database;
let an: CookieClient;
let ngoc: CookieClient;
let communeAgency: string;

beforeAll(async () => {
  const server = await startTestServer({
    clock: fixedClock(NOW),
    env: { SUBMISSION_RATE_LIMIT_PER_MINUTE: '1000' },
  });
  ({ base, db } = server);
  an = await signInAs(base, 'vneid-001');
  ngoc = await signInAs(base, 'vneid-002');
  const [agency] = await db.query<{ code: string }>(
    `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_people_committee'`,
  );
  communeAgency = agency!.code;
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
  body: JSON.stringify(body),
});

async function api<T = Record<string, unknown>>(
  who: CookieClient,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const response = await who.request(path, {
    method,
    ...(body === undefined ? { headers: { accept: 'application/json' } } : json(body, headers)),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

function upload(who: CookieClient, id: string, field: string, data: Buffer, name: string) {
  const form = new FormData();
  form.set('field', field);
  form.set('file', new Blob([new Uint8Array(data)]), name);
  return who.request(`/api/v1/dossiers/${id}/attachments`, {
    method: 'POST',
    headers: { accept: 'application/json' },
    body: form,
  });
}

interface Draft {
  id: string;
  answers: Record<string, unknown>;
  problems: { field: string; problem: string }[];
}
interface Problem {
  code: string;
  errors?: { field: string; message: string }[];
}

async function birthDraft(who: CookieClient = an): Promise<Draft> {
  const created = await api<Draft>(who, 'POST', '/api/v1/dossiers', {
    procedureCode: '1.001193',
    agencyCode: communeAgency,
  });
  expect(created.status).toBe(201);
  return created.body;
}

async function completeBirthDraft(who: CookieClient = an): Promise<string> {
  const draft = await birthDraft(who);
  await api(who, 'PATCH', `/api/v1/dossiers/${draft.id}`, {
    answers: { ...BIRTH_ANSWERS, declaration: true },
  });
  expect(
    (await upload(who, draft.id, 'birthCertificate', PDF_BYTES, 'chung-sinh.pdf')).status,
  ).toBe(201);
  return draft.id;
}

describe('drafts', () => {
  it('start prefilled from the verified identity, at an agency that handles the procedure', async () => {
    const missing = await api<Problem>(an, 'POST', '/api/v1/dossiers', {
      procedureCode: '1.001193',
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors?.[0]?.field).toBe('agencyCode');
    const wrong = await api<Problem>(an, 'POST', '/api/v1/dossiers', {
      procedureCode: '1.001193',
      agencyCode: '000.00.00.G05',
    });
    expect(wrong.status).toBe(422);

    const draft = await birthDraft();
    expect(draft.answers).toMatchObject({
      applicantName: 'Nguyễn Văn An',
      applicantId: '001089012345',
      applicantBirthDate: '1989-03-14',
      applicantAddress: { province: '01', commune: '00004', street: 'Số 12 phố Đội Cấn' },
    });
    expect(draft.problems.map((p) => p.field)).toContain('childName');
  });

  it('refuse a procedure without an online form and anyone not signed in', async () => {
    const notOnline = await api<Problem>(an, 'POST', '/api/v1/dossiers', {
      procedureCode: '1.013126',
    });
    expect(notOnline.status).toBe(422);
    expect(notOnline.body.code).toBe('not_online');
    const response = await fetch(`${base}/api/v1/dossiers`, {
      method: 'POST',
      ...json({ procedureCode: '1.001193', agencyCode: communeAgency }),
    });
    expect(response.status).toBe(401);
  });

  it('answer the same draft to a retried creation, and 409 to a key reused for another body', async () => {
    const body = { procedureCode: '1.001193', agencyCode: communeAgency };
    const key = { 'idempotency-key': 'create-1' };
    const [a, b] = await Promise.all([
      api<Draft>(an, 'POST', '/api/v1/dossiers', body, key),
      api<Draft>(an, 'POST', '/api/v1/dossiers', body, key),
    ]);
    expect(a.body.id).toBe(b.body.id);
    const other = await api<Problem>(
      an,
      'POST',
      '/api/v1/dossiers',
      { procedureCode: '2.000505', agencyCode: communeAgency },
      key,
    );
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotency_key_reused');
  });

  it('refuse invalid answers with every field listed, saving none of them', async () => {
    const draft = await birthDraft();
    const refused = await api<Problem>(an, 'PATCH', `/api/v1/dossiers/${draft.id}`, {
      answers: {
        childName: 'Khang',
        childBirthDate: '2027-01-01',
        motherId: '12345',
        applicantPhone: '12345',
        applicantName: 'Someone Else',
        childGender: 'unknown',
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('invalid_answers');
    expect(refused.body.errors?.map((e) => e.field).sort()).toEqual([
      'applicantName',
      'applicantPhone',
      'childBirthDate',
      'childGender',
      'motherId',
    ]);
    const message = refused.body.errors!.find((e) => e.field === 'motherId')!.message;
    expect(message).toContain('12 chữ số');
    const after = await api<Draft>(an, 'GET', `/api/v1/dossiers/${draft.id}`);
    expect(after.body.answers.childName).toBeUndefined();
  });

  it('belong to their owner only', async () => {
    const draft = await birthDraft();
    expect((await api(ngoc, 'GET', `/api/v1/dossiers/${draft.id}`)).status).toBe(404);
    expect((await api(ngoc, 'PATCH', `/api/v1/dossiers/${draft.id}`, { answers: {} })).status).toBe(
      404,
    );
    expect((await upload(ngoc, draft.id, 'birthCertificate', PDF_BYTES, 'x.pdf')).status).toBe(404);
    expect((await api(ngoc, 'POST', `/api/v1/dossiers/${draft.id}/submit`)).status).toBe(404);
  });
});

describe('attachments', () => {
  it('are checked by content, hashed, and kept in the owner’s document store', async () => {
    const draft = await birthDraft();
    const text = await upload(an, draft.id, 'birthCertificate', Buffer.from('hello'), 'fake.pdf');
    expect(text.status).toBe(422);
    expect(((await text.json()) as Problem).errors?.[0]).toMatchObject({
      field: 'birthCertificate',
    });
    const empty = await upload(an, draft.id, 'birthCertificate', Buffer.alloc(0), 'empty.pdf');
    expect(empty.status).toBe(422);
    const unknown = await upload(an, draft.id, 'nothing', PDF_BYTES, 'a.pdf');
    expect(unknown.status).toBe(422);

    const photo = await upload(an, draft.id, 'birthCertificate', JPEG_BYTES, 'IMG_2041.JPG');
    expect(photo.status).toBe(201);
    const stored = (await photo.json()) as { contentType: string; sha256: string; size: number };
    expect(stored.contentType).toBe('image/jpeg');
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.size).toBe(JPEG_BYTES.length);

    const mine = await api<{ items: { documentType: string; fileName: string }[] }>(
      an,
      'GET',
      '/api/v1/me/documents',
    );
    expect(mine.body.items).toContainEqual(
      expect.objectContaining({
        documentType: 'birth_certificate_medical',
        fileName: 'IMG_2041.JPG',
      }),
    );
    const theirs = await api<{ items: unknown[] }>(ngoc, 'GET', '/api/v1/me/documents');
    expect(theirs.body.items).toEqual([]);
  });

  it('reuse a stored document of the type a field asks for, and no other', async () => {
    const birth = await birthDraft();
    const married = await upload(an, birth.id, 'marriageCertificate', PDF_BYTES, 'ket-hon.pdf');
    const marriage = (await married.json()) as { documentId: string };
    const certificate = (await (
      await upload(an, birth.id, 'birthCertificate', PDF_BYTES, 'chung-sinh.pdf')
    ).json()) as { documentId: string };

    const residence = await api<Draft>(an, 'POST', '/api/v1/dossiers', {
      procedureCode: '1.004222',
      agencyCode: (
        await db.query<{ code: string }>(
          `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_police'`,
        )
      )[0]!.code,
    });
    expect(residence.status).toBe(201);
    const reuse = (documentId: string) => {
      const form = new FormData();
      form.set('field', 'relationshipProof');
      form.set('documentId', documentId);
      return an.request(`/api/v1/dossiers/${residence.body.id}/attachments`, {
        method: 'POST',
        headers: { accept: 'application/json' },
        body: form,
      });
    };
    expect((await reuse(certificate.documentId)).status).toBe(422);
    const reused = await reuse(marriage.documentId);
    expect(reused.status).toBe(201);
    expect(((await reused.json()) as { documentId: string }).documentId).toBe(marriage.documentId);
  });
});

describe('submission', () => {
  it('lists every problem when incomplete, then gives a code, status 1 and the due date', async () => {
    const draft = await birthDraft();
    await api(an, 'PATCH', `/api/v1/dossiers/${draft.id}`, { answers: BIRTH_ANSWERS });
    const incomplete = await api<Problem>(an, 'POST', `/api/v1/dossiers/${draft.id}/submit`);
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.errors?.map((e) => e.field).sort()).toEqual([
      'birthCertificate',
      'declaration',
    ]);

    await api(an, 'PATCH', `/api/v1/dossiers/${draft.id}`, { answers: { declaration: true } });
    await upload(an, draft.id, 'birthCertificate', PDF_BYTES, 'chung-sinh.pdf');
    const submitted = await api<{ code: string; status: number; appointmentDate: string }>(
      an,
      'POST',
      `/api/v1/dossiers/${draft.id}/submit`,
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body.code).toMatch(
      new RegExp(`^${communeAgency.replace(/\./g, '\\.')}-261124-\\d{4}$`),
    );
    expect(submitted.body.status).toBe(1);
    // 1 working day from Tuesday 24/11/2026 is Wednesday, at closing time (17:00 in Vietnam).
    expect(submitted.body.appointmentDate).toBe('2026-11-25T10:00:00.000Z');

    const again = await api<{ code: string }>(an, 'POST', `/api/v1/dossiers/${draft.id}/submit`);
    expect(again.body.code).toBe(submitted.body.code);
    const locked = await api<Problem>(an, 'PATCH', `/api/v1/dossiers/${draft.id}`, {
      answers: { childName: 'Changed' },
    });
    expect(locked.status).toBe(409);

    const list = await api<{ items: { code: string | null; status: number }[] }>(
      an,
      'GET',
      '/api/v1/dossiers',
    );
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ code: submitted.body.code, status: 1 }),
    );
    const one = await api<{
      timeline: { action: string; status: number }[];
      answers: Record<string, unknown>;
    }>(an, 'GET', `/api/v1/dossiers/${submitted.body.code}`);
    expect(one.body.timeline).toEqual([
      expect.objectContaining({ action: 'submitted', status: 1 }),
    ]);
    expect(one.body.answers.childName).toBe('Nguyễn Minh Khang');
    expect((await api(ngoc, 'GET', `/api/v1/dossiers/${submitted.body.code}`)).status).toBe(404);

    const [notice] = await db.query<{ subject: string }>(
      `SELECT subject FROM notifications WHERE template = 'dossier_submitted' AND channel = 'in_app'
       AND subject LIKE $1`,
      [`%${submitted.body.code}%`],
    );
    // Submitted, not yet received: the message says what the status says.
    expect(notice?.subject).toBe(`Đã nộp hồ sơ ${submitted.body.code}`);
  });

  it('never makes two dossiers or shares a code, however requests are retried at once', async () => {
    const drafts = await Promise.all(Array.from({ length: 6 }, () => completeBirthDraft()));
    const attempts = drafts.flatMap((id, i) =>
      Array.from({ length: 3 }, () =>
        api<{ code: string }>(an, 'POST', `/api/v1/dossiers/${id}/submit`, undefined, {
          'idempotency-key': `submit-${i}`,
        }),
      ),
    );
    const results = await Promise.all(attempts);
    expect(results.every((r) => r.status === 200)).toBe(true);
    const codesPerDraft = drafts.map(
      (_, i) => new Set(results.slice(i * 3, i * 3 + 3).map((r) => r.body.code)),
    );
    expect(codesPerDraft.every((codes) => codes.size === 1)).toBe(true);
    const codes = codesPerDraft.map((codes) => [...codes][0]!);
    expect(new Set(codes).size).toBe(6);
    // Gap-free: the agency's numbers today run 1, 2, 3… with none skipped.
    const [{ count, max }] = (await db.query<{ count: number; max: number }>(
      `SELECT count(*)::int AS count, max(split_part(code, '-', 3)::int) AS max FROM dossiers
       WHERE agency_code = $1 AND code LIKE $2`,
      [communeAgency, `${communeAgency}-261124-%`],
    )) as [{ count: number; max: number }];
    expect(max).toBe(count);
  });

  it('forms codes from the agency, the Vietnam day and a 4-digit sequence', () => {
    expect(dossierCode('000.00.01.H29', new Date('2025-11-22T18:30:00Z'), 7)).toBe(
      '000.00.01.H29-251123-0007',
    );
    expect(dossierCode('X', new Date('2025-01-01T00:00:00Z'), 12345)).toBe('X-250101-12345');
  });

  it('can be withdrawn before processing starts, and not twice', async () => {
    const id = await completeBirthDraft();
    const { body } = await api<{ code: string }>(an, 'POST', `/api/v1/dossiers/${id}/submit`);
    const withdrawn = await api<{ status: number }>(
      an,
      'POST',
      `/api/v1/dossiers/${body.code}/withdraw`,
      {
        reason: 'Nộp nhầm',
      },
    );
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe(7);
    const twice = await api<Problem>(an, 'POST', `/api/v1/dossiers/${body.code}/withdraw`, {});
    expect(twice.status).toBe(409);
    const timeline = await api<{ timeline: { action: string }[] }>(
      an,
      'GET',
      `/api/v1/dossiers/${body.code}`,
    );
    expect(timeline.body.timeline.map((e) => e.action)).toEqual(['submitted', 'withdrawn']);
  });
});

describe('receipt and lookup', () => {
  it('give a receipt PDF in Vietnamese with a QR code to the public lookup', async () => {
    const id = await completeBirthDraft();
    const { body } = await api<{ code: string }>(an, 'POST', `/api/v1/dossiers/${id}/submit`);
    const response = await an.request(`/api/v1/dossiers/${body.code}/receipt.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = await getDocument({ data: new Uint8Array(await response.arrayBuffer()) }).promise;
    const page = await pdf.getPage(1);
    const text = (await page.getTextContent()).items
      .map((i) => ('str' in i ? i.str : ''))
      .join(' ');
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain(body.code);
    expect(text).toContain('Nguyễn Văn An');
    expect(text).toContain('Đăng ký khai sinh');
    expect(text).toContain('25/11/2026 17:00');
    expect(text).toContain('001*******45');
    expect((await page.getOperatorList()).fnArray.length).toBeGreaterThan(0);
    expect((await ngoc.request(`/api/v1/dossiers/${body.code}/receipt.pdf`)).status).toBe(404);

    const lookupUrl = `${base}/lookup?code=${encodeURIComponent(body.code)}`;
    const png = PNG.sync.read(await qrPng(lookupUrl));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(lookupUrl);
  });

  it('show status, agency and dates to the code with the applicant’s ID number only', async () => {
    const id = await completeBirthDraft();
    const { body } = await api<{ code: string }>(an, 'POST', `/api/v1/dossiers/${id}/submit`);
    const query = (idNumber: string) =>
      fetch(
        `${base}/api/v1/dossier-lookup?code=${encodeURIComponent(body.code)}&idNumber=${idNumber}`,
        {
          headers: { accept: 'application/json' },
        },
      );
    const found = await query('001089012345');
    expect(found.status).toBe(200);
    const result = (await found.json()) as Record<string, unknown>;
    expect(result).toMatchObject({ code: body.code, status: 1, agency: { code: communeAgency } });
    expect(Object.keys(result).sort()).toEqual(
      [
        'agency',
        'appointmentDate',
        'code',
        'procedure',
        'status',
        'submittedAt',
        'updatedAt',
      ].sort(),
    );
    expect((await query('079195023456')).status).toBe(404);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await query('001089012345')).status);
    expect(statuses).toContain(429);
  });
});

describe('filing for a business', () => {
  it('files as the business its representative acts for, with its verified code and name', async () => {
    const rep = await signInAs(base, 'vneid-001');
    const me = await api<{ businesses: { id: string; enterpriseCode: string }[] }>(
      rep,
      'GET',
      '/api/v1/me',
    );
    const business = me.body.businesses[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(
      await (await rep.request('/account')).text(),
    )![1]!;
    expect((await rep.postForm('/account/act-for', { csrf, business: business.id })).status).toBe(
      303,
    );

    const [department] = await db.query<{ code: string }>(
      `SELECT code FROM agencies WHERE province_code = '01' AND kind = 'province_department'
       AND sector = 'industry_trade'`,
    );
    const draft = await api<Draft>(rep, 'POST', '/api/v1/dossiers', {
      procedureCode: '2.000053',
      agencyCode: department!.code,
    });
    expect(draft.status).toBe(201);
    expect(draft.body.answers).toMatchObject({
      enterpriseCode: business.enterpriseCode,
      businessName: 'Công ty TNHH Thương mại Hồng Hà',
      contactName: 'Nguyễn Văn An',
    });
    const renamed = await api<Problem>(rep, 'PATCH', `/api/v1/dossiers/${draft.body.id}`, {
      answers: { businessName: 'Công ty khác' },
    });
    expect(renamed.body.errors?.[0]).toMatchObject({ field: 'businessName' });
    // The business's dossiers are not the person's own: acting for himself, he does not see it.
    expect((await api(an, 'GET', `/api/v1/dossiers/${draft.body.id}`)).status).toBe(404);

    await api(rep, 'PATCH', `/api/v1/dossiers/${draft.body.id}`, {
      answers: {
        programName: 'Quay số trúng thưởng mừng xuân',
        startDate: '2026-12-01',
        endDate: '2027-01-31',
        area: 'Hà Nội',
        goods: 'Nước giải khát đóng chai',
        prizes: [{ name: 'Giải nhất', value: 20_000_000, quantity: 1 }],
        declaration: true,
      },
    });
    const form = new FormData();
    form.set('field', 'rules');
    form.set('file', new Blob([new Uint8Array(PDF_BYTES)]), 'the-le.pdf');
    await rep.request(`/api/v1/dossiers/${draft.body.id}/attachments`, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: form,
    });
    const submitted = await api<{ code: string }>(
      rep,
      'POST',
      `/api/v1/dossiers/${draft.body.id}/submit`,
    );
    expect(submitted.status).toBe(200);
    // Its lookup key is the enterprise code, not the representative's ID number.
    const [filed] = await db.query<{ applicant_id_number: string; owner_id: string }>(
      'SELECT applicant_id_number, owner_id FROM dossiers WHERE code = $1',
      [submitted.body.code],
    );
    expect(filed).toEqual({ applicant_id_number: business.enterpriseCode, owner_id: business.id });
  });
});
