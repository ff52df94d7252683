/** The pure parts of the search index (search-index.ts): numbering, flat lists, postings. */

/** Distinct values numbered in order of first sight. */
export class Interned {
  readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      // A copy: a piece of a longer string (split, a match) would keep all of it alive.
      const own = Buffer.from(value).toString();
      this.ids.set(own, id);
      this.values.push(own);
    }
    return id;
  }
}

/** A list of numbers per item, flat: item i's are `items[start[i]]` to `items[start[i+1]]`. */
export class FlatLists {
  private items = new Uint32Array(1024);
  private length = 0;
  private readonly starts: number[] = [0];

  push(value: number): void {
    if (this.length === this.items.length) {
      const grown = new Uint32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = value;
  }

  /** Ends the current item's list. */
  end(): void {
    this.starts.push(this.length);
  }

  done(): { start: Uint32Array; items: Uint32Array } {
    return { start: Uint32Array.from(this.starts), items: this.items.slice(0, this.length) };
  }
}

/**
 * A lexeme held by at least this share of the documents keeps its postings as a bitset (one
 * bit per document) rather than a list: a bitset is then no larger than the list (4 bytes a
 * document), intersecting two is a word-by-word AND, and testing a document is one lookup.
 * The catalog's common words ("giay", "dang", "cap") are held by tens of thousands of
 * procedures at 100,000: their lists were most of the index's memory and of a search's time.
 */
export const DENSE_SHARE = 1 / 32;

/**
 * For each lexeme, the documents holding it: a sorted list for a rare lexeme, a bitset for
 * a common one (`DENSE_SHARE`). Built from per-document lists, documents in order.
 */
export class Postings {
  /** The rare lexemes' lists, one after the other: lexeme l's are `docs[start[l]..start[l+1]]`. */
  private readonly start: Uint32Array;
  private readonly docs: Uint32Array;
  /** The common lexemes' bitsets, one after the other, `words` 32-bit words each. */
  private readonly bits: Uint32Array;
  /** A common lexeme's place among the bitsets, and how many documents hold it. */
  private readonly dense = new Map<number, { slot: number; count: number }>();
  private readonly words: number;

  constructor(
    lists: { start: Uint32Array; items: Uint32Array },
    lexemes: number,
    denseFrom = Math.max(1, Math.ceil((lists.start.length - 1) * DENSE_SHARE)),
  ) {
    const documents = lists.start.length - 1;
    this.words = (documents + 31) >>> 5;
    const counts = new Uint32Array(lexemes);
    for (const lexeme of lists.items) counts[lexeme]! += 1;
    this.start = new Uint32Array(lexemes + 1);
    // While building, an array (not the map) says which lexemes are common: -1 for rare.
    const slots = new Int32Array(lexemes).fill(-1);
    for (let lexeme = 0; lexeme < lexemes; lexeme++) {
      const count = counts[lexeme]!;
      const isDense = count >= denseFrom;
      if (isDense) {
        slots[lexeme] = this.dense.size;
        this.dense.set(lexeme, { slot: this.dense.size, count });
      }
      this.start[lexeme + 1] = this.start[lexeme]! + (isDense ? 0 : count);
    }
    this.bits = new Uint32Array(this.dense.size * this.words);
    this.docs = new Uint32Array(this.start[lexemes]!);
    const next = this.start.slice(0, lexemes);
    for (let doc = 0; doc < documents; doc++) {
      for (let at = lists.start[doc]!; at < lists.start[doc + 1]!; at++) {
        const lexeme = lists.items[at]!;
        const slot = slots[lexeme]!;
        if (slot >= 0) this.bits[slot * this.words + (doc >>> 5)]! |= 1 << (doc & 31);
        else this.docs[next[lexeme]!++] = doc;
      }
    }
  }

  get byteLength(): number {
    return this.start.byteLength + this.docs.byteLength + this.bits.byteLength;
  }

  /** The bitset of a common lexeme, or undefined for a rare one. */
  private bitset(lexeme: number): Uint32Array | undefined {
    const dense = this.dense.get(lexeme);
    return dense && this.bits.subarray(dense.slot * this.words, (dense.slot + 1) * this.words);
  }

  private list(lexeme: number): Uint32Array {
    return this.docs.subarray(this.start[lexeme], this.start[lexeme + 1]);
  }

