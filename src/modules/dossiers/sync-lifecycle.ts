/**
 * Status sync as a pure state machine (ADR 0016). A connected system reports what happened
 * to a dossier it processes; the portal does not decide, it records. Two questions only:
 *
 * - does the event apply? The newest event time wins per dossier: an event older than the
 *   newest applied one never moves the dossier back, but is kept in its history;
 * - is the move possible? A move the national lifecycle cannot make (a returned result
 *   going back to processing) is still applied, and flagged for the monitoring of data
 *   quality.
 *
 * Which moves are possible is derived from the portal's own lifecycle (`lifecycle.ts`):
 * every state it can reach, every action from each, plus the moves in EXTRA_MOVES that a
 * connected system may report in one step where the portal's back office takes several.
 */
import { STATUS } from './codes.js';
import { ACTIONS, RULES, type LifecycleState, type Status, type Steps } from './lifecycle.js';

/** The national status codes a synced dossier can have (never a draft). */
export type SyncStatus = Exclude<Status, typeof STATUS.draft>;
export const SYNC_STATUSES: readonly SyncStatus[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
export const isSyncStatus = (value: number): value is SyncStatus =>
  Number.isInteger(value) && value >= 1 && value <= 10;

/** The one flag today; the events table's CHECK lists the same. */
export type SyncFlag = 'impossible_transition';

/**
 * Moves connected systems report that the portal's back office makes in several steps:
 * received and decided on the spot (a certification done while the applicant waits), with
 * no processing step reported in between.
 */
export const EXTRA_MOVES: readonly (readonly [SyncStatus, SyncStatus])[] = [
  [STATUS.received, STATUS.processed],
];

/** A workflow of two steps, a specialist's then an approver's: enough to walk every rule. */
const STEPS: Steps = [
  { code: 'review', role: 'processor' },
  { code: 'approval', role: 'approver' },
];

const keyOf = (s: LifecycleState) => `${s.status}|${s.step}|${s.resumeStatus}|${s.resumeStep}`;

/** Every move between statuses that the portal's lifecycle can make (a status to itself too). */
export function lifecycleMoves(): Set<string> {
  const start: LifecycleState = { status: 0, step: null, resumeStatus: null, resumeStep: null };
  const seen = new Map([[keyOf(start), start]]);
  const moves = new Set<string>();
  for (const state of seen.values()) {
    for (const action of ACTIONS) {
      const rule = RULES[action];
      if (!rule.roles(state, STEPS)) continue;
      const next = rule.to(state, STEPS);
      if (state.status !== STATUS.draft) moves.add(`${state.status}>${next.status}`);
      // The Map's iterator visits what is added while it runs: a breadth-first walk.
      if (!seen.has(keyOf(next))) seen.set(keyOf(next), next);
    }
  }
  return moves;
}

/** The statuses each status may move to, besides staying where it is. */
export const POSSIBLE_MOVES: Readonly<Record<SyncStatus, readonly SyncStatus[]>> = (() => {
  const moves = lifecycleMoves();
  for (const [from, to] of EXTRA_MOVES) moves.add(`${from}>${to}`);
  const table = {} as Record<SyncStatus, SyncStatus[]>;
  for (const from of SYNC_STATUSES) {
    table[from] = SYNC_STATUSES.filter((to) => to !== from && moves.has(`${from}>${to}`));
  }
  return table;
})();

/** Whether a dossier at `from` can come to be at `to` (staying is always possible). */
export const isPossibleMove = (from: SyncStatus, to: SyncStatus): boolean =>
  from === to || POSSIBLE_MOVES[from].includes(to);

/** What the portal knows of a dossier: its status and its newest applied event's time. */
export interface SyncState {
  status: SyncStatus;
  /** Milliseconds since the epoch; -Infinity for a portal dossier no event has reached. */
  newestAt: number;
}

export interface SyncEvent {
  status: SyncStatus;
  /** Milliseconds since the epoch. */
  at: number;
}

export interface SyncDecision {
  /** The dossier takes the event's status (and its data); false: history only. */
  applies: boolean;
  flag: SyncFlag | null;
}

/**
 * An event against the dossier's state. A dossier seen for the first time takes whatever
 * it is pushed at (a connected system may push it at any point of its life). An event as
 * new as the newest applied one or newer applies (at the same instant, the later arrival
 * wins); an older one does not, and is not judged: the moves around it are not known.
 */
export function decideSync(current: SyncState | null, event: SyncEvent): SyncDecision {
  if (!current) return { applies: true, flag: null };
  if (event.at < current.newestAt) return { applies: false, flag: null };
  return {
    applies: true,
    flag: isPossibleMove(current.status, event.status) ? null : 'impossible_transition',
  };
}
