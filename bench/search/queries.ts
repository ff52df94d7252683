/**
 * The queries bench/search asks once each (never cached): phrases of the catalog's words,
 * some with a filter, one in five with a typing mistake. Deterministic: the same at every run.
 */
import { seededRandom } from '../../test/random.js';

/** Queries with a typing mistake, out of all. */
const MISSPELT_SHARE = 0.2;

/** Keys next to each other on a keyboard, for substituted letters. */
const NEIGHBOURS: Record<string, string> = {
  a: 'qsz',
  b: 'vn',
  c: 'xv',
  d: 'sf',
  e: 'wr',
  f: 'dg',
  g: 'fh',
  h: 'gj',
  i: 'uo',
  k: 'jl',
  l: 'k',
  m: 'n',
  n: 'bm',
  o: 'ip',
  p: 'o',
  q: 'w',
  r: 'et',
  s: 'ad',
  t: 'ry',
  u: 'yi',
  v: 'cb',
  x: 'zc',
  y: 'tu',
};

/**
 * One typing mistake in a query (never in its first word): a letter dropped, two swapped,
 * a neighbouring key, a letter doubled, or two words run together.
 */
function misspell(query: string, next: () => number): string {
  const words = query.split(' ');
  const at = 1 + Math.floor(next() * (words.length - 1));
  const word = words[at] as string;
  const i = Math.floor(next() * word.length);
  const letter = word[i] as string;
  const kind = Math.floor(next() * 5);
  if (kind === 4)
    return [...words.slice(0, at - 1), words[at - 1] + word, ...words.slice(at + 1)].join(' ');
  const near = NEIGHBOURS[letter] ?? letter;
  words[at] =
    kind === 0 && word.length > 2
      ? word.slice(0, i) + word.slice(i + 1)
      : kind === 1 && i + 1 < word.length
        ? word.slice(0, i) + (word[i + 1] as string) + letter + word.slice(i + 2)
        : kind === 2
          ? word.slice(0, i) +
            (near[Math.floor(next() * near.length)] as string) +
            word.slice(i + 1)
          : word.slice(0, i + 1) + letter + word.slice(i + 1);
  return words.join(' ');
}

export interface ColdQuery {
  path: string;
  /** What a misspelt query meant, so that the run can say how many were read right. */
  meant: string | null;
}

/**
 * Distinct queries, each asked once: what search costs when the answer is not cached. Two
 * phrases of the catalog's words with one filter in three; one query in five has a typing
 * mistake (`MISSPELT_SHARE`), corrected before the search.
 */
export function coldQueries(count: number): ColdQuery[] {
  const phrases = [
    'giay phep',
    'dang ky',
    'cap lai',
    'chung chi',
    'an toan',
    'xay dung',
    'kinh doanh',
    'thuc pham',
    'lao dong',
    'moi truong',
    'van tai',
    'duoc',
    'giao duc',
    'ho tich',
    'dat dai',
    'thue',
    'hai quan',
    'khuyen mai',
    'bao hiem',
    'cu tru',
  ];
  const filters = [
    '',
    '',
    '',
    '',
    '&level=province',
    '&target=business',
    '&serviceLevel=full_online',
    '&level=commune',
  ];
  const next = seededRandom(14);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const queries = new Map<string, ColdQuery>();
  while (queries.size < count) {
    const meant = `${pick(phrases)} ${pick(phrases)}`;
    const q = next() < MISSPELT_SHARE ? misspell(meant, next) : meant;
    const path = `/api/v1/procedures?q=${encodeURIComponent(q)}${pick(filters)}&limit=20`;
    queries.set(path, { path, meant: q === meant ? null : meant });
  }
  return [...queries.values()];
}
