import { vietnamDate } from '../../platform/clock.js';
import { formatDate } from '../../platform/i18n/index.js';
import { documentHeading, renderPdf } from '../../platform/pdf.js';
import type { AgencySigners } from '../../platform/signing.js';
import type { FeedbackRow } from './repository.js';

/**
 * The agency's answer as a document signed with its certificate, as a result is: what
 * carries legal value beyond the text on the page.
 */
export async function signedAnswer(
  signers: AgencySigners,
  agency: { code: string; name: string; address?: string | null },
  row: FeedbackRow,
  answer: string,
  at: Date,
): Promise<Buffer> {
  const signer = await signers.signerFor(agency);
  const title = 'TRẢ LỜI PHẢN ÁNH, KIẾN NGHỊ';
  const pdf = await renderPdf({ title: `${title} ${row.code}`, subject: row.title }, (doc) => {
    documentHeading(doc, {
      issuer: agency.name,
      nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      motto: 'Độc lập - Tự do - Hạnh phúc',
      title,
      number: `Số: ${row.code}`,
    });
    doc.moveDown();
    doc.font('regular').fontSize(11);
    doc.text(`Kính gửi: ${row.sender_name}`);
    doc.moveDown(0.5);
    doc.text(
      `${agency.name} nhận được phản ánh, kiến nghị "${row.title}" gửi ngày ${formatDate(vietnamDate(row.created_at))} qua Cổng Dịch vụ công. Về nội dung này, ${agency.name} trả lời như sau:`,
    );
    doc.moveDown(0.5);
    doc.text(answer);
    doc.moveDown(2);
    doc.text(`Ngày ${formatDate(vietnamDate(at))}`, { align: 'right' });
    doc.font('bold').text(agency.name, { align: 'right' });
    doc
      .font('regular')
      .fontSize(9)
      .text(`Văn bản điện tử được ký số: ${signer.subject}`, { align: 'right' });
  });
  return signer.sign(pdf, {
    reason: `Trả lời phản ánh, kiến nghị ${row.code}`,
    signer: agency.name,
    location: agency.address || 'Việt Nam',
  });
}
