import { CALLERS, type CallerName } from './http.js';

/**
 * What a caller may do with a route:
 *   A  allowed through (an answer other than 401/403/404, and not a 5xx)
 *   S  allowed, to their own things only: the answer names nothing of citizen A's
 *   D  denied (401, 403 or 404; for a page also a redirect to sign in)
 */
export type Expectation = 'A' | 'S' | 'D';

export interface Row {
  method: string;
  path: string;
  expected: Record<CallerName, Expectation>;
}

/**
 * Reads a table written one route a line: method, path, then one letter per caller in the
 * order of CALLERS. Lines starting with `#` are comments.
 */
export function parseMatrix(text: string): Row[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [method = '', path = '', ...cells] = line.split(/\s+/);
      if (cells.length !== CALLERS.length || cells.some((c) => !/^[ASD]$/.test(c))) {
        throw new Error(`matrix line needs ${CALLERS.length} of A/S/D: ${line}`);
      }
      const expected = Object.fromEntries(CALLERS.map((c, i) => [c, cells[i]])) as Record<
        CallerName,
        Expectation
      >;
      return { method, path, expected };
    });
}

export const keyOf = (row: { method: string; path: string }) => `${row.method} ${row.path}`;
