import { describe, expect, it } from 'vitest';
import { FlatLists, Postings } from './search-postings.js';
import { seededRandom } from '../../../test/random.js';

describe('Postings', () => {
  // 300 documents over 12 lexemes, from held by nearly all to by a few: lexeme l by a
  // document in 1.6^l; every fiftieth document holds none.
  const next = seededRandom(7);
  const documents = Array.from({ length: 300 }, (_, doc) =>
    Array.from({ length: 12 }, (_, lexeme) => lexeme).filter(
      (lexeme) => doc % 50 !== 0 && next() < 0.95 / 1.6 ** lexeme,
    ),
  );
  const lists = new FlatLists();
  for (const lexemes of documents) {
    for (const lexeme of lexemes) lists.push(lexeme);
    lists.end();
  }
  const done = lists.done();
  const holding = (lexemes: number[]) =>
    documents.flatMap((held, doc) => (lexemes.every((l) => held.includes(l)) ? [doc] : []));
  const queries = [[0], [11], [0, 1], [1, 0, 1], [2, 5, 9], [0, 1, 2, 3], [3, 11], [4, 4]];

  // Every lexeme a bitset, none, and the default share (the common ones only).
  for (const denseFrom of [1, Infinity, undefined]) {
    it(`finds the same documents as a scan, with bitsets from ${denseFrom ?? 'the default'}`, () => {
      const postings = new Postings(done, 12, denseFrom);
      for (const lexemes of queries) {
        expect([...postings.intersect(lexemes)], `${lexemes}`).toEqual(holding(lexemes));
      }
      for (let doc = 0; doc < documents.length; doc++) {
        for (let lexeme = 0; lexeme < 12; lexeme++) {
          expect(postings.holds(lexeme, doc)).toBe(documents[doc]!.includes(lexeme));
        }
      }
      expect([...postings.intersect([])]).toEqual([]);
    });
  }

  it('keeps a common lexeme as a bitset, no larger than its list', () => {
    const lists = new Postings(done, 12, Infinity);
    const bitsets = new Postings(done, 12, 1);
    expect(lists.byteLength).toBe(4 * 13 + 4 * done.items.length);
    // One 300-bit set per lexeme: 10 words of 4 bytes.
    expect(bitsets.byteLength).toBe(4 * 13 + 12 * 40);
  });
});
