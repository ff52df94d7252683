import { beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/helpers.js';
import { CookieClient, signInAs } from '../../../test/browser-client.js';
import type { Database } from '../../platform/db.js';
import { JPEG_BYTES, PDF_BYTES } from '../../../test/files.js';

// Pages without JavaScript: plain form posts, as an old phone or a screen reader sends them.
let base: string;
let db: Database;
let an: CookieClient;
let csrf: string;

beforeAll(async () => {
  ({ base, db } = await startTestServer({ env: { UPLOAD_MAX_FILE_MB: '1' } }));
  an = await signInAs(base, 'vneid-001');
  csrf = /name="csrf" value="([^"]+)"/.exec(await (await an.request('/account')).text())![1]!;
});

async function startBirthDraft(): Promise<string> {
  const start = await an.request('/procedures/1.001193/submit');
  expect(start.status).toBe(200);
  const created = await an.postForm('/procedures/1.001193/submit', {
    csrf,
    province: '01',
    commune: '00004',
  });
  expect(created.status).toBe(303);
  const location = created.headers.get('location')!;
  expect(location).toMatch(/^\/dossiers\/drafts\/[0-9a-f-]{36}\/sections\/applicant$/);
  return location.split('/')[3]!;
}

function postSection(
  id: string,
  section: string,
  fields: Record<string, string>,
  files: Record<string, [Buffer, string]> = {},
) {
  const form = new FormData();
  form.set('csrf', csrf);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const [k, [data, name]] of Object.entries(files)) {
    form.set(`file.${k}`, new Blob([new Uint8Array(data)]), name);
  }
  return an.request(`/dossiers/drafts/${id}/sections/${section}`, { method: 'POST', body: form });
}

const answersOf = async (id: string) =>
  (
    await db.query<{ answers: Record<string, unknown> }>(
      'SELECT answers FROM dossiers WHERE id = $1',
      [id],
    )
  )[0]!.answers;

