import { formatDateTime, formatMoney, translator } from '../../platform/i18n/index.js';
import { documentHeading, labelledLine, renderPdf } from '../../platform/pdf.js';
import type { OrderRow } from './service.js';
import { amountInWords } from './words.js';

/**
 * The e-receipt (biên lai điện tử): its number, the payer, the agency paid, what for, and
 * the amount in figures and in words, in Vietnamese as receipts are issued.
 */
export function receiptPdf(input: {
  order: OrderRow;
  receipt: { number: string; issued_at: Date };
  agency: { name: string };
}) {
  const t = translator('vi');
  const { order, receipt, agency } = input;
  return renderPdf({ title: `${t('payments.receipt.title')} ${receipt.number}` }, (doc) => {
    const { width, left } = documentHeading(doc, {
      issuer: agency.name,
      nation: t('receipt.nation'),
      motto: t('receipt.motto'),
      title: t('payments.receipt.title'),
      number: t('payments.receipt.number', { number: receipt.number }),
    });
    doc.moveDown();
    labelledLine(doc, t('payments.receipt.payer'), order.payer_name);
    labelledLine(doc, t('payments.receipt.payee'), agency.name);
    labelledLine(doc, t('payments.receipt.for'), order.description);
    labelledLine(doc, t('payments.number'), order.number);
    labelledLine(
      doc,
      t('payments.receipt.paidAt'),
      formatDateTime(order.paid_at ?? receipt.issued_at),
    );
    doc.moveDown(0.5);
    doc
      .font('bold')
      .text(`${t('payments.receipt.items')}:`)
      .font('regular');
    order.items.forEach((item, i) => {
      const y = doc.y;
      doc.text(`${i + 1}. ${item.name}`, left + 12, y, { width: width * 0.7 });
      const after = doc.y;
      doc.text(formatMoney('vi', item.amount), left + width * 0.7, y, {
        width: width * 0.3,
        align: 'right',
      });
      doc.y = Math.max(after, doc.y);
    });
    doc.moveDown(0.5);
    doc
      .font('bold')
      .text(`${t('payments.receipt.total')}: ${formatMoney('vi', order.amount)}`, left, doc.y, {
        width,
        align: 'right',
      });
    doc
      .font('regular')
      .text(`${t('payments.receipt.inWords')}: ${amountInWords(order.amount)}.`, left, doc.y, {
        width,
      });
    doc.moveDown(2);
    doc.fontSize(9).text(t('payments.receipt.note'), { width, align: 'left' });
  });
}
