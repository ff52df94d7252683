import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeedData, procedureVersions, type SeedData } from './index.js';
import { buildLocalAgencies, SECTOR_NAMES } from './local-agencies.js';

let seed: SeedData;

beforeAll(async () => {
  seed = await loadSeedData();
});

describe('seed catalog', () => {
  it('holds all 34 provinces and 3,321 communes', () => {
    expect(seed.provinces).toHaveLength(34);
    expect(seed.provinces.reduce((sum, p) => sum + p.Wards.length, 0)).toBe(3321);
  });

  it('has at least 80 procedures at every level and for both targets, with unique codes', () => {
    const { procedures } = seed;
    expect(procedures.length).toBeGreaterThanOrEqual(80);
    expect(new Set(procedures.map((p) => p.code)).size).toBe(procedures.length);
    for (const level of ['central', 'province', 'commune']) {
      expect(procedures.filter((p) => p.level === level).length, level).toBeGreaterThanOrEqual(10);
    }
    expect(procedures.filter((p) => p.targets.includes('business')).length).toBeGreaterThanOrEqual(
      20,
    );
    expect(procedures.filter((p) => p.annulled).length).toBeGreaterThanOrEqual(1);
  });

  it('includes every service the national portal is known for', () => {
    const names = seed.procedures.map((p) => p.name);
    const expected: [string, RegExp][] = [
      ['driving-licence renewal', /^Cấp đổi giấy phép lái xe/],
      ['certificate of origin', /xuất xứ hàng hóa.*C\/O/],
      ['promotion registration', /^Đăng ký thực hiện khuyến mại/],
      ['low-voltage connection', /Cấp điện mới từ lưới điện hạ áp/],
      ['medium-voltage connection', /Cấp điện mới từ lưới điện trung áp/],
      ['electricity bills', /Thanh toán tiền điện/],
      ['personal e-tax filing', /Quyết toán thuế thu nhập cá nhân/],
      ['judicial record certificate', /Phiếu lý lịch tư pháp/],
      ['cancelling a customs declaration', /Hủy tờ khai hải quan/],
      ['amending a customs declaration', /sửa đổi tờ khai hải quan/],
      ['registration fee', /lệ phí trước bạ/],
      ['car registration', /Đăng ký xe ô tô lần đầu/],
      ['imported car registration', /Đăng ký xe ô tô nhập khẩu/],
      ['certified electronic copies', /bản sao điện tử được chứng thực từ bản chính/],
      ['traffic fines', /phạt vi phạm hành chính .*giao thông/],
      ['social insurance', /bảo hiểm xã hội tự nguyện/],
      ['health insurance', /bảo hiểm y tế .*hộ gia đình/],
      ['Covid-19 support', /Covid-19|COVID-19/],
      ['birth registration', /^Đăng ký khai sinh$/],
      ['marriage registration', /^Đăng ký kết hôn$/],
      ['death registration', /^Đăng ký khai tử$/],
      ['permanent residence', /^Đăng ký thường trú$/],
      ['temporary residence', /^Đăng ký tạm trú$/],
      ['passport', /hộ chiếu phổ thông/],
      ['business registration', /Đăng ký thành lập công ty/],
      ['construction permit', /giấy phép xây dựng/],
      ['land-use certificate', /Giấy chứng nhận quyền sử dụng đất/],
    ];
    for (const [service, pattern] of expected) {
      expect(
        names.some((name) => pattern.test(name)),
        service,
      ).toBe(true);
    }
  });

  it('keeps earlier versions in date order, filling what did not change', () => {
    const renewal = seed.procedures.find((p) => p.name.startsWith('Cấp đổi giấy phép lái xe'));
    const versions = procedureVersions(renewal!);
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
    const dates = versions.map((v) => v.effective_from);
    expect([...dates].sort()).toEqual(dates);
    expect(versions.at(-1)?.effective_from).toBe(renewal!.effectiveFrom);
    expect(versions[0]?.steps.length).toBeGreaterThan(0);
  });

  it('refers only to fields and agencies that exist', () => {
    const fields = new Set(seed.fields.map((f) => f.code));
    const agencies = new Set(seed.centralAgencies.map((a) => a.code));
    for (const p of seed.procedures) {
      expect(fields.has(p.fieldCode), p.code).toBe(true);
      for (const ref of Object.values(p.agencies).flat()) {
        if ('code' in ref) expect(agencies.has(ref.code), `${p.code} → ${ref.code}`).toBe(true);
      }
    }
  });

  it('generates every province’s departments and every commune’s committee and police', () => {
    const local = buildLocalAgencies(seed.provinces);
    const sectors = Object.keys(SECTOR_NAMES).length;
    expect(local).toHaveLength(34 * (1 + sectors) + 3321 * 2);
    const codes = local.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /^\d{3}\.\d{2}\.\d{2}\.H\d{2}$/.test(c))).toBe(true);
    const parents = new Set(codes);
    expect(local.every((a) => a.parent_code === null || parents.has(a.parent_code))).toBe(true);
    expect(local.find((a) => a.code === '000.00.01.H79')?.name).toBe(
      'Sở Tư pháp thành phố Hồ Chí Minh',
    );
  });
});