describe('filling without JavaScript', () => {
  it('keeps what was typed, shows every mistake in a summary, then goes on', async () => {
    const id = await startBirthDraft();
    const wrong = await postSection(id, 'child', {
      childName: 'Nguyễn Minh Khang',
      childBirthDate: '2099-01-01',
      action: 'continue',
    });
    expect(wrong.status).toBe(422);
    const html = await wrong.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toContain('href="#f-childBirthDate"');
    expect(html).toContain('Ngày, tháng, năm sinh không được sau ngày hôm nay');
    expect(html).toContain('value="Nguyễn Minh Khang"');
    expect(await answersOf(id)).toMatchObject({
      childName: 'Nguyễn Minh Khang',
      childBirthDate: '2099-01-01',
    });

    const fixed = await postSection(id, 'child', {
      childName: 'Nguyễn Minh Khang',
      childGender: 'male',
      childBirthDate: '2025-11-20',
      birthPlaceKind: 'facility',
      birthPlace: 'Bệnh viện Phụ sản Hà Nội',
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      action: 'continue',
    });
    expect(fixed.status).toBe(303);
    expect(fixed.headers.get('location')).toBe(`/dossiers/drafts/${id}/sections/parents`);
  });

  it('refuses to change values the identity provider verified', async () => {
    const id = await startBirthDraft();
    const page = await (await an.request(`/dossiers/drafts/${id}/sections/applicant`)).text();
    expect(page).not.toContain('name="applicantName"');
    expect(page).toContain('Đã xác thực qua định danh điện tử');
    await postSection(id, 'applicant', {
      applicantName: 'Kẻ Mạo Danh',
      relationship: 'father',
      action: 'continue',
    });
    expect((await answersOf(id)).applicantName).toBe('Nguyễn Văn An');
  });

  it('uploads with the form, checks type and size, and offers the stored copy next time', async () => {
    const id = await startBirthDraft();
    await postSection(id, 'child', { birthPlaceKind: 'facility', action: 'later' });
    const bad = await postSection(
      id,
      'documents',
      { action: 'continue' },
      { birthCertificate: [Buffer.from('not a pdf'), 'x.pdf'] },
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Tệp phải là PDF');
    const big = await postSection(
      id,
      'documents',
      { copies: '2', action: 'continue' },
      { birthCertificate: [Buffer.concat([PDF_BYTES, Buffer.alloc(1_200_000)]), 'big.pdf'] },
    );
    expect(big.status).toBe(422);
    expect(await big.text()).toContain('Tệp lớn hơn 1 MB');
    // The other answers of that post were kept all the same.
    expect((await answersOf(id)).copies).toBe(2);

    const good = await postSection(
      id,
      'documents',
      { copies: '2', action: 'continue' },
      { birthCertificate: [JPEG_BYTES, 'anh-chup.jpg'] },
    );
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe(`/dossiers/drafts/${id}/sections/declaration`);

    const next = await startBirthDraft();
    await postSection(next, 'child', { birthPlaceKind: 'facility', action: 'later' });
    const offer = await (await an.request(`/dossiers/drafts/${next}/sections/documents`)).text();
    const reuse = /value="(reuse:birthCertificate:[0-9a-f-]{36})"/.exec(offer);
    expect(reuse).not.toBeNull();
    const picked = await postSection(next, 'documents', { action: reuse![1]! });
    expect(picked.status).toBe(303);
    expect(
      await (await an.request(`/dossiers/drafts/${next}/sections/documents`)).text(),
    ).toContain('Gỡ anh-chup.jpg');
  });

  it('adds and removes table rows with buttons, and saves for later', async () => {
    const id = await startBirthDraft();
    // Judicial record certificate has a table of past residences.
    // The province chosen on the start page decides the agency (here Hồ Chí Minh City's).
    const start = await (await an.request('/procedures/2.000505/submit')).text();
    expect(start).toMatch(/<form method="post"[^>]*>(?:(?!<\/form>)[\s\S])*name="province"/);
    const record = await an.postForm('/procedures/2.000505/submit', { csrf, province: '79' });
    const recordId = record.headers.get('location')!.split('/')[3]!;
    const [agency] = await db.query<{ province_code: string; sector: string }>(
      `SELECT a.province_code, a.sector FROM dossiers d JOIN agencies a ON a.code = d.agency_code
       WHERE d.id = $1`,
      [recordId],
    );
    expect(agency).toEqual({ province_code: '79', sector: 'justice' });
    const added = await postSection(recordId, 'request', {
      'residences.0.from': '09/2007',
      'residences.0.to': '06/2011',
      'residences.0.place': 'Hà Nội',
      action: 'add:residences',
    });
    expect(added.status).toBe(303);
    const rows = (await answersOf(recordId)).residences as unknown[];
    expect(rows).toHaveLength(2);
    await postSection(recordId, 'request', {
      'residences.0.from': '09/2007',
      'residences.0.to': '06/2011',
      'residences.0.place': 'Hà Nội',
      'residences.1.from': '07/2011',
      action: 'remove:residences:1',
    });
    expect((await answersOf(recordId)).residences).toHaveLength(1);
    const later = await postSection(id, 'child', { childName: 'Bé Na', action: 'later' });
    expect(later.headers.get('location')).toBe(`/my/dossiers?saved=${id}`);
    expect(await (await an.request('/my/dossiers?saved=1')).text()).toContain('Đã lưu nháp');
  });

  it('saves while typing without checking, and refuses forms without their token', async () => {
    const id = await startBirthDraft();
    const saved = await an.postForm(`/dossiers/drafts/${id}/autosave`, {
      csrf,
      section: 'applicant',
      applicantPhone: '09123',
    });
    expect(saved.status).toBe(204);
    expect((await answersOf(id)).applicantPhone).toBe('09123');
    const forged = await an.postForm(`/dossiers/drafts/${id}/autosave`, {
      section: 'applicant',
      applicantPhone: '1',
    });
    expect(forged.status).toBe(403);
    const stranger = await signInAs(base, 'vneid-002');
    expect((await stranger.request(`/dossiers/drafts/${id}/sections/applicant`)).status).toBe(404);
  });
});

describe('tracking pages', () => {
  it('look a dossier up publicly, withdraw it, and manage the document store', async () => {
    const id = await startBirthDraft();
    await db.query(`UPDATE dossiers SET answers = answers || $2 WHERE id = $1`, [
      id,
      JSON.stringify({
        relationship: 'father',
        childName: 'Nguyễn Minh Khang',
        childGender: 'male',
        childBirthDate: '2025-11-20',
        birthPlaceKind: 'facility',
        birthPlace: 'Bệnh viện',
        ethnicity: 'Kinh',
        nationality: 'Việt Nam',
        motherName: 'Lê Thị Hoa',
        motherId: '001192034567',
        declaration: true,
      }),
    ]);
    await postSection(
      id,
      'documents',
      { action: 'continue' },
      { birthCertificate: [PDF_BYTES, 'cs.pdf'] },
    );
    const review = await an.request(`/dossiers/drafts/${id}/review`);
    expect(await review.text()).toContain('Nguyễn Minh Khang');
    const submitted = await an.postForm(`/dossiers/drafts/${id}/submit`, { csrf });
    expect(submitted.status).toBe(303);
    const code = decodeURIComponent(
      submitted.headers.get('location')!.split('/')[2]!.split('?')[0]!,
    );

    const own = await (await an.request(`/dossiers/${encodeURIComponent(code)}`)).text();
    expect(own).toContain('001*******67');
    expect(own).not.toContain('001192034567');

    // Nobody signed in: the form's token comes with the page, the answer with the post.
    const visitor = new CookieClient(base);
    const form = await (await visitor.request(`/lookup?code=${encodeURIComponent(code)}`)).text();
    const token = /name="csrf" value="([^"]+)"/.exec(form)![1]!;
    const anonymous = await visitor.postForm('/lookup', {
      csrf: token,
      code,
      idNumber: '001089012345',
    });
    expect(anonymous.status).toBe(200);
    const found = await anonymous.text();
    expect(found).toContain('Mới nộp');
    expect(found).not.toContain('Nguyễn Minh Khang');
    const wrong = await visitor.postForm('/lookup', {
      csrf: token,
      code,
      idNumber: '079195023456',
    });
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain('class="error-summary"');

    const withdrawn = await an.postForm(`/dossiers/${encodeURIComponent(code)}/withdraw`, {
      csrf,
      reason: 'Nộp nhầm',
    });
    expect(withdrawn.status).toBe(303);
    const page = await (await an.request(withdrawn.headers.get('location')!)).text();
    expect(page).toContain('Đã rút');
    expect(page).toContain('Nộp nhầm');

    const store = await (await an.request('/my/documents')).text();
    const docId = /\/my\/documents\/([0-9a-f-]{36})"/.exec(store)![1]!;
    const file = await an.request(`/my/documents/${docId}`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    const stranger = await signInAs(base, 'vneid-002');
    expect((await stranger.request(`/my/documents/${docId}`)).status).toBe(404);
    const removed = await an.postForm(`/my/documents/${docId}/delete`, { csrf });
    expect(removed.headers.get('location')).toBe('/my/documents?deleted=1');
    expect(await (await an.request('/my/documents')).text()).not.toContain(docId);
    // The submitted dossier keeps its copy.
    expect((await an.request(`/my/documents/${docId}`)).status).toBe(200);
  });
});
