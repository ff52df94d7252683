import { createRequire } from 'node:module';
import type PDFDocument from 'pdfkit';

/** pdfkit (with fontkit) and qrcode load with the first document: most starts make none. */
let pdfkit: Promise<typeof PDFDocument> | null = null;
const loadPdfkit = () => (pdfkit ??= import('pdfkit').then((m) => m.default));

const require = createRequire(import.meta.url);

/** DejaVu Sans covers every Vietnamese letter and tone mark (its licence is free to embed). */
export const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

/** A QR code as a PNG image, for slips and receipts that point back to the portal. */
export const qrPng = async (text: string): Promise<Buffer> =>
  (await import('qrcode')).default.toBuffer(text, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 240,
  });

/** An A4 document with the Vietnamese fonts registered; `draw` fills it, then it is closed. */
export async function renderPdf(
  meta: { title: string; subject?: string },
  draw: (doc: PDFKit.PDFDocument) => void | Promise<void>,
): Promise<Buffer> {
  const Document = await loadPdfkit();
  const doc = new Document({
    size: 'A4',
    margin: 56,
    info: { Title: meta.title, Subject: meta.subject ?? meta.title, Producer: 'Một Cửa' },
    lang: 'vi-VN',
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.font('regular');
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  await draw(doc);
  doc.end();
  return done;
}

/**
 * The heading of an administrative document (Decree 30/2020/NĐ-CP): the issuing body on
 * the left, the national name and motto on the right, then the title across the page.
 * Answers the text width and left edge for what follows.
 */
export function documentHeading(
  doc: PDFKit.PDFDocument,
  heading: { issuer: string; nation: string; motto: string; title: string; number?: string },
) {
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;
  const top = doc.page.margins.top;
  doc
    .font('bold')
    .fontSize(10)
    .text(heading.issuer, left, top, { width: width * 0.45, align: 'center' });
  const below = doc.y;
  if (heading.number) {
    doc
      .font('regular')
      .text(heading.number, left, below + 4, { width: width * 0.45, align: 'center' });
  }
  doc
    .font('bold')
    .text(heading.nation, left + width * 0.45, top, { width: width * 0.55, align: 'center' });
  doc.font('regular').text(heading.motto, { width: width * 0.55, align: 'center' });
  doc.moveDown(2);
  doc.font('bold').fontSize(14).text(heading.title, left, doc.y, { width, align: 'center' });
  doc.font('regular').fontSize(11);
  return { width, left };
}

/** One labelled line of a slip: "Label: value", the label in bold. */
export function labelledLine(doc: PDFKit.PDFDocument, label: string, value: string) {
  doc.font('bold').text(`${label}: `, { continued: true }).font('regular').text(value);
}
