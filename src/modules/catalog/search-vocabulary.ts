import leven from 'leven';
import { queryWords } from './search.js';
import { DeletionIndex } from './search-deletions.js';

/** What the catalog says, folded, for correcting misspelt queries (see `SearchVocabulary`). */
export interface VocabularyData {
  /** Each word of the offered catalog and how many procedures hold it. */
  words: Iterable<{ word: string; documents: number }>;
  /** The folded names of the procedures: which words people write side by side. */
  names: Iterable<string>;
  /** Every field's code, so that a filter's field is checked without a query. */
  fields: Iterable<string>;
}

/** A query's words, each replaced by what it most likely meant (one or two words). */
export interface Correction {
  words: string[];
  /** Per word of the query: what replaced it, or null when it was kept. */
  replaced: (string[] | null)[];
}

interface Candidate {
  words: string[];
  /** How far from what was typed, in edits (a slip to a neighbouring key counts less). */
  edits: number;
  /**
   * For a word the catalog knows, reconsidered: how common each reading is says nothing
   * about a slip that made a real word, so only edits and context weigh.
   */
  slip?: true;
}

/** A reading of the query so far, word by word (`SearchVocabulary.correct`). */
interface Path {
  score: number;
  chosen: Candidate[];
}

const LETTERS = /^[a-z]+$/;
const NO_PAIRS = new Map<string, number>();
/** Candidates considered for one misspelt word (the likeliest on their own), before context. */
const MAX_CANDIDATES = 24;
/** Longer than two syllables run together: not a misspelling worth the search (nor its cost). */
const MAX_CORRECTED_LENGTH = 16;
/** Scoring in log units: an edit costs more than frequency usually gains; context can pay one. */
const EDIT_COST = 4;
const FREQUENCY_WEIGHT = 0.5;
const PAIR_BONUS = 4;
/** A neighbouring key is the commonest slip: cheaper than another letter. */
const NEIGHBOUR_KEY_EDITS = 0.75;

/** Short syllables are a letter apart from dozens of others: they get one edit, longer words two. */
const maxEdits = (word: string) => (word.length <= 3 ? 1 : 2);

const KEYBOARD = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** What a pair of words seen side by side in `count` names adds to a reading's score. */
const pairBonus = (count: number | undefined) =>
  count ? PAIR_BONUS + FREQUENCY_WEIGHT * Math.log1p(count) : 0;

/** Each key's row, and its column (each row sits half a key right of the one above). */
const KEY_PLACES = new Map(
  KEYBOARD.flatMap((keys, row) =>
    [...keys].map((key, column) => [key, { row, column: column + row * 0.5 }] as const),
  ),
);
const NOWHERE = { row: -1, column: -9 };

/** Whether two keys touch on a QWERTY keyboard (same row, or the row above or below). */
export function neighbouringKeys(a: string, b: string): boolean {
  const [p, q] = [KEY_PLACES.get(a) ?? NOWHERE, KEY_PLACES.get(b) ?? NOWHERE];
  return a !== b && Math.abs(p.row - q.row) <= 1 && Math.abs(p.column - q.column) <= 1;
}

/**
 * Edits between what was typed and a word, as people mistype: Levenshtein (leven), except
 * that two neighbouring letters swapped count as one edit, and a neighbouring key as less.
 */
export function typingDistance(typed: string, word: string, max: number): number {
  const distance = leven(typed, word, { maxDistance: max + 1 });
  if (typed.length !== word.length || distance > 2) return distance;
  // The first two places where they differ, and how many there are.
  let [i, j, differ] = [-1, -1, 0];
  for (let at = 0; at < typed.length; at++) {
    if (typed[at] === word[at]) continue;
    if (differ === 0) i = at;
    else if (differ === 1) j = at;
    differ += 1;
  }
  if (differ === 1) return neighbouringKeys(typed[i]!, word[i]!) ? NEIGHBOUR_KEY_EDITS : 1;
  return differ > 1 && j === i + 1 && typed[i] === word[j] && typed[j] === word[i] ? 1 : distance;
}

/**
 * The catalog's vocabulary in memory, correcting misspelt query words by symmetric deletion
 * (a word and a typo within two edits share a string made by deleting letters from each:
 * found by lookup, never by comparing the query with every word). Among close words, the one
 * that fits its neighbours in some procedure's name wins ("lai xw" → "lai xe", not the more
 * common "xa"), then the one more procedures hold. A word run into the next ("kaisinh") is
 * split in two.
 */
export class SearchVocabulary {
  private readonly documents = new Map<string, number>();
  private readonly byDeletion = new DeletionIndex();
  /** How often each word is followed by another in some name: first word, then second. */
  private readonly pairs = new Map<string, Map<string, number>>();
  private readonly fields: Set<string>;

  constructor(data: VocabularyData) {
    for (const { word, documents } of data.words) {
      if (!LETTERS.test(word)) continue;
      this.documents.set(word, documents);
      this.byDeletion.add(word, maxEdits(word));
    }
    for (const name of data.names) {
      const words = name.split(/[^a-z0-9]+/).filter(Boolean);
      for (let i = 1; i < words.length; i++) {
        let next = this.pairs.get(words[i - 1]!);
        if (!next) this.pairs.set(words[i - 1]!, (next = new Map()));
        next.set(words[i]!, (next.get(words[i]!) ?? 0) + 1);
      }
    }
    this.fields = new Set(data.fields);
  }

  hasField(code: string): boolean {
    return this.fields.has(code);
  }

