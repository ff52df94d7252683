import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ALL_METRICS } from './metrics.js';

const Text = Type.Object(
  { vi: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
// Checked against ALL_METRICS in definitionProblems, which can then say which name is unknown.
const MetricName = Type.String({ pattern: '^[a-z][a-z_]{0,60}$' });

/**
 * How a criterion's value (0 to 1) is worked out. A ratio adds up its numerator's metrics
 * and divides by its denominator's times `scale` (1000 for metrics kept in thousandths); with
 * nothing to divide by, the criterion has no value for that place and period. A criterion the
 * portal has no input for says so and why.
 */
const Formula = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('ratio'),
      numerator: Type.Array(MetricName, { minItems: 1 }),
      denominator: Type.Array(MetricName, { minItems: 1 }),
      scale: Type.Optional(Type.Integer({ minimum: 1 })),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('unavailable'), reason: Text }, { additionalProperties: false }),
]);

const Criterion = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z][0-9A-Za-z.]{0,9}$' }),
    points: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    name: Text,
    /** Where the figures come from, shown beside the value. */
    source: Text,
    formula: Formula,
  },
  { additionalProperties: false },
);

const Group = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z_]{0,30}$' }),
    points: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    name: Text,
    criteria: Type.Array(Criterion, { minItems: 1 }),
  },
  { additionalProperties: false },
);

const Rating = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z_]{0,20}$' }),
    /** The lowest score (out of 100) that earns it. */
    min: Type.Number({ minimum: 0, maximum: 100 }),
    name: Text,
  },
  { additionalProperties: false },
);

export const IndexDefinitionSchema = Type.Object(
  {
    version: Type.String({ pattern: '^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$' }),
    /** The first day (Vietnam time) of the first period scored by it. */
    effectiveFrom: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    title: Text,
    /** The legal act that sets it. */
    basis: Text,
    groups: Type.Array(Group, { minItems: 1 }),
    ratings: Type.Array(Rating, { minItems: 1 }),
  },
  { additionalProperties: false },
);

const KNOWN = new Set<string>(ALL_METRICS);

/** A definition; its metric names are checked by definitionProblems before it is published. */
export type IndexDefinition = Static<typeof IndexDefinitionSchema>;
export type IndexGroup = IndexDefinition['groups'][number];
export type IndexCriterion = IndexGroup['criteria'][number];
export type IndexFormula = IndexCriterion['formula'];

/**
 * Checks a definition before it is published: its shape, then what the schema cannot say
 * (each group's points are its criteria's, codes are unique, ratings cover 0 to 100).
 * Answers what is wrong, one line each; none when it may be published.
 */
export function definitionProblems(candidate: unknown): string[] {
  const shape = [...Value.Errors(IndexDefinitionSchema, candidate)].map(
    (error) => `${error.path || '/'}: ${error.message}`,
  );
  if (shape.length > 0) return shape.slice(0, 20);
  const definition = candidate as IndexDefinition;
  const problems: string[] = [];
  const codes = new Set<string>();
  for (const group of definition.groups) {
    if (codes.has(group.code)) problems.push(`group ${group.code}: code used twice`);
    codes.add(group.code);
    const sum = group.criteria.reduce((total, criterion) => total + criterion.points, 0);
    if (Math.abs(sum - group.points) > 1e-9) {
      problems.push(
        `group ${group.code}: its criteria add up to ${sum} points, not ${group.points}`,
      );
    }
    for (const criterion of group.criteria) {
      if (codes.has(criterion.code)) problems.push(`criterion ${criterion.code}: code used twice`);
      codes.add(criterion.code);
      const { formula } = criterion;
      const named = formula.kind === 'ratio' ? [...formula.numerator, ...formula.denominator] : [];
      for (const name of named.filter((metric) => !KNOWN.has(metric))) {
        problems.push(`criterion ${criterion.code}: no figure is called ${name}`);
      }
    }
  }
  if (!definition.ratings.some((rating) => rating.min === 0)) {
    problems.push('ratings: one must start at 0, so that every score has a rating');
  }
  return problems;
}

/** The definition in force for a period starting on `firstDay`: the newest one effective by then. */
export function definitionFor(
  definitions: readonly IndexDefinition[],
  firstDay: string,
): IndexDefinition {
  const sorted = [...definitions].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  return sorted.find((definition) => definition.effectiveFrom <= firstDay) ?? sorted.at(-1)!;
}
