import type { IndexCriterion, IndexDefinition } from './definition.js';
import type { Figures } from './metrics.js';

/** One criterion for one place and period, with the figures behind it. */
export interface CriterionScore {
  code: string;
  /** 0 to 1; null when there was nothing to measure, or the portal has no input for it. */
  value: number | null;
  points: number | null;
  maxPoints: number;
  /** Why there is no value: nothing to count this period, or no input at all. */
  missing: 'no_data' | 'unavailable' | null;
  numerator: number | null;
  denominator: number | null;
}

export interface GroupScore {
  code: string;
  points: number;
  /** The points of the criteria that have a value. */
  availablePoints: number;
  maxPoints: number;
  criteria: CriterionScore[];
}

export interface IndexScore {
  version: string;
  /** Points earned, out of `availablePoints` (the criteria with a value). */
  points: number;
  availablePoints: number;
  maxPoints: number;
  /** Out of 100: the points over those available, so that a missing input costs nothing. */
  score: number | null;
  rating: string | null;
  groups: GroupScore[];
}

// A name no figure has (a definition published unchecked) counts as nothing.
const sum = (figures: Figures, metrics: readonly string[]) =>
  metrics.reduce((total, metric) => total + ((figures as Record<string, number>)[metric] ?? 0), 0);

const round = (value: number, places: number) => {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
};

export function scoreCriterion(criterion: IndexCriterion, figures: Figures): CriterionScore {
  const { formula } = criterion;
  const base = { code: criterion.code, maxPoints: criterion.points };
  if (formula.kind === 'unavailable') {
    return {
      ...base,
      value: null,
      points: null,
      missing: 'unavailable',
      numerator: null,
      denominator: null,
    };
  }
  const numerator = sum(figures, formula.numerator);
  const denominator = sum(figures, formula.denominator);
  if (denominator <= 0) {
    return { ...base, value: null, points: null, missing: 'no_data', numerator, denominator };
  }
  // A figure past its whole (more on time than resolved, through a late correction) is capped.
  const value = Math.min(1, Math.max(0, numerator / (denominator * (formula.scale ?? 1))));
  return {
    ...base,
    value: round(value, 4),
    points: round(value * criterion.points, 2),
    missing: null,
    numerator,
    denominator,
  };
}

/** The index of one place and period from its figures (docs/monitoring.md, "Scores"). */
export function scoreIndex(definition: IndexDefinition, figures: Figures): IndexScore {
  const groups = definition.groups.map((group): GroupScore => {
    const criteria = group.criteria.map((criterion) => scoreCriterion(criterion, figures));
    const scored = criteria.filter((criterion) => criterion.points !== null);
    return {
      code: group.code,
      points: round(
        scored.reduce((total, c) => total + (c.points ?? 0), 0),
        2,
      ),
      availablePoints: scored.reduce((total, c) => total + c.maxPoints, 0),
      maxPoints: group.points,
      criteria,
    };
  });
  const points = round(
    groups.reduce((total, group) => total + group.points, 0),
    2,
  );
  const availablePoints = groups.reduce((total, group) => total + group.availablePoints, 0);
  const score = availablePoints > 0 ? round((points / availablePoints) * 100, 2) : null;
  return {
    version: definition.version,
    points,
    availablePoints,
    maxPoints: groups.reduce((total, group) => total + group.maxPoints, 0),
    score,
    rating: score === null ? null : ratingOf(definition, score),
    groups,
  };
}

/** The rating a score earns: the one with the highest minimum at or below it. */
export function ratingOf(definition: IndexDefinition, score: number): string {
  const sorted = [...definition.ratings].sort((a, b) => b.min - a.min);
  return (sorted.find((rating) => score >= rating.min) ?? sorted.at(-1)!).code;
}
