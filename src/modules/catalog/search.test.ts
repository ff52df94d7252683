import { describe, expect, it } from 'vitest';
import {
  decodeCodeCursor,
  decodeCursor,
  encodeCodeCursor,
  encodeCursor,
  foldText,
  queryWords,
  toTsQuery,
} from './search.js';

describe('foldText', () => {
  it('removes Vietnamese diacritics, including đ', () => {
    expect(foldText('Đăng ký khai sinh')).toBe('dang ky khai sinh');
    expect(foldText('Giấy phép lái xe, Hộ chiếu phổ thông')).toBe(
      'giay phep lai xe, ho chieu pho thong',
    );
    expect(foldText('ĐỊA ĐIỂM Ủy ban')).toBe('dia diem uy ban');
  });
});

describe('queryWords and toTsQuery', () => {
  it('keeps only plain words, so nothing reaches to_tsquery unescaped', () => {
    expect(queryWords("lý lịch tư pháp' & !(x) :*")).toEqual(['ly', 'lich', 'tu', 'phap', 'x']);
    expect(toTsQuery(['giay', 'phep'])).toBe('giay & phep');
    expect(toTsQuery(['giay', 'ph'], true)).toBe('giay & ph:*');
    expect(toTsQuery([])).toBeNull();
  });

  it('caps the number of words', () => {
    expect(queryWords('a '.repeat(100))).toHaveLength(20);
  });
});

describe('cursors', () => {
  it('round-trip offsets and reject anything else', () => {
    expect(decodeCursor(encodeCursor(40))).toBe(40);
    expect(decodeCursor('not-a-cursor')).toBeNull();
    expect(decodeCursor(Buffer.from('o:-1').toString('base64url'))).toBeNull();
    expect(decodeCursor(encodeCursor(999_999))).toBeNull();
    expect(decodeCodeCursor(encodeCodeCursor('000.00.01.H01'))).toBe('000.00.01.H01');
    expect(decodeCodeCursor(Buffer.from("c:x' OR 1=1").toString('base64url'))).toBeNull();
  });
});
