import { foldText, queryWords } from './search.js';
import { intersect } from './search-postings.js';
import { correctedText, SearchVocabulary, type Correction } from './search-vocabulary.js';

/**
 * Searching texts other than procedures (published answers, the knowledge base) the way the
 * catalog searches procedures: diacritics folded, every word required, misspelt words
 * corrected by the catalog's vocabulary rules. Documents come and go one at a time, so the
 * index is built for change: postings lists grow at the end, removed documents are marked.
 */

export interface TextDocument {
  id: string;
  /** What it is called: weighted above the body. */
  title: string;
  body: string;
  /** Exact-match filters, e.g. { agency: '000.00.01.H01', field: 'G01', procedure: '1.000001', lang: 'vi' }; null never matches. */
  tags: Readonly<Record<string, string | null>>;
  /** Larger first among equally good matches, and the order when the query has no words (e.g. a time in ms). */
  sortKey: number;
}

export interface TextQuery {
  q: string;
  tags?: Readonly<Record<string, string>>;
  offset: number;
  limit: number;
}

export interface TextHits {
  total: number;
  ids: string[];
  /** The query as corrected for typos, when it was corrected (the catalog's "did you mean"). */
  corrected: string | null;
}

/** A sorted list of document numbers that grows at the end (numbers are given in order). */
class GrowingList {
  private items = new Uint32Array(4);
  length = 0;

