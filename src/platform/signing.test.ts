import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { renderPdf } from './pdf.js';
import { createSigner } from './signing.js';

describe('signing PDFs', () => {
  it('signs again and again with one development certificate, kept between starts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'motcua-sign-'));
    afterAll(() => rm(dir, { recursive: true, force: true }));
    const config = { FILES_DIR: dir, SIGNING_P12_PASSPHRASE: '' };
    const signer = await createSigner(config);
    const again = await createSigner(config);
    expect(again.subject).toBe(signer.subject);
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
