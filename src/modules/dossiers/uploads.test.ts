import { describe, expect, it } from 'vitest';
import { PDF_BYTES } from '../../../test/files.js';
import { received } from '../../../test/received-files.js';
import { checkUpload, MAX_FILE_NAME, safeFileName } from './uploads.js';

const PDF = 'application/pdf';
const JPEG = 'image/jpeg';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// name as sent, content type found in the file, name kept
const NAMES: [string | undefined, string | undefined, string][] = [
  // The extension is the content's, not the name's.
  ['evil.html', PDF, 'evil.pdf'],
  ['evil.HTML', PDF, 'evil.pdf'],
  ['evil.pdf.html', PDF, 'evil.pdf.pdf'],
  ['evil.svg', JPEG, 'evil.jpg'],
  ['bao-cao', PDF, 'bao-cao.pdf'],
  ['bao-cao.docx', PDF, 'bao-cao.pdf'],
  ['thu.doc', DOCX, 'thu.docx'],
  // Other names of the same type are kept as written.
  ['IMG_2041.JPG', JPEG, 'IMG_2041.JPG'],
  ['anh.jpeg', JPEG, 'anh.jpeg'],
  ['Giấy khai sinh.pdf', PDF, 'Giấy khai sinh.pdf'],
  // Text after a dot that is no extension stays part of the name.
  ['v1.2 final', PDF, 'v1.2 final.pdf'],
  ['Quyết định 12.QĐ', PDF, 'Quyết định 12.QĐ.pdf'],
  // Bidirectional controls: every one of them goes.
  ['hoa-don\u202Efdp.html', PDF, 'hoa-donfdp.pdf'],
  ['a\u202Ab\u202Bc\u202Cd\u202De\u202Ef.pdf', PDF, 'abcdef.pdf'],
  ['a\u2066b\u2067c\u2068d\u2069e.pdf', PDF, 'abcde.pdf'],
  ['a\u200Eb\u200Fc\u061Cd.pdf', PDF, 'abcd.pdf'],
  // Controls, line breaks, zero-width and quote characters go too.
  ['a\u0000b\u0007c\u001Bd\u007Fe\u0085f.pdf', PDF, 'abcdef.pdf'],
  ['dòng 1\r\ndòng 2.pdf', PDF, 'dòng 1dòng 2.pdf'],
  ['a\u2028b\u2029c\u200Bd\uFEFFe.pdf', PDF, 'abcde.pdf'],
  ['"trích dẫn".pdf', PDF, 'trích dẫn.pdf'],
  ['half \uD800 a pair.pdf', PDF, 'half a pair.pdf'],
  // No folders: only the last part of a path is a name.
  ['../../etc/passwd', PDF, 'passwd.pdf'],
  ['C:\\Users\\An\\Desktop\\cccd.png', 'image/png', 'cccd.png'],
  ['thư mục/..\u202E/x.pdf', PDF, 'x.pdf'],
  // Nothing left, or only dots and spaces: a plain name.
  [undefined, PDF, 'tep-dinh-kem.pdf'],
  ['', JPEG, 'tep-dinh-kem.jpg'],
  ['\u202E\u202E', PDF, 'tep-dinh-kem.pdf'],
  ['..', PDF, 'tep-dinh-kem.pdf'],
  ['  .pdf  ', PDF, 'pdf.pdf'],
  ['...an..pdf', PDF, 'an.pdf'],
  ['tab\there   and  spaces .pdf', PDF, 'tabhere and spaces.pdf'],
  // Composed as NFC: the same Vietnamese name, whichever way it was typed.
  ['Tie\u0302\u0301ng Vie\u0323\u0302t.pdf', PDF, 'Tiếng Việt.pdf'],
  // A type without known extensions (or none given): only cleaned.
  ['ket-qua\u202E.pdf', undefined, 'ket-qua.pdf'],
  ['notes.txt', 'text/plain', 'notes.txt'],
];

describe('safeFileName', () => {
  it.each(NAMES)('%j holding %s is kept as %j', (name, type, expected) => {
    expect(safeFileName(name, type)).toBe(expected);
  });

  it('changes nothing the second time', () => {
    for (const [name, type] of NAMES) {
      const once = safeFileName(name, type);
      expect(safeFileName(once, type)).toBe(once);
    }
  });

  it('caps a long name, keeping its start and its extension, without splitting a character', () => {
    const long = safeFileName(`${'Đơn đề nghị '.repeat(30)}.html`, PDF);
    expect(Array.from(long).length).toBeLessThanOrEqual(MAX_FILE_NAME);
    expect(long).toMatch(/^Đơn đề nghị Đơn/);
    expect(long.endsWith('.pdf')).toBe(true);
    const emoji = safeFileName(`${'📄'.repeat(200)}.pdf`, PDF);
    expect(Array.from(emoji)).toHaveLength(MAX_FILE_NAME);
    // Every character whole: the header's encoding would throw on half a pair.
    expect(() => encodeURIComponent(emoji)).not.toThrow();
  });
});

describe('checkUpload', () => {
  it('takes a PDF polyglot for the PDF it starts as', async () => {
    const polyglot = Buffer.concat([PDF_BYTES, Buffer.from('<html><script>alert(1)</script>')]);
    expect(
      await checkUpload(await received(polyglot), { allowOffice: false, maxBytes: 1_000_000 }),
    ).toEqual({
      ok: true,
      contentType: PDF,
    });
  });

  it('tells Word from Excel 97–2003 files, and refuses other compound files', async () => {
    // A compound file's signature, then the name of its main stream in its directory.
    // Its name where the file is read in two chunks (64 KiB each), straddling them.
    const compound = (stream: string) =>
      received(
        Buffer.concat([
          Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
          Buffer.alloc(65_536 - 8 - 7),
          Buffer.from(stream, 'utf16le'),
          Buffer.alloc(512),
        ]),
      );
    const office = { allowOffice: true, maxBytes: 1_000_000 };
    expect(await checkUpload(await compound('WordDocument'), office)).toMatchObject({
      contentType: 'application/msword',
    });
    expect(await checkUpload(await compound('Workbook'), office)).toMatchObject({
      contentType: 'application/vnd.ms-excel',
    });
    // An installer (or a mail message) is a compound file too.
    expect(await checkUpload(await compound('MsiDigitalSignatureEx'), office)).toEqual({
      ok: false,
      problem: 'fileTypeNotAllowed',
    });
    expect(
      await checkUpload(await compound('WordDocument'), { ...office, allowOffice: false }),
    ).toEqual({
      ok: false,
      problem: 'fileTypeNotAllowed',
    });
  });
});
