import type { Contribution } from './contributions.js';
import {
  PRESENCE_METRICS,
  SERVICE_METRICS,
  type CountedMetric,
  type ServiceMetric,
} from './metrics.js';
import { periodsOfDay } from './periods.js';

/** The whole country's figures are kept under this scope. */
export const NATION = 'nation';
export const agencyScope = (agencyCode: string) => `agency:${agencyCode}`;

/** Finds the province or ministry (`province:…`, `ministry:…`) an agency belongs to. */
export type UnitOf = (agencyCode: string) => string | null;

/** A stored contribution: [day, agency, procedure, channel, metric, value]. */
export type StoredContribution = [string, string, string, number, CountedMetric, number];

export const store = (c: Contribution): StoredContribution => [
  c.day,
  c.agency,
  c.procedure,
  c.channel,
  c.metric,
  c.value,
];

const SEP = '\u0000';

/** Adds `value` at `key`, dropping keys that come back to zero. */
function add(map: Map<string, number>, key: string, value: number) {
  const next = (map.get(key) ?? 0) + value;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}

/** Changes to the finest figures, keyed by agency, day, procedure, channel and metric. */
export class Deltas {
  readonly counts = new Map<string, number>();

  /** What replacing `before` by `after` changes: a fact that did not change adds nothing. */
  replace(before: readonly StoredContribution[], after: readonly StoredContribution[]) {
    for (const [day, agency, procedure, channel, metric, value] of before) {
      add(this.counts, [agency, day, procedure, channel, metric].join(SEP), -value);
    }
    for (const [day, agency, procedure, channel, metric, value] of after) {
      add(this.counts, [agency, day, procedure, channel, metric].join(SEP), value);
    }
  }

  *rows(): Generator<CountRow> {
    for (const [key, value] of this.counts) yield { ...splitCountKey(key), value };
  }
}

export interface CountRow {
  agency: string;
  day: string;
  procedure: string;
  channel: number;
  metric: CountedMetric;
  value: number;
}

function splitCountKey(key: string): Omit<CountRow, 'value'> {
  const [agency, day, procedure, channel, metric] = key.split(SEP) as [
    string,
    string,
    string,
    string,
    CountedMetric,
  ];
  return { agency, day, procedure, channel: Number(channel), metric };
}

export interface TotalRow {
  period: string;
  scope: string;
  metric: CountedMetric | ServiceMetric;
  value: number;
}
export interface ServiceRow {
  period: string;
  agency: string;
  procedure: string;
  metric: CountedMetric;
  value: number;
}

export const scopesOf = (agency: string, unitOf: UnitOf): string[] => {
  const unit = unitOf(agency);
  return unit ? [agencyScope(agency), unit, NATION] : [agencyScope(agency), NATION];
};

/**
 * Rolls figures by day up to their month, quarter and year, for the agency, its province or
 * ministry and the nation; and, for the metrics whose presence is counted, per service.
 */
export function rollUp(rows: Iterable<CountRow>, unitOf: UnitOf) {
  const totals = new Map<string, number>();
  const services = new Map<string, number>();
  const scopes = new Map<string, string[]>();
  for (const row of rows) {
    let where = scopes.get(row.agency);
    if (!where) scopes.set(row.agency, (where = scopesOf(row.agency, unitOf)));
    const presence = PRESENCE_METRICS.includes(row.metric);
    for (const period of periodsOfDay(row.day)) {
      for (const scope of where) add(totals, [period.key, scope, row.metric].join(SEP), row.value);
      if (presence) {
        add(services, [period.key, row.agency, row.procedure, row.metric].join(SEP), row.value);
      }
    }
  }
  return {
    totals: [...totals].map(([key, value]): TotalRow => {
      const [period, scope, metric] = key.split(SEP) as [string, string, CountedMetric];
      return { period, scope, metric, value };
    }),
    services: [...services].map(([key, value]): ServiceRow => {
      const [period, agency, procedure, metric] = key.split(SEP) as [
        string,
        string,
        string,
        CountedMetric,
      ];
      return { period, agency, procedure, metric, value };
    }),
  };
}

const SERVICE_OF = new Map<CountedMetric, ServiceMetric>(
  Object.entries(SERVICE_METRICS).map(([service, counted]) => [counted, service as ServiceMetric]),
);

/**
 * What a service's figure passing zero changes in the service metrics: one more service with
 * online dossiers when its first arrives, one fewer when its last is corrected away.
 */
export function serviceTransitions(
  changes: Iterable<ServiceRow & { before: number }>,
  unitOf: UnitOf,
): TotalRow[] {
  const totals = new Map<string, number>();
  for (const change of changes) {
    const step = Number(change.value > 0) - Number(change.before > 0);
    if (step === 0) continue;
    const metric = SERVICE_OF.get(change.metric)!;
    for (const scope of scopesOf(change.agency, unitOf)) {
      add(totals, [change.period, scope, metric].join(SEP), step);
    }
  }
  return [...totals].map(([key, value]) => {
    const [period, scope, metric] = key.split(SEP) as [string, string, ServiceMetric];
    return { period, scope, metric, value };
  });
}
