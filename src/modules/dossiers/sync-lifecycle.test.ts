import { describe, expect, it } from 'vitest';
import {
  POSSIBLE_MOVES,
  SYNC_STATUSES,
  decideSync,
  isPossibleMove,
  lifecycleMoves,
  type SyncStatus,
} from './sync-lifecycle.js';

/**
 * The moves a synced dossier may make, written out (docs/dossiers.md has the same table):
 * 3 refused, 7 withdrawn, 8 stopped and 10 returned are final.
 */
const EXPECTED: Record<SyncStatus, SyncStatus[]> = {
  1: [2, 3, 5, 7],
  2: [3, 4, 5, 6, 8, 9],
  3: [],
  4: [5, 6, 8, 9],
  5: [1, 2, 4, 8],
  6: [2, 4, 8],
  7: [],
  8: [],
  9: [10],
  10: [],
};

const T = Date.parse('2026-11-24T02:00:00Z');

describe('the sync state machine', () => {
  it('derives its moves from the portal lifecycle, plus received → processed at once', () => {
    expect(POSSIBLE_MOVES).toEqual(EXPECTED);
    // Every move the lifecycle makes between two statuses is possible in sync.
    for (const move of lifecycleMoves()) {
      const [from, to] = move.split('>').map(Number) as [SyncStatus, SyncStatus];
      expect(isPossibleMove(from, to), move).toBe(true);
    }
  });

  for (const from of SYNC_STATUSES) {
    for (const to of SYNC_STATUSES) {
      const possible = from === to || EXPECTED[from].includes(to);
      it(`${from} → ${to}: ${possible ? 'applies' : 'applies, flagged'} when newer; history only when older`, () => {
        const current = { status: from, newestAt: T };
        expect(decideSync(current, { status: to, at: T + 60_000 })).toEqual({
          applies: true,
          flag: possible ? null : 'impossible_transition',
        });
        // The same instant as the newest: the later arrival wins, judged the same way.
        expect(decideSync(current, { status: to, at: T }).applies).toBe(true);
        // Older: never moves the dossier back, and is not judged.
        expect(decideSync(current, { status: to, at: T - 1 })).toEqual({
          applies: false,
          flag: null,
        });
      });
    }
  }

  it('takes a dossier seen for the first time at any status, unflagged', () => {
    for (const status of SYNC_STATUSES) {
      expect(decideSync(null, { status, at: T })).toEqual({ applies: true, flag: null });
    }
  });

  it('applies the first event to a portal dossier no event has reached yet', () => {
    expect(decideSync({ status: 1, newestAt: -Infinity }, { status: 2, at: 0 })).toEqual({
      applies: true,
      flag: null,
    });
    expect(decideSync({ status: 1, newestAt: -Infinity }, { status: 10, at: 0 })).toEqual({
      applies: true,
      flag: 'impossible_transition',
    });
  });
});
