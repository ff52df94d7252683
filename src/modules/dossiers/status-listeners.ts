import type { Queryable } from '../../platform/db.js';

/** A dossier's status changed: told to listeners once the change is committed. */
export interface StatusChange {
  code: string;
  /** The agency that received it. */
  agencyCode: string;
  status: number;
  /** When it changed: a connected system's event time, or the portal's own. */
  at: Date;
  /** A connected system's status sync, or the portal's own lifecycle. */
  source: 'sync' | 'portal';
}
export type StatusListener = (change: StatusChange) => void;

/**
 * Who listens to changes of status (the integration hub's webhooks): each is called after
 * the commit, in the order of the changes; a listener's failure is its own (what it heard
 * of is committed, and answered as such).
 */
export class StatusListeners {
  private readonly listeners = new Set<StatusListener>();

  /** Adds a listener; answers the way to stop listening. */
  add(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener of `changes` once `q`'s transaction is committed. */
  after(q: Pick<Queryable, 'afterCommit'>, changes: StatusChange[]): void {
    if (this.listeners.size === 0 || changes.length === 0) return;
    q.afterCommit(() => {
      for (const change of changes) {
        for (const listener of this.listeners) {
          try {
            listener(change);
          } catch {
            // Its own to handle: the change is committed whatever it does.
          }
        }
      }
    });
  }
}
