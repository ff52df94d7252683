import type { AgencyRow } from '../agency-repository.js';
import type { ProvinceSector } from './types.js';

export interface AdminUnitRecord {
  Code: string;
  Name: string;
  NameEn: string;
  FullName: string;
  FullNameEn: string;
  CodeName: string;
  Wards: {
    Code: string;
    Name: string;
    NameEn: string;
    FullName: string;
    FullNameEn: string;
    CodeName: string;
    ProvinceCode: string;
  }[];
}

/**
 * Every province has the same departments and branches. Their position in this list is
 * their level-2 number in the agency code, so codes stay stable: never reorder, only append.
 */
export const SECTOR_NAMES: Record<ProvinceSector, { vi: string; en: string }> = {
  justice: { vi: 'Sở Tư pháp', en: 'Department of Justice' },
  finance: { vi: 'Sở Tài chính', en: 'Department of Finance' },
  construction: { vi: 'Sở Xây dựng', en: 'Department of Construction' },
  industry_trade: { vi: 'Sở Công Thương', en: 'Department of Industry and Trade' },
  agriculture_environment: {
    vi: 'Sở Nông nghiệp và Môi trường',
    en: 'Department of Agriculture and Environment',
  },
  land_registration: { vi: 'Văn phòng Đăng ký đất đai', en: 'Land Registration Office' },
  home_affairs: { vi: 'Sở Nội vụ', en: 'Department of Home Affairs' },
  health: { vi: 'Sở Y tế', en: 'Department of Health' },
  education: { vi: 'Sở Giáo dục và Đào tạo', en: 'Department of Education and Training' },
  culture_sports_tourism: {
    vi: 'Sở Văn hóa, Thể thao và Du lịch',
    en: 'Department of Culture, Sports and Tourism',
  },
  science_technology: {
    vi: 'Sở Khoa học và Công nghệ',
    en: 'Department of Science and Technology',
  },
  foreign_affairs: { vi: 'Sở Ngoại vụ', en: 'Department of Foreign Affairs' },
  police: { vi: 'Công an', en: 'Police' },
  tax: { vi: 'Thuế', en: 'Tax Office' },
  social_insurance: { vi: 'Bảo hiểm xã hội', en: 'Social Insurance' },
  power: { vi: 'Công ty Điện lực', en: 'Power Company' },
};

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** "Tỉnh Cao Bằng" → "tỉnh Cao Bằng", as it reads inside an agency's name. */
const lowerFirst = (text: string) => text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);

const provinceAgencyCode = (provinceCode: string, departmentNumber = 0) =>
  `000.00.${pad(departmentNumber, 2)}.H${provinceCode}`;

/** Commune People's Committees are numbered under level-2 group 50, commune police under 51. */
const communeAgencyCode = (provinceCode: string, communeIndex: number, police: boolean) =>
  `${pad(communeIndex + 1, 3)}.00.${police ? '51' : '50'}.H${provinceCode}`;

/**
 * The People's Committee, departments and branches of every province, and the People's
 * Committee and police of every commune, with QCVN 102:2016-style codes (docs/catalog.md).
 */
export function buildLocalAgencies(provinces: AdminUnitRecord[]): AgencyRow[] {
  const rows: AgencyRow[] = [];
  const sectors = Object.keys(SECTOR_NAMES) as ProvinceSector[];
  for (const province of provinces) {
    const committee = provinceAgencyCode(province.Code);
    const inProvince = lowerFirst(province.FullName);
    const base = {
      phone: null,
      email: null,
      website: null,
      province_code: province.Code,
      commune_code: null,
      address: province.FullName,
    };
    rows.push({
      ...base,
      code: committee,
      name: `Ủy ban nhân dân ${inProvince}`,
      name_en: `People's Committee of ${province.FullNameEn}`,
      kind: 'province_people_committee',
      sector: null,
      parent_code: null,
    });
    sectors.forEach((sector, index) => {
      const names = SECTOR_NAMES[sector];
      rows.push({
        ...base,
        code: provinceAgencyCode(province.Code, index + 1),
        name: `${names.vi} ${inProvince}`,
        name_en: `${names.en} of ${province.FullNameEn}`,
        kind: 'province_department',
        sector,
        parent_code:
          sector === 'land_registration'
            ? provinceAgencyCode(province.Code, sectors.indexOf('agriculture_environment') + 1)
            : committee,
      });
    });
    const provincePolice = provinceAgencyCode(province.Code, sectors.indexOf('police') + 1);
    province.Wards.forEach((commune, index) => {
      const inCommune = lowerFirst(commune.FullName);
      const local = {
        ...base,
        commune_code: commune.Code,
        address: `${commune.FullName}, ${province.FullName}`,
        sector: null,
      };
      rows.push({
        ...local,
        code: communeAgencyCode(province.Code, index, false),
        name: `Ủy ban nhân dân ${inCommune}`,
        name_en: `People's Committee of ${commune.FullNameEn}`,
        kind: 'commune_people_committee',
        parent_code: committee,
      });
      rows.push({
        ...local,
        code: communeAgencyCode(province.Code, index, true),
        name: `Công an ${inCommune}`,
        name_en: `Police of ${commune.FullNameEn}`,
        kind: 'commune_police',
        parent_code: provincePolice,
      });
    });
  }
  return rows;
}
