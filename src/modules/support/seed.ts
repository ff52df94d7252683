import type { Database } from '../../platform/db.js';
import type { Topic } from './topics.js';
import { slugOf } from './knowledge-base.js';

interface SeedArticle {
  topic: Topic;
  procedures: string[];
  vi: [string, string];
  en: [string, string];
}

/** The first questions of the knowledge base, as the national portal's hotline hears them. */
const ARTICLES: SeedArticle[] = [
  {
    topic: 'sign_in',
    procedures: [],
    vi: [
      'Đăng nhập Cổng Dịch vụ công bằng tài khoản định danh điện tử như thế nào?',
      'Chọn "Đăng nhập", rồi "Tài khoản định danh điện tử". Mở ứng dụng VNeID trên điện thoại và quét mã QR, hoặc nhập số định danh cá nhân và mật khẩu VNeID.\n\nNếu chưa có tài khoản mức độ 2, hãy đăng ký tại Công an cấp xã nơi cư trú.',
    ],
    en: [
      'How do I sign in to the Public Service Portal with my electronic identity?',
      'Choose "Sign in", then "Electronic identity account". Open the VNeID app on your phone and scan the QR code, or enter your personal ID number and VNeID password.\n\nIf you do not have a level-2 account yet, register at the commune police where you live.',
    ],
  },
  {
    topic: 'finding_procedure',
    procedures: ['1.013124'],
    vi: [
      'Đổi giấy phép lái xe trực tuyến ở đâu?',
      'Tìm "Cấp đổi giấy phép lái xe" trong ô tìm kiếm thủ tục, chọn cơ quan nơi bạn muốn nhận kết quả và bấm "Nộp trực tuyến". Cần có ảnh chân dung và giấy khám sức khỏe còn hạn nếu đổi giấy phép hạng A4, B, C, D, E.',
    ],
    en: [
      'Where do I renew my driving licence online?',
      'Search for "Renewal and exchange of driving licences", choose the agency where you want the result and press "Apply online". You need a portrait photo, and a valid health certificate for classes A4, B, C, D and E.',
    ],
  },
  {
    topic: 'filling_form',
    procedures: ['1.001193'],
    vi: [
      'Đăng ký khai sinh trực tuyến cần chuẩn bị những gì?',
      'Cần Giấy chứng sinh do cơ sở y tế cấp (ảnh chụp hoặc bản điện tử) và thông tin của cha, mẹ. Tờ khai điền sẵn thông tin người đi đăng ký từ tài khoản định danh; bạn chỉ cần nhập thông tin của trẻ.',
    ],
    en: [
      'What do I need to register a birth online?',
      'You need the birth certificate issued by the hospital (a photo or an electronic copy) and the parents’ details. The form is prefilled with your own details from your identity account; you only enter the child’s.',
    ],
  },
  {
    topic: 'attachments',
    procedures: [],
    vi: [
      'Tệp đính kèm bị từ chối vì quá lớn, phải làm sao?',
      'Mỗi tệp không quá 10 MB, định dạng PDF, JPG hoặc PNG. Hãy chụp lại ở độ phân giải thấp hơn hoặc dùng chức năng quét tài liệu của điện thoại để tạo tệp PDF nhỏ hơn.',
    ],
    en: [
      'My attachment was refused as too large. What can I do?',
      'Each file may be up to 10 MB, as PDF, JPG or PNG. Take the photo again at a lower resolution, or use your phone’s document scanner to make a smaller PDF.',
    ],
  },
  {
    topic: 'payments',
    procedures: ['2.002511'],
    vi: [
      'Đã trừ tiền nhưng hồ sơ vẫn báo chưa nộp phí?',
      'Kết quả thanh toán thường về trong vài phút. Nếu sau 30 phút vẫn chưa cập nhật, đừng thanh toán lại: hãy gửi yêu cầu hỗ trợ kèm mã giao dịch (bắt đầu bằng TT) để chúng tôi đối soát với ngân hàng.',
    ],
    en: [
      'I was charged but the dossier still says the fee is unpaid?',
      'The bank’s answer usually arrives within minutes. If nothing changed after 30 minutes, do not pay again: send a help request with the transaction code (starting with TT) so that we can check it with the bank.',
    ],
  },
  {
    topic: 'dossier_status',
    procedures: ['2.002326'],
    vi: [
      'Làm sao biết hồ sơ cấp hộ chiếu đã xử lý đến đâu?',
      'Vào "Hồ sơ của tôi" để xem trạng thái và ngày hẹn trả kết quả, hoặc tra cứu bằng mã hồ sơ và số định danh tại trang Tra cứu hồ sơ. Bạn cũng nhận được thông báo mỗi khi hồ sơ đổi trạng thái.',
    ],
    en: [
      'How can I see how far my passport application has got?',
      'Open "My dossiers" to see its status and the date the result is due, or look it up with the dossier code and your ID number on the dossier lookup page. You are also notified each time its status changes.',
    ],
  },
];

/** The first articles, published, into an empty knowledge base; null when it has some. */
export async function seedKnowledgeBase(db: Database, now: Date): Promise<string | null> {
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM support_articles',
  );
  if (count > 0) return null;
  for (const a of ARTICLES) {
    await db.query(
      `INSERT INTO support_articles (slug, topic, procedure_codes, title_vi, body_vi, title_en,
         body_en, status, created_at, updated_at, published_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'published', $8, $8, $8)`,
      [slugOf(a.vi[0]), a.topic, a.procedures, a.vi[0], a.vi[1], a.en[0], a.en[1], now],
    );
  }
  return `help: ${ARTICLES.length} knowledge-base articles seeded`;
}
