import type { Queryable } from '../../platform/db.js';
import {
  changedByPosition,
  checkLimit,
  decodePositions,
  feedAnswer,
  type FeedCursor,
  type StatisticsFeed,
} from '../../platform/feeds.js';
import { STATUS } from './codes.js';
import { outcomeOf } from './deadlines.js';
import {
  DossierStatisticsRepository,
  type PortalFactRow,
  type SyncedFactRow,
} from './statistics-repository.js';

/** A dossier as the monitoring index counts it: filed on the portal, or known from status sync. */
export interface DossierFact {
  code: string;
  source: 'portal' | 'synced';
  agencyCode: string;
  procedureCode: string;
  /** 1 at the counter, 2 online, 3 by post. */
  channel: 1 | 2 | 3;
  /** The national status code (STATUS). */
  status: number;
  /** Portal: when submitted; synced: when received. */
  receivedAt: Date | null;
  dueAt: Date | null;
  /** Handling ended with a result: portal `finished_at`; synced: returned, else processed. */
  finishedAt: Date | null;
  outcome: 'early' | 'on_time' | 'late' | null;
  /** Portal: a signed e-result; synced: result files sent. */
  electronicResult: boolean;
  /** Files filed with it; null when unknown (synced). */
  attachments: number | null;
  /** Of those, documents the person had in their store before starting it; null when unknown. */
  reusedAttachments: number | null;
  /** How long after receipt the portal learned of it: 0 on the portal; null when unknown. */
  recordedAfterSeconds: number | null;
  /** A fee was asked of it; null when unknown. */
  feeRequested: boolean | null;
  /** A fee was paid online (every portal payment is); null when the channel is unknown (synced). */
  feePaidOnline: boolean | null;
  /** Data quality: impossible transitions applied (synced); 0 on the portal. */
  flaggedEvents: number;
}

const channelOf = (channel: number): 1 | 2 | 3 => (channel === 1 || channel === 3 ? channel : 2);

export function portalFact(row: PortalFactRow): DossierFact {
  return {
    code: row.code,
    source: 'portal',
    agencyCode: row.agency_code,
    procedureCode: row.procedure_code,
    channel: channelOf(row.channel),
    status: row.status,
    receivedAt: row.submitted_at,
    dueAt: row.due_at,
    finishedAt: row.finished_at,
    outcome: row.outcome,
    electronicResult: row.electronic_result,
    attachments: row.attachments,
    reusedAttachments: row.reused_attachments,
    recordedAfterSeconds: 0,
    feeRequested: row.fee_requested,
    feePaidOnline: row.fee_paid,
    flaggedEvents: 0,
  };
}

export function syncedFact(row: SyncedFactRow): DossierFact {
  const withResult = row.status === STATUS.processed || row.status === STATUS.returned;
  // As a portal dossier's: resolved when its result was ready (processed), not when handed
  // over; the return's date when the system never reported the processed step.
  const finishedAt = withResult ? (row.resolved_at ?? row.returned_at) : null;
  return {
    code: row.code,
    source: 'synced',
    agencyCode: row.agency_code,
    procedureCode: row.procedure_code,
    channel: channelOf(row.channel),
    status: row.status,
    receivedAt: row.received_at,
    dueAt: row.due_at,
    finishedAt,
    // Judged as the portal judges its own, without the portal's mark of having gone late.
    outcome: finishedAt && row.due_at ? outcomeOf(finishedAt, row.due_at, null) : null,
    electronicResult: row.electronic_result,
    attachments: null,
    reusedAttachments: null,
    recordedAfterSeconds: row.recorded_after,
    feeRequested: row.fee_requested,
    // A connected system says a fee was paid, not through which channel.
    feePaidOnline: null,
    flaggedEvents: row.flag_count,
  };
}

/**
 * Dossiers filed on the portal (at a counter or by post too), by code. A change is a dossier
 * event (every change of state and amendment writes one) or a fee paid: paying a fee due on
 * filing writes no event, so the payment's own position is read beside the events; the
 * cursor holds both ("<event id>.<payment position>").
 */
export class PortalStatistics implements StatisticsFeed<DossierFact> {
  private readonly repository: DossierStatisticsRepository;

  constructor(db: Queryable) {
    this.repository = new DossierStatisticsRepository(db);
  }

  async changed(cursor: FeedCursor | null, limit: number) {
    checkLimit(limit);
    const positions = decodePositions(cursor, 2);
    const [events = 0, payments = 0] = positions;
    const read = (await this.repository.eventsAfter(events, limit)).map((row) => ({
      source: 0,
      position: row.position,
      key: row.code,
    }));
    // Payments get what the events left of the limit: they are few beside events, and a
    // reader that finds a full answer asks again until it has caught up with both.
    if (read.length < limit) {
      for (const row of await this.repository.feesPaidAfter(payments, limit - read.length)) {
        read.push({ source: 1, position: row.position, key: row.code });
      }
    }
    return feedAnswer(cursor, positions, read);
  }

  async facts(keys: string[]): Promise<DossierFact[]> {
    if (keys.length === 0) return [];
    return (await this.repository.portalFacts(keys)).map(portalFact);
  }

  keys(after: string | null, limit: number): Promise<string[]> {
    return this.repository.portalCodes(after, checkLimit(limit));
  }
}

/**
 * Dossiers connected systems push that were not filed on the portal (those are the portal
 * feed's), by code. A change is an event recorded by status sync, in the order recorded.
 */
export class SyncedStatistics implements StatisticsFeed<DossierFact> {
  private readonly repository: DossierStatisticsRepository;

  constructor(db: Queryable) {
    this.repository = new DossierStatisticsRepository(db);
  }

  changed(cursor: FeedCursor | null, limit: number) {
    return changedByPosition(cursor, limit, (after, most) =>
      this.repository.syncEventsAfter(after, most),
    );
  }

  async facts(keys: string[]): Promise<DossierFact[]> {
    if (keys.length === 0) return [];
    return (await this.repository.syncedFacts(keys)).map(syncedFact);
  }

  keys(after: string | null, limit: number): Promise<string[]> {
    return this.repository.syncedCodes(after, checkLimit(limit));
  }
}

/** Both of the dossiers' feeds, as the module hands them to the monitoring index. */
export function dossierStatistics(db: Queryable): {
  portal: StatisticsFeed<DossierFact>;
  synced: StatisticsFeed<DossierFact>;
} {
  return { portal: new PortalStatistics(db), synced: new SyncedStatistics(db) };
}
