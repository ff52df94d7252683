import type { Queryable } from './db.js';

/**
 * What changed, and when: in this process, and in the others that share its database (they
 * hear of each change through the broadcast, src/platform/broadcast.ts). The module that owns a table announces the keys of
 * what it wrote once that is committed (`account:<id>`, `owner:<id>`, `agency:<code>`); what
 * is kept in memory from the database (who a session is, a person's pages) notes the stamp
 * from before it was read, and is used only while none of its keys changed since.
 *
 * Stamps, not deletions: a request that read before a change carries an older stamp, so what
 * it drew can never be kept as current, however late it finishes.
 */
export class Changes {
  private clock = 0;
  private readonly last = new Map<string, number>();
  /** Keys forgotten to bound memory count as changed at the moment they were forgotten. */
  private floor = 0;
  private readonly listeners = new Set<(keys: readonly string[]) => void>();

  constructor(private readonly maxKeys = 200_000) {}

  /** The stamp to note before reading what will be kept. */
  stamp(): number {
    return this.clock;
  }

  /** Called after what `keys` name is committed: anything kept from before is stale. */
  changed(...keys: string[]): void {
    this.clock += 1;
    if (this.last.size + keys.length > this.maxKeys) {
      this.last.clear();
      this.floor = this.clock;
    }
    for (const key of keys) this.last.set(key, this.clock);
    for (const listener of this.listeners) listener(keys);
  }

  /** Everything kept from before now is stale (changes elsewhere may have been missed). */
  changedAll(): void {
    this.clock += 1;
    this.last.clear();
    this.floor = this.clock;
  }

  /** Tells `listener` the keys of every change announced here (other processes hear of them). */
  onChanged(listener: (keys: readonly string[]) => void): void {
    this.listeners.add(listener);
  }

  /** Announces `keys` once what was written through `q` is committed. */
  after(q: Pick<Queryable, 'afterCommit'>, ...keys: string[]): void {
    q.afterCommit(() => this.changed(...keys));
  }

  /** Whether any of `keys` changed after `stamp`. */
  changedSince(keys: readonly string[], stamp: number): boolean {
    if (this.floor > stamp) return true;
    for (const key of keys) if ((this.last.get(key) ?? 0) > stamp) return true;
    return false;
  }
}

/** The keys modules announce and depend on, spelled in one place. */
export const changeKeys: {
  account(id: string): string;
  messages(id: string): string;
  sent(id: string): string;
  signedIn(id: string): string[];
  owner(id: string): string;
  agency(code: string): string;
  apiClient(id: string): string;
} = {
  /** The account as identity keeps it: its sessions, roles, businesses, contact details. */
  account: (id: string) => `account:${id}`,
  /** Its in-app messages (a page's header shows the newest and the unread count). */
  messages: (id: string) => `messages:${id}`,
  /** Anything the person sent (a form, a call that is not a GET), whichever module wrote. */
  sent: (id: string) => `sent:${id}`,
  /** What any page drawn for a signed-in person shows of them, whatever else it shows. */
  signedIn: (id: string) => [changeKeys.account(id), changeKeys.messages(id), changeKeys.sent(id)],
  /** The dossiers someone (a citizen or a business) owns. */
  owner: (id: string) => `owner:${id}`,
  /** The dossiers an agency received or handles, and who works there. */
  agency: (code: string) => `agency:${code}`,
  /** A connected system's registration: its status, scopes, agencies and keys. */
  apiClient: (id: string) => `api-client:${id}`,
};
