import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * The PDF and certificate libraries, loaded with the first signature or certificate: they
 * are a second of a start's CPU, and most starts sign nothing.
 */
let libraries: ReturnType<typeof loadLibraries> | null = null;
const signingLibraries = () => (libraries ??= loadLibraries());

async function loadLibraries() {
  const [forge, pdfLib, signpdf, signer, placeholder, utils] = await Promise.all([
    import('node-forge'),
    import('pdf-lib'),
    import('@signpdf/signpdf'),
    import('@signpdf/signer-p12'),
    import('@signpdf/placeholder-pdf-lib'),
    import('@signpdf/utils'),
  ]);
  return {
    forge: forge.default,
    PDFDocument: pdfLib.PDFDocument,
    SignPdf: signpdf.SignPdf,
    P12Signer: signer.P12Signer,
    pdflibAddPlaceholder: placeholder.pdflibAddPlaceholder,
    subFilter: utils.SUBFILTER_ETSI_CADES_DETACHED,
  };
}

/** Signs PDFs as an agency: results carry a digital signature anyone can check. */
export interface PdfSigner {
  sign(pdf: Buffer, meta: { reason: string; signer: string; location: string }): Promise<Buffer>;
  /** Who the certificate names, for the page and the logs. */
  readonly subject: string;
}

/**
 * A PAdES signature (ETSI.CAdES.detached) with the certificate in a PKCS#12 file: the
 * placeholder is added by pdf-lib, the CMS signature made by @signpdf from the key.
 */
export class P12PdfSigner implements PdfSigner {
  private constructor(
    private readonly p12: Buffer,
    private readonly passphrase: string,
    readonly subject: string,
  ) {}

  /** The signer of a PKCS#12 file, naming the common name of its certificate. */
  static async open(p12: Buffer, passphrase: string): Promise<P12PdfSigner> {
    const { forge } = await signingLibraries();
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
    const bags = forge.pkcs12
      .pkcs12FromAsn1(asn1, passphrase)
      .getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!];
    const cert = bags?.[0]?.cert;
    const commonName = cert?.subject.getField('CN') as { value?: string } | null | undefined;
    return new P12PdfSigner(p12, passphrase, commonName?.value ?? 'unknown');
  }

  async sign(pdf: Buffer, meta: { reason: string; signer: string; location: string }) {
    const { PDFDocument, SignPdf, P12Signer, pdflibAddPlaceholder, subFilter } =
      await signingLibraries();
    const doc = await PDFDocument.load(pdf);
    pdflibAddPlaceholder({
      pdfDoc: doc,
      reason: meta.reason,
      contactInfo: '',
      name: meta.signer,
      location: meta.location,
      subFilter,
      appName: 'Một Cửa',
    });
    const prepared = Buffer.from(await doc.save({ useObjectStreams: false }));
    // A P12Signer reads its certificate buffer once (forge consumes it): one per signature.
    return new SignPdf().sign(prepared, new P12Signer(this.p12, { passphrase: this.passphrase }));
  }
}

/**
 * A self-signed certificate for development, kept in the data folder so results signed
 * on one start still verify on the next. Never use it in production: set the agency's.
 */
export const DEVELOPMENT_PASSPHRASE = 'development';

export async function developmentCertificate(path: string, name: string) {
  if (existsSync(path)) return readFile(path);
  const { forge } = await signingLibraries();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 24 * 3600_000);
  // Plain ASCII names: forge re-encodes a certificate's UTF-8 names when it builds the
  // signature, and the signer would then no longer match its own certificate.
  const attributes = [
    { name: 'commonName', value: asciiFold(name) },
    { name: 'organizationName', value: 'Mot Cua (development)' },
    { name: 'countryName', value: 'VN' },
  ];
  cert.setSubject(attributes);
  cert.setIssuer(attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  const key = forge.pki.privateKeyFromPem(
    privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  cert.sign(key, forge.md.sha256.create());
  const p12 = Buffer.from(
    forge.asn1
      .toDer(forge.pkcs12.toPkcs12Asn1(key, [cert], DEVELOPMENT_PASSPHRASE, { algorithm: '3des' }))
      .getBytes(),
    'binary',
  );
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, p12, { mode: 0o600 });
  return p12;
}

/** Vietnamese text without diacritics (đ → d), for certificate names. */
const asciiFold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '');

/** Whose name a result is signed in: each agency signs its own with its own certificate. */
export interface SigningAgency {
  code: string;
  name: string;
}

/** The signer of each agency. */
export interface AgencySigners {
  signerFor(agency: SigningAgency): Promise<PdfSigner>;
}

export interface SigningConfig {
  /** A folder of agencies' certificates: `<agency code>.p12`, passphrase in `<code>.passphrase`. */
  SIGNING_CERTIFICATES_DIR?: string | undefined;
  /** One certificate for the agencies without their own. */
  SIGNING_P12_PATH?: string | undefined;
  SIGNING_P12_PASSPHRASE: string;
  FILES_DIR: string;
}

/**
 * An agency signs with its own certificate from SIGNING_CERTIFICATES_DIR, else with the
 * portal's (SIGNING_P12_PATH), else with a development certificate made for it once (named
 * after it, kept in the file store). Signers are read once and kept.
 */
export function createAgencySigners(config: SigningConfig): AgencySigners {
  const signers = new Map<string, Promise<PdfSigner>>();
  const load = async (agency: SigningAgency): Promise<PdfSigner> => {
    if (config.SIGNING_CERTIFICATES_DIR) {
      const base = join(config.SIGNING_CERTIFICATES_DIR, agency.code);
      if (existsSync(`${base}.p12`)) {
        const passphrase = existsSync(`${base}.passphrase`)
          ? (await readFile(`${base}.passphrase`, 'utf8')).trim()
          : config.SIGNING_P12_PASSPHRASE;
        return P12PdfSigner.open(await readFile(`${base}.p12`), passphrase);
      }
    }
    if (config.SIGNING_P12_PATH) {
      return P12PdfSigner.open(
        await readFile(config.SIGNING_P12_PATH),
        config.SIGNING_P12_PASSPHRASE,
      );
    }
    const p12 = await developmentCertificate(
      join(config.FILES_DIR, '.signing', `${agency.code}.p12`),
      agency.name,
    );
    return P12PdfSigner.open(p12, DEVELOPMENT_PASSPHRASE);
  };
  return {
    signerFor(agency) {
      let signer = signers.get(agency.code);
      if (!signer) {
        signer = load(agency);
        signers.set(agency.code, signer);
        // A certificate that failed to load is tried again next time, not remembered.
        signer.catch(() => signers.delete(agency.code));
      }
      return signer;
    },
  };
}
