import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../../../platform/errors.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import type { SummaryError } from '../../../web/components.js';
import type { CatalogService } from '../../catalog/index.js';
import type { Named } from '../page-parts.js';

/** What the feedback pages share: parameters, agencies' names, and problems as a summary. */

export const Code = Type.Object({ code: Type.String({ maxLength: 40 }) });
export const FileParams = Type.Object({
  code: Type.String({ maxLength: 40 }),
  id: Type.String({ format: 'uuid', maxLength: 36 }),
});
/** A plain form or query string of single texts: a name twice is a 400, not a crash. */
export const LooseForm = Type.Record(Type.String(), Type.String());

/** The agencies a page names, by code, looked up once (one the catalog lost keeps its code). */
export async function agencyNames(
  catalog: CatalogService,
  codes: readonly (string | null)[],
): Promise<Map<string, Named>> {
  const names = new Map<string, Named>();
  for (const code of new Set(codes)) {
    if (!code) continue;
    const agency = await catalog.agency(code).catch(() => null);
    if (agency) names.set(code, { code, name: agency.name, nameEn: agency.nameEn });
  }
  return names;
}

/**
 * A refusal as a page's error summary: each field's problem under its label (422), or the
 * one reason a step was refused (409, 403) at the form it came from. Anything else is thrown
 * on, to be answered as the error it is.
 */
export function problemsOf(
  request: FastifyRequest,
  error: unknown,
  labels: Record<string, MessageKey>,
  formField = 'actions',
): SummaryError[] {
  if (!(error instanceof ProblemError) || error.status >= 500 || error.status === 404) throw error;
  if (error.fieldErrors.length === 0) {
    return [{ field: formField, message: request.t(error.messageKey, error.params) }];
  }
  return error.fieldErrors.map((e) => {
    const label = labels[e.field];
    const message = request.t(e.messageKey, e.params);
    return { field: e.field, message: label ? `${request.t(label)}: ${message}` : message };
  });
}
