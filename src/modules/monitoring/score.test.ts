import { describe, expect, it } from 'vitest';
import { DECISION_766_2022 } from './decision-766.js';
import { ratingOf, scoreIndex } from './score.js';

describe('scoring', () => {
  it('gives a criterion its share of points, and none without anything to measure', () => {
    const index = scoreIndex(DECISION_766_2022, {
      resolved: 4,
      resolved_early: 1,
      resolved_on_time: 2,
    });
    const progress = index.groups.find((g) => g.code === 'progress')!;
    // P1: 3 of 4 resolved early or on time = 0.75 of 12 points.
    expect(progress.criteria[0]).toMatchObject({
      value: 0.75,
      points: 9,
      numerator: 3,
      denominator: 4,
    });
    // P2 has no time ratios counted: 0 of 4 thousandths-scaled, a value of 0, not "no data".
    expect(progress.criteria[1]).toMatchObject({ value: 0, points: 0 });
    const transparency = index.groups.find((g) => g.code === 'transparency')!;
    expect(transparency.criteria.every((c) => c.missing === 'no_data' && c.points === null)).toBe(
      true,
    );
  });

  it('says which criterion has no input at all', () => {
    const index = scoreIndex(DECISION_766_2022, {});
    const s3 = index.groups.at(-1)!.criteria.find((c) => c.code === 'S3')!;
    expect(s3).toMatchObject({ missing: 'unavailable', value: null, points: null });
    expect(index).toMatchObject({ points: 0, availablePoints: 0, score: null, rating: null });
  });

  it('scores out of 100 over the points available', () => {
    // Resolved dossiers give P1, P2 and D1 (electronic results, 8 points) something to
    // measure: 9 + 8 + 8 = 25 of 28 = 89.29 out of 100.
    const index = scoreIndex(DECISION_766_2022, {
      resolved: 4,
      resolved_early: 1,
      resolved_on_time: 2,
      time_ratio_milli: 4000,
      result_electronic: 4,
    });
    expect(index).toMatchObject({
      points: 25,
      availablePoints: 28,
      maxPoints: 100,
      score: 89.29,
      rating: 'good',
    });
  });

  it('caps a value at its whole', () => {
    const index = scoreIndex(DECISION_766_2022, { received: 1, received_online: 2 });
    const o3 = index.groups
      .find((g) => g.code === 'online')!
      .criteria.find((c) => c.code === 'O3')!;
    expect(o3.value).toBe(1);
  });

  it('names the rating by its thresholds: excellent from 90, weak below 50', () => {
    expect(ratingOf(DECISION_766_2022, 100)).toBe('excellent');
    expect(ratingOf(DECISION_766_2022, 90)).toBe('excellent');
    expect(ratingOf(DECISION_766_2022, 89.99)).toBe('good');
    expect(ratingOf(DECISION_766_2022, 70)).toBe('good');
    expect(ratingOf(DECISION_766_2022, 50)).toBe('average');
    expect(ratingOf(DECISION_766_2022, 49.99)).toBe('weak');
    expect(ratingOf(DECISION_766_2022, 0)).toBe('weak');
  });
});
