import {
  Deltas,
  rollUp,
  serviceTransitions,
  store,
  type CountRow,
  type TotalRow,
  type UnitOf,
} from './aggregate.js';
import type { IndexFeed } from './ingest.js';
import type { MonitoringRepository } from './repository.js';

/** Keys read per page of a feed during a recomputation. */
const PAGE = 1000;
const SHOWN = 20;

export interface Disagreement {
  table: 'monitoring_counts' | 'monitoring_totals';
  key: string;
  kept: number;
  recomputed: number;
}

export interface RecomputeReport {
  facts: number;
  countRows: number;
  totalRows: number;
  /** How many figures differ, and the first few of them. */
  disagreements: number;
  examples: Disagreement[];
}

const countKey = (r: CountRow) => `${r.agency}|${r.day}|${r.procedure}|${r.channel}|${r.metric}`;
const totalKey = (r: TotalRow) => `${r.period}|${r.scope}|${r.metric}`;

function compare<R>(
  table: Disagreement['table'],
  kept: R[],
  recomputed: R[],
  keyOf: (row: R) => string,
  valueOf: (row: R) => number,
  report: RecomputeReport,
) {
  const expected = new Map(recomputed.map((row) => [keyOf(row), valueOf(row)]));
  const seen = new Set<string>();
  const differ = (key: string, keptValue: number, recomputedValue: number) => {
    report.disagreements += 1;
    if (report.examples.length < SHOWN) {
      report.examples.push({ table, key, kept: keptValue, recomputed: recomputedValue });
    }
  };
  for (const row of kept) {
    const key = keyOf(row);
    seen.add(key);
    const value = expected.get(key) ?? 0;
    if (value !== valueOf(row)) differ(key, valueOf(row), value);
  }
  for (const [key, value] of expected) if (!seen.has(key)) differ(key, 0, value);
}

/**
 * Works every figure out again from the owners' facts as they are now, the slow way (every
 * dossier, rating and feedback item), and compares it with what the ingest kept: the check
 * that the incremental figures are right (`npm run monitoring -- check`). Run it after an
 * ingest, when nothing is left to take in.
 */
export async function recompute(
  repository: MonitoringRepository,
  feeds: readonly IndexFeed[],
  unitOf: UnitOf,
): Promise<RecomputeReport> {
  const deltas = new Deltas();
  let facts = 0;
  for (const feed of feeds) {
    let after: string | null = null;
    for (;;) {
      const keys = await feed.feed.keys(after, PAGE);
      if (keys.length === 0) break;
      for (const fact of await feed.feed.facts(keys)) {
        deltas.replace([], feed.contributions(fact).map(store));
        facts += 1;
      }
      after = keys.at(-1)!;
    }
  }
  const counts = [...deltas.rows()];
  const { totals, services } = rollUp(counts, unitOf);
  const present = services.map((row) => ({ ...row, before: 0 }));
  const expectedTotals = [...totals, ...serviceTransitions(present, unitOf)];
  const report: RecomputeReport = {
    facts,
    countRows: counts.length,
    totalRows: expectedTotals.length,
    disagreements: 0,
    examples: [],
  };
  compare(
    'monitoring_counts',
    await repository.allCounts(),
    counts,
    countKey,
    (r) => r.value,
    report,
  );
  compare(
    'monitoring_totals',
    await repository.allTotals(),
    expectedTotals,
    totalKey,
    (r) => r.value,
    report,
  );
  return report;
}
