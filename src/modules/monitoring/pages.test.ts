import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/helpers.js';
import { signInAs } from '../../../test/browser-client.js';
import { badinhWard, fileCertifiedCopy, returnDossier } from '../../../test/dossiers.js';
import { officerWithRoles } from '../../../test/sessions.js';
import type { Ranking, PlaceFigures } from './routes/figures.js';

/**
 * The public statistics over HTTP, from real figures: two certified copies filed online at
 * the Ba Đình ward (Hà Nội, `province:01`), one taken to its returned result, then taken into
 * the index by its ingest. Pages, API and downloads must say the same.
 */
let base: string;
let ward: string;
let filed: string[];

beforeAll(async () => {
  const server = await startTestServer();
  base = server.base;
  const { db, modules } = server;
  ward = await badinhWard(db);
  const receiver = await officerWithRoles(db, 'Trần Văn Khoa', ward, ['receiver', 'processor']);
  const approver = await officerWithRoles(db, 'Nguyễn Thị Lan', ward, ['approver']);
  const citizen = await signInAs(base, 'vneid-001');
  filed = [await fileCertifiedCopy(citizen, ward), await fileCertifiedCopy(citizen, ward, 2)];
  await returnDossier(base, db, filed[0]!, { receiver, approver });
  await modules.monitoring.ingest();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers: { accept: 'text/html', ...headers } });
