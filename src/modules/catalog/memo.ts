import { LRUCache } from 'lru-cache';
import type { CatalogChanges } from './changes.js';

/**
 * Answers read from the catalog, kept for one generation of it: the catalog changes only
 * when versions take effect, so the pages most people see need not ask the database again.
 * Keys carry the generation, so a read that started before a change is never kept after it.
 * Bounded, so that a flood of distinct lookups only evicts, never grows memory.
 */
export class CatalogMemo {
  private readonly answers = new LRUCache<string, Promise<unknown>>({ max: 5_000 });

  constructor(private readonly changes: CatalogChanges) {
    changes.onChange(() => this.answers.clear());
  }

  /**
   * The kept answer for `key`, or `load`'s, kept unless it fails or `keep` refuses it (a
   * lookup that found nothing: a made-up code must not push a real one out).
   */
  get<T>(key: string, load: () => Promise<T>, keep: (value: T) => boolean = () => true) {
    const at = `${this.changes.generation}:${key}`;
    const kept = this.answers.get(at) as Promise<T> | undefined;
    if (kept) return kept;
    const loading = load();
    this.answers.set(at, loading);
    loading.then(
      (value) => {
        if (!keep(value)) this.answers.delete(at);
      },
      () => this.answers.delete(at),
    );
    return loading;
  }
}