  push(doc: number): void {
    if (this.items[this.length - 1] === doc && this.length > 0) return;
    if (this.length === this.items.length) {
      const grown = new Uint32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = doc;
  }

  view(): Uint32Array {
    return this.items.subarray(0, this.length);
  }

  /** The same as a bitset (one bit per document number), brought up to date when asked. */
  private bitset = new Uint32Array(0);
  private inBitset = 0;

  bits(): Uint32Array {
    const words = ((this.items[this.length - 1] ?? 0) >>> 5) + 1;
    if (words > this.bitset.length) {
      const grown = new Uint32Array(Math.max(words, this.bitset.length * 2));
      grown.set(this.bitset);
      this.bitset = grown;
    }
    for (; this.inBitset < this.length; this.inBitset++) {
      const doc = this.items[this.inBitset]!;
      this.bitset[doc >>> 5]! |= 1 << (doc & 31);
    }
    return this.bitset;
  }
}

/**
 * A list held by at least this share of the documents is tested as a bitset rather than
 * intersected (as the catalog's postings, search-postings.ts): the common words of questions
 * ("thu tuc", "ho so") are in most of them, and galloping through their lists was most of
 * a search's time.
 */
const DENSE_SHARE = 1 / 32;

/** The documents in every list, ascending: the rare lists intersected, the common tested. */
function allOf(lists: GrowingList[], documents: number): Uint32Array {
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  const dense = sorted.filter((list, i) => i > 0 && list.length >= documents * DENSE_SHARE);
  const sparse = sorted.filter((list) => !dense.includes(list));
  const found = intersect(sparse.map((list) => list.view()));
  if (dense.length === 0) return found;
  const bitsets = dense.map((list) => list.bits());
  let kept = 0;
  for (let i = 0; i < found.length; i++) {
    const doc = found[i]!;
    const word = doc >>> 5;
    const bit = 1 << (doc & 31);
    if (bitsets.every((bitset) => (bitset[word]! & bit) !== 0)) found[kept++] = doc;
  }
  return found.subarray(0, kept);
}

const documentWords = (text: string) =>
  foldText(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
const tagKey = (name: string, value: string) => `${name}\u0000${value}`;

/** Up to this many documents, a vocabulary lacking new words is rebuilt before searching. */
const REBUILD_AT_ONCE = 10_000;
const REBUILD_DELAY_MS = 60_000;

/** Rebuild the lists once more than this share of the numbers given are removed ones. */
const COMPACT_SHARE = 0.5;

export class TextSearch {
  /**
   * Ids by document number; a removed one's place is empty. Only what searching needs is
   * kept (not the texts): the folded title, for which words go together, and the sort key.
   */
  private ids: (string | undefined)[] = [];
  private titles: string[] = [];
  private sortKeys = new Float64Array(1024);
  private readonly numbers = new Map<string, number>();
  /** For each folded word, the documents holding it anywhere; and in the title. */
  private postings = new Map<string, GrowingList>();
  private titlePostings = new Map<string, GrowingList>();
  private tagPostings = new Map<string, GrowingList>();
  /** Built from the words when a query first needs correcting; rebuilt once new words came. */
  private vocabulary: SearchVocabulary | null = null;
  private vocabularyStale = false;
  private rebuilding: NodeJS.Timeout | undefined;

  get size(): number {
    return this.numbers.size;
  }

  put(doc: TextDocument): void {
    this.remove(doc.id);
    const number = this.ids.length;
    this.ids.push(doc.id);
    this.titles.push(foldText(doc.title));
    this.numbers.set(doc.id, number);
    if (number === this.sortKeys.length) {
      const grown = new Float64Array(this.sortKeys.length * 2);
      grown.set(this.sortKeys);
      this.sortKeys = grown;
    }
    this.sortKeys[number] = doc.sortKey;
    this.index(doc, number);
  }

  remove(id: string): void {
    const number = this.numbers.get(id);
    if (number === undefined) return;
    this.numbers.delete(id);
    this.ids[number] = undefined;
    if (this.ids.length - this.numbers.size > this.ids.length * COMPACT_SHARE) this.compact();
  }

  private index(doc: TextDocument, number: number): void {
    const add = (map: Map<string, GrowingList>, key: string) => {
      let list = map.get(key);
      if (!list) {
        map.set(key, (list = new GrowingList()));
        if (map === this.postings) this.vocabularyStale = true;
      }
      list.push(number);
    };
    const titleWords = documentWords(doc.title);
    for (const word of titleWords) add(this.titlePostings, word);
    for (const word of [...titleWords, ...documentWords(doc.body)]) add(this.postings, word);
    for (const [name, value] of Object.entries(doc.tags)) {
      if (value !== null) add(this.tagPostings, tagKey(name, value));
    }
  }

  /**
   * Numbers the remaining documents afresh (in the same order, so every list stays sorted),
   * so that removed ones cost nothing more.
   */
  private compact(): void {
    const renumbered = new Int32Array(this.ids.length).fill(-1);
    const kept = this.ids.flatMap((id, number) => (id === undefined ? [] : [number]));
    kept.forEach((number, next) => {
      renumbered[number] = next;
      this.numbers.set(this.ids[number]!, next);
    });
    this.ids = kept.map((number) => this.ids[number]);
    this.titles = kept.map((number) => this.titles[number]!);
    this.sortKeys = Float64Array.from({ length: Math.max(1024, kept.length * 2) }, (_, next) =>
      next < kept.length ? this.sortKeys[kept[next]!]! : 0,
    );
    for (const map of [this.postings, this.titlePostings, this.tagPostings]) {
      for (const [key, list] of map) {
        const fresh = new GrowingList();
        for (const number of list.view()) {
          if (renumbered[number]! >= 0) fresh.push(renumbered[number]!);
        }
        if (fresh.length > 0) map.set(key, fresh);
        else map.delete(key);
      }
    }
    this.vocabularyStale = true;
  }

  /** Builds the typo corrections ahead of the first misspelt query (0.2 s at 100,000). */
  warm(): void {
    this.buildVocabulary();
  }

  private buildVocabulary(): SearchVocabulary {
    clearTimeout(this.rebuilding);
    this.rebuilding = undefined;
    this.vocabularyStale = false;
    this.vocabulary = new SearchVocabulary({
      words: [...this.postings].map(([word, list]) => ({ word, documents: list.length })),
      names: this.titles.filter((_, number) => this.ids[number] !== undefined),
      fields: [],
    });
    return this.vocabulary;
  }

  /**
   * The vocabulary of the documents' words, and the titles for which words go together.
   * Once new words came, a small index's is rebuilt at once; a large one's (some 2 µs a
   * document, all on the event loop) at most once a minute, apart from any search, the
   * words it lacks meanwhile found as typed but not offered as corrections.
   */
  private vocabularyNow(): SearchVocabulary {
    if (!this.vocabulary || (this.vocabularyStale && this.size < REBUILD_AT_ONCE)) {
      return this.buildVocabulary();
    }
    if (this.vocabularyStale && !this.rebuilding) {
      this.rebuilding = setTimeout(() => this.buildVocabulary(), REBUILD_DELAY_MS);
      this.rebuilding.unref();
    }
    return this.vocabulary;
  }

  /**
   * Every word must be in the document (title or body) and every tag equal. Documents whose
   * title holds every word come first, then by `sortKey`, larger first. As the catalog's
   * search: unknown words are corrected first; when that finds nothing, a reading that also
   * reconsiders known words (a slip that made another real word) is tried.
   */
  search(query: TextQuery): TextHits {
    const typed = queryWords(query.q);
    const tagLists = Object.entries(query.tags ?? {}).map(([name, value]) =>
      this.tagPostings.get(tagKey(name, value)),
    );
    const run = (words: string[]) => this.find(words, tagLists, query);
    const known = typed.every((word) => this.postings.has(word));
    let correction: Correction | null = known ? null : this.vocabularyNow().correct(typed);
    let hits = run(correction?.words ?? typed);
    if (hits.total === 0 && typed.length > 0) {
      const again = this.vocabularyNow().correct(typed, true);
      if (again && again.words.join(' ') !== (correction?.words ?? typed).join(' ')) {
        const retried = run(again.words);
        if (retried.total > 0) [hits, correction] = [retried, again];
      }
    }
    return { ...hits, corrected: correction ? correctedText(query.q, correction) : null };
  }

  private find(
    words: string[],
    tagLists: (GrowingList | undefined)[],
    page: { offset: number; limit: number },
  ): Omit<TextHits, 'corrected'> {
    const wordLists = words.map((word) => this.postings.get(word));
    const lists = [...wordLists, ...tagLists];
    if (lists.some((list) => list === undefined)) return { total: 0, ids: [] };
    // Without words or tags every document matches: walked in place, not listed.
    const found = lists.length > 0 ? allOf(lists as GrowingList[], this.ids.length) : null;
    const count = found ? found.length : this.ids.length;
    const inTitle =
      words.length > 0 ? this.holdingAll(words.map((word) => this.titlePostings.get(word))) : null;
    const ranked = new TopK(page.offset + page.limit);
    const { ids, sortKeys } = this;
    let total = 0;
    for (let i = 0, t = 0; i < count; i++) {
      const number = found ? found[i]! : i;
      if (ids[number] === undefined) continue;
      total += 1;
      let titled = false;
      if (inTitle) {
        while (t < inTitle.length && inTitle[t]! < number) t++;
        titled = inTitle[t] === number;
      }
      ranked.offer(number, titled, sortKeys[number]!);
    }
    return {
      total,
      ids: ranked
        .inOrder()
        .slice(page.offset)
        .map((number) => ids[number]!),
    };
  }

  private holdingAll(lists: (GrowingList | undefined)[]): Uint32Array {
    if (lists.some((list) => list === undefined)) return new Uint32Array(0);
    return allOf(lists as GrowingList[], this.ids.length);
  }
}

/**
 * The best `k` documents met, kept in a heap whose root is the worst of them: a page needs
 * only those, not every match sorted. Better: title holding every word, larger sort key,
 * later number (the newer of equals). Typed arrays, so that the thousands of documents met
 * and turned away by the root allocate nothing.
 */
class TopK {
  private readonly numbers: Uint32Array;
  private readonly titled: Uint8Array;
  private readonly keys: Float64Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.numbers = new Uint32Array(k);
    this.titled = new Uint8Array(k);
    this.keys = new Float64Array(k);
  }

  /** Whether the entry at `a` is better than the one at `b`. */
  private better(a: number, b: number): boolean {
    const { titled, keys, numbers } = this;
    if (titled[a] !== titled[b]) return titled[a]! > titled[b]!;
    if (keys[a] !== keys[b]) return keys[a]! > keys[b]!;
    return numbers[a]! > numbers[b]!;
  }

  private swap(a: number, b: number): void {
    const { titled, keys, numbers } = this;
    [titled[a], titled[b]] = [titled[b]!, titled[a]!];
    [keys[a], keys[b]] = [keys[b]!, keys[a]!];
    [numbers[a], numbers[b]] = [numbers[b]!, numbers[a]!];
  }

  offer(number: number, isTitled: boolean, key: number): void {
    const titled = isTitled ? 1 : 0;
    if (this.size < this.k) {
      this.place(this.size, number, titled, key);
      this.up(this.size++);
      return;
    }
    // Most documents met are no better than the worst kept: turned away without a write.
    if (this.k === 0) return;
    const root = this.titled[0]!;
    if (
      titled < root ||
      (titled === root &&
        (key < this.keys[0]! || (key === this.keys[0] && number < this.numbers[0]!)))
    ) {
      return;
    }
    this.place(0, number, titled, key);
    this.down(0);
  }

  private place(at: number, number: number, titled: number, key: number): void {
    this.numbers[at] = number;
    this.titled[at] = titled;
    this.keys[at] = key;
  }

  /** A new entry rises while its parent is better (the worst stays at the root). */
  private up(at: number): void {
    while (at > 0) {
      const parent = (at - 1) >>> 1;
      if (!this.better(parent, at)) return;
      this.swap(parent, at);
      at = parent;
    }
  }

  /** The root sinks while a child is worse, swapping with the worse of the two. */
  private down(at: number): void {
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.size) return;
      const right = left + 1;
      const worse = right < this.size && this.better(left, right) ? right : left;
      if (!this.better(at, worse)) return;
      this.swap(at, worse);
      at = worse;
    }
  }

  /** The documents kept, best first. */
  inOrder(): number[] {
    const order = Array.from({ length: this.size }, (_, at) => at);
    order.sort((a, b) => (this.better(a, b) ? -1 : 1));
    return order.map((at) => this.numbers[at]!);
  }
}
