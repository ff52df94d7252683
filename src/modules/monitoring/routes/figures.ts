import { agencyScope, NATION } from '../aggregate.js';
import type { Period } from '../periods.js';
import type { MonitoringService, PlaceKind } from '../service.js';
import {
  indexView,
  periodView,
  placeView,
  procedureView,
  type PeriodView,
  type PlaceView,
  type ProcedureView,
} from './view.js';

/** Names of procedures by code, when the caller can give them (the catalog's); else codes. */
export type ProcedureNames = (code: string) => Promise<{ name: string; nameEn: string } | null>;

export interface DefinitionSummary {
  version: string;
  effectiveFrom: string;
  title: { vi: string; en: string };
  basis: { vi: string; en: string };
}

export interface Ranking {
  period: PeriodView;
  kind: PlaceKind;
  definition: DefinitionSummary;
  nation: PlaceView;
  places: (PlaceView & { rank: number | null })[];
}

export interface TrendPoint {
  period: PeriodView;
  score: number | null;
  rating: PlaceView['rating'];
  points: number;
  availablePoints: number;
  groups: { code: string; points: number; availablePoints: number; maxPoints: number }[];
}

export interface PlaceFigures {
  period: PeriodView;
  definition: DefinitionSummary;
  place: PlaceView;
  /** The province or ministry it belongs to (an agency's); null for a province or ministry. */
  unit: { code: string; name: string; nameEn: string } | null;
  agencies: (PlaceView & { rank: number | null })[];
  procedures: ProcedureView[];
  trend: TrendPoint[];
}

/** How many months a trend shows unless asked for another number. */
export const TREND_MONTHS = 12;

async function context(monitoring: MonitoringService, period: Period) {
  const definition = await monitoring.definition(period);
  const summary: DefinitionSummary = {
    version: definition.version,
    effectiveFrom: definition.effectiveFrom,
    title: definition.title,
    basis: definition.basis,
  };
  return { definition, summary, period: periodView(period, monitoring.isSoFar(period)) };
}

export async function ranking(
  monitoring: MonitoringService,
  period: Period,
  kind: PlaceKind,
): Promise<Ranking> {
  const [{ definition, summary, period: shown }, places, nation] = await Promise.all([
    context(monitoring, period),
    monitoring.ranking(period, kind),
    monitoring.nation(period),
  ]);
  return {
    period: shown,
    kind,
    definition: summary,
    nation: placeView(definition, nation),
    places: places.map((place) => ({ ...placeView(definition, place), rank: place.rank })),
  };
}

export async function trend(
  monitoring: MonitoringService,
  scope: string,
  period: Period,
  months = TREND_MONTHS,
): Promise<TrendPoint[]> {
  const [points, definitions] = await Promise.all([
    monitoring.trend(scope, period, months),
    monitoring.definitions(),
  ]);
  return points.map(({ period: month, index }) => {
    // Each month is named by the version that scored it.
    const definition =
      definitions.find((candidate) => candidate.version === index.version) ?? definitions[0]!;
    const view = indexView(definition, index);
    return {
      period: periodView(month, monitoring.isSoFar(month)),
      score: view.score,
      rating: view.rating,
      points: view.points,
      availablePoints: view.availablePoints,
      groups: view.groups.map(({ code, points, availablePoints, maxPoints }) => ({
        code,
        points,
        availablePoints,
        maxPoints,
      })),
    };
  });
}

/** A province or ministry: its score, its agencies ranked, its trend; null if unknown. */
export async function place(
  monitoring: MonitoringService,
  period: Period,
  unitCode: string,
): Promise<PlaceFigures | null> {
  const [found, { definition, summary, period: shown }] = await Promise.all([
    monitoring.unit(period, unitCode),
    context(monitoring, period),
  ]);
  if (!found) return null;
  return {
    period: shown,
    definition: summary,
    place: placeView(definition, found.unit),
    unit: null,
    agencies: found.agencies.map((agency) => ({
      ...placeView(definition, agency),
      rank: agency.rank,
    })),
    procedures: [],
    trend: await trend(monitoring, unitCode, period),
  };
}

/** An agency: its score, its figures per procedure, its trend; null if unknown. */
export async function agency(
  monitoring: MonitoringService,
  period: Period,
  code: string,
  names: ProcedureNames,
): Promise<PlaceFigures | null> {
  const [found, { definition, summary, period: shown }, units] = await Promise.all([
    monitoring.agency(period, code),
    context(monitoring, period),
    monitoring.units(),
  ]);
  if (!found) return null;
  const unit = units.units.find((candidate) => candidate.code === found.unitCode);
  const [procedures, points] = await Promise.all([
    Promise.all(
      found.procedures.map(async (p) =>
        procedureView(p.code, p.figures, await names(p.code).catch(() => null)),
      ),
    ),
    trend(monitoring, agencyScope(code), period),
  ]);
  return {
    period: shown,
    definition: summary,
    place: placeView(definition, found.agency),
    unit: unit ? { code: unit.code, name: unit.name, nameEn: unit.nameEn } : null,
    agencies: [],
    procedures,
    trend: points,
  };
}

export async function nation(monitoring: MonitoringService, period: Period) {
  const [{ definition, summary, period: shown }, score] = await Promise.all([
    context(monitoring, period),
    monitoring.nation(period),
  ]);
  return { period: shown, definition: summary, place: placeView(definition, score) };
}

/**
 * Whether a trend's scope is one the index keeps: the nation, a province or ministry, or an
 * agency (`agency:<code>`).
 */
export async function knownScope(monitoring: MonitoringService, scope: string): Promise<boolean> {
  if (scope === NATION) return true;
  const units = await monitoring.units();
  if (scope.startsWith('agency:')) {
    const code = scope.slice('agency:'.length);
    return units.agencies.some((agency) => agency.code === code);
  }
  return units.units.some((unit) => unit.code === scope);
}
