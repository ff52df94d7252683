/**
 * The identity-provider simulator's people: realistic but invented. ID numbers follow the
 * national pattern (province of birth, gender and century digit, year of birth, serial);
 * addresses use real province and commune codes.
 */
export interface TestIdentity {
  sub: string;
  personalId: string;
  name: string;
  birthDate: string;
  gender: 'male' | 'female';
  phone: string;
  email: string;
  address: { provinceCode: string; communeCode: string; line: string };
  assuranceLevel: 1 | 2;
  /** Businesses this person represents. */
  represents?: { enterpriseCode: string; name: string }[];
}

export const TEST_IDENTITIES: TestIdentity[] = [
  {
    sub: 'vneid-001',
    personalId: '001089012345',
    name: 'Nguyễn Văn An',
    birthDate: '1989-03-14',
    gender: 'male',
    phone: '0912345601',
    email: 'an.nguyen@example.vn',
    address: { provinceCode: '01', communeCode: '00004', line: 'Số 12 phố Đội Cấn' },
    assuranceLevel: 2,
    represents: [{ enterpriseCode: '0109876543', name: 'Công ty TNHH Thương mại Hồng Hà' }],
  },
  {
    sub: 'vneid-002',
    personalId: '079195023456',
    name: 'Trần Thị Bích Ngọc',
    birthDate: '1995-11-02',
    gender: 'female',
    phone: '0903456702',
    email: 'ngoc.tran@example.vn',
    address: { provinceCode: '79', communeCode: '25747', line: '45 Nguyễn Trãi' },
    assuranceLevel: 2,
  },
  {
    sub: 'vneid-003',
    personalId: '048078034567',
    name: 'Lê Hoàng Phúc',
    birthDate: '1978-06-21',
    gender: 'male',
    phone: '0935678903',
    email: 'phuc.le@example.vn',
    address: { provinceCode: '48', communeCode: '20194', line: '88 Bạch Đằng' },
    assuranceLevel: 1,
  },
  {
    sub: 'vneid-004',
    personalId: '092301045678',
    name: 'Phạm Thị Thu Hà',
    birthDate: '2001-01-30',
    gender: 'female',
    phone: '0987654304',
    email: 'ha.pham@example.vn',
    address: { provinceCode: '92', communeCode: '31120', line: '21 đường 30 Tháng 4' },
    assuranceLevel: 2,
  },
  {
    sub: 'vneid-005',
    personalId: '031066056789',
    name: 'Hoàng Văn Đức',
    birthDate: '1966-09-09',
    gender: 'male',
    phone: '0977123405',
    email: 'duc.hoang@example.vn',
    address: { provinceCode: '31', communeCode: '11311', line: 'Thôn Đông, số 5' },
    assuranceLevel: 1,
  },
  {
    sub: 'vneid-006',
    personalId: '046188067890',
    name: 'Võ Thị Mỹ Linh',
    birthDate: '1988-12-24',
    gender: 'female',
    phone: '0905111206',
    email: 'linh.vo@example.vn',
    address: { provinceCode: '46', communeCode: '19753', line: '7 Lê Lợi' },
    assuranceLevel: 2,
  },
  {
    sub: 'vneid-007',
    personalId: '040200078901',
    name: 'Đặng Quốc Bảo',
    birthDate: '2000-04-18',
    gender: 'male',
    phone: '0948222307',
    email: 'bao.dang@example.vn',
    address: { provinceCode: '40', communeCode: '16681', line: 'Khối 3' },
    assuranceLevel: 1,
  },
  {
    sub: 'vneid-008',
    personalId: '066172089012',
    name: 'H’Hen Niê',
    birthDate: '1972-02-05',
    gender: 'female',
    phone: '0962333408',
    email: 'hhen.nie@example.vn',
    address: { provinceCode: '66', communeCode: '24121', line: 'Buôn Ako Dhông' },
    assuranceLevel: 2,
  },
  {
    sub: 'vneid-009',
    personalId: '024092090123',
    name: 'Bùi Minh Tuấn',
    birthDate: '1992-07-07',
    gender: 'male',
    phone: '0913444509',
    email: 'tuan.bui@example.vn',
    address: { provinceCode: '24', communeCode: '09187', line: 'Khu phố 2' },
    assuranceLevel: 2,
    represents: [{ enterpriseCode: '2300123456', name: 'Công ty Cổ phần Điện tử Kinh Bắc' }],
  },
  {
    sub: 'vneid-010',
    personalId: '096305001234',
    name: 'Ngô Thị Kim Thoa',
    birthDate: '2005-10-10',
    gender: 'female',
    phone: '0919555610',
    email: 'thoa.ngo@example.vn',
    address: { provinceCode: '96', communeCode: '32002', line: 'Ấp 4' },
    assuranceLevel: 1,
  },
];
