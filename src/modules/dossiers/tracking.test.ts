import { describe, expect, it } from 'vitest';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { signInAs } from '../../../test/browser-client.js';
import { PDF_BYTES } from '../../../test/files.js';
import { qrPng } from '../../platform/pdf.js';
import {
  api,
  completeBirthDraft,
  json,
  useDossierWorld,
  type Draft,
  type Problem,
} from './dossiers-world.js';

// jsqr is CommonJS with a default export.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;
const world = useDossierWorld();

describe('receipt and lookup', () => {
  it('give a receipt PDF in Vietnamese with a QR code to the public lookup', async () => {
    const id = await completeBirthDraft();
    const { body } = await api<{ code: string }>(world.an, 'POST', `/api/v1/dossiers/${id}/submit`);
    const response = await world.an.request(`/api/v1/dossiers/${body.code}/receipt.pdf`);
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
    expect((await world.ngoc.request(`/api/v1/dossiers/${body.code}/receipt.pdf`)).status).toBe(
      404,
    );

    const lookupUrl = `${world.base}/lookup?code=${encodeURIComponent(body.code)}`;
    const png = PNG.sync.read(await qrPng(lookupUrl));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(lookupUrl);
  });

  it('show status, agency and dates to the code with the applicant’s ID number only', async () => {
    const id = await completeBirthDraft();
    const { body } = await api<{ code: string }>(world.an, 'POST', `/api/v1/dossiers/${id}/submit`);
    const query = (idNumber: string) =>
      fetch(`${world.base}/api/v1/dossier-lookup`, {
        method: 'POST',
        ...json({ code: body.code, idNumber }),
      });
    const found = await query('001089012345');
    expect(found.status).toBe(200);
    const result = (await found.json()) as Record<string, unknown>;
    expect(result).toMatchObject({
      code: body.code,
      status: 1,
      agency: { code: world.communeAgency },
    });
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
    const rep = await signInAs(world.base, 'vneid-001');
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

    const [department] = await world.db.query<{ code: string }>(
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
    expect((await api(world.an, 'GET', `/api/v1/dossiers/${draft.body.id}`)).status).toBe(404);

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
    const [filed] = await world.db.query<{ applicant_id_number: string; owner_id: string }>(
      'SELECT applicant_id_number, owner_id FROM dossiers WHERE code = $1',
      [submitted.body.code],
    );
    expect(filed).toEqual({ applicant_id_number: business.enterpriseCode, owner_id: business.id });
  });
});
