/** Pure rules of catalog search: folding text, building queries, paging cursors. */

export const MAX_QUERY_LENGTH = 200;
export const MAX_OFFSET = 10_000;

/**
 * Folds text the way the database's fold() does: lower case, no diacritics, đ → d.
 * Queries are folded here so that the terms sent to to_tsquery are plain ASCII words.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

export function queryWords(text: string): string[] {
  return foldText(text)
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0)
    .slice(0, 20);
}

/** A tsquery needing every word; with `prefix`, the last word may be unfinished. */
export function toTsQuery(words: string[], prefix = false): string | null {
  if (words.length === 0) return null;
  return words.map((w, i) => (prefix && i === words.length - 1 ? `${w}:*` : w)).join(' & ');
}

/** Cursors are opaque to clients: a base64url offset into the ordered results. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string): number | null {
  const match = /^o:(\d{1,6})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return null;
  const offset = Number(match[1]);
  return offset > 0 && offset <= MAX_OFFSET ? offset : null;
}

/** Keyset cursors for lists ordered by a unique code. */
export const encodeCodeCursor = (code: string) => Buffer.from(`c:${code}`).toString('base64url');

export function decodeCodeCursor(cursor: string): string | null {
  const match = /^c:([0-9A-Za-z.]{1,40})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match?.[1] ?? null;
}
