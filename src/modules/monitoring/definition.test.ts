import { describe, expect, it } from 'vitest';
import { DECISION_766_2022 } from './decision-766.js';
import { definitionFor, definitionProblems, type IndexDefinition } from './definition.js';

const copy = (): IndexDefinition => structuredClone(DECISION_766_2022);

describe('the index definition', () => {
  it('ships Decision 766 with its five groups and 100 points', () => {
    expect(definitionProblems(DECISION_766_2022)).toEqual([]);
    expect(DECISION_766_2022.groups.map((g) => [g.code, g.points])).toEqual([
      ['transparency', 18],
      ['progress', 20],
      ['digitisation', 22],
      ['online', 22],
      ['satisfaction', 18],
    ]);
    expect(DECISION_766_2022.groups.reduce((sum, g) => sum + g.points, 0)).toBe(100);
  });

  it('refuses a version whose criteria do not add up to their group, or that names an unknown figure', () => {
    const uneven = copy();
    uneven.groups[0]!.criteria[0]!.points = 7;
    expect(definitionProblems(uneven)).toEqual([
      'group transparency: its criteria add up to 19 points, not 18',
    ]);
    const unknown = copy() as unknown as {
      groups: { criteria: { formula: { numerator: string[] } }[] }[];
    };
    unknown.groups[1]!.criteria[0]!.formula.numerator = ['dossiers_handled_by_magic'];
    expect(definitionProblems(unknown)).toEqual([
      'criterion P1: no figure is called dossiers_handled_by_magic',
    ]);
    expect(definitionProblems({ version: 'x' })).not.toEqual([]);
  });

  it('refuses codes used twice and ratings that leave low scores without a name', () => {
    const twice = copy();
    twice.groups[1]!.criteria[0]!.code = 'T1';
    expect(definitionProblems(twice)).toContain('criterion T1: code used twice');
    const gap = copy();
    gap.ratings = gap.ratings.filter((rating) => rating.min > 0);
    expect(definitionProblems(gap)).toContain(
      'ratings: one must start at 0, so that every score has a rating',
    );
  });

  it('scores a period by the newest version in force on its first day', () => {
    const next = { ...copy(), version: '2027', effectiveFrom: '2027-01-01' };
    expect(definitionFor([DECISION_766_2022, next], '2026-12-01').version).toBe('766-2022');
    expect(definitionFor([DECISION_766_2022, next], '2027-01-01').version).toBe('2027');
  });
});
