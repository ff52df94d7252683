import { fileTypeFromFile } from 'file-type';
import { readReceived, type ReceivedFile } from '../../platform/received-files.js';

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
]);

/**
 * The extensions a file's name may keep, by its content type; the first is given to a name
 * whose own extension says something else (or nothing).
 */
const EXTENSIONS: Record<string, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/png': ['png'],
  'image/heic': ['heic', 'heif'],
  'image/heif': ['heic', 'heif'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/msword': ['doc'],
  'application/vnd.ms-excel': ['xls'],
  // Kept by earlier releases for both Word and Excel 97–2003 files.
  'application/x-cfb': ['doc', 'xls'],
};

/** A compound file's main stream, by name (in UTF-16, as its directory writes it): what it is. */
const MAIN_STREAMS = [
  ['application/msword', Buffer.from('WordDocument', 'utf16le')],
  ['application/vnd.ms-excel', Buffer.from('Workbook', 'utf16le')],
] as const;
const NAME_OVERLAP = Math.max(...MAIN_STREAMS.map(([, name]) => name.length)) - 1;

/**
 * Word and Excel 97–2003 files are both compound files (as are installers and mail
 * messages): which one it is, is the name of its main stream, in its directory. The file is
 * read a chunk at a time, each chunk searched with the end of the one before (a name may
 * straddle two), Word's name first as it always was.
 */
async function compoundFileType(file: ReceivedFile): Promise<string | null> {
  const found = new Set<string>();
  let tail = Buffer.alloc(0);
  for await (const chunk of readReceived(file) as AsyncIterable<Buffer>) {
    const window = Buffer.concat([tail, chunk]);
    for (const [type, name] of MAIN_STREAMS) if (window.includes(name)) found.add(type);
    if (found.has(MAIN_STREAMS[0][0])) break;
    tail = window.subarray(Math.max(0, window.length - NAME_OVERLAP));
  }
  return MAIN_STREAMS.find(([type]) => found.has(type))?.[0] ?? null;
}

type UploadCheck =
  | { ok: true; contentType: string }
  | { ok: false; problem: 'emptyFile' | 'fileTooLarge' | 'fileTypeNotAllowed' };

/** What a received file is, by its content, and whether it may be kept (its size, its type). */
export async function checkUpload(
  file: ReceivedFile,
  options: { allowOffice: boolean; maxBytes: number },
): Promise<UploadCheck> {
  if (file.size === 0) return { ok: false, problem: 'emptyFile' };
  if (file.size > options.maxBytes) return { ok: false, problem: 'fileTooLarge' };
  const type = await fileTypeFromFile(file.path);
  const mime = type?.mime === 'application/x-cfb' ? await compoundFileType(file) : type?.mime;
  if (!mime) return { ok: false, problem: 'fileTypeNotAllowed' };
  if (DOCUMENTS.has(mime)) return { ok: true, contentType: mime };
  if (options.allowOffice && (OFFICE.has(mime) || EXTENSIONS[mime])) {
    return { ok: true, contentType: mime };
  }
  return { ok: false, problem: 'fileTypeNotAllowed' };
}

/** Longest name kept, in characters, its extension included. */
export const MAX_FILE_NAME = 120;
const FALLBACK_NAME = 'tep-dinh-kem';

/**
 * Characters a name must not carry: controls, format characters (every bidirectional
 * control, U+202A–U+202E, U+2066–U+2069, U+200E/U+200F and U+061C, among them, which can
 * make `evil` + U+202E + `fdp.html`, a web page, read as `evillmth.pdf`), line and
 * paragraph separators, lone surrogates (which no header can encode), and the double quote.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}"]/gu;

/** What follows a name's last dot is its extension if it looks like one (`.html`, not `.2 final`). */
const EXTENSION = /^[a-z][a-z0-9]{0,7}$/i;

/**
 * A file's name as it is kept, listed and served: no folders, no invisible or control
 * characters, at most MAX_FILE_NAME characters, and the extension of what the file is
 * (from its content type) rather than what its name claimed: `evil.html` holding a PDF
 * is `evil.pdf`. An extension the type is also known by (`.jpeg`, `.JPG`) is kept. For a
 * type without known extensions, the name is only cleaned. Applying it twice changes nothing.
 */
export function safeFileName(name: string | undefined, contentType?: string): string {
  const cleaned = (name ?? '').normalize('NFC').replace(UNSAFE, '');
  const base = (cleaned.split(/[\\/]/).pop() ?? '').replace(/\s+/g, ' ').trim();
  const dot = base.lastIndexOf('.');
  const claimed = dot > 0 && EXTENSION.test(base.slice(dot + 1)) ? base.slice(dot + 1) : '';
  const stem = claimed ? base.slice(0, dot) : base;
  const known = contentType ? EXTENSIONS[contentType] : undefined;
  const extension = !known || known.includes(claimed.toLowerCase()) ? claimed : known[0]!;
  const room = MAX_FILE_NAME - (extension ? extension.length + 1 : 0);
  // Cut by code points, so no character is split in two.
  const kept =
    Array.from(stem.replace(/^[\s.]+/, ''))
      .slice(0, room)
      .join('')
      .replace(/[\s.]+$/, '') || FALLBACK_NAME;
  return extension ? `${kept}.${extension}` : kept;
}
