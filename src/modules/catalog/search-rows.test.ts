import { describe, expect, it } from 'vitest';
import { ShownRows, Utf8Texts } from './search-rows.js';

describe('Utf8Texts', () => {
  it('gives back each text as it was, whatever its letters', () => {
    const texts = ['Đăng ký khai sinh', '', 'Cấp đổi giấy phép lái xe', 'x', '🏛️ Ủy ban'];
    const kept = new Utf8Texts(texts);
    expect(texts.map((_, i) => kept.at(i))).toEqual(texts);
    // A byte a letter, two or three for one with diacritics, and the 6 offsets.
    expect(kept.byteLength).toBe(6 * 4 + texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0));
  });
});

describe('ShownRows', () => {
  it('gives each row its own values and a new object each time', () => {
    const row = {
      name: 'Đăng ký khai sinh',
      name_en: 'Birth registration',
      level: 'commune' as const,
      field_code: 'HO_TICH',
      field_name: 'Hộ tịch',
      field_name_en: 'Civil status',
      service_level: 'full_online' as const,
      targets: 'citizen',
      implementing: '[{"kind": "commune_people_committee"}]',
    };
    const rows = new ShownRows([row, { ...row, name: 'Đăng ký kết hôn', targets: '' }]);
    expect(rows.row(1, '1.000894')).toEqual({
      code: '1.000894',
      name: 'Đăng ký kết hôn',
      name_en: 'Birth registration',
      level: 'commune',
      field_code: 'HO_TICH',
      field_name: 'Hộ tịch',
      field_name_en: 'Civil status',
      service_level: 'full_online',
      targets: [],
      implementing: [{ kind: 'commune_people_committee' }],
    });
    expect(rows.row(0, '1.001193').implementing).not.toBe(rows.row(0, '1.001193').implementing);
  });
});
