import { invalidFields, ProblemError } from '../../platform/errors.js';
import type { MessageKey, MessageParams } from '../../platform/i18n/index.js';
import type { CatalogService } from '../catalog/index.js';

/** What the help desk's forms and API bodies are checked with: each problem named by field. */

export interface FieldProblem {
  field: string;
  messageKey: MessageKey;
  params?: MessageParams;
}

/** Collects a form's problems, then refuses it (422) with all of them at once. */
export class Checks {
  readonly problems: FieldProblem[] = [];

  add(field: string, messageKey: MessageKey, params?: MessageParams): void {
    this.problems.push({ field, messageKey, ...(params ? { params } : {}) });
  }

  /** A text the person must give, trimmed, at most `max` characters. */
  required(field: string, value: string | undefined, max: number): string {
    const text = (value ?? '').trim();
    if (!text) this.add(field, 'errors.field.required');
    else if (text.length > max) this.add(field, 'errors.field.tooLong', { limit: max });
    return text;
  }

  /** A text the person may leave out (null then), at most `max` characters. */
  optional(field: string, value: string | undefined, max: number): string | null {
    const text = (value ?? '').trim();
    if (text.length > max) this.add(field, 'errors.field.tooLong', { limit: max });
    return text || null;
  }

  /** One of a fixed list. */
  oneOf<T extends string>(field: string, value: string | undefined, is: (v: string) => v is T): T {
    const text = (value ?? '').trim();
    if (!text) this.add(field, 'errors.field.required');
    else if (!is(text)) this.add(field, 'errors.field.notAllowed');
    return text as T;
  }

  /** Refuses (422, `code`) when anything was found wrong. */
  done(code: string): void {
    if (this.problems.length > 0) throw invalidFields(code, this.problems);
  }
}

/** Procedure codes look like 1.000001 or 2.002326. */
const PROCEDURE_CODE = /^\d\.\d{6}$/;

/** A procedure code the catalog knows (or null when none was given). */
export async function knownProcedure(
  checks: Checks,
  catalog: CatalogService,
  field: string,
  value: string | null | undefined,
): Promise<string | null> {
  const code = (value ?? '').trim();
  if (!code) return null;
  if (PROCEDURE_CODE.test(code) && (await procedureExists(catalog, code))) return code;
  checks.add(field, 'errors.field.unknownValue', { value: code.slice(0, 20) });
  return null;
}

async function procedureExists(catalog: CatalogService, code: string): Promise<boolean> {
  try {
    await catalog.getProcedure(code);
    return true;
  } catch (error) {
    if (error instanceof ProblemError && error.status === 404) return false;
    throw error;
  }
}