  /** Whether `doc` holds `lexeme`. */
  holds(lexeme: number, doc: number): boolean {
    const bitset = this.bitset(lexeme);
    return bitset ? hasBit(bitset, doc) : holds(this.list(lexeme), doc);
  }

  /**
   * The documents holding every lexeme, ascending. Rare lexemes' lists are intersected
   * first (their shortest bounds the work) and the result checked against the common
   * lexemes' bitsets; with common lexemes only, their bitsets are ANDed.
   */
  intersect(lexemes: readonly number[]): Uint32Array {
    const distinct = [...new Set(lexemes)];
    if (distinct.length === 0) return new Uint32Array(0);
    const bitsets: Uint32Array[] = [];
    const lists: Uint32Array[] = [];
    for (const lexeme of distinct) {
      const bitset = this.bitset(lexeme);
      if (bitset) bitsets.push(bitset);
      else lists.push(this.list(lexeme));
    }
    if (lists.length === 0) return this.allOf(bitsets, distinct);
    const found = intersect(lists);
    let kept = 0;
    for (let i = 0; i < found.length; i++) {
      const doc = found[i]!;
      if (bitsets.every((bitset) => hasBit(bitset, doc))) found[kept++] = doc;
    }
    return found.subarray(0, kept);
  }

  /** The documents in every bitset: their AND, read out in order. */
  private allOf(bitsets: Uint32Array[], lexemes: number[]): Uint32Array {
    const bound = Math.min(...lexemes.map((lexeme) => this.dense.get(lexeme)!.count));
    const found = new Uint32Array(bound);
    let kept = 0;
    for (let word = 0; word < this.words; word++) {
      let bits = bitsets[0]![word]!;
      for (let i = 1; i < bitsets.length && bits !== 0; i++) bits &= bitsets[i]![word]!;
      while (bits !== 0) {
        const lowest = bits & -bits;
        found[kept++] = (word << 5) + 31 - Math.clz32(lowest);
        bits ^= lowest;
      }
    }
    return found.subarray(0, kept);
  }
}

const hasBit = (bitset: Uint32Array, doc: number) => (bitset[doc >>> 5]! & (1 << (doc & 31))) !== 0;

/** Whether a sorted list holds `value` (binary search). */
export function holds(list: Uint32Array, value: number): boolean {
  let [low, high] = [0, list.length - 1];
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = list[middle]!;
    if (found === value) return true;
    if (found < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/**
 * The documents in every list: the shortest list's, each looked for in the others by
 * galloping from where the last was found, so the work follows the shortest list.
 */
export function intersect(lists: Uint32Array[]): Uint32Array {
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  const [shortest, ...others] = sorted;
  if (!shortest) return new Uint32Array(0);
  let found = shortest.slice();
  for (const other of others) {
    let kept = 0;
    let at = 0;
    for (let i = 0; i < found.length && at < other.length; i++) {
      const doc = found[i]!;
      let step = 1;
      let high = at;
      while (high < other.length && other[high]! < doc) {
        at = high + 1;
        high += step;
        step *= 2;
      }
      high = Math.min(high, other.length - 1);
      while (at < high) {
        const middle = (at + high) >>> 1;
        if (other[middle]! < doc) at = middle + 1;
        else high = middle;
      }
      if (other[at] === doc) found[kept++] = doc;
    }
    found = found.subarray(0, kept);
  }
  return found;
}

/**
 * The `k` smallest numbers in ascending order: the page a ranking needs, without sorting
 * every match (quickselect puts them first, then only they are sorted). Reorders `keys`.
 */
export function smallest(keys: Float64Array, k: number): Float64Array {
  if (k >= keys.length) return keys.sort();
  let [low, high] = [0, keys.length - 1];
  while (low < high) {
    const pivot = keys[(low + high) >>> 1]!;
    let [i, j] = [low, high];
    while (i <= j) {
      while (keys[i]! < pivot) i++;
      while (keys[j]! > pivot) j--;
      if (i <= j) {
        [keys[i], keys[j]] = [keys[j]!, keys[i]!];
        i++;
        j--;
      }
    }
    if (k - 1 <= j) high = j;
    else if (k - 1 >= i) low = i;
    else break;
  }
  return keys.subarray(0, k).sort();
}
