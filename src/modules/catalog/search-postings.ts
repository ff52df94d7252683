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
 * Postings from per-document lists: for each lexeme, the documents holding it, ascending
 * (documents are visited in order), all in one array.
 */
export function postingsOf(lists: { start: Uint32Array; items: Uint32Array }, lexemes: number) {
  const start = new Uint32Array(lexemes + 1);
  for (const lexeme of lists.items) start[lexeme + 1]! += 1;
  for (let i = 0; i < lexemes; i++) start[i + 1]! += start[i]!;
  const next = start.slice(0, lexemes);
  const docs = new Uint32Array(lists.items.length);
  for (let doc = 0; doc + 1 < lists.start.length; doc++) {
    for (let at = lists.start[doc]!; at < lists.start[doc + 1]!; at++) {
      docs[next[lists.items[at]!]!++] = doc;
    }
  }
  return { start, docs };
}

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
