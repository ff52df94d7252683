import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../../platform/errors.js';
import type { SummaryError } from '../../web/components.js';

/** Pages take any query string: what is wrong in it is shown to the person, not a 400 JSON. */
export const LooseQuery = Type.Record(Type.String(), Type.String());
export type Query = Record<string, string | undefined>;

/** Field errors from the service, pointed at the page's own inputs. */
export function summaryErrors(error: unknown, request: FastifyRequest): SummaryError[] {
  if (!(error instanceof ProblemError) || error.status !== 400) throw error;
  return error.fieldErrors.map((e) => ({
    field: e.field === 'q' || e.field === 'cursor' ? 'q' : `filter-${e.field}`,
    message: request.t(e.messageKey, e.params),
  }));
}

/**
 * The catalog's pages are the same for everyone not signed in: kept whole until the catalog
 * changes (src/platform/response-cache.ts).
 */
export const KEPT = { pageCache: true } as const;
