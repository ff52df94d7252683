import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { renderPdf } from './pdf.js';
import { createAgencySigners, developmentCertificate, DEVELOPMENT_PASSPHRASE } from './signing.js';

describe('signing PDFs', () => {
  it('signs again and again with one development certificate, kept between starts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'motcua-sign-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const config = { FILES_DIR: dir, SIGNING_P12_PASSPHRASE: '' };
    const agency = { code: '001.00.50.H01', name: 'Ủy ban nhân dân phường Ba Đình' };
    const signer = await createAgencySigners(config).signerFor(agency);
    // Another start finds the same certificate, named after the agency.
    const again = await createAgencySigners(config).signerFor(agency);
    expect(again.subject).toBe(signer.subject);
    expect(signer.subject).toBe('Uy ban nhan dan phuong Ba Dinh');
    const pdf = await renderPdf({ title: 'Kết quả' }, (doc) => {
      doc.text('Trích lục khai sinh — Nguyễn Minh Khang');
    });
    for (const n of [1, 2]) {
      const signed = await signer.sign(pdf, {
        reason: 'Kết quả giải quyết thủ tục hành chính',
        signer: 'Ủy ban nhân dân phường Ba Đình',
        location: 'Hà Nội',
      });
      const file = join(dir, `signed-${n}.pdf`);
      await writeFile(file, signed);
      const { stdout } = await promisify(execFile)('pdfsig', [file]);
      expect(stdout).toContain('Signature is Valid.');
    }
  });
});

describe('each agency’s certificate', () => {
  it('comes from the certificates folder, else the portal’s, else a development one per agency', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'motcua-sign-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const certificates = join(dir, 'certificates');
    await mkdir(certificates);
    // An agency's own certificate, with its passphrase in a file beside it.
    const own = await developmentCertificate(join(dir, 'own.p12'), 'So Tu phap Ha Noi');
    await writeFile(join(certificates, '000.00.01.H01.p12'), own);
    await writeFile(join(certificates, '000.00.01.H01.passphrase'), `${DEVELOPMENT_PASSPHRASE}\n`);
    const portal = await developmentCertificate(join(dir, 'portal.p12'), 'Cong Dich vu cong');
    const signers = createAgencySigners({
      SIGNING_CERTIFICATES_DIR: certificates,
      SIGNING_P12_PATH: join(dir, 'portal.p12'),
      SIGNING_P12_PASSPHRASE: DEVELOPMENT_PASSPHRASE,
      FILES_DIR: dir,
    });
    const justice = await signers.signerFor({ code: '000.00.01.H01', name: 'Sở Tư pháp Hà Nội' });
    expect(justice.subject).toBe('So Tu phap Ha Noi');
    const other = await signers.signerFor({ code: '000.00.02.H01', name: 'Sở Tài chính Hà Nội' });
    expect(other.subject).toBe('Cong Dich vu cong');
    expect(portal.length).toBeGreaterThan(0);

    const development = createAgencySigners({ SIGNING_P12_PASSPHRASE: '', FILES_DIR: dir });
    const commune = await development.signerFor({
      code: '001.00.50.H01',
      name: 'UBND phường Ba Đình',
    });
    const police = await development.signerFor({
      code: '001.00.51.H01',
      name: 'Công an phường Ba Đình',
    });
    expect([commune.subject, police.subject]).toEqual([
      'UBND phuong Ba Dinh',
      'Cong an phuong Ba Dinh',
    ]);
    expect(await development.signerFor({ code: '001.00.50.H01', name: '' })).toBe(commune);
  });
});
