/**
 * What one batch does to one dossier, decided without I/O: its new events in time order go
 * through the sync state machine against what the portal knows (locked for the batch), and
 * the dossier's values are merged from them. The service reads, plans and writes.
 */
import type { DossierRow } from './rows.js';
import type { Fee, ItemProblem, ParsedItem, ResultFile, Supplement } from './sync-items.js';
import { decideSync, type SyncFlag, type SyncState, type SyncStatus } from './sync-lifecycle.js';

/** A synced dossier as the database holds it. */
export interface SyncedRow {
  code: string;
  dossier_id: string | null;
  client_id: string;
  procedure_code: string;
  agency_code: string;
  channel: number;
  applicant_name: string;
  applicant_id_number: string;
  status: SyncStatus;
  last_event_at: Date;
  received_at: Date | null;
  due_at: Date | null;
  returned_at: Date | null;
  fees: Fee[];
  supplements: Supplement[];
  results: ResultFile[];
  flag_count: number;
  last_flag: SyncFlag | null;
  last_flag_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A synced dossier as a batch reads it, locked: its times in milliseconds since the epoch. */
export interface LockedRow extends Omit<
  SyncedRow,
  | 'last_event_at'
  | 'received_at'
  | 'due_at'
  | 'returned_at'
  | 'last_flag_at'
  | 'created_at'
  | 'updated_at'
> {
  last_event_at: number;
  received_at: number | null;
  due_at: number | null;
  returned_at: number | null;
  last_flag_at: number | null;
}

/** A synced dossier's values as a batch leaves them (times in milliseconds). */
export interface SyncedValues {
  clientId: string;
  procedureCode: string | null;
  agencyCode: string | null;
  channel: number | null;
  applicantName: string | null;
  applicantIdNumber: string | null;
  status: SyncStatus;
  newestAt: number;
  receivedAt: number | null;
  dueAt: number | null;
  returnedAt: number | null;
  fees: Fee[];
  supplements: Supplement[];
  results: ResultFile[];
  flagCount: number;
  lastFlag: SyncFlag | null;
  lastFlagAt: number | null;
}

export interface PlannedEvent {
  item: ParsedItem;
  applied: boolean;
  flag: SyncFlag | null;
  /** The status it moved the dossier from, when applied. */
  fromStatus: SyncStatus | null;
}

export interface CodePlan {
  code: string;
  /** No synced row yet: one is inserted. */
  create: boolean;
  portal: DossierRow | null;
  /** The status before the batch; null for a dossier the portal did not know. */
  before: SyncStatus | null;
  values: SyncedValues;
  events: PlannedEvent[];
  /** Any event applied, or an older one filled a value still missing: the row is written. */
  changed: boolean;
  /**
   * More than its status, times, flags and due date changed (procedure, agency, channel,
   * applicant, received or returned time, fees, supplements, results): the whole row is.
   */
  detailsChanged: boolean;
  /** The newest applied event, when any applied. */
  newest: ParsedItem | null;
  /** Files named by the events applied that the dossier did not have (new results). */
  newResults: ResultFile[];
}

export type CodeOutcome = { plan: CodePlan } | { refused: ItemProblem };

const ms = (date: Date | null) => (date ? date.getTime() : null);

/** The values an event may change besides the dossier's status, times, flags and due date. */
const DETAILS = [
  'procedureCode',
  'agencyCode',
  'channel',
  'applicantName',
  'applicantIdNumber',
  'receivedAt',
  'returnedAt',
  'fees',
  'supplements',
  'results',
] as const;

/** What the portal knows of a dossier before the batch, as values to merge into. */
function startingValues(synced: LockedRow | undefined, portal: DossierRow | null) {
  if (synced) {
    return {
      clientId: synced.client_id,
      procedureCode: synced.procedure_code,
      agencyCode: synced.agency_code,
      channel: synced.channel,
      applicantName: synced.applicant_name,
      applicantIdNumber: synced.applicant_id_number,
      // A portal dossier's own status stands: it may have moved on the portal since.
      status: (portal?.status ?? synced.status) as SyncStatus,
      newestAt: synced.last_event_at,
      receivedAt: synced.received_at,
      dueAt: synced.due_at,
      returnedAt: synced.returned_at,
      fees: synced.fees,
      supplements: synced.supplements,
      results: synced.results,
      flagCount: synced.flag_count,
      lastFlag: synced.last_flag,
      lastFlagAt: synced.last_flag_at,
    };
  }
  return {
    procedureCode: portal?.procedure_code ?? null,
    agencyCode: portal?.agency_code ?? null,
    channel: portal?.channel ?? null,
    applicantName: portal?.applicant_name ?? null,
    applicantIdNumber: portal?.applicant_id_number ?? null,
    receivedAt: null,
    dueAt: ms(portal?.due_at ?? null),
    returnedAt: null,
    fees: [],
    supplements: [],
    results: [],
    flagCount: 0,
    lastFlag: null,
    lastFlagAt: null,
  };
}

/**
 * One value of an event over the dossier's: taken when the event applies, else only when the
 * dossier has none yet (answers whether it filled one that way).
 */
function put<K extends keyof SyncedValues>(
  values: SyncedValues,
  key: K,
  value: SyncedValues[K] | undefined,
  applies: boolean,
): boolean {
  if (value === undefined) return false;
  if (!applies) {
    const held = values[key];
    if (held !== null && !(Array.isArray(held) && held.length === 0)) return false;
  }
  values[key] = value;
  return !applies;
}

/** An event's values over the dossier's: all it gives when it applies, else only what is missing. */
function merge(
  values: SyncedValues,
  item: ParsedItem,
  applies: boolean,
  files: ReadonlyMap<string, Omit<ResultFile, 'fileName' | 'sha256'>>,
  portal: boolean,
): boolean {
  let filled = false;
  // A portal dossier's procedure, agency and applicant are the portal's own.
  if (!portal) {
    filled = put(values, 'procedureCode', item.procedureCode, applies) || filled;
    filled = put(values, 'agencyCode', item.agencyCode, applies) || filled;
    filled = put(values, 'channel', item.channel, applies) || filled;
    filled = put(values, 'applicantName', item.applicant?.name, applies) || filled;
    filled = put(values, 'applicantIdNumber', item.applicant?.idNumber, applies) || filled;
  }
  filled = put(values, 'receivedAt', item.receivedAt, applies) || filled;
  filled = put(values, 'dueAt', item.dueAt, applies) || filled;
  filled = put(values, 'returnedAt', item.returnedAt, applies) || filled;
  filled = put(values, 'fees', item.fees, applies) || filled;
  filled = put(values, 'supplements', item.supplements, applies) || filled;
  const results = item.results?.map((r) => ({ ...r, ...files.get(r.sha256)! }));
  return put(values, 'results', results, applies) || filled;
}

const REQUIRED: (keyof SyncedValues)[] = [
  'procedureCode',
  'agencyCode',
  'channel',
  'applicantName',
  'applicantIdNumber',
  'receivedAt',
];

/**
 * One dossier's new events (not duplicates, already checked one by one) in one batch:
 * each applies or joins the history by the state machine, in time order; the dossier's
 * values are merged from them. Refused whole when the client may not act for the dossier's
 * agency, or when a dossier the portal does not know is pushed without what it must say
 * the first time (procedure, agency, channel, applicant, received time).
 */
export function planCode(input: {
  code: string;
  items: ParsedItem[];
  synced: LockedRow | undefined;
  portal: DossierRow | null;
  clientId: string;
  mayActFor: (agencyCode: string) => boolean;
  files: ReadonlyMap<string, Omit<ResultFile, 'fileName' | 'sha256'>>;
}): CodeOutcome {
  const { synced, portal } = input;
  const agency = synced?.agency_code ?? portal?.agency_code;
  if (agency !== undefined && !input.mayActFor(agency)) {
    const other = portal?.handling_agency_code;
    if (!other || !input.mayActFor(other)) {
      return { refused: { code: 'agency_not_allowed', params: { agencyCode: agency } } };
    }
  }
  const items =
    input.items.length === 1
      ? input.items
      : [...input.items].sort((a, b) => a.at - b.at || a.index - b.index);
  const known = synced !== undefined || portal !== null;
  const before = known ? ((portal?.status ?? synced!.status) as SyncStatus) : null;
  let state: SyncState | null = known
    ? { status: before!, newestAt: synced ? synced.last_event_at : -Infinity }
    : null;
  const start = startingValues(synced, portal);
  const values = {
    clientId: input.clientId,
    status: before ?? items[0]!.status,
    newestAt: state?.newestAt ?? items[0]!.at,
    ...start,
  } as SyncedValues;
  const events: PlannedEvent[] = [];
  let changed = !synced;
  let newest: ParsedItem | null = null;
  for (const item of items) {
    const decision = decideSync(state, item);
    if (decision.applies) {
      events.push({ item, applied: true, flag: decision.flag, fromStatus: state?.status ?? null });
      values.status = item.status;
      values.newestAt = item.at;
      values.clientId = input.clientId;
      if (decision.flag) {
        values.flagCount += 1;
        values.lastFlag = decision.flag;
        values.lastFlagAt = item.at;
      }
      state = { status: item.status, newestAt: item.at };
      newest = item;
      changed = true;
    } else {
      events.push({ item, applied: false, flag: null, fromStatus: null });
    }
    changed = merge(values, item, decision.applies, input.files, portal !== null) || changed;
  }
  const missing = portal ? [] : REQUIRED.filter((key) => values[key] === null);
  if (missing.length > 0) {
    return { refused: { code: 'incomplete_dossier', params: { fields: missing.join(', ') } } };
  }
  const had = new Set(synced?.results.map((r) => r.sha256));
  return {
    plan: {
      code: input.code,
      create: !synced,
      portal,
      before,
      values,
      events,
      changed,
      detailsChanged: !synced || DETAILS.some((key) => values[key] !== start[key]),
      newest,
      newResults:
        values.results.length === 0 ? [] : values.results.filter((r) => !had.has(r.sha256)),
    },
  };
}
