import type { SeedProcedure } from '../../src/modules/catalog/seed/types.js';

/**
 * Synthetic procedures for benchmarks only: realistic word mix and shape, codes in the
 * 9.xxxxxx range that the real catalog never uses, so they can never be mistaken for (or
 * mixed into) the real seed.
 */
const ACTIONS = [
  'Cấp',
  'Cấp lại',
  'Cấp đổi',
  'Gia hạn',
  'Điều chỉnh',
  'Thu hồi',
  'Đăng ký',
  'Xác nhận',
  'Thẩm định',
  'Công nhận',
  'Phê duyệt',
  'Chấm dứt',
];
const OBJECTS = [
  'giấy phép',
  'giấy chứng nhận',
  'chứng chỉ hành nghề',
  'thẻ',
  'văn bản chấp thuận',
  'quyết định',
  'hồ sơ',
  'bản sao',
];
const SUBJECTS = [
  'kinh doanh vận tải',
  'hoạt động xây dựng',
  'an toàn thực phẩm',
  'khám bệnh, chữa bệnh',
  'dược',
  'lữ hành',
  'xuất khẩu lao động',
  'quảng cáo',
  'khai thác khoáng sản',
  'nuôi trồng thủy sản',
  'cơ sở giáo dục',
  'hoạt động in',
  'phòng cháy chữa cháy',
  'môi trường',
  'đo đạc bản đồ',
  'viễn thông',
  'bưu chính',
  'hóa chất',
  'vật liệu nổ công nghiệp',
  'thú y',
];
const QUALIFIERS = [
  'cho tổ chức',
  'cho cá nhân',
  'có yếu tố nước ngoài',
  'trong khu công nghiệp',
  'tại cửa khẩu',
  'lần đầu',
  'trực tuyến',
  'cho hộ kinh doanh',
];

export function syntheticProcedures(
  count: number,
  fieldCodes: string[],
  ministryCodes: string[],
): SeedProcedure[] {
  const pick = <T>(list: readonly T[], i: number) => list[i % list.length] as T;
  return Array.from({ length: count }, (_, i) => {
    const name = `${pick(ACTIONS, i)} ${pick(OBJECTS, i >> 3)} ${pick(SUBJECTS, i >> 5)} ${pick(QUALIFIERS, i >> 7)}`;
    const level = pick(['central', 'province', 'commune'] as const, i);
    return {
      code: `9.${String(i).padStart(6, '0')}`,
      name,
      nameEn: `Synthetic procedure ${i}`,
      level,
      kind: 'not_delegated',
      fieldCode: pick(fieldCodes, i >> 2),
      serviceLevel: pick(['full_online', 'partial_online', 'information'] as const, i >> 1),
      targets: i % 3 === 0 ? ['citizen', 'business'] : [pick(['citizen', 'business'] as const, i)],
      targetDescription: 'Tổ chức, cá nhân',
      decision: {
        number: `${1000 + (i % 900)}/QĐ-TEST`,
        title: 'Quyết định công bố thủ tục (tổng hợp)',
        date: '2025-07-01',
        issuer: 'Bộ kiểm thử',
      },
      effectiveFrom: '2025-07-01',
      summary: `Thủ tục tổng hợp số ${i} để đo hiệu năng tìm kiếm: ${name.toLowerCase()}.`,
      steps: [
        'Tổ chức, cá nhân nộp hồ sơ qua Cổng Dịch vụ công.',
        'Cơ quan tiếp nhận kiểm tra và giải quyết hồ sơ.',
        'Trả kết quả cho người nộp.',
      ],
      channels: [
        {
          channel: 'online',
          timeLimit: { value: 5 + (i % 20), unit: 'working_days' },
          fees: [{ name: 'Lệ phí', amount: (i % 10) * 50_000 }],
        },
      ],
      documents: [
        {
          items: [
            { name: 'Đơn đề nghị theo mẫu', original: 1, copy: 0 },
            { name: 'Giấy tờ chứng minh đủ điều kiện', original: 0, copy: 1 },
          ],
        },
      ],
      agencies: {
        implementing:
          level === 'central'
            ? [{ code: pick(ministryCodes, i) }]
            : level === 'province'
              ? [
                  {
                    kind: 'province_department',
                    sector: pick(
                      ['justice', 'finance', 'construction', 'health', 'industry_trade'] as const,
                      i,
                    ),
                  },
                ]
              : [{ kind: 'commune_people_committee' }],
      },
      receivingAddress: 'Bộ phận Một cửa của cơ quan thực hiện',
      results: [{ name: `${pick(OBJECTS, i >> 3)} ${pick(SUBJECTS, i >> 5)}` }],
      keywords: [pick(SUBJECTS, i >> 5), pick(OBJECTS, i >> 3)],
      legalBases: [
        {
          number: '01/2025/TT-TEST',
          title: 'Thông tư (tổng hợp)',
          date: '2025-01-01',
          issuer: 'Bộ kiểm thử',
        },
      ],
    };
  });
}
