/**
 * When the catalog changes. It changes only when versions take effect (the daily job, the
 * seed): what is kept in memory from it (stable lookups, the search vocabulary, whole
 * anonymous pages) is valid for one generation and rebuilt at the next.
 */
export class CatalogChanges {
  private current = 0;
  private readonly listeners = new Set<(generation: number, elsewhere: boolean) => void>();

  /** A number that grows at every change: a cache keyed by it is never stale. */
  get generation(): number {
    return this.current;
  }

  /**
   * Called by the one place that changes the catalog, after its change is committed; with
   * `elsewhere`, when another portal process changed it (what this one keeps is stale, but
   * what is announced outside, webhooks, was announced there).
   */
  changed(options: { elsewhere?: boolean } = {}): void {
    this.current += 1;
    for (const listener of this.listeners) listener(this.current, options.elsewhere ?? false);
  }

  onChange(listener: (generation: number, elsewhere: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
