import type { FastifyRequest } from 'fastify';
import { invalidFields, ProblemError } from '../../platform/errors.js';
import { receiveRequestFile, tooLarge, type ReceivedFile } from '../../platform/received-files.js';
import { unreadableField, unreadableText } from '../../platform/request-guards.js';
import type { RawInput } from '../forms/index.js';

interface UploadedFile {
  /** The form field the file came in. */
  fieldName: string;
  name: string;
  file: ReceivedFile;
}

/** The refusal of a file over the size limit, as a field error. */
export const fileTooLarge = (field: string, maxFileBytes: number) =>
  invalidFields('invalid_file', [
    {
      field,
      messageKey: 'dossier.error.fileTooLarge',
      params: { limit: Math.round(maxFileBytes / 1_048_576) },
    },
  ]);

/**
 * Whatever goes wrong while the body is read is the sender's: a body cut short or not
 * multipart at all (busboy's errors, @fastify/multipart's FST_* ones) is a 400 problem;
 * too many files, fields or parts (FST_FILES_LIMIT and the like, 413) stays a 413.
 */
function unreadableBody(error: unknown): Error {
  if (error instanceof ProblemError) return error;
  // The server's own failure (the temporary folder full or gone), not the form's: a 500.
  if ((error as NodeJS.ErrnoException).syscall) return error as Error;
  if ((error as { statusCode?: number }).statusCode === 413) {
    return tooLarge();
  }
  return new ProblemError(400, 'malformed_multipart', 'errors.malformedMultipart');
}

/**
 * Reads a multipart body: text fields (repeated names become lists) and files, each written
 * to a temporary file as it streams in (removed once the request is answered), never held in
 * memory. A file over the limit is cut off, not the whole request: the other fields still
 * arrive (so typed answers are kept) and the file's field is named in `oversize`.
 */
export async function readMultipart(request: FastifyRequest, maxFileBytes: number) {
  const fields: RawInput = {};
  const files: UploadedFile[] = [];
  const oversize: string[] = [];
  try {
    // The plugin is registered with throwFileSizeLimit off: a long file is cut, not fatal.
    for await (const part of request.parts({ limits: { fileSize: maxFileBytes } })) {
      if (part.type === 'file') {
        const file = await receiveRequestFile(request, part.file);
        if (part.file.truncated) oversize.push(part.fieldname);
        // A file input left empty still sends a part, with no name and no bytes.
        else if (file.size > 0 || part.filename) {
          files.push({ fieldName: part.fieldname, name: part.filename, file });
        }
      } else {
        const value = String(part.value);
        const earlier = fields[part.fieldname];
        fields[part.fieldname] =
          earlier === undefined
            ? value
            : Array.isArray(earlier)
              ? [...earlier, value]
              : [earlier, value];
      }
    }
  } catch (error) {
    throw unreadableBody(error);
  }
  // The request guards see no multipart field: a NUL in one would reach the database.
  const unreadable = unreadableField(fields);
  if (unreadable !== null) throw unreadableText(unreadable);
  const text = (name: string) => {
    const value = fields[name];
    return Array.isArray(value) ? value[value.length - 1] : value;
  };
  return { fields, files, oversize, text };
}
