import { describe, expect, it, vi } from 'vitest';
import { TextSearch, type TextDocument } from './text-search.js';

const doc = (id: string, title: string, body: string, sortKey: number, tags = {}) =>
  ({ id, title, body, sortKey, tags }) satisfies TextDocument;

function sample(): TextSearch {
  const search = new TextSearch();
  search.put(
    doc('a', 'Đổi giấy phép lái xe quá hạn', 'Tôi cần làm gì để đổi bằng lái?', 3, {
      agency: 'BGTVT',
      procedure: '1.000001',
    }),
  );
  search.put(
    doc('b', 'Thời hạn cấp hộ chiếu', 'Cấp hộ chiếu mất bao lâu? Tôi có giấy phép lái xe.', 5, {
      agency: 'BCA',
      procedure: null,
    }),
  );
  search.put(doc('c', 'Đăng ký khai sinh cho con', 'Khai sinh ở xã nào?', 4, { agency: 'BTP' }));
  search.put(doc('d', 'Giấy phép lái xe quốc tế', 'Xin cấp ở đâu?', 1, { agency: 'BGTVT' }));
  return search;
}

const all = { offset: 0, limit: 10 };

describe('TextSearch', () => {
  it('finds the same documents with diacritics, without them and with a typo', () => {
    const search = sample();
    const exact = search.search({ q: 'giấy phép lái xe', ...all });
    expect(exact).toEqual({ total: 3, ids: ['a', 'd', 'b'], corrected: null });
    expect(search.search({ q: 'giay phep lai xe', ...all })).toEqual(exact);
    const typo = search.search({ q: 'giay phep lia xe', ...all });
    expect(typo.ids).toEqual(exact.ids);
    expect(typo.corrected).toBe('giay phep lai xe');
    expect(search.search({ q: 'GIẤY PHÉP LÁI XW', ...all }).corrected).toBe('GIẤY PHÉP LÁI xe');
  });

  it('puts documents whose title holds every word first, then the larger sort key', () => {
    const search = sample();
    // "ho chieu" is in b's title; "toi" is in the bodies of a and b only.
    expect(search.search({ q: 'tôi', ...all }).ids).toEqual(['b', 'a']);
    expect(search.search({ q: 'cấp', ...all }).ids).toEqual(['b', 'd']);
    expect(search.search({ q: '', ...all }).ids).toEqual(['b', 'c', 'a', 'd']);
  });

  it('requires every word and honestly finds nothing for words far from any', () => {
    const search = sample();
    expect(search.search({ q: 'khai sinh hộ chiếu', ...all }).total).toBe(0);
    expect(search.search({ q: 'zzzzqqq', ...all })).toEqual({ total: 0, ids: [], corrected: null });
  });

  it('filters by tags exactly; a null tag never matches', () => {
    const search = sample();
    const tags = { agency: 'BGTVT' };
    expect(search.search({ q: 'giay phep', tags, ...all }).ids).toEqual(['a', 'd']);
    expect(search.search({ q: '', tags, ...all }).ids).toEqual(['a', 'd']);
    expect(search.search({ q: '', tags: { procedure: '1.000001' }, ...all }).ids).toEqual(['a']);
    expect(search.search({ q: '', tags: { agency: 'NONE' }, ...all }).total).toBe(0);
    expect(search.search({ q: '', tags: { procedure: 'null' }, ...all }).total).toBe(0);
  });

  it('pages through the results in order', () => {
    const search = sample();
    const pages = [0, 1, 2, 3, 4].map((offset) => search.search({ q: '', offset, limit: 1 }));
    expect(pages.map((page) => page.ids)).toEqual([['b'], ['c'], ['a'], ['d'], []]);
    expect(pages.every((page) => page.total === 4)).toBe(true);
    expect(search.search({ q: 'giay phep lai xe', offset: 1, limit: 1 }).ids).toEqual(['d']);
    expect(search.search({ q: '', offset: 0, limit: 0 })).toEqual({
      total: 4,
      ids: [],
      corrected: null,
    });
  });

  it('replaces a document with the same id and removes one', () => {
    const search = sample();
    search.put(doc('a', 'Cấp lại căn cước', 'Mất thẻ căn cước', 9, { agency: 'BCA' }));
    expect(search.size).toBe(4);
    expect(search.search({ q: 'giay phep lai xe', ...all }).ids).toEqual(['d', 'b']);
    expect(search.search({ q: 'can cuoc', ...all }).ids).toEqual(['a']);
    expect(search.search({ q: '', tags: { agency: 'BCA' }, ...all }).ids).toEqual(['a', 'b']);
    search.remove('b');
    search.remove('unknown');
    expect(search.size).toBe(3);
    expect(search.search({ q: 'giay phep lai xe', ...all }).ids).toEqual(['d']);
    expect(search.search({ q: '', ...all })).toEqual({
      total: 3,
      ids: ['a', 'c', 'd'],
      corrected: null,
    });
  });

  it('keeps answering the same after many replacements compact it', () => {
    const search = sample();
    for (let round = 0; round < 50; round++) {
      search.put(doc('c', 'Đăng ký khai sinh cho con', `Lần ${round}`, 4, { agency: 'BTP' }));
    }
    expect(search.size).toBe(4);
    expect(search.search({ q: 'khai sinh', ...all }).ids).toEqual(['c']);
    expect(search.search({ q: 'lan 49', ...all }).ids).toEqual(['c']);
    expect(search.search({ q: 'lan 48', ...all }).total).toBe(0);
    expect(search.search({ q: 'giay phep lai xe', ...all }).ids).toEqual(['a', 'd', 'b']);
  });

  it('corrects to new words at once while small, within a minute when large', () => {
    const small = sample();
    small.search({ q: 'giay phep lia xe', ...all });
    small.put(doc('e', 'Chứng thực chữ ký', 'Chứng thực bản sao', 2));
    expect(small.search({ q: 'chung thuc chu kt', ...all }).ids).toEqual(['e']);

    vi.useFakeTimers();
    try {
      const large = new TextSearch();
      for (let n = 0; n < 10_000; n++) large.put(doc(`d${n}`, `Hồ sơ số ${n}`, 'Nội dung', n));
      large.warm();
      large.put(doc('new', 'Chứng thực chữ ký', 'Chứng thực bản sao', 1));
      // Found as typed at once; offered as a correction once the vocabulary is rebuilt.
      expect(large.search({ q: 'chung thuc', ...all }).ids).toEqual(['new']);
      expect(large.search({ q: 'chung thucc', ...all }).total).toBe(0);
      vi.advanceTimersByTime(60_000);
      expect(large.search({ q: 'chung thucc', ...all })).toMatchObject({
        ids: ['new'],
        corrected: 'chung thuc',
      });
    } finally {
      vi.useRealTimers();
    }
  });
});
