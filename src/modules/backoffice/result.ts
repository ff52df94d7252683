import { formatDate, formatDateTime } from '../../platform/i18n/index.js';
import { vietnamDate } from '../../platform/clock.js';
import type { FileStore } from '../../platform/files.js';
import { documentHeading, renderPdf } from '../../platform/pdf.js';
import type { AgencySigners } from '../../platform/signing.js';
import type { CatalogService } from '../catalog/index.js';
import {
  allFields,
  displayValue,
  isVisible,
  placeCodes,
  type Field,
  type FormDefinition,
  type FormService,
  type Text,
} from '../forms/index.js';
import type { DossierRow } from '../dossiers/index.js';

/**
 * What each procedure's result shows of the answers: the fields that make up the document
 * (a birth extract names the child and the parents; a permit the building). Procedures not
 * listed show every answer that is not about the applicant's contact details.
 */
const RESULT_TEMPLATES: Record<string, string[]> = {
  '1.001193': [
    'childName',
    'childGender',
    'childBirthDate',
    'birthPlace',
    'ethnicity',
    'nationality',
    'motherName',
    'fatherName',
  ],
  '2.000505': ['applicantName', 'applicantBirthDate', 'recordType', 'purpose'],
  '1.013124': ['applicantName', 'applicantBirthDate', 'licenceClass', 'licenceNumber'],
  '1.004222': ['applicantName', 'newAddress', 'relationToHead', 'headName'],
  '2.001610': ['companyName', 'headOffice', 'charterCapital', 'applicantName'],
  '2.000053': ['businessName', 'programName', 'startDate', 'endDate', 'area'],
  '2.000035': ['businessName', 'coForm', 'importingCountry', 'invoiceNumber', 'invoiceDate'],
  '1.009994': ['applicantName', 'siteAddress', 'plotNumber', 'buildingArea', 'floors', 'height'],
  '2.001009': ['documentName', 'documentIssuer', 'documentDate', 'copies'],
  '1.007522': [
    'applicantName',
    'vehicleType',
    'brand',
    'model',
    'chassisNumber',
    'engineNumber',
    'price',
  ],
};

const CONTACT = new Set([
  'applicantPhone',
  'applicantEmail',
  'contactPhone',
  'contactEmail',
  'declaration',
]);

/** The result document of a processed dossier, in Vietnamese, before it is signed. */
function resultPdf(input: {
  row: DossierRow;
  form: FormDefinition;
  procedure: { code: string; name: string; results: { name: string }[] };
  agency: { name: string };
  approvedAt: Date;
  signer: string;
  /** Province and commune names, for addresses. */
  places: Map<string, { code: string; name: string; nameEn: string }>;
}) {
  const { row, form, procedure } = input;
  const fields = allFields(form);
  const chosen = RESULT_TEMPLATES[procedure.code];
  const shown: Field[] = chosen
    ? chosen.flatMap((id) => fields.filter((f) => f.id === id))
    : fields.filter((f) => !CONTACT.has(f.id) && f.type !== 'attachment' && f.type !== 'group');
  const text = (t: Text) => t.vi;
  const title = (procedure.results[0]?.name ?? procedure.name).toUpperCase();
  return renderPdf({ title: `${title} ${row.code}`, subject: procedure.name }, (doc) => {
    documentHeading(doc, {
      issuer: input.agency.name,
      nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      motto: 'Độc lập - Tự do - Hạnh phúc',
      title,
      number: `Số: ${row.code}`,
    });
    doc.moveDown();
    doc.font('regular').fontSize(11);
    doc.text(
      `Căn cứ hồ sơ ${row.code} nộp ngày ${row.submitted_at ? formatDateTime(row.submitted_at) : ''}, ${input.agency.name} cấp cho:`,
    );
    doc.moveDown(0.5);
    doc.font('bold').text(row.applicant_name ?? '');
    doc.moveDown(0.5);
    for (const field of shown) {
      if (!isVisible(field, row.answers)) continue;
      const value = displayValue(field, row.answers[field.id], text, input.places, {
        yes: 'Có',
        no: 'Không',
        none: '—',
      });
      doc
        .font('bold')
        .text(`${text(field.label)}: `, { continued: true })
        .font('regular')
        .text(value);
    }
    doc.moveDown(2);
    doc.text(`Ngày ${formatDate(vietnamDate(input.approvedAt))}`, { align: 'right' });
    doc.font('bold').text(input.agency.name, { align: 'right' });
    doc
      .font('regular')
      .fontSize(9)
      .text(`Văn bản điện tử được ký số: ${input.signer}`, { align: 'right' });
  });
}

/**
 * A processed dossier's result document, signed with the certificate of the agency that
 * approves it (the last step's, else the receiving one), put in the file store.
 */
export async function signedResult(
  deps: { catalog: CatalogService; forms: FormService; signers: AgencySigners; files: FileStore },
  row: DossierRow,
  approvedAt: Date,
) {
  const procedure = await deps.catalog.getProcedure(row.procedure_code);
  const form = await deps.forms.formFor(row.procedure_code, row.procedure_version);
  if (!form) throw new Error(`no form for ${row.procedure_code}`);
  const agency = await deps.catalog.agency(row.workflow?.at(-1)?.agencyCode ?? row.agency_code);
  const signer = await deps.signers.signerFor(agency);
  const pdf = await resultPdf({
    row,
    form,
    procedure,
    agency,
    approvedAt,
    signer: signer.subject,
    places: await deps.catalog.placeNames(placeCodes(form, row.answers)),
  });
  const signed = await signer.sign(pdf, {
    reason: `Kết quả giải quyết thủ tục hành chính ${procedure.code}, hồ sơ ${row.code}`,
    signer: agency.name,
    location: agency.address || 'Việt Nam',
  });
  return deps.files.put(signed);
}
