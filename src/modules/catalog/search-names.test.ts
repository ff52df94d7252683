import { describe, expect, it } from 'vitest';
import { nameEntries, SearchNames } from './search-names.js';
import { FlatLists, Interned } from './search-postings.js';
import { seededRandom } from '../../../test/random.js';

/** A name's tsvector as PostgreSQL writes it: lexemes in order, each with its positions. */
function tsvector(words: string[]): string {
  const positions = new Map<string, number[]>();
  words.forEach((word, i) => positions.set(word, [...(positions.get(word) ?? []), i + 1]));
  return [...positions]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([word, at]) => `'${word}':${at.join(',')}`)
    .join(' ');
}

/** The index's names from word lists, as SearchIndex builds them. */
function namesOf(names: string[][], denseFrom?: number) {
  const lexicon = new Interned();
  const [entries, distinct] = [new FlatLists(), new FlatLists()];
  const positions: number[] = [];
  for (const words of names) {
    const parsed = nameEntries(tsvector(words), (lexeme) => lexicon.id(lexeme));
    for (const [position, lexeme] of parsed) {
      entries.push(lexeme);
      positions.push(position);
    }
    for (const lexeme of new Set(parsed.map(([, lexeme]) => lexeme))) distinct.push(lexeme);
    entries.end();
    distinct.end();
  }
  const index = new SearchNames(
    { ...entries.done(), positions: Uint16Array.from(positions) },
    distinct.done(),
    lexicon.values.length,
    denseFrom,
  );
  return { index, id: (word: string) => lexicon.ids.get(word)! };
}

describe('nameEntries', () => {
  it('reads a tsvector into lexemes in the order of the words, quotes and all', () => {
    const ids = new Interned();
    const entries = nameEntries(`'ba':2 'l''x':4 'mot':1,3 'a\\\\b':5`, (l) => ids.id(l));
    expect(entries.map(([position, lexeme]) => [position, ids.values[lexeme]])).toEqual([
      [1, 'mot'],
      [2, 'ba'],
      [3, 'mot'],
      [4, "l'x"],
      [5, 'a\\b'],
    ]);
  });
});

describe('SearchNames', () => {
  // Names of up to 9 words over 6, so that words repeat and pairs recur in other places.
  const next = seededRandom(11);
  const vocabulary = ['cap', 'giay', 'phep', 'lai', 'xe', 'moi'];
  const names = Array.from({ length: 400 }, () =>
    Array.from(
      { length: 1 + Math.floor(next() * 9) },
      () => vocabulary[Math.floor(next() * vocabulary.length)]!,
    ),
  );
  names.push(['cap', 'giay', 'xe', 'giay', 'phep']); // "cap giay" and "giay phep", apart
  const phrase = (words: string[]) =>
    names.flatMap((name, doc) =>
      name.some((_, at) => words.every((word, i) => name[at + i] === word)) ? [doc] : [],
    );
  const holding = (words: string[]) =>
    names.flatMap((name, doc) => (words.every((word) => name.includes(word)) ? [doc] : []));
  const queries = [
    ['giay'],
    ['giay', 'phep'],
    ['phep', 'giay'],
    ['cap', 'giay', 'phep'],
    ['xe', 'xe'],
    ['cap', 'giay', 'cap', 'giay'],
    ['lai', 'xe', 'moi', 'cap'],
  ];

  for (const denseFrom of [1, Infinity, undefined]) {
    it(`finds the names holding the words, and side by side, with bitsets from ${denseFrom ?? 'the default'}`, () => {
      const { index, id } = namesOf(names, denseFrom);
      for (const words of queries) {
        const lexemes = words.map(id);
        expect([...index.holdingAll(lexemes)], words.join(' ')).toEqual(holding(words));
        expect([...index.sideBySide(lexemes)], words.join(' ')).toEqual(phrase(words));
      }
      expect(index.sideBySide([id('cap'), id('giay'), id('phep')])).not.toContain(names.length - 1);
    });
  }

  it('finds no phrase for a pair no name holds', () => {
    const { index, id } = namesOf([['giay', 'phep'], ['phep']]);
    expect([...index.sideBySide([id('phep'), id('giay')])]).toEqual([]);
    expect([...index.sideBySide([id('giay'), id('phep')])]).toEqual([0]);
  });
});