  /** Words with digits (form numbers, codes) are never corrected: only words of letters. */
  private known(word: string): boolean {
    return !LETTERS.test(word) || this.documents.has(word);
  }

  /** Catalog words within the edits allowed for `word`, with how many edits each is away. */
  private closeWords(word: string, edits = maxEdits(word)): Candidate[] {
    const found: Candidate[] = [];
    for (const candidate of this.byDeletion.candidates(word, edits)) {
      if (candidate === word) continue;
      const distance = typingDistance(word, candidate, edits);
      if (distance <= Math.min(edits, maxEdits(candidate))) {
        found.push({ words: [candidate], edits: distance });
      }
    }
    return found;
  }

  /** A word run into the next: two catalog words, each at most one edit away, in all two. */
  private splits(word: string): Candidate[] {
    const found: Candidate[] = [];
    const parts = (part: string) =>
      this.known(part) ? [{ words: [part], edits: 0 }] : this.closeWords(part, 1);
    for (let i = 2; i <= word.length - 2; i++) {
      for (const left of parts(word.slice(0, i))) {
        for (const right of parts(word.slice(i))) {
          const words = [...left.words, ...right.words];
          if (left.edits + right.edits > 1) continue;
          found.push({ words, edits: left.edits + right.edits + 1 });
        }
      }
    }
    return found;
  }

  private pairScore(first: string, second: string): number {
    return pairBonus(this.pairs.get(first)?.get(second));
  }

  /**
   * A candidate's own score: how common its words are (on average, so that a split gains
   * nothing from having two), with the pair it makes, less what its edits cost.
   */
  private ownScore(candidate: Candidate): number {
    const { words } = candidate;
    const frequency = words.reduce((sum, w) => sum + Math.log1p(this.documents.get(w) ?? 0), 0);
    const inside = words.length === 2 ? this.pairScore(words[0]!, words[1]!) : 0;
    const common = candidate.slip ? 0 : FREQUENCY_WEIGHT * (frequency / words.length);
    return common + inside - EDIT_COST * candidate.edits;
  }

  /** The candidates most likely on their own, as many as context is weighed for. */
  private likeliest(candidates: Candidate[]): Candidate[] {
    return candidates
      .map((candidate) => ({ candidate, score: this.ownScore(candidate) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, MAX_CANDIDATES)
      .map(({ candidate }) => candidate);
  }

  /**
   * What each word may stand for: itself when known, else its likeliest corrections. With
   * `realWords`, a known word may also stand for a close one (a slip that made another word).
   */
  private candidates(word: string, realWords: boolean): Candidate[] {
    const itself = [{ words: [word], edits: 0 }];
    if (!LETTERS.test(word) || word.length > MAX_CORRECTED_LENGTH) return itself;
    if (this.known(word)) {
      if (!realWords) return itself;
      const others = this.closeWords(word, 1).map((c): Candidate => ({ ...c, slip: true }));
      return [{ words: [word], edits: 0, slip: true }, ...this.likeliest(others)];
    }
    const found = this.likeliest([...this.closeWords(word), ...this.splits(word)]);
    // Nothing close: kept as typed, so the search honestly finds nothing.
    return found.length > 0 ? found : itself;
  }

  /**
   * One step of the chain: each option after the path it fits best (the first of equals),
   * by the path's score and the pair its last word makes with the option's first.
   */
  private extend(paths: Path[], options: Candidate[]): Path[] {
    // Each path's pairs looked up once, not once per option.
    const followers = paths.map((path) => {
      const last = path.chosen.at(-1)?.words.at(-1);
      return last === undefined ? undefined : (this.pairs.get(last) ?? NO_PAIRS);
    });
    return options.map((option) => {
      const first = option.words[0]!;
      let [best, bestFit] = [0, 0];
      for (let i = 0; i < paths.length; i++) {
        const next = followers[i];
        const fit = paths[i]!.score + (next === undefined ? 0 : pairBonus(next.get(first)));
        if (i === 0 || fit > bestFit) [best, bestFit] = [i, fit];
      }
      return { score: bestFit + this.ownScore(option), chosen: [...paths[best]!.chosen, option] };
    });
  }

  /**
   * The likeliest reading of the query: the candidates of each word chained (Viterbi) by
   * their own scores and how well each fits the word before it. Null when nothing changed.
   * `realWords`: also reconsider words the catalog knows, for a query that found nothing.
   */
  correct(words: string[], realWords = false): Correction | null {
    if (!realWords && words.every((word) => this.known(word))) return null;
    let paths: Path[] = [{ score: 0, chosen: [] }];
    for (const word of words) paths = this.extend(paths, this.candidates(word, realWords));
    const best = paths.reduce((a, b) => (b.score > a.score ? b : a));
    const replaced = best.chosen.map((option, i) =>
      option.words.length === 1 && option.words[0] === words[i] ? null : option.words,
    );
    if (replaced.every((r) => r === null)) return null;
    return { words: best.chosen.flatMap((option) => option.words), replaced };
  }
}

/**
 * The query as the person typed it, with each corrected word replaced: "Giấy phép lái xw"
 * becomes "Giấy phép lái xe", keeping their diacritics and the words that were right.
 */
export function correctedText(text: string, correction: Correction): string {
  let next = 0;
  return text.replace(/[\p{L}\p{N}\p{M}]+/gu, (token) => {
    const count = queryWords(token).length;
    const replaced = correction.replaced.slice(next, next + count);
    next += count;
    if (replaced.every((r) => r === null)) return token;
    const folded = queryWords(token);
    return replaced.map((r, i) => (r ?? [folded[i]]).join(' ')).join(' ');
  });
}
