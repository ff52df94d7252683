import { describe, expect, it } from 'vitest';
import { DECISION_766_2022 } from './decision-766.js';
import { scoreIndex } from './score.js';
import { ranked, type PlaceScore } from './service.js';

const place = (name: string, onTime: number | null): PlaceScore => {
  // One criterion with figures (P1 on 10 resolved): its share on time is the score.
  const figures = onTime === null ? {} : { resolved: 10, resolved_on_time: onTime };
  return {
    scope: name,
    code: name,
    name,
    nameEn: name,
    figures,
    index: scoreIndex(DECISION_766_2022, figures),
  };
};

describe('ranking places', () => {
  it('gives equal scores one rank, skips as many after, and no rank without a score', () => {
    const order = ranked([
      place('Đắk Lắk', 7),
      place('An Giang', 9),
      place('Cà Mau', null),
      place('Bắc Ninh', 9),
      place('Hà Nội', 10),
    ]).map((p) => [p.name, p.rank]);
    expect(order).toEqual([
      ['Hà Nội', 1],
      ['An Giang', 2],
      ['Bắc Ninh', 2],
      ['Đắk Lắk', 4],
      ['Cà Mau', null],
    ]);
  });
});
