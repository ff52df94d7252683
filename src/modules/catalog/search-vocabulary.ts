import leven from 'leven';
import { queryWords } from './search.js';

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
  edits: number;
}

const LETTERS = /^[a-z]+$/;
/** Candidates considered for one misspelt word (the likeliest on their own), before context. */
const MAX_CANDIDATES = 24;
/** Longer than two syllables run together: not a misspelling worth the search (nor its cost). */
const MAX_CORRECTED_LENGTH = 16;
/** Scoring in log units: an edit costs more than frequency usually gains; context can pay one. */
const EDIT_COST = 4;
const FREQUENCY_WEIGHT = 0.5;
const PAIR_BONUS = 4;

/** Short syllables are a letter apart from dozens of others: they get one edit, longer words two. */
const maxEdits = (word: string) => (word.length <= 3 ? 1 : 2);

/** Every string made by deleting up to `edits` letters of `word`, the word itself included. */
export function deletions(word: string, edits: number): Set<string> {
  const found = new Set([word]);
  let frontier = [word];
  for (let step = 0; step < edits; step++) {
    const next: string[] = [];
    for (const text of frontier) {
      for (let i = 0; i < text.length; i++) {
        const shorter = text.slice(0, i) + text.slice(i + 1);
        if (!found.has(shorter)) {
          found.add(shorter);
          next.push(shorter);
        }
      }
    }
    frontier = next;
  }
  return found;
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
  private readonly byDeletion = new Map<string, string[]>();
  private readonly pairs = new Map<string, number>();
  private readonly fields: Set<string>;

  constructor(data: VocabularyData) {
    for (const { word, documents } of data.words) {
      if (!LETTERS.test(word)) continue;
      this.documents.set(word, documents);
      for (const deleted of deletions(word, maxEdits(word))) {
        const words = this.byDeletion.get(deleted);
        if (words) words.push(word);
        else this.byDeletion.set(deleted, [word]);
      }
    }
    for (const name of data.names) {
      const words = name.split(/[^a-z0-9]+/).filter(Boolean);
      for (let i = 1; i < words.length; i++) {
        const pair = `${words[i - 1]} ${words[i]}`;
        this.pairs.set(pair, (this.pairs.get(pair) ?? 0) + 1);
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
    const found = new Map<string, number>();
    for (const deleted of deletions(word, edits)) {
      for (const candidate of this.byDeletion.get(deleted) ?? []) {
        if (found.has(candidate)) continue;
        const distance = leven(word, candidate, { maxDistance: edits + 1 });
        if (distance <= Math.min(edits, maxEdits(candidate))) found.set(candidate, distance);
      }
    }
    return [...found].map(([candidate, distance]) => ({ words: [candidate], edits: distance }));
  }

  /** A word run into the next: two catalog words, each at most one edit away, in all two. */
  private splits(word: string): Candidate[] {
    const found: Candidate[] = [];
    for (let i = 2; i <= word.length - 2; i++) {
      const [left, right] = [word.slice(0, i), word.slice(i)];
      const lefts = this.known(left) ? [{ words: [left], edits: 0 }] : this.closeWords(left, 1);
      const rights = this.known(right) ? [{ words: [right], edits: 0 }] : this.closeWords(right, 1);
      for (const l of lefts) {
        for (const r of rights) {
          if (l.edits + r.edits > 1) continue;
          found.push({ words: [...l.words, ...r.words], edits: l.edits + r.edits + 1 });
        }
      }
    }
    return found;
  }

  private pairScore(first: string, second: string): number {
    const count = this.pairs.get(`${first} ${second}`) ?? 0;
    return count > 0 ? PAIR_BONUS + FREQUENCY_WEIGHT * Math.log1p(count) : 0;
  }

  /** A candidate's own score: how common its words are, less what its edits cost. */
  private ownScore(candidate: Candidate): number {
    let score = -EDIT_COST * candidate.edits;
    for (let i = 0; i < candidate.words.length; i++) {
      const word = candidate.words[i] as string;
      score += FREQUENCY_WEIGHT * Math.log1p(this.documents.get(word) ?? 0);
      if (i > 0) score += this.pairScore(candidate.words[i - 1] as string, word);
    }
    return score;
  }

  /** What each word may stand for: itself when known, else its likeliest corrections. */
  private candidates(word: string): Candidate[] {
    if (this.known(word) || word.length > MAX_CORRECTED_LENGTH)
      return [{ words: [word], edits: 0 }];
    const found = [...this.closeWords(word), ...this.splits(word)]
      .map((candidate) => ({ candidate, score: this.ownScore(candidate) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, MAX_CANDIDATES)
      .map(({ candidate }) => candidate);
    // Nothing close: kept as typed, so the search honestly finds nothing.
    return found.length > 0 ? found : [{ words: [word], edits: 0 }];
  }

  /**
   * The likeliest reading of the query: the candidates of each word chained (Viterbi) by
   * their own scores and how well each fits the word before it. Null when nothing changed.
   */
  correct(words: string[]): Correction | null {
    if (words.every((word) => this.known(word))) return null;
    let paths: { score: number; chosen: Candidate[] }[] = [{ score: 0, chosen: [] }];
    for (const options of words.map((word) => this.candidates(word))) {
      paths = options.map((option) => {
        const first = option.words[0] as string;
        const fit = (path: (typeof paths)[number]) => {
          const last = path.chosen.at(-1)?.words.at(-1);
          return path.score + (last === undefined ? 0 : this.pairScore(last, first));
        };
        const best = paths.reduce((a, b) => (fit(b) > fit(a) ? b : a));
        return { score: fit(best) + this.ownScore(option), chosen: [...best.chosen, option] };
      });
    }
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
