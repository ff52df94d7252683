import { describe, expect, it } from 'vitest';
import { Deltas, rollUp, serviceTransitions, type StoredContribution } from './aggregate.js';

const unitOf = (agency: string) => (agency.startsWith('P01') ? 'province:01' : null);

describe('keeping figures from what facts add', () => {
  it('applies a changed fact as what it adds now less what it added before', () => {
    const before: StoredContribution[] = [
      ['2026-11-03', 'P01.A', 'T1', 2, 'received', 1],
      ['2026-11-03', 'P01.A', 'T1', 2, 'received_online', 1],
    ];
    const after: StoredContribution[] = [
      ...before,
      ['2026-11-10', 'P01.A', 'T1', 2, 'resolved', 1],
      ['2026-11-10', 'P01.A', 'T1', 2, 'resolved_late', 1],
    ];
    const deltas = new Deltas();
    deltas.replace(before, after);
    expect([...deltas.rows()].map((r) => [r.day, r.metric, r.value])).toEqual([
      ['2026-11-10', 'resolved', 1],
      ['2026-11-10', 'resolved_late', 1],
    ]);
    const again = new Deltas();
    again.replace(after, after);
    expect([...again.rows()]).toEqual([]);
  });

  it('rolls days up to month, quarter and year for the agency, its province and the nation', () => {
    const { totals, services } = rollUp(
      [
        {
          agency: 'P01.A',
          day: '2026-11-03',
          procedure: 'T1',
          channel: 2,
          metric: 'received_online',
          value: 2,
        },
        {
          agency: 'P01.B',
          day: '2026-12-01',
          procedure: 'T1',
          channel: 2,
          metric: 'received_online',
          value: 1,
        },
        {
          agency: 'X',
          day: '2026-12-01',
          procedure: 'T2',
          channel: 1,
          metric: 'received',
          value: 5,
        },
      ],
      unitOf,
    );
    const total = (period: string, scope: string, metric: string) =>
      totals.find((t) => t.period === period && t.scope === scope && t.metric === metric)?.value;
    expect(total('2026-11', 'agency:P01.A', 'received_online')).toBe(2);
    expect(total('2026-Q4', 'province:01', 'received_online')).toBe(3);
    expect(total('2026', 'nation', 'received_online')).toBe(3);
    expect(total('2026-12', 'nation', 'received')).toBe(5);
    // An agency of no province or ministry counts for itself and the nation only.
    expect(totals.filter((t) => t.scope === 'province:01' && t.metric === 'received')).toEqual([]);
    // Per service: only the metrics whose presence is counted.
    expect(services.filter((s) => s.period === '2026-Q4').map((s) => [s.agency, s.value])).toEqual([
      ['P01.A', 2],
      ['P01.B', 1],
    ]);
  });

  it('counts a service once when its first dossier arrives and forgets it when its last goes', () => {
    const passed = serviceTransitions(
      [
        {
          period: '2026-11',
          agency: 'P01.A',
          procedure: 'T1',
          metric: 'received_online',
          value: 1,
          before: 0,
        },
        {
          period: '2026-11',
          agency: 'P01.A',
          procedure: 'T2',
          metric: 'received_online',
          value: 3,
          before: 2,
        },
        {
          period: '2026-11',
          agency: 'P01.B',
          procedure: 'T1',
          metric: 'fee_paid_online',
          value: 0,
          before: 1,
        },
      ],
      unitOf,
    );
    const total = (scope: string, metric: string) =>
      passed.find((t) => t.scope === scope && t.metric === metric)?.value;
    expect(total('agency:P01.A', 'services_used_online')).toBe(1);
    expect(total('province:01', 'services_used_online')).toBe(1);
    expect(total('nation', 'services_paid_online')).toBe(-1);
  });
});
