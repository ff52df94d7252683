import { describe, expect, it } from 'vitest';
import { SearchIndex, type ProcedureFilter, type SearchIndexRow } from './search-index.js';
import { intersect, smallest } from './search-postings.js';

const TODAY = '2026-12-01';

/**
 * A row as search-repository.ts reads it from PostgreSQL: the name's tsvector as text
 * (positions from 1), every lexeme of the record, those of the name and keywords, and what
 * a results page shows (the folded name stands for the name).
 */
function row(
  code: string,
  name: string,
  more: Partial<SearchIndexRow> & { body?: string; keywords?: string } = {},
): SearchIndexRow {
  const { body = '', keywords = '', ...columns } = more;
  const nameWords = name.split(' ');
  const positions = new Map<string, number[]>();
  nameWords.forEach((word, i) => positions.set(word, [...(positions.get(word) ?? []), i + 1]));
  const distinct = (text: string) => [...new Set(text.split(' ').filter(Boolean))];
  const fieldCode = columns.field_code ?? 'HO_TICH';
  return {
    code,
    name,
    name_en: `${name} (en)`,
    field_name: `Lĩnh vực ${fieldCode}`,
    field_name_en: `Field ${fieldCode}`,
    implementing: '[]',
    code_rank: Number(code.replace('.', '')),
    popular: false,
    annulled_from: null,
    field_code: 'HO_TICH',
    level: 'central',
    service_level: 'information',
    targets: 'citizen',
    agency_codes: '',
    agency_kinds: '',
    words: distinct(`${name} ${code} ${keywords} ${body}`).join(' '),
    named_words: distinct(`${name} ${code} ${keywords}`).join(' '),
    name_document: [...positions].map(([word, at]) => `'${word}':${at.join(',')}`).join(' '),
    ...columns,
  };
}

const search = (
  index: SearchIndex,
  filter: Partial<ProcedureFilter> = {},
  page = { limit: 20, offset: 0 },
) => index.search({ words: [], today: TODAY, ...filter }, page, true);

const codes = (result: ReturnType<typeof search>) =>
  result.page.map((p) => `${p.code}${p.annulled ? ' annulled' : ''}`);

describe('intersect and smallest', () => {
  it('finds the documents in every list, whatever their lengths', () => {
    const list = (...docs: number[]) => Uint32Array.from(docs);
    const long = Uint32Array.from({ length: 1000 }, (_, i) => i * 3);
    expect([...intersect([long, list(0, 4, 9, 2997, 3000)])]).toEqual([0, 9, 2997]);
    expect([...intersect([list(1, 2, 3), list(2, 3, 4), list(3)])]).toEqual([3]);
    expect([...intersect([list(1, 2), list()])]).toEqual([]);
    expect([...intersect([])]).toEqual([]);
  });

  it('gives the k smallest keys in order, as a full sort would', () => {
    const keys = Float64Array.from({ length: 5000 }, (_, i) => (i * 7919) % 5003);
    const sorted = [...keys].sort((a, b) => a - b);
    for (const k of [1, 20, 60, 4999, 5000, 6000]) {
      expect([...smallest(keys.slice(), k)]).toEqual(sorted.slice(0, k));
    }
  });
});

