import { formatDateTime, localName, translator, type Locale } from '../../platform/i18n/index.js';
import { documentHeading, labelledLine, renderPdf } from '../../platform/pdf.js';
import type { DossierRow } from '../dossiers/index.js';
import type { ApologyRow } from './repository.js';

/**
 * The apology slip (phiếu xin lỗi và hẹn lại ngày trả kết quả) a late dossier's applicant
 * receives: who apologises, for which dossier, why, and the new date.
 */
export function apologyPdf(
  input: {
    row: DossierRow;
    slip: ApologyRow;
    agency: { name: string; nameEn: string };
    procedure: { code: string; name: string; nameEn: string };
  },
  locale: Locale,
) {
  const t = translator(locale);
  const { row, slip } = input;
  const agency = localName(locale, input.agency);
  return renderPdf({ title: `${t('apology.title')} ${row.code}` }, (doc) => {
    const { width } = documentHeading(doc, {
      issuer: agency,
      nation: t('receipt.nation'),
      motto: t('receipt.motto'),
      title: t('apology.title'),
    });
    doc
      .font('regular')
      .fontSize(11)
      .text(`${t('apology.number')}: ${slip.number}/${row.code}`, { width, align: 'center' });
    doc.moveDown();
    doc.text(t('apology.body', { agency, applicant: row.applicant_name ?? '' }));
    doc.moveDown(0.5);
    dossierFacts(doc, t, row, localName(locale, input.procedure), input.procedure.code);
    labelledLine(doc, t('apology.previous'), formatDateTime(slip.previous_due_at));
    labelledLine(doc, t('apology.reason'), slip.reason);
    doc.moveDown(0.5);
    doc
      .font('bold')
      .fontSize(12)
      .text(`${t('apology.next')}: ${formatDateTime(slip.new_due_at)}`);
    doc.moveDown();
    doc.font('regular').fontSize(10).text(formatDateTime(slip.issued_at), { align: 'right' });
  });
}

/**
 * The refusal notice (phiếu từ chối tiếp nhận giải quyết hồ sơ, form 03 of Circular
 * 01/2018/TT-VPCP): which dossier was refused, by whom, when and why.
 */
export function refusalPdf(
  input: {
    row: DossierRow;
    refusal: { at: Date; reason: string };
    agency: { name: string; nameEn: string };
    procedure: { code: string; name: string; nameEn: string };
  },
  locale: Locale,
) {
  const t = translator(locale);
  const { row } = input;
  const agency = localName(locale, input.agency);
  return renderPdf({ title: `${t('refusal.title')} ${row.code}` }, (doc) => {
    documentHeading(doc, {
      issuer: agency,
      nation: t('receipt.nation'),
      motto: t('receipt.motto'),
      title: t('refusal.title'),
    });
    doc.moveDown();
    doc.font('regular').fontSize(11);
    doc.text(t('refusal.body', { agency, applicant: row.applicant_name ?? '' }));
    doc.moveDown(0.5);
    dossierFacts(doc, t, row, localName(locale, input.procedure), input.procedure.code);
    labelledLine(doc, t('refusal.reason'), input.refusal.reason);
    doc.moveDown();
    doc.text(t('refusal.apology'));
    doc.moveDown();
    doc.fontSize(10).text(formatDateTime(input.refusal.at), { align: 'right' });
  });
}

/** The dossier a slip is about: its code, procedure and when it was filed. */
function dossierFacts(
  doc: PDFKit.PDFDocument,
  t: ReturnType<typeof translator>,
  row: DossierRow,
  procedureName: string,
  procedureCode: string,
) {
  labelledLine(doc, t('dossier.code'), row.code ?? '');
  labelledLine(doc, t('dossier.procedure'), `${procedureName} (${procedureCode})`);
  labelledLine(
    doc,
    t('dossier.submittedAt'),
    row.submitted_at ? formatDateTime(row.submitted_at) : '',
  );
}
