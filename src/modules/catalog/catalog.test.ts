import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/helpers.js';

type App = Awaited<ReturnType<typeof createTestApp>>['app'];
let app: App;

beforeAll(async () => {
  ({ app } = await createTestApp());
});

interface ListBody {
  items: {
    code: string;
    name: string;
    level: string;
    serviceLevel: string;
    target: string[];
    field: { code: string };
    agencies: { code: string | null; name: string }[];
    status: 'active' | 'annulled';
  }[];
  total: number;
  nextCursor: string | null;
  match: 'words' | 'typos';
  correctedQuery: string | null;
}

const search = async (query: string) => {
  const response = await app.inject({ method: 'GET', url: `/api/v1/procedures?${query}` });
  return { status: response.statusCode, body: response.json() as ListBody };
};

describe('procedure search', () => {
  it('puts driving-licence renewal first for "giay phep lai xe" without diacritics', async () => {
    const { status, body } = await search('q=giay+phep+lai+xe');
    expect(status).toBe(200);
    expect(body.items[0]?.name).toMatch(/^Cấp đổi giấy phép lái xe/);
  });

  it('finds the judicial record certificate for "ly lich tu phap"', async () => {
    const { body } = await search('q=ly+lich+tu+phap');
    expect(body.items[0]?.name).toMatch(/[Ll]ý lịch tư pháp/);
  });

  it('corrects misspelt words before searching, and says what it searched for', async () => {
    const licence = await search('q=giay+phep+lai+xw');
    expect(licence.body.items[0]?.name).toMatch(/^Cấp đổi giấy phép lái xe/);
    expect(licence.body).toMatchObject({ match: 'typos', correctedQuery: 'giay phep lai xe' });

    const birth = await search('q=dang+ky+kaisinh');
    expect(birth.body.items[0]?.name).toBe('Đăng ký khai sinh');
    expect(birth.body.correctedQuery).toBe('dang ky khai sinh');

    // The words typed right keep their diacritics in what the answer says was searched.
    const marked = await search(`q=${encodeURIComponent('đăng ký kahi snh')}`);
    expect(marked.body.items[0]?.name).toBe('Đăng ký khai sinh');
    expect(marked.body.correctedQuery).toBe('đăng ký khai sinh');

    // A slip that made another word ("xã"): found nothing as typed, so reconsidered.
    const slip = await search('q=giay+phep+lai+xa');
    expect(slip.body.items[0]?.name).toMatch(/^Cấp đổi giấy phép lái xe/);
    expect(slip.body.correctedQuery).toBe('giay phep lai xe');

    expect((await search('q=dang+ky+khai+sinh')).body).toMatchObject({
      match: 'words',
      correctedQuery: null,
    });
  });

  it('finds nothing, honestly, for words close to none of the catalog’s', async () => {
    const { body } = await search('q=xyzzy+qwfp');
    expect(body).toMatchObject({ items: [], total: 0, match: 'words', correctedQuery: null });
  });

  it('finds a procedure by its code', async () => {
    const { body } = await search('q=1.001193');
    expect(body.items.map((i) => i.code)).toEqual(['1.001193']);
  });

  it('offers no typo matches when every word is a real word that no record holds together', async () => {
    const { body } = await search('q=sang+che+ruou');
    expect(body).toMatchObject({ total: 0, match: 'words' });
  });

  it('finds promotion registration for "khuyen mai"', async () => {
    const { body } = await search('q=khuyen+mai');
    expect(body.items[0]?.name).toMatch(/khuyến mại/i);
  });

  it('folds đ: "dang ky" and "đăng ký" give the same results', async () => {
    const plain = await search('q=dang+ky+ket+hon');
    const marked = await search(`q=${encodeURIComponent('đăng ký kết hôn')}`);
    expect(plain.body.total).toBeGreaterThan(0);
    expect(marked.body.items.map((i) => i.code)).toEqual(plain.body.items.map((i) => i.code));
  });

  it('ranks name matches above matches only in the body', async () => {
    const { body } = await search('q=ho+chieu');
    const names = body.items.map((i) => /hộ chiếu/i.test(i.name));
    const firstBodyOnly = names.indexOf(false);
    if (firstBodyOnly >= 0) expect(names.slice(firstBodyOnly)).not.toContain(true);
    expect(names[0]).toBe(true);
  });

  it('answers the shape connected systems rely on', async () => {
    const { body } = await search('q=khai+sinh&limit=2');
    expect(body.items).toHaveLength(2);
    const item = body.items[0]!;
    expect(Object.keys(item).sort()).toEqual(
      [
        'agencies',
        'code',
        'field',
        'level',
        'name',
        'nameEn',
        'serviceLevel',
        'status',
        'target',
      ].sort(),
    );
    expect(item.code).toMatch(/^\d\.\d{6}$/);
    expect(item.status).toBe('active');
    expect(item.agencies.length).toBeGreaterThan(0);
    expect(body.total).toBeGreaterThanOrEqual(2);
  });

  it('pages with an opaque cursor until the end, without repeats', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let total: number;
    do {
      const page: { body: ListBody } = await search(`limit=25${cursor ? `&cursor=${cursor}` : ''}`);
      total = page.body.total;
      for (const item of page.body.items) seen.add(item.code);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(total);
    expect(total).toBeGreaterThanOrEqual(80);
  });

  it('filters by level, target, service level and field', async () => {
    const commune = await search('level=commune&limit=100');
    expect(commune.body.total).toBeGreaterThan(0);
    expect(commune.body.items.every((i) => i.level === 'commune')).toBe(true);

    const business = await search('target=business&limit=100');
    expect(business.body.total).toBeGreaterThanOrEqual(20);
    expect(business.body.items.every((i) => i.target.includes('business'))).toBe(true);

    const online = await search('serviceLevel=full_online&limit=100');
    expect(online.body.items.every((i) => i.serviceLevel === 'full_online')).toBe(true);

    const field = commune.body.items[0]!.field.code;
    const byField = await search(`field=${field}&limit=100`);
    expect(byField.body.items.every((i) => i.field.code === field)).toBe(true);
  });

  it('filters by agency: a commune People’s Committee offers the commune procedures', async () => {
    const agencies = await app.inject({
      url: '/api/v1/agencies?province=01&kind=commune_people_committee&limit=1',
    });
    const committee = (agencies.json() as { items: { code: string }[] }).items[0]!.code;
    const { body } = await search(`agency=${committee}&limit=100`);
    const commune = await search('level=commune&limit=100');
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.map((i) => i.code)).toEqual(
      expect.arrayContaining(
        commune.body.items
          .filter((i) => i.agencies.some((a) => a.name === 'Ủy ban nhân dân cấp xã'))
          .map((i) => i.code),
      ),
    );
  });

  it('filters by province: local procedures only', async () => {
    const { body } = await search('province=79&limit=100');
    expect(body.total).toBeGreaterThan(0);
    expect(
      body.items.every((i) => i.level !== 'central' || i.agencies.some((a) => a.code === null)),
    ).toBe(true);
  });

  it('refuses bad input with problem details naming the field', async () => {
    const cases = [
      [`q=${'a'.repeat(201)}`, 'q'],
      ['level=district', 'level'],
      ['target=robot', 'target'],
      ['serviceLevel=level4', 'serviceLevel'],
      ['field=NO_SUCH_FIELD', 'field'],
      ['agency=999.99.99.Z99', 'agency'],
      ['province=00', 'province'],
      ['cursor=bm9wZQ', 'cursor'],
      ['limit=1000', 'limit'],
      ['colour=red', 'colour'],
    ] as const;
    for (const [query, field] of cases) {
      const response = await app.inject({ url: `/api/v1/procedures?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json() as {
        status: number;
        code: string;
        title: string;
        errors: { field: string }[];
      };
      expect(problem.status).toBe(400);
      expect(problem.code).toBe('validation_failed');
      // Named once, however many rules the value broke (a union fails every branch).
      expect(
        problem.errors.map((e) => e.field),
        query,
      ).toEqual([field]);
    }
  });

  it('speaks the caller’s language in problem details', async () => {
    const vi = await app.inject({ url: '/api/v1/procedures?level=x' });
    const en = await app.inject({
      url: '/api/v1/procedures?level=x',
      headers: { 'accept-language': 'en' },
    });
    expect((vi.json() as { title: string }).title).toBe('Dữ liệu gửi lên không hợp lệ');
    expect((en.json() as { title: string }).title).toBe('The request is not valid');
  });

  it('suggests names while typing, from an unfinished word', async () => {
    const response = await app.inject({ url: '/api/v1/procedures/suggestions?q=ly+lich+tu+ph' });
    const { items } = response.json() as { items: { name: string }[] };
    expect(items[0]?.name).toMatch(/lý lịch tư pháp/i);
  });
});

describe('procedure record', () => {
  it('answers the full record in force with its versions', async () => {
    const { body } = await search('q=cap+doi+giay+phep+lai+xe&limit=1');
    const code = body.items[0]!.code;
    const response = await app.inject({ url: `/api/v1/procedures/${code}` });
    expect(response.statusCode).toBe(200);
    const record = response.json() as Record<string, unknown> & {
      versions: { version: number; inForce: boolean; effectiveFrom: string }[];
      channels: { fees: { amount: number }[] }[];
      agencies: { implementing: unknown[] };
    };
    for (const key of [
      'decision',
      'steps',
      'channels',
      'documents',
      'agencies',
      'results',
      'legalBases',
      'receivingAddress',
      'targetDescription',
      'field',
      'kind',
    ]) {
      expect(record, key).toHaveProperty(key);
    }
    expect(record.status).toBe('active');
    expect(record.versions.length).toBeGreaterThanOrEqual(2);
    expect(record.versions.filter((v) => v.inForce)).toHaveLength(1);
    expect(record.versions.at(-1)?.inForce).toBe(true);
    expect(Number.isInteger(record.channels[0]?.fees[0]?.amount)).toBe(true);
  });

  it('finds an annulled procedure by what it is called, last and marked annulled', async () => {
    const statuses = (body: ListBody) => body.items.map((i) => `${i.code} ${i.status}`);
    // By words of its name, without or with diacritics, or of its other names (keywords).
    expect(statuses((await search('q=ho+tro+tien+thue+nha')).body)).toEqual(['2.002560 annulled']);
    expect(
      statuses((await search(`q=${encodeURIComponent('Hỗ trợ người lao động tạm hoãn')}`)).body),
    ).toEqual(['2.002521 annulled']);
    expect(statuses((await search('q=covid')).body).sort()).toEqual([
      '2.002521 annulled',
      '2.002560 annulled',
    ]);
    expect(statuses((await search('q=2.002521')).body)).toEqual(['2.002521 annulled']);

    // After every procedure in force that the words also find.
    const labour = (await search('q=lao+dong&limit=100')).body;
    const firstAnnulled = labour.items.findIndex((i) => i.status === 'annulled');
    expect(firstAnnulled).toBeGreaterThan(0);
    expect(labour.items.slice(0, firstAnnulled).every((i) => i.status === 'active')).toBe(true);
    expect(
      labour.items
        .slice(firstAnnulled)
        .map((i) => i.code)
        .sort(),
    ).toEqual(['2.002521', '2.002560']);
  });

  it('leaves annulled procedures out of searches that do not name them, and out of browsing', async () => {
    // Words found only in their summaries and documents, not in what they are called.
    for (const q of ['bao+hiem+xa+hoi', 'tro+cap']) {
      const { body } = await search(`q=${q}&limit=100`);
      expect(body.total, q).toBeGreaterThan(0);
      expect(
        body.items.filter((i) => i.status !== 'active'),
        q,
      ).toEqual([]);
    }
    const all = (await search('limit=100')).body;
    expect(all.total).toBeGreaterThan(0);
    expect(all.items.map((i) => i.code)).not.toContain('2.002521');
    const suggestions = (
      await app.inject({ url: '/api/v1/procedures/suggestions?q=covid' })
    ).json();
    expect(suggestions).toMatchObject({ items: [] });
  });

  it('answers 404 problem details for an unknown code', async () => {
    const response = await app.inject({ url: '/api/v1/procedures/9.999999' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect((response.json() as { code: string }).code).toBe('not_found');
  });
});

describe('agencies, fields and administrative units', () => {
  it('lists provinces and communes from the real units', async () => {
    const provinces = (await app.inject({ url: '/api/v1/admin-units/provinces' })).json() as {
      items: { code: string; name: string }[];
    };
    expect(provinces.items).toHaveLength(34);
    expect(provinces.items.find((p) => p.code === '01')?.name).toBe('Hà Nội');
    const communes = (
      await app.inject({ url: '/api/v1/admin-units/provinces/79/communes' })
    ).json() as { items: unknown[] };
    expect(communes.items).toHaveLength(168);
    const missing = await app.inject({ url: '/api/v1/admin-units/provinces/00/communes' });
    expect(missing.statusCode).toBe(404);
  });

  it('walks the agency hierarchy', async () => {
    const top = (await app.inject({ url: '/api/v1/agencies?kind=ministry' })).json() as {
      items: { code: string; name: string }[];
    };
    expect(top.items.length).toBeGreaterThanOrEqual(14);
    expect(top.items.every((a) => /^\d{3}\.\d{2}\.\d{2}\.G\d{2}$/.test(a.code))).toBe(true);

    const hanoi = (await app.inject({ url: '/api/v1/agencies/000.00.00.H01' })).json() as {
      name: string;
      children: { code: string; kind: string }[];
    };
    expect(hanoi.name).toBe('Ủy ban nhân dân thành phố Hà Nội');
    expect(
      hanoi.children.filter((c) => c.kind === 'province_department').length,
    ).toBeGreaterThanOrEqual(14);
    expect(hanoi.children.filter((c) => c.kind === 'commune_people_committee')).toHaveLength(126);

    const children = (
      await app.inject({ url: '/api/v1/agencies?parent=000.00.00.H01&limit=10' })
    ).json() as { items: unknown[]; total: number; nextCursor: string };
    expect(children.items).toHaveLength(10);
    const next = (
      await app.inject({
        url: `/api/v1/agencies?parent=000.00.00.H01&limit=10&cursor=${children.nextCursor}`,
      })
    ).json() as { items: { code: string }[] };
    expect(next.items).toHaveLength(10);

    expect((await app.inject({ url: '/api/v1/agencies/nope' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v1/agencies?parent=nope' })).statusCode).toBe(400);
  });

  it('lists fields with their procedure counts', async () => {
    const fields = (await app.inject({ url: '/api/v1/fields' })).json() as {
      items: { code: string; procedureCount: number }[];
    };
    expect(fields.items.length).toBeGreaterThan(10);
    expect(fields.items.reduce((sum, f) => sum + f.procedureCount, 0)).toBeGreaterThanOrEqual(80);
  });
});
