import {
  formatDateTime,
  localName,
  localText,
  translator,
  type Locale,
} from '../../platform/i18n/index.js';
import { documentHeading, labelledLine, qrPng, renderPdf } from '../../platform/pdf.js';
import { allFields, maskPersonalId } from '../forms/index.js';
import type { DossierService } from './service.js';

type DossierView = Awaited<ReturnType<DossierService['byCode']>>;

/**
 * The receipt and appointment slip (giấy tiếp nhận hồ sơ và hẹn trả kết quả): who filed
 * what with which agency, when the result is due, and a QR code to the public lookup.
 */
export async function receiptPdf(view: DossierView, locale: Locale, lookupUrl: string) {
  const t = translator(locale);
  const { row, procedure, agency, form } = view;
  const qr = await qrPng(lookupUrl);
  return renderPdf({ title: `${t('receipt.title')} ${row.code}` }, (doc) => {
    const { width, left } = documentHeading(doc, {
      issuer: localName(locale, agency),
      nation: t('receipt.nation'),
      motto: t('receipt.motto'),
      title: t('receipt.title'),
    });
    doc
      .font('regular')
      .fontSize(11)
      .text(`${t('dossier.code')}: ${row.code}`, {
        width,
        align: 'center',
      });
    doc.moveDown();
    doc.text(t('receipt.body', { agency: localName(locale, agency) }));
    doc.moveDown(0.5);
    labelledLine(doc, t('dossier.applicant'), row.applicant_name ?? '');
    labelledLine(
      doc,
      t('lookup.idNumber'),
      /^\d{12}$/.test(row.applicant_id_number ?? '')
        ? maskPersonalId(row.applicant_id_number)
        : (row.applicant_id_number ?? ''),
    );
    labelledLine(
      doc,
      t('dossier.procedure'),
      `${localName(locale, procedure)} (${procedure.code})`,
    );
    labelledLine(doc, t('receipt.channel'), t('receipt.online'));
    labelledLine(doc, t('dossier.submittedAt'), formatDateTime(row.submitted_at!));
    doc.moveDown(0.5);
    doc
      .font('bold')
      .text(`${t('receipt.files')}:`)
      .font('regular');
    const fields = allFields(form);
    if (view.attachments.length === 0) doc.text(t('receipt.noFiles'));
    view.attachments.forEach((a, i) => {
      const field = fields.find((f) => f.id === a.field_id);
      const label = field ? localText(locale, field.label) : a.field_id;
      doc.text(`${i + 1}. ${label}: ${a.file_name}`, { indent: 12 });
    });
    doc.moveDown();
    doc
      .font('bold')
      .fontSize(12)
      .text(`${t('dossier.dueAt')}: ${formatDateTime(row.due_at!)}`);
    doc.moveDown();
    const qrTop = doc.y;
    doc.image(qr, left, qrTop, { width: 110 });
    doc
      .font('regular')
      .fontSize(10)
      .text(t('receipt.scan', { url: lookupUrl }), left + 125, qrTop + 20, { width: width - 125 });
    doc.text(t('receipt.generated', { at: formatDateTime(new Date()) }), left + 125, doc.y + 8, {
      width: width - 125,
    });
  });
}
