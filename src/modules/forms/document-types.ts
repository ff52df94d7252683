import type { Text } from './definition.js';

/**
 * Kinds of document a procedure asks for. A document in a person's store has one of these
 * types, so a later procedure asking for the same type can reuse it instead of an upload.
 */
export const DOCUMENT_TYPES = {
  birth_certificate_medical: { vi: 'Giấy chứng sinh', en: 'Medical birth certificate' },
  witness_statement: {
    vi: 'Văn bản xác nhận của người làm chứng',
    en: 'Statement of a witness to the birth',
  },
  marriage_certificate: { vi: 'Giấy chứng nhận kết hôn', en: 'Marriage certificate' },
  residence_proof: { vi: 'Giấy tờ chứng minh nơi cư trú', en: 'Proof of residence' },
  legal_residence_proof: {
    vi: 'Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp',
    en: 'Proof of lawful accommodation',
  },
  household_head_consent: {
    vi: 'Văn bản đồng ý cho đăng ký thường trú của chủ hộ',
    en: 'Consent of the household head',
  },
  health_certificate: {
    vi: 'Giấy khám sức khỏe của người lái xe',
    en: "Driver's health certificate",
  },
  portrait_photo: { vi: 'Ảnh chân dung', en: 'Portrait photo' },
  driving_licence: { vi: 'Giấy phép lái xe', en: 'Driving licence' },
  company_charter: { vi: 'Điều lệ công ty', en: 'Company charter' },
  promotion_rules: { vi: 'Thể lệ chương trình khuyến mại', en: 'Rules of the promotion' },
  prize_sample: { vi: 'Mẫu vé số dự thưởng', en: 'Sample prize ticket' },
  commercial_invoice: { vi: 'Hóa đơn thương mại', en: 'Commercial invoice' },
  bill_of_lading: { vi: 'Vận tải đơn', en: 'Bill of lading' },
  export_declaration: { vi: 'Tờ khai hải quan hàng xuất khẩu', en: 'Export customs declaration' },
  land_use_certificate: {
    vi: 'Giấy chứng nhận quyền sử dụng đất',
    en: 'Land use rights certificate',
  },
  design_drawings: { vi: 'Bản vẽ thiết kế xây dựng', en: 'Construction design drawings' },
  original_document: {
    vi: 'Bản chụp bản chính giấy tờ cần chứng thực',
    en: 'Scan of the original to certify',
  },
  vehicle_invoice: { vi: 'Hóa đơn bán xe', en: 'Vehicle sales invoice' },
  vehicle_origin: {
    vi: 'Giấy tờ nguồn gốc xe (tờ khai hải quan hoặc phiếu kiểm tra xuất xưởng)',
    en: 'Vehicle origin papers (customs declaration or factory inspection slip)',
  },
  result: { vi: 'Kết quả giải quyết thủ tục hành chính', en: 'Result of a procedure' },
  payment_receipt: { vi: 'Biên lai thanh toán điện tử', en: 'Payment e-receipt' },
} satisfies Record<string, Text>;

export type DocumentType = keyof typeof DOCUMENT_TYPES;

export const isDocumentType = (value: string): value is DocumentType => value in DOCUMENT_TYPES;
