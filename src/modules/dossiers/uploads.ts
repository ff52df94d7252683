import { fileTypeFromBuffer } from 'file-type';

/** What a file really is, read from its content; its name and the browser's word count for nothing. */
const DOCUMENTS = new Set([
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/heic',
  'image/heif',
]);
const OFFICE = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  // Word and Excel 97–2003 files.
  'application/x-cfb',
]);

type UploadCheck =
  | { ok: true; contentType: string }
  | { ok: false; problem: 'emptyFile' | 'fileTooLarge' | 'fileTypeNotAllowed' };

export async function checkUpload(
  data: Buffer,
  options: { allowOffice: boolean; maxBytes: number },
): Promise<UploadCheck> {
  if (data.length === 0) return { ok: false, problem: 'emptyFile' };
  if (data.length > options.maxBytes) return { ok: false, problem: 'fileTooLarge' };
  const type = await fileTypeFromBuffer(data);
  if (!type) return { ok: false, problem: 'fileTypeNotAllowed' };
  if (DOCUMENTS.has(type.mime) || (options.allowOffice && OFFICE.has(type.mime))) {
    return { ok: true, contentType: type.mime };
  }
  return { ok: false, problem: 'fileTypeNotAllowed' };
}

/** A file name safe to keep and show: no folders, no control characters, not too long. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // Control characters and quotes would break the Content-Disposition header.
  const cleaned = [...base]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && c !== '"')
    .join('')
    .trim()
    .slice(-120);
  return cleaned || 'tep-dinh-kem';
}
