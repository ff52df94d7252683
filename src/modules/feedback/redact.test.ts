import { describe, expect, it } from 'vitest';
import { REDACTED as X, redact } from './redact.js';

describe('redact: what is known of the sender', () => {
  const known = {
    names: ['Nguyễn Văn An'],
    idNumbers: ['001099012345', 'C1234567'],
    phones: ['0912 345 678'],
    emails: ['an.nguyen@example.vn'],
    addresses: ['Số 12 ngõ 34 phố Đội Cấn, phường Ba Đình'],
  };

  it('removes names whatever their case, diacritics or spacing, and the given names alone', () => {
    expect(redact('Tôi là Nguyễn Văn An, con của ông Văn An.', known)).toBe(
      `Tôi là ${X}, con của ông ${X}.`,
    );
    expect(redact('ky ten: NGUYEN  VAN AN', known)).toBe(`ky ten: ${X}`);
    // Only whole words: "An" alone, or inside other words, is left.
    expect(redact('An toàn thực phẩm ở Văn Anh', known)).toBe('An toàn thực phẩm ở Văn Anh');
  });

  it('removes the ID and phone numbers given, however their digits are grouped', () => {
    expect(redact('CCCD 001 099 012 345, hộ chiếu c1234567', known)).toBe(
      `CCCD ${X}, hộ chiếu ${X}`,
    );
    expect(redact('Gọi 0912.345.678 hoặc 0912-345-678', known)).toBe(`Gọi ${X} hoặc ${X}`);
  });

  it('removes emails and addresses given, the address with the name in it', () => {
    expect(redact('Thư: AN.NGUYEN@example.vn', known)).toBe(`Thư: ${X}`);
    expect(redact('Tôi ở số 12 ngõ 34 phố Đội Cấn, phường Ba Đình, Hà Nội.', known)).toBe(
      `Tôi ở ${X}, Hà Nội.`,
    );
  });

  it('ignores empty and missing values', () => {
    expect(redact('Không có gì', { names: ['', null, undefined, ' '] })).toBe('Không có gì');
    expect(redact('Không có gì')).toBe('Không có gì');
  });
});

describe('redact: what looks personal by its pattern', () => {
  it.each([
    ['email', 'liên hệ tran.b+1@mail.gov.vn nhé', `liên hệ ${X} nhé`],
    ['mobile phone', 'SĐT 0987654321.', `SĐT ${X}.`],
    ['mobile phone, grouped', 'SĐT 098 765 4321 ạ', `SĐT ${X} ạ`],
    ['phone with +84', 'gọi +84 987 654 321', `gọi ${X}`],
    ['phone with 84', 'gọi 84987654321', `gọi ${X}`],
    ['foreign phone', 'gọi +1 202 555 0143', `gọi ${X}`],
    ['landline', 'máy bàn 024 3822 1234', `máy bàn ${X}`],
    ['9-digit ID card', 'CMND số 172345678 cấp năm 2010', `CMND số ${X} cấp năm 2010`],
    ['12-digit citizen ID', 'CCCD: 079203001234', `CCCD: ${X}`],
    ['citizen ID, dotted', 'CCCD 079.203.001.234', `CCCD ${X}`],
    ['dossier code', 'hồ sơ H01.22-261120-0101 đã quá hạn', `hồ sơ ${X} đã quá hạn`],
    ['long dossier code', 'mã 000.00.01.H01-261201-12345', `mã ${X}`],
    ['car plate', 'xe biển 29A-123.45 bị giữ', `xe biển ${X} bị giữ`],
    ['plate without dot', 'biển số 30E 12345.', `biển số ${X}.`],
    ['motorbike plate', 'xe máy 29-B1 123.45', `xe máy ${X}`],
    ['new motorbike plate', 'xe máy 51F1-234.56', `xe máy ${X}`],
    ['phone followed by a count', 'gọi 0912345678 2 lần', `gọi ${X} 2 lần`],
  ])('%s', (_, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    ['amounts', 'Lệ phí 150.000.000 đồng, hoặc 1.500.000đ'],
    ['dates and years', 'Ngày 12/05/2024, từ năm 2023-2024, lúc 10.30'],
    ['legal references', 'Nghị định 15/2020/NĐ-CP, Điều 12, khoản 3, Thông tư 01/2021/TT-BTP'],
    ['procedure codes', 'Thủ tục 1.001193 và 2.000123'],
    ['short numbers', 'trong 15 ngày làm việc, 3 bản sao, tầng 2'],
  ])('keeps %s', (_, text) => {
    expect(redact(text)).toBe(text);
  });
});
