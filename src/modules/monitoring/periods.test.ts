import { describe, expect, it } from 'vitest';
import { isCurrent, monthsEndingWith, parsePeriod, periodsOfDay } from './periods.js';

describe('periods of the index', () => {
  it('reads a month, a quarter and a year, with their first and last days', () => {
    expect(parsePeriod('2026-02')).toMatchObject({
      kind: 'month',
      firstDay: '2026-02-01',
      lastDay: '2026-02-28',
    });
    expect(parsePeriod('2024-02')?.lastDay).toBe('2024-02-29');
    expect(parsePeriod('2026-Q4')).toMatchObject({
      kind: 'quarter',
      firstDay: '2026-10-01',
      lastDay: '2026-12-31',
    });
    expect(parsePeriod('2026')).toMatchObject({
      kind: 'year',
      firstDay: '2026-01-01',
      lastDay: '2026-12-31',
    });
  });

  it('refuses anything else', () => {
    for (const bad of [
      '2026-13',
      '2026-00',
      '2026-Q5',
      '26-11',
      '1999',
      '2100',
      '2026-11-01',
      '',
      'x',
    ]) {
      expect(parsePeriod(bad), bad).toBeNull();
    }
  });

  it('puts a day in its month, quarter and year', () => {
    expect(periodsOfDay('2026-11-30').map((p) => p.key)).toEqual(['2026-11', '2026-Q4', '2026']);
    expect(periodsOfDay('2027-01-01').map((p) => p.key)).toEqual(['2027-01', '2027-Q1', '2027']);
  });

  it('lists the months up to a period across a year end', () => {
    expect(monthsEndingWith(parsePeriod('2027-Q1')!, 4).map((p) => p.key)).toEqual([
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
    ]);
  });

  it('knows the period today falls in', () => {
    expect(isCurrent(parsePeriod('2026-12')!, '2026-12-02')).toBe(true);
    expect(isCurrent(parsePeriod('2026-11')!, '2026-12-02')).toBe(false);
  });
});