// Postings as bitsets for the common lexemes (the default), for every one, and for none.
describe.each([
  ['the common lexemes', undefined],
  ['every lexeme', 1],
  ['no lexeme', Infinity],
])('SearchIndex, bitsets for %s', (_, denseFrom) => {
  // Real names of the seeded catalog, folded; in browsing order (the most-used, then by name).
  const index = new SearchIndex(
    [
      row('1.001193', 'dang ky khai sinh', {
        popular: true,
        level: 'commune',
        agency_kinds: 'commune_people_committee',
      }),
      row('1.004837', 'cap doi giay phep lai xe', {
        popular: true,
        level: 'province',
        service_level: 'full_online',
        agency_kinds: 'province_department:transport',
      }),
      row('1.000105', 'cap giay phep xay dung', {
        targets: 'citizen business',
        field_code: 'XAY_DUNG',
        agency_codes: '000.00.31.H29',
        implementing:
          '[{"code": "000.00.31.H29"}, {"kind": "province_department", "sector": "construction"}]',
        body: 'lai xe',
      }),
      row('2.002560', 'ho tro tien thue nha cho nguoi lao dong', {
        annulled_from: '2022-07-01',
        keywords: 'covid',
        body: 'bao hiem xa hoi',
      }),
      row('1.000894', 'dang ky ket hon', { body: 'khai sinh giay phep' }),
      row('1.000001', 'lai xe phep giay cap lai moi', { targets: 'business' }),
    ],
    denseFrom,
  );

  it('matches the records holding every word, in any part', () => {
    expect(codes(search(index, { words: ['giay', 'phep', 'lai', 'xe'] }))).toEqual([
      '1.004837',
      '1.000001',
      '1.000105',
    ]);
    expect(search(index, { words: ['giay', 'khong'] }).total).toBe(0);
  });

  it('ranks names holding every word, then the most-used, the words side by side, shorter names, the code', () => {
    // In the name: 1.000894's record holds both words, but not its name.
    expect(codes(search(index, { words: ['khai', 'sinh'] }))).toEqual(['1.001193', '1.000894']);
    // The words side by side as typed come before a shorter name, and that before the code.
    expect(codes(search(index, { words: ['giay', 'phep'] }))).toEqual([
      '1.004837',
      '1.000105',
      '1.000001',
      '1.000894',
    ]);
    expect(codes(search(index, { words: ['phep', 'giay'] }))).toEqual([
      '1.004837',
      '1.000001',
      '1.000105',
      '1.000894',
    ]);
    expect(codes(search(index, { words: ['cap'] }))).toEqual(['1.004837', '1.000105', '1.000001']);
  });

  it('finds an annulled procedure only by its code or what it is called, after those in force', () => {
    expect(codes(search(index, { words: ['covid'] }))).toEqual(['2.002560 annulled']);
    expect(codes(search(index, { words: ['lao', 'dong'] }))).toEqual(['2.002560 annulled']);
    expect(search(index, { words: ['bao', 'hiem'] }).total).toBe(0);
    expect(codes(search(index, { code: '2.002560' }))).toEqual(['2.002560 annulled']);
    expect(search(index).page.map((p) => p.code)).not.toContain('2.002560');
    // Before its annulment it is like any other.
    expect(codes(search(index, { words: ['bao', 'hiem'], today: '2022-06-30' }))).toEqual([
      '2.002560',
    ]);
  });

  it('browses in its own order, and filters by field, level, target, service level and agency', () => {
    expect(codes(search(index))).toEqual([
      '1.001193',
      '1.004837',
      '1.000105',
      '1.000894',
      '1.000001',
    ]);
    expect(codes(search(index, { field: 'XAY_DUNG' }))).toEqual(['1.000105']);
    expect(codes(search(index, { level: 'province' }))).toEqual(['1.004837']);
    expect(codes(search(index, { target: 'business' }))).toEqual(['1.000105', '1.000001']);
    expect(codes(search(index, { serviceLevel: 'full_online' }))).toEqual(['1.004837']);
    const agency = { code: '000.00.31.H29', kindKey: 'province_department:construction' };
    expect(codes(search(index, { agency }))).toEqual(['1.000105']);
    const kind = { code: '000.00.12.H29', kindKey: 'commune_people_committee' };
    expect(codes(search(index, { agency: kind }))).toEqual(['1.001193']);
    // A province: local procedures, and those one of its agencies implements.
    const province = { provinceAgencies: new Set(['000.00.31.H29']) };
    expect(codes(search(index, province))).toEqual(['1.001193', '1.004837', '1.000105']);
    expect(search(index, { field: 'UNKNOWN' }).total).toBe(0);
  });

  it('gives each procedure of the page as a results page shows it', () => {
    const found = search(index, { words: ['xay', 'dung'] });
    expect(found.page).toEqual([
      {
        code: '1.000105',
        annulled: false,
        row: {
          code: '1.000105',
          name: 'cap giay phep xay dung',
          name_en: 'cap giay phep xay dung (en)',
          level: 'central',
          field_code: 'XAY_DUNG',
          field_name: 'Lĩnh vực XAY_DUNG',
          field_name_en: 'Field XAY_DUNG',
          service_level: 'information',
          targets: ['citizen', 'business'],
          implementing: [
            { code: '000.00.31.H29' },
            { kind: 'province_department', sector: 'construction' },
          ],
        },
      },
    ]);
    expect(search(index, { words: ['khai', 'sinh'] }).page[0]?.row).toMatchObject({
      name: 'dang ky khai sinh',
      field_name: 'Lĩnh vực HO_TICH',
      targets: ['citizen'],
      implementing: [],
    });
  });

  it('counts every match per value of each filter, and pages through them', () => {
    const found = search(index, { words: ['giay', 'phep'] }, { limit: 2, offset: 1 });
    expect(found.total).toBe(4);
    expect(codes(found)).toEqual(['1.000105', '1.000001']);
    expect(found.facets).toEqual({
      field: { HO_TICH: 3, XAY_DUNG: 1 },
      level: { central: 3, province: 1 },
      serviceLevel: { information: 3, full_online: 1 },
      target: { citizen: 3, business: 2 },
    });
    expect(
      index.search({ words: ['giay'], today: TODAY }, { limit: 0, offset: 0 }, false),
    ).toMatchObject({ total: 4, page: [], facets: null });
  });
});
