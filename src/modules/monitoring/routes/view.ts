import type { IndexDefinition } from '../definition.js';
import type { Figures } from '../metrics.js';
import { parsePeriod, type Period } from '../periods.js';
import type { CriterionScore, IndexScore } from '../score.js';
import type { PlaceKind, PlaceScore } from '../service.js';

/**
 * What the pages, the API and the downloads show of a score: the service's figures with the
 * definition's names, sources and reasons beside them, so that all three say the same.
 */
export interface Text {
  vi: string;
  en: string;
}

export interface CriterionView extends CriterionScore {
  name: Text;
  source: Text;
  /** Why the portal has no input for it (`missing: 'unavailable'`); null otherwise. */
  reason: Text | null;
  /** The numerator is kept in 1/scale units (thousandths of a rating or of a time ratio). */
  scale: number;
}

export interface GroupView {
  code: string;
  name: Text;
  points: number;
  availablePoints: number;
  maxPoints: number;
  criteria: CriterionView[];
}

export interface PlaceView {
  scope: string;
  code: string;
  name: string;
  nameEn: string;
  version: string;
  score: number | null;
  rating: { code: string; name: Text } | null;
  points: number;
  availablePoints: number;
  maxPoints: number;
  groups: GroupView[];
  figures: Figures;
}

export interface PeriodView {
  key: string;
  kind: Period['kind'];
  firstDay: string;
  lastDay: string;
  /** The period today falls in: its figures are so far, not final. */
  soFar: boolean;
}

export const PLACE_KINDS: readonly PlaceKind[] = ['province', 'ministry'];
export const isPlaceKind = (value: string): value is PlaceKind =>
  (PLACE_KINDS as readonly string[]).includes(value);

/** A period the pages and the API accept (2000–2099), or null. */
export const periodOf = (key: string | undefined): Period | null =>
  key === undefined ? null : parsePeriod(key.trim());

export function criterionOf(definition: IndexDefinition, code: string) {
  for (const group of definition.groups) {
    const found = group.criteria.find((criterion) => criterion.code === code);
    if (found) return found;
  }
  return null;
}

/** The index with its names: the definition is the one that scored it (`index.version`). */
export function indexView(definition: IndexDefinition, index: IndexScore) {
  const rating = definition.ratings.find((candidate) => candidate.code === index.rating);
  return {
    version: index.version,
    score: index.score,
    rating: rating ? { code: rating.code, name: rating.name } : null,
    points: index.points,
    availablePoints: index.availablePoints,
    maxPoints: index.maxPoints,
    groups: index.groups.map((group): GroupView => {
      const named = definition.groups.find((candidate) => candidate.code === group.code);
      return {
        code: group.code,
        name: named?.name ?? { vi: group.code, en: group.code },
        points: group.points,
        availablePoints: group.availablePoints,
        maxPoints: group.maxPoints,
        criteria: group.criteria.map((score): CriterionView => {
          const criterion = criterionOf(definition, score.code);
          const formula = criterion?.formula;
          return {
            ...score,
            name: criterion?.name ?? { vi: score.code, en: score.code },
            source: criterion?.source ?? { vi: '', en: '' },
            reason: formula?.kind === 'unavailable' ? formula.reason : null,
            scale: formula?.kind === 'ratio' ? (formula.scale ?? 1) : 1,
          };
        }),
      };
    }),
  };
}

export function placeView(definition: IndexDefinition, place: PlaceScore): PlaceView {
  return {
    scope: place.scope,
    code: place.code,
    name: place.name,
    nameEn: place.nameEn,
    ...indexView(definition, place.index),
    figures: place.figures,
  };
}

export function periodView(period: Period, soFar: boolean): PeriodView {
  return {
    key: period.key,
    kind: period.kind,
    firstDay: period.firstDay,
    lastDay: period.lastDay,
    soFar,
  };
}

/** `province:01` → `/statistics/provinces/01`; `ministry:BTP` → `/statistics/ministries/BTP`. */
export function placePath(unit: string): string {
  const [kind, code = ''] = splitUnit(unit);
  return `/statistics/${kind === 'province' ? 'provinces' : 'ministries'}/${encodeURIComponent(code)}`;
}

export const agencyPath = (code: string) => `/statistics/agencies/${encodeURIComponent(code)}`;

function splitUnit(unit: string): [string, string] {
  const colon = unit.indexOf(':');
  return colon < 0 ? [unit, ''] : [unit.slice(0, colon), unit.slice(colon + 1)];
}

/** A place's figures per procedure, as the agency page and the API show them. */
export interface ProcedureView {
  code: string;
  name: string | null;
  nameEn: string | null;
  received: number;
  /** Share of the received filed online, 0 to 1; null with none received. */
  onlineShare: number | null;
  resolved: number;
  /** Share of the resolved that were early or on time, 0 to 1; null with none resolved. */
  onTimeShare: number | null;
  /** Mean days from receipt to result; null with none resolved. */
  averageDays: number | null;
  rated: number;
  /** Mean overall rating on the 0–1 scale (1 to 5 stars is 0 to 1); null with none rated. */
  rating: number | null;
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function procedureView(
  code: string,
  figures: Figures,
  named: { name: string; nameEn: string } | null,
): ProcedureView {
  const f = (metric: keyof Figures) => figures[metric] ?? 0;
  const resolved = f('resolved');
  return {
    code,
    name: named?.name ?? null,
    nameEn: named?.nameEn ?? null,
    received: f('received'),
    onlineShare: share(f('received_online'), f('received')),
    resolved,
    onTimeShare: share(f('resolved_early') + f('resolved_on_time'), resolved),
    averageDays: resolved > 0 ? f('handling_seconds') / resolved / 86_400 : null,
    rated: f('rated'),
    rating: f('rated') > 0 ? f('rating_points_milli') / f('rated') / 1000 : null,
  };
}
