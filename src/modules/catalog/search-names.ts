/**
 * What the search index knows of procedures' names, for ranking (search-index.ts): which
 * names hold every word, and which hold the words side by side as typed.
 */
import { FlatLists, Postings } from './search-postings.js';

/** Each name's lexemes with their positions, by position (the order of its words). */
export interface NameEntries {
  start: Uint32Array;
  items: Uint32Array;
  positions: Uint16Array;
}

/** The name's tsvector as text (`'lai':3 'xe':4`): each lexeme with its positions. */
const LEXEME = /'((?:[^']|'')*)':([\d,A-D]+)/g;

/**
 * A name's tsvector text as [position, lexeme] in the order of the words, the lexemes
 * numbered by `id`; positions carry no weight letter in a name.
 */
export function nameEntries(text: string, id: (lexeme: string) => number) {
  const entries: [position: number, lexeme: number][] = [];
  for (const match of text.matchAll(LEXEME)) {
    const lexeme = id(match[1]!.replace(/''/g, "'").replace(/\\\\/g, '\\'));
    for (const position of match[2]!.split(',')) entries.push([parseInt(position, 10), lexeme]);
  }
  return entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/**
 * The names: their lexemes by position, for each lexeme the names holding it, and for each
 * pair of lexemes found side by side in some name (the first right before the second) the
 * names where they are. A phrase of two words is then one list, and a longer one is checked
 * word by word only in the names holding each of its pairs: at 100,000 procedures a broad
 * query ("giay phep") matches over 10,000 names, too many to read one by one.
 */
export class SearchNames {
  private readonly holding: Postings;
  /** Each pair as `first * lexemes + second`, ascending: a pair's number is its place here. */
  private readonly pairKeys: Float64Array;
  private readonly byPair: Postings;

  constructor(
    private readonly entries: NameEntries,
    distinct: { start: Uint32Array; items: Uint32Array },
    private readonly lexemes: number,
    denseFrom?: number,
  ) {
    this.holding = new Postings(distinct, lexemes, denseFrom);
    const keys = this.pairsOfEachName();
    this.pairKeys = distinctSorted(keys.items);
    const pairs = new FlatLists();
    for (let doc = 0; doc + 1 < keys.start.length; doc++) {
      const ids = new Set<number>();
      for (let at = keys.start[doc]!; at < keys.start[doc + 1]!; at++) {
        ids.add(this.pairId(keys.items[at]!));
      }
      for (const id of ids) pairs.push(id);
      pairs.end();
    }
    this.byPair = new Postings(pairs.done(), this.pairKeys.length, denseFrom);
  }

  get byteLength(): number {
    const { start, items, positions } = this.entries;
    return [start, items, positions, this.pairKeys, this.holding, this.byPair].reduce(
      (sum, array) => sum + array.byteLength,
      0,
    );
  }

  /** Every pair of lexemes side by side in each name, as keys, name after name. */
  private pairsOfEachName(): { start: number[]; items: number[] } {
    const { start, items, positions } = this.entries;
    const keys = { start: [0], items: [] as number[] };
    for (let doc = 0; doc + 1 < start.length; doc++) {
      const end = start[doc + 1]!;
      for (let at = start[doc]!; at < end; at++) {
        const next = positions[at]! + 1;
        // Entries are by position: those of the next position follow (one, as a rule).
        for (let other = at + 1; other < end && positions[other]! <= next; other++) {
          if (positions[other] === next) keys.items.push(items[at]! * this.lexemes + items[other]!);
        }
      }
      keys.start.push(keys.items.length);
    }
    return keys;
  }

  /** The number of a pair by its key, or -1 when no name holds it. */
  private pairId(key: number): number {
    let [low, high] = [0, this.pairKeys.length - 1];
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = this.pairKeys[middle]!;
      if (found === key) return middle;
      if (found < key) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** The names holding every lexeme, ascending. */
  holdingAll(lexemes: readonly number[]): Uint32Array {
    return this.holding.intersect(lexemes);
  }

  /**
   * The names holding the lexemes side by side in this order (a phrase tsquery), ascending.
   * Holding each pair of the phrase is not yet holding it in one place ("a b x b c" holds
   * "a b" and "b c", not "a b c"): with three words or more, those names are read.
   */
  sideBySide(lexemes: readonly number[]): Uint32Array {
    if (lexemes.length < 2) return this.holdingAll(lexemes);
    const pairs: number[] = [];
    for (let i = 1; i < lexemes.length; i++) {
      const id = this.pairId(lexemes[i - 1]! * this.lexemes + lexemes[i]!);
      if (id < 0) return new Uint32Array(0);
      pairs.push(id);
    }
    const found = this.byPair.intersect(pairs);
    if (lexemes.length === 2) return found;
    let kept = 0;
    for (let i = 0; i < found.length; i++) {
      if (this.phrase(found[i]!, lexemes)) found[kept++] = found[i]!;
    }
    return found.subarray(0, kept);
  }

  /** Whether the name holds the lexemes side by side as typed. */
  private phrase(doc: number, lexemes: readonly number[]): boolean {
    const [start, end] = [this.entries.start[doc]!, this.entries.start[doc + 1]!];
    for (let at = start; at < end; at++) {
      if (this.entries.items[at] === lexemes[0] && this.followedBy(at, end, lexemes)) return true;
    }
    return false;
  }

  /** Whether the lexeme at `at` is followed by the rest of `lexemes`, one a position. */
  private followedBy(at: number, end: number, lexemes: readonly number[]): boolean {
    const { items, positions } = this.entries;
    const first = positions[at]!;
    let next = at + 1;
    for (let i = 1; i < lexemes.length; i++) {
      while (next < end && positions[next]! < first + i) next++;
      let found = false;
      for (let other = next; other < end && positions[other] === first + i; other++) {
        if (items[other] === lexemes[i]) found = true;
      }
      if (!found) return false;
    }
    return true;
  }
}

/** The distinct values, ascending. */
function distinctSorted(values: number[]): Float64Array {
  const sorted = Float64Array.from(values).sort();
  let kept = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[kept - 1]) sorted[kept++] = sorted[i]!;
  }
  return sorted.slice(0, kept);
}
