import type { Queryable } from './db.js';

/**
 * Listeners told of something once the transaction that wrote it is committed. Each runs on
 * its own after the commit: its failure is its own (it cannot undo what is committed), so a
 * listener catches what it must retry (the hub's sweep makes up for a lost delivery).
 */
export class Listeners<T> {
  private readonly listeners: ((value: T) => unknown)[] = [];

  on(listener: (value: T) => unknown): void {
    this.listeners.push(listener);
  }

  /** Tells every listener of `value` once `q`'s transaction is committed. */
  after(q: Pick<Queryable, 'afterCommit'>, value: T): void {
    if (this.listeners.length === 0) return;
    q.afterCommit(() => {
      for (const listener of this.listeners) {
        void Promise.resolve()
          .then(() => listener(value))
          .catch(() => undefined);
      }
    });
  }
}
