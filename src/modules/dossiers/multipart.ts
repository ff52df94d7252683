import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../../platform/errors.js';
import type { RawInput } from '../forms/rules.js';

export interface UploadedFile {
  /** The form field the file came in. */
  fieldName: string;
  name: string;
  data: Buffer;
}

/**
 * Reads a multipart body: text fields (repeated names become lists) and files, each held
 * in memory up to the per-file limit; a larger file is refused with a field error.
 */
export async function readMultipart(request: FastifyRequest, maxFileBytes: number) {
  const fields: RawInput = {};
  const files: UploadedFile[] = [];
  for await (const part of request.parts({ limits: { fileSize: maxFileBytes } })) {
    if (part.type === 'file') {
      const data = await part.toBuffer().catch((error: { code?: string }) => {
        if (error.code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new ProblemError(422, 'invalid_file', 'errors.invalidAnswers', { count: 1 }, [
            {
              field: part.fieldname,
              messageKey: 'dossier.error.fileTooLarge',
              params: { limit: Math.round(maxFileBytes / 1_048_576) },
            },
          ]);
        }
        throw error;
      });
      // A file input left empty still sends a part, with no name and no bytes.
      if (data.length > 0 || part.filename) {
        files.push({ fieldName: part.fieldname, name: part.filename, data });
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
  const text = (name: string) => {
    const value = fields[name];
    return Array.isArray(value) ? value[value.length - 1] : value;
  };
  return { fields, files, text };
}