const html = async (path: string) => {
  const response = await get(path);
  return { status: response.status, body: await response.text() };
};
const api = async <T>(path: string) => {
  const response = await fetch(`${base}/api/v1/statistics/${path}`, {
    headers: { accept: 'application/json' },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as T,
  };
};

const criterion = (figures: PlaceFigures, code: string) =>
  figures.place.groups.flatMap((group) => group.criteria).find((c) => c.code === code)!;

describe('the ranking', () => {
  it('ranks provinces this month so far, with the nation, a chart, a table and downloads', async () => {
    const { status, body } = await html('/statistics');
    expect(status).toBe(200);
    expect(body).toContain('<html lang="vi">');
    expect(body).toContain('Chỉ số phục vụ người dân, doanh nghiệp');
    expect(body).toContain('Từ đầu tháng đến nay');
    expect(body).toContain('Quyết định số 766/QĐ-TTg');
    expect(body).toContain('Xếp hạng các tỉnh, thành phố');
    expect(body).toMatch(/<svg role="img" aria-labelledby="[^"]+"/);
    expect(body).toContain('href="/statistics/provinces/01?period=');
    expect(body).toContain('href="/statistics/ranking.csv?period=');
    expect(body).toContain('href="/statistics/ranking.xlsx?period=');
    expect(body).toContain('href="/statistics"');

    const english = await html('/statistics?lang=en&kind=ministry');
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('So far this month');
    expect(english.body).toContain('Ministries and central agencies ranked');
  });

  it('shows on the page the scores the API gives, "no data" where there is none', async () => {
    const { body: ranking } = await api<Ranking>('ranking');
    expect(ranking.period.soFar).toBe(true);
    expect(ranking.kind).toBe('province');
    expect(ranking.places).toHaveLength(34);
    const hanoi = ranking.places.find((place) => place.code === 'province:01')!;
    expect(hanoi.score).not.toBeNull();
    // The ranks follow the scores, equal scores sharing one (Hà Nội first with its dossiers,
    // the other 33 level on the catalog alone); a place without one has no rank.
    const scored = ranking.places.filter((place) => place.score !== null);
    expect(scored.map((place) => place.rank)).toEqual(
      scored.map((place) => scored.findIndex((other) => other.score === place.score) + 1),
    );
    expect(ranking.places[0]!.code).toBe('province:01');

    const page = (await html('/statistics')).body;
    const row = page.slice(page.indexOf('href="/statistics/provinces/01?'));
    const score = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(hanoi.score!);
    expect(row.slice(0, row.indexOf('</tr>'))).toContain(`<td>${score}</td>`);

    // A past month nobody filed anything in: the catalog's criteria only, never a false 0.
    const { body: past } = await api<Ranking>('ranking?period=2023-01');
    const progress = past.nation.groups.find((group) => group.code === 'progress')!;
    expect(progress.availablePoints).toBe(0);
    expect(progress.criteria.every((c) => c.missing === 'no_data' && c.points === null)).toBe(true);
    const pastPage = (await html('/statistics?period=2023-01')).body;
    expect(pastPage).toContain('Tháng 1/2023');
    expect(pastPage).not.toContain('Từ đầu tháng đến nay');
    expect(pastPage).toContain('—\u00a0/\u00a020');
  });
});

describe('a province, an agency', () => {
  it('a province: criteria with the numbers behind them, its trend and its agencies', async () => {
    const { status, body: figures } = await api<PlaceFigures>('places/province:01');
    expect(status).toBe(200);
    expect(figures.place.name).toBe('Thành phố Hà Nội');
    // Both dossiers were filed online; the one returned was resolved before its due date.
    const o3 = criterion(figures, 'O3');
    expect(o3.numerator).toBeGreaterThanOrEqual(2);
    expect(o3.numerator).toBe(o3.denominator);
    expect(criterion(figures, 'P1')).toMatchObject({ numerator: 1, denominator: 1, value: 1 });
    expect(criterion(figures, 'S3')).toMatchObject({ missing: 'unavailable', value: null });
    expect(figures.trend).toHaveLength(12);
    expect(figures.trend.at(-1)!.period.key).toBe(figures.period.key);
    const agency = figures.agencies.find((candidate) => candidate.code === ward)!;
    expect(agency.rank).not.toBeNull();

    const { status: pageStatus, body } = await html('/statistics/provinces/01');
    expect(pageStatus).toBe(200);
    expect(body).toContain('<h1>Thành phố Hà Nội</h1>');
    expect(body).toContain('Hồ sơ nộp trực tuyến');
    expect(body).toContain(`${o3.numerator} / ${o3.denominator}`);
    expect(body).toContain('Cổng chưa lấy ý kiến người gửi về câu trả lời');
    expect(body).toContain('Diễn biến theo tháng');
    expect(body).toContain(`href="/statistics/agencies/${ward}?period=`);
    expect(body).toContain('href="/statistics/provinces/01.csv?period=');
    // The same page at the colon's address form of the API's code is not a page.
    expect((await html('/statistics/provinces/99')).status).toBe(404);
  });

  it('an agency: its score, trend and figures per procedure', async () => {
    const { body: figures } = await api<PlaceFigures>(`agencies/${ward}`);
    expect(figures.unit?.code).toBe('province:01');
    const copies = figures.procedures.find((procedure) => procedure.code === '2.001009')!;
    expect(copies).toMatchObject({ received: 2, resolved: 1, onlineShare: 1, onTimeShare: 1 });
    expect(copies.averageDays).toBeGreaterThanOrEqual(0);

    const { status, body } = await html(`/statistics/agencies/${ward}?lang=en`);
    expect(status).toBe(200);
    expect(body).toContain('Figures by procedure');
    expect(body).toContain('href="/procedures/2.001009"');
    expect(body).toContain('href="/statistics/provinces/01?period=');
  });
});

describe('downloads', () => {
  it('the ranking as CSV (UTF-8 with BOM) and XLSX, the same as the API', async () => {
    const { body: ranking } = await api<Ranking>('ranking');
    const csv = await get(`/statistics/ranking.csv?period=${ranking.period.key}`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="statistics-province-${ranking.period.key}.csv"`,
    );
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(new TextDecoder().decode(bytes), { bom: true }) as string[][];
    expect(rows[0]![0]).toBe('Hạng');
    expect(rows[0]).toContain('Công khai, minh bạch (điểm, tối đa 18)');
    expect(rows).toHaveLength(ranking.places.length + 1);
    const number = (cell: string | undefined) =>
      cell === '' || cell === undefined ? null : Number(cell);
    for (const [i, place] of ranking.places.entries()) {
      const row = rows[i + 1]!;
      expect([number(row[0]), row[1], row[2]]).toEqual([place.rank, place.code, place.name]);
      expect(number(row[row.length - 2])).toBe(place.score);
    }

    const xlsx = await get(`/statistics/ranking.xlsx?period=${ranking.period.key}&lang=en`);
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.getWorksheet('Ranking')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Rank');
    expect(sheet.rowCount).toBe(ranking.places.length + 1);
    for (const [i, place] of ranking.places.entries()) {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(2).value).toBe(place.code);
      expect(row.getCell(3).value).toBe(place.nameEn);
      // Numbers as numbers; a place without a score has an empty cell, not 0.
      expect(row.getCell(row.cellCount - 1).value ?? null).toBe(place.score);
    }
  });

  it('a province’s criteria and agencies: two blocks in CSV, two sheets in XLSX', async () => {
    const { body: figures } = await api<PlaceFigures>('places/province:01');
    const csv = await (await get('/statistics/provinces/01.csv')).text();
    const blocks = csv.replace(/^\uFEFF/, '').split(/\r?\n\r?\n/);
    expect(blocks).toHaveLength(2);
    const criteria = parse(blocks[0]!, { columns: true }) as Record<string, string>[];
    expect(criteria.map((row) => row['Mã'])).toEqual(
      figures.place.groups.flatMap((group) => group.criteria.map((c) => c.code)),
    );
    const o3 = criterion(figures, 'O3');
    expect(criteria.find((row) => row['Mã'] === 'O3')).toMatchObject({
      'Số đạt': String(o3.numerator),
      'Số tổng': String(o3.denominator),
      'Tỷ lệ (%)': String(o3.value! * 100),
    });
    const agencies = parse(blocks[1]!, { columns: true }) as Record<string, string>[];
    expect(agencies.map((row) => row['Mã'])).toEqual(figures.agencies.map((a) => a.code));

    const response = await get('/statistics/provinces/01.xlsx');
    expect(response.headers.get('content-disposition')).toMatch(
      /statistics-province-01-.+\.xlsx"$/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Tiêu chí', 'Cơ quan']);
    const sheet = workbook.getWorksheet('Tiêu chí')!;
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(3).value === 'O3')!;
    expect([row.getCell(8).value, row.getCell(9).value]).toEqual([o3.numerator, o3.denominator]);
  });
});

describe('the API', () => {
  it('gives the nation, a trend, the definitions and the live figures', async () => {
    const nation = await api<{ place: { scope: string; groups: unknown[] } }>('nation');
    expect(nation.body.place.scope).toBe('nation');
    expect(nation.body.place.groups).toHaveLength(5);
    const trend = await api<{ items: { period: { key: string } }[] }>(
      'trend/province:01?period=2026-Q4&months=3',
    );
    expect(trend.body.items.map((point) => point.period.key)).toEqual([
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect((await api(`trend/agency:${ward}`)).status).toBe(200);
    const definitions = await api<{ items: { version: string; effectiveFrom: string }[] }>(
      'definitions',
    );
    expect(definitions.body.items[0]).toMatchObject({
      version: '766-2022',
      effectiveFrom: '2022-06-23',
    });
    const live = await api<{ total: { received: number } }>('live');
    expect(live.body.total.received).toBeGreaterThanOrEqual(2);
  });

  it('documents every route in the OpenAPI document', async () => {
    const document = (await (await fetch(`${base}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths).filter((path) => path.includes('/statistics/'))).toEqual([
      '/api/v1/statistics/ranking',
      '/api/v1/statistics/places/{unit}',
      '/api/v1/statistics/agencies/{code}',
      '/api/v1/statistics/nation',
      '/api/v1/statistics/trend/{scope}',
      '/api/v1/statistics/definitions',
      '/api/v1/statistics/live',
    ]);
  });
});

