/**
 * Symmetric deletion for spelling correction (search-vocabulary.ts): a word and a typo
 * within n edits of it share a string made by deleting at most n letters from each, so
 * the words close to a typo are found by lookup, never by comparing it with every word.
 */

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

/** The list under `key`, made empty when there is none. */
function listed(map: Map<string, string[]>, key: string): string[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

/** Words by the strings their deletions make. */
export class DeletionIndex {
  private readonly byDeletion = new Map<string, string[]>();
  /**
   * The same with one letter deleted at most: all a one-edit lookup needs. A short string
   * is a two-letter deletion of thousands of words ("ay" of "xay", "ngay", "thay"…), which
   * a one-edit lookup would otherwise all measure and reject.
   */
  private readonly byOneDeletion = new Map<string, string[]>();

  /** Adds a word, to be found from typos up to `edits` edits away. */
  add(word: string, edits: number): void {
    for (const deleted of deletions(word, edits)) {
      listed(this.byDeletion, deleted).push(word);
      if (deleted.length >= word.length - 1) listed(this.byOneDeletion, deleted).push(word);
    }
  }

  /**
   * The words sharing with `word` a string made by deleting up to `edits` letters from
   * each, every one once, in the order met: `word`'s deletions in turn, each one's words in
   * the order added. Those within `edits` edits are among them. Within one edit (one letter
   * more, less or other, or two swapped) a word is met first under a deletion of at most
   * one letter from it, so looking only there finds them in the same order.
   */
  candidates(word: string, edits: number): string[] {
    const byDeletion = edits === 1 ? this.byOneDeletion : this.byDeletion;
    const seen = new Set<string>();
    for (const deleted of deletions(word, edits)) {
      for (const candidate of byDeletion.get(deleted) ?? []) seen.add(candidate);
    }
    return [...seen];
  }
}
