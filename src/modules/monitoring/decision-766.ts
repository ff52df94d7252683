import type { IndexDefinition } from './definition.js';

const CATALOG = {
  vi: 'Cơ sở dữ liệu quốc gia về thủ tục hành chính (danh mục của Cổng)',
  en: 'The national database of administrative procedures (the portal’s catalog)',
};
const DOSSIERS = {
  vi: 'Hồ sơ nộp trên Cổng và hồ sơ đồng bộ từ hệ thống của bộ, tỉnh',
  en: 'Dossiers filed on the portal and dossiers synced from ministries’ and provinces’ systems',
};

/**
 * The service index of Decision 766/QĐ-TTg (23 June 2022), as the portal computes it from its
 * own data: the five groups and their points are the decision's; how each group's points are
 * split among criteria is the portal's reading of its annex (docs/monitoring.md says why).
 * Published versions (monitoring_definitions) replace it from their effective date.
 */
export const DECISION_766_2022: IndexDefinition = {
  version: '766-2022',
  effectiveFrom: '2022-06-23',
  title: {
    vi: 'Bộ chỉ số phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công',
    en: 'Index of service to citizens and businesses in administrative procedures and public services',
  },
  basis: {
    vi: 'Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ',
    en: 'Decision No. 766/QĐ-TTg of the Prime Minister, 23 June 2022',
  },
  groups: [
    {
      code: 'transparency',
      points: 18,
      name: { vi: 'Công khai, minh bạch', en: 'Transparency' },
      criteria: [
        {
          code: 'T1',
          points: 6,
          name: {
            vi: 'Thủ tục hành chính được công bố, công khai đúng hạn',
            en: 'Procedures announced and published on time',
          },
          source: CATALOG,
          formula: {
            kind: 'ratio',
            numerator: ['catalog_published_on_time'],
            denominator: ['catalog_procedures'],
          },
        },
        {
          code: 'T2',
          points: 4,
          name: {
            vi: 'Thủ tục hành chính được công khai đầy đủ',
            en: 'Procedures published complete',
          },
          source: CATALOG,
          formula: {
            kind: 'ratio',
            numerator: ['catalog_complete'],
            denominator: ['catalog_procedures'],
          },
        },
        {
          code: 'T3',
          points: 8,
          name: {
            vi: 'Hồ sơ được đồng bộ lên Cổng trong ngày tiếp nhận',
            en: 'Dossiers on the portal within a day of receipt',
          },
          source: DOSSIERS,
          formula: {
            kind: 'ratio',
            numerator: ['recorded_on_time'],
            denominator: ['recorded_known'],
          },
        },
      ],
    },
    {
      code: 'progress',
      points: 20,
      name: { vi: 'Tiến độ, kết quả giải quyết', en: 'Progress and results' },
      criteria: [
        {
          code: 'P1',
          points: 12,
          name: {
            vi: 'Hồ sơ giải quyết trước hạn và đúng hạn',
            en: 'Dossiers resolved early or on time',
          },
          source: DOSSIERS,
          formula: {
            kind: 'ratio',
            numerator: ['resolved_early', 'resolved_on_time'],
            denominator: ['resolved'],
          },
        },
        {
          code: 'P2',
          points: 8,
          name: {
            vi: 'Thời gian giải quyết so với thời hạn quy định',
            en: 'Handling time against the time allowed',
          },
          source: DOSSIERS,
          formula: {
            kind: 'ratio',
            numerator: ['time_ratio_milli'],
            denominator: ['resolved'],
            scale: 1000,
          },
        },
      ],
    },
    {
      code: 'digitisation',
      points: 22,
      name: { vi: 'Số hóa hồ sơ', en: 'Digitisation' },
      criteria: [
        {
          code: 'D1',
          points: 8,
          name: {
            vi: 'Hồ sơ có kết quả giải quyết điện tử',
            en: 'Dossiers with an electronic result',
          },
          source: DOSSIERS,
          formula: {
            kind: 'ratio',
            numerator: ['result_electronic'],
            denominator: ['resolved'],
          },
        },
        {
          code: 'D2',
          points: 8,
          name: {
            vi: 'Hồ sơ được số hóa khi tiếp nhận',
            en: 'Dossiers digitised at receipt',
          },
          source: DOSSIERS,
          formula: {
            kind: 'ratio',
            numerator: ['received_digitised'],
            denominator: ['digitisation_known'],
          },
        },
        {
          code: 'D3',
          points: 6,
          name: {
            vi: 'Tái sử dụng dữ liệu đã số hóa',
            en: 'Reuse of digitised data',
          },
          source: {
            vi: 'Giấy tờ trong kho dữ liệu cá nhân được dùng lại khi nộp hồ sơ trên Cổng',
            en: 'Documents from a person’s store reused when filing on the portal',
          },
          formula: { kind: 'ratio', numerator: ['reused'], denominator: ['reuse_known'] },
        },
      ],
    },
    {
      code: 'online',
      points: 22,
      name: { vi: 'Cung cấp dịch vụ trực tuyến', en: 'Online service' },
      criteria: [
        {
          code: 'O1',
          points: 6,
          name: {
            vi: 'Thủ tục hành chính được cung cấp trực tuyến',
            en: 'Procedures offered online',
          },
          source: CATALOG,
          formula: {
            kind: 'ratio',
            numerator: ['catalog_online'],
            denominator: ['catalog_procedures'],
          },
        },
        {
          code: 'O2',
          points: 4,
          name: {
            vi: 'Dịch vụ công trực tuyến có phát sinh hồ sơ',
            en: 'Online services that received dossiers',
          },
          source: DOSSIERS,
          formula: {
            kind: 'ratio',
            numerator: ['services_used_online'],
            denominator: ['catalog_online_services'],
          },
        },
        {
          code: 'O3',
          points: 6,
          name: { vi: 'Hồ sơ nộp trực tuyến', en: 'Dossiers filed online' },
          source: DOSSIERS,
          formula: {
            kind: 'ratio',
            numerator: ['received_online'],
            denominator: ['received'],
          },
        },
        {
          code: 'O4',
          points: 2,
          name: {
            vi: 'Dịch vụ có thu phí được thanh toán trực tuyến',
            en: 'Fee-charging services paid online',
          },
          source: {
            vi: 'Thanh toán trực tuyến trên Cổng',
            en: 'Online payments on the portal',
          },
          formula: {
            kind: 'ratio',
            numerator: ['services_paid_online'],
            denominator: ['services_with_fees'],
          },
        },
        {
          code: 'O5',
          points: 4,
          name: {
            vi: 'Hồ sơ thanh toán trực tuyến',
            en: 'Dossiers paid online',
          },
          source: {
            vi: 'Thanh toán trực tuyến trên Cổng',
            en: 'Online payments on the portal',
          },
          formula: {
            kind: 'ratio',
            numerator: ['fee_paid_online'],
            denominator: ['fee_dossiers'],
          },
        },
      ],
    },
    {
      code: 'satisfaction',
      points: 18,
      name: { vi: 'Mức độ hài lòng', en: 'Satisfaction' },
      criteria: [
        {
          code: 'S1',
          points: 10,
          name: {
            vi: 'Mức độ hài lòng trong tiếp nhận, giải quyết hồ sơ',
            en: 'Satisfaction with receiving and handling dossiers',
          },
          source: {
            vi: 'Đánh giá của người dân, doanh nghiệp khi nhận kết quả',
            en: 'Ratings given by people and businesses on receiving their result',
          },
          formula: {
            kind: 'ratio',
            numerator: ['rating_points_milli'],
            denominator: ['rated'],
            scale: 1000,
          },
        },
        {
          code: 'S2',
          points: 4,
          name: {
            vi: 'Phản ánh, kiến nghị được xử lý đúng hạn',
            en: 'Feedback handled on time',
          },
          source: {
            vi: 'Phản ánh, kiến nghị gửi qua Cổng',
            en: 'Feedback and petitions sent through the portal',
          },
          formula: {
            kind: 'ratio',
            numerator: ['feedback_answered_on_time'],
            denominator: ['feedback_answered'],
          },
        },
        {
          code: 'S3',
          points: 4,
          name: {
            vi: 'Mức độ hài lòng về kết quả xử lý phản ánh, kiến nghị',
            en: 'Satisfaction with the handling of feedback',
          },
          source: {
            vi: 'Phản ánh, kiến nghị gửi qua Cổng',
            en: 'Feedback and petitions sent through the portal',
          },
          formula: {
            kind: 'unavailable',
            reason: {
              vi: 'Cổng chưa lấy ý kiến người gửi về câu trả lời, nên chưa có số liệu cho tiêu chí này.',
              en: 'The portal does not yet ask senders what they think of the answer, so this criterion has no figures.',
            },
          },
        },
      ],
    },
  ],
  ratings: [
    { code: 'excellent', min: 90, name: { vi: 'Xuất sắc', en: 'Excellent' } },
    { code: 'good', min: 70, name: { vi: 'Tốt', en: 'Good' } },
    { code: 'average', min: 50, name: { vi: 'Trung bình', en: 'Average' } },
    { code: 'weak', min: 0, name: { vi: 'Yếu', en: 'Weak' } },
  ],
};