describe('errors', () => {
  it('a period or kind that is none: 400 problem details on the API', async () => {
    for (const query of [
      'period=1999-12',
      'period=2100',
      'period=2026-13',
      'period=2026-Q5',
      'kind=district',
    ]) {
      const answer = await api<{ status: number; code: string }>(`ranking?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body.code).toBe('validation_failed');
    }
    expect((await api('places/province:01?period=abc')).status).toBe(400);
  });

  it('a period or kind that is none: an error summary on the pages, never a 500', async () => {
    for (const path of [
      '/statistics?period=1999-12',
      '/statistics?kind=district',
      '/statistics/provinces/01?period=2100',
      `/statistics/agencies/${ward}?period=x`,
      '/statistics/ranking.csv?period=2026-00',
    ]) {
      const { status, body } = await html(path);
      expect(status, path).toBe(400);
      expect(body, path).toContain('class="error-summary"');
    }
    const { body } = await html('/statistics?period=1999-12');
    expect(body).toContain('href="#period"');
    expect(body).toContain('từ năm 2000 đến 2099');
  });

  it('an unknown place or agency: 404', async () => {
    expect((await html('/statistics/ministries/KHONG-CO')).status).toBe(404);
    expect((await html('/statistics/agencies/000.00.00.X99')).status).toBe(404);
    expect((await html('/statistics/provinces/99.csv')).status).toBe(404);
    expect((await api('places/province:99')).status).toBe(404);
    expect((await api('places/district:01')).status).toBe(404);
    expect((await api('agencies/000.00.00.X99')).status).toBe(404);
    expect((await api('trend/agency:000.00.00.X99')).status).toBe(404);
  });
});
