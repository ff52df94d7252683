import { describe, expect, it } from 'vitest';
import { DeletionIndex, deletions } from './search-deletions.js';
import { typingDistance } from './search-vocabulary.js';

describe('deletions', () => {
  it('lists every string up to so many letters shorter, the word included', () => {
    expect([...deletions('xe', 1)].sort()).toEqual(['e', 'x', 'xe']);
    expect(deletions('khai', 2)).toEqual(
      new Set(['khai', 'hai', 'kai', 'khi', 'kha', 'ai', 'hi', 'ha', 'ki', 'ka', 'kh']),
    );
  });
});

describe('DeletionIndex', () => {
  // Syllables sharing many short deletions ("ay", "a", "h"…), as Vietnamese ones do.
  const words = ['xay', 'ngay', 'thay', 'hay', 'tay', 'may', 'ay', 'xa', 'ha', 'nhay', 'khay']
    .concat(['khai', 'hai', 'kha', 'sinh', 'xanh', 'anh', 'thanh', 'hanh', 'y', 'a'])
    .concat(['giay', 'phep', 'lai', 'xe', 'tha', 'than']);
  const index = new DeletionIndex();
  for (const word of words) index.add(word, word.length <= 3 ? 1 : 2);

  /** Every word sharing a deletion, by scanning them all: the order a full lookup meets them. */
  const reference = (typed: string, edits: number) => {
    const met = new Set<string>();
    for (const deleted of deletions(typed, edits)) {
      for (const word of words) {
        if (deletions(word, word.length <= 3 ? 1 : 2).has(deleted)) met.add(word);
      }
    }
    return [...met];
  };

  it('finds the words within one edit, in the order a two-deletion lookup meets them', () => {
    const typed = ['xay', 'xya', 'ay', 'hya', 'tha', 'thay', 'nhya', 'khi', 'a', 'xanhh', 'gay'];
    for (const word of typed) {
      const close = (found: string[]) => found.filter((c) => typingDistance(word, c, 1) <= 1);
      expect(close(index.candidates(word, 1)), word).toEqual(close(reference(word, 1)));
    }
  });

  it('reads fewer words for one edit than the lookup for two', () => {
    expect(index.candidates('ay', 1).length).toBeLessThan(reference('ay', 1).length);
    expect(index.candidates('thya', 2)).toEqual(reference('thya', 2));
  });
});
