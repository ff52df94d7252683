import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import { invalidField } from '../../platform/errors.js';
import { addDays, instantAt } from '../calendar/index.js';
import type { DossierRecords, DossierRow, InboxFilter, Position } from '../dossiers/index.js';
import type { Actor, RoleGrants } from '../identity/index.js';
import { agenciesOf } from './access.js';
import { isUuid } from '../../platform/ids.js';

const INBOX_LIMIT = 50;
const MAX_LIMIT = 200;

/** What an officer asks of the inbox: the filters, an agency of theirs, and a page. */
export type InboxQuery = Omit<InboxFilter, 'agencies' | 'limit' | 'now' | 'today' | 'after'> & {
  agency?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
};

/** The officers' inbox: their agencies' dossiers, soonest due first, a page at a time. */
export class InboxService {
  constructor(
    private readonly records: DossierRecords,
    private readonly grants: RoleGrants,
    private readonly clock: Clock,
  ) {}

  async inbox(actor: Actor, input: InboxQuery) {
    const mine = agenciesOf(actor);
    const agencies = input.agency ? mine.filter((a) => a === input.agency) : mine;
    const now = this.clock.now();
    const today = vietnamDate(now);
    const limit = Math.min(input.limit ?? INBOX_LIMIT, MAX_LIMIT);
    const after = input.cursor ? decodeCursor(input.cursor) : undefined;
    // Reads that do not wait for each other go together: two waves of round trips, not five.
    const [unstaffed, counts] = await Promise.all([
      this.unstaffed(agencies),
      this.records.queue.counts(agencies, now),
    ]);
    const [rows, stranded] = await Promise.all([
      this.records.queue.inbox({
        ...input,
        unstaffed,
        agencies,
        limit: limit + 1,
        now,
        today: { from: instantAt(today, 0), to: instantAt(addDays(today, 1), 0) },
        after,
      }),
      this.records.queue.strandedCount(agencies, unstaffed),
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
      counts,
      stranded,
    };
  }

  /** The positions of these agencies' dossiers in processing that nobody holds any more. */
  private async unstaffed(agencies: string[]): Promise<Position[]> {
    const positions = await this.records.queue.positions(agencies);
    if (positions.length === 0) return [];
    const held = await this.grants.held([...new Set(positions.map((p) => p.agencyCode))]);
    return positions.filter(
      (p) => !held.some((h) => h.agencyCode === p.agencyCode && h.role === p.role),
    );
  }
}

export type Inbox = Awaited<ReturnType<InboxService['inbox']>>;

/** The position after which the next page starts: the last row's due date and id. */
const encodeCursor = (row: DossierRow) =>
  Buffer.from(JSON.stringify([row.due_at?.toISOString(), row.id])).toString('base64url');

function decodeCursor(cursor: string): { dueAt: Date; id: string } {
  try {
    const [due, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const dueAt = new Date(due);
    // Ours hold a real instant; a forged one may name one PostgreSQL cannot (year -271821).
    const year = dueAt.getUTCFullYear();
    if (!(year >= 1970 && year <= 9999) || !isUuid(id)) throw new Error('bad');
    return { dueAt, id };
  } catch {
    throw invalidField('cursor', 'errors.field.badCursor');
  }
}
