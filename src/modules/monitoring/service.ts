import { vietnamDate, type Clock } from '../../platform/clock.js';
import type { CatalogService, MonitoringUnits, ProcedureStatistic } from '../catalog/index.js';
import type { AccountStatistics } from '../identity/index.js';
import { NATION, agencyScope } from './aggregate.js';
import { catalogFigures } from './catalog-figures.js';
import { DECISION_766_2022 } from './decision-766.js';
import { definitionFor, type IndexDefinition } from './definition.js';
import { COUNTED_METRICS, type Figures, type Metric } from './metrics.js';
import { isCurrent, monthsEndingWith, periodsOfDay, type Period } from './periods.js';
import type { MonitoringRepository, TotalsRead } from './repository.js';
import { scoreIndex, type IndexScore } from './score.js';

export type PlaceKind = 'province' | 'ministry';

/** A place's index for a period, with the figures it was worked out from. */
export interface PlaceScore {
  scope: string;
  code: string;
  name: string;
  nameEn: string;
  index: IndexScore;
  figures: Figures;
}

export interface ProcedureFigures {
  code: string;
  figures: Figures;
}

/**
 * Places best first (those without a score last, by name); equal scores share a rank and the
 * next place skips as many (1, 2, 2, 4); a place without a score has none.
 */
export function ranked(places: PlaceScore[]): (PlaceScore & { rank: number | null })[] {
  const sorted = [...places].sort(
    (a, b) => (b.index.score ?? -1) - (a.index.score ?? -1) || a.name.localeCompare(b.name, 'vi'),
  );
  let rank = 0;
  return sorted.map((place, i) => {
    if (place.index.score === null) return { ...place, rank: null };
    if (i === 0 || sorted[i - 1]!.index.score !== place.index.score) rank = i + 1;
    return { ...place, rank };
  });
}

const byScope = (rows: TotalsRead[]) => {
  const out = new Map<string, Map<string, Figures>>();
  for (const row of rows) {
    let periods = out.get(row.scope);
    if (!periods) out.set(row.scope, (periods = new Map()));
    const figures = periods.get(row.period) ?? {};
    figures[row.metric as Metric] = row.value;
    periods.set(row.period, figures);
  }
  return out;
};

/**
 * The index read back (docs/monitoring.md): scores of provinces, ministries, agencies and the
 * nation for a month, quarter or year, from the totals the ingest keeps, the catalog's
 * figures and the definition in force. A page reads a few hundred rows, never the dossiers.
 */
export class MonitoringService {
  private published: Promise<IndexDefinition[]> | null = null;
  private live: { at: number; value: Promise<LiveFigures> } | null = null;
  private catalogMemo: {
    key: [ProcedureStatistic[], MonitoringUnits];
    figures: Map<string, Figures>;
  } | null = null;

  constructor(
    private readonly repository: MonitoringRepository,
    private readonly clock: Clock,
    private readonly deps: { catalog: CatalogService; accounts: AccountStatistics },
  ) {}

  today(): string {
    return vietnamDate(this.clock.now());
  }

  /** The current month: "so far this month". */
  currentMonth(): Period {
    return periodsOfDay(this.today())[0];
  }

  isSoFar(period: Period): boolean {
    return isCurrent(period, this.today());
  }

  async definitions(): Promise<IndexDefinition[]> {
    this.published ??= this.repository.definitions().catch((error: unknown) => {
      this.published = null;
      throw error;
    });
    return [DECISION_766_2022, ...(await this.published)];
  }

  async definition(period: Period): Promise<IndexDefinition> {
    return definitionFor(await this.definitions(), period.firstDay);
  }

  /** Forgets the published versions (after one more is published). */
  forgetDefinitions(): void {
    this.published = null;
  }

  units(): Promise<MonitoringUnits> {
    return this.deps.catalog.monitoringUnits();
  }

  private async catalogFigures(): Promise<Map<string, Figures>> {
    const [procedures, units] = await Promise.all([
      this.deps.catalog.procedureStatistics(),
      this.deps.catalog.monitoringUnits(),
    ]);
    const memo = this.catalogMemo;
    if (memo && memo.key[0] === procedures && memo.key[1] === units) return memo.figures;
    const figures = catalogFigures(procedures, units.agencies);
    this.catalogMemo = { key: [procedures, units], figures };
    return figures;
  }

  private async score(
    period: Period,
    places: { scope: string; code: string; name: string; nameEn: string }[],
  ): Promise<PlaceScore[]> {
    const [definition, catalog, rows] = await Promise.all([
      this.definition(period),
      this.catalogFigures(),
      this.repository.totals(
        places.map((place) => place.scope),
        [period.key],
      ),
    ]);
    const figures = byScope(rows);
    return places.map((place) => {
      const all = { ...catalog.get(place.scope), ...figures.get(place.scope)?.get(period.key) };
      return { ...place, figures: all, index: scoreIndex(definition, all) };
    });
  }

  /** Provinces or ministries ranked by score (those without a score last, by name). */
  async ranking(
    period: Period,
    kind: PlaceKind,
  ): Promise<(PlaceScore & { rank: number | null })[]> {
    const units = await this.units();
    const scored = await this.score(
      period,
      units.units
        .filter((unit) => unit.kind === kind)
        .map((unit) => ({
          scope: unit.code,
          code: unit.code,
          name: unit.name,
          nameEn: unit.nameEn,
        })),
    );
    return ranked(scored);
  }

  async nation(period: Period): Promise<PlaceScore> {
    const [nation] = await this.score(period, [
      { scope: NATION, code: NATION, name: 'Cả nước', nameEn: 'Nationwide' },
    ]);
    return nation!;
  }

  /** A province or ministry with each of its agencies that has figures or procedures. */
  async unit(
    period: Period,
    unitCode: string,
  ): Promise<{ unit: PlaceScore; agencies: (PlaceScore & { rank: number | null })[] } | null> {
    const units = await this.units();
    const unit = units.units.find((candidate) => candidate.code === unitCode);
    if (!unit) return null;
    const agencies = units.agencies.filter((agency) => agency.unit === unitCode);
    const [own, ...rest] = await this.score(period, [
      { scope: unit.code, code: unit.code, name: unit.name, nameEn: unit.nameEn },
      ...agencies.map((agency) => ({
        scope: agencyScope(agency.code),
        code: agency.code,
        name: agency.name,
        nameEn: agency.nameEn,
      })),
    ]);
    // Only agencies with something counted in the period: a province has hundreds that
    // receive procedures, most of them wards with no dossier this month.
    const active = rest.filter((agency) =>
      COUNTED_METRICS.some((metric) => (agency.figures[metric] ?? 0) > 0),
    );
    return { unit: own!, agencies: ranked(active) };
  }

  /** One agency's index, and its figures per procedure (the numbers behind its score). */
  async agency(
    period: Period,
    agencyCode: string,
  ): Promise<{
    agency: PlaceScore;
    unitCode: string | null;
    procedures: ProcedureFigures[];
  } | null> {
    const units = await this.units();
    const found = units.agencies.find((agency) => agency.code === agencyCode);
    if (!found) return null;
    const [scored, rows] = await Promise.all([
      this.score(period, [
        {
          scope: agencyScope(found.code),
          code: found.code,
          name: found.name,
          nameEn: found.nameEn,
        },
      ]),
      this.repository.procedureFigures(found.code, period.firstDay, period.lastDay),
    ]);
    const procedures = new Map<string, Figures>();
    for (const row of rows) {
      const figures = procedures.get(row.procedure_code) ?? {};
      figures[row.metric as Metric] = row.value;
      procedures.set(row.procedure_code, figures);
    }
    return {
      agency: scored[0]!,
      unitCode: found.unit,
      procedures: [...procedures]
        .map(([code, figures]) => ({ code, figures }))
        .sort(
          (a, b) =>
            (b.figures.received ?? 0) - (a.figures.received ?? 0) || a.code.localeCompare(b.code),
        ),
    };
  }

  /** A place's score month by month, up to `period`'s last month. */
  async trend(
    scope: string,
    period: Period,
    months = 12,
  ): Promise<{ period: Period; index: IndexScore }[]> {
    const list = monthsEndingWith(period, months);
    const [catalog, rows, definitions] = await Promise.all([
      this.catalogFigures(),
      this.repository.totals(
        [scope],
        list.map((month) => month.key),
      ),
      this.definitions(),
    ]);
    const figures = byScope(rows).get(scope);
    return list.map((month) => {
      const all = { ...catalog.get(scope), ...figures?.get(month.key) };
      return { period: month, index: scoreIndex(definitionFor(definitions, month.firstDay), all) };
    });
  }

  /** The home page's national figures, read again at most every LIVE_FIGURES_MS. */
  liveFigures(): Promise<LiveFigures> {
    const now = this.clock.now().getTime();
    if (!this.live || now - this.live.at >= LIVE_FIGURES_MS) {
      const value = this.readLiveFigures();
      this.live = { at: now, value };
      value.catch(() => {
        if (this.live?.value === value) this.live = null;
      });
    }
    return this.live.value;
  }

  /** The home page's national figures, this year and since the portal began. */
  private async readLiveFigures(): Promise<LiveFigures> {
    const year = periodsOfDay(this.today())[2];
    const [rows, accounts] = await Promise.all([
      this.repository.yearTotals(
        NATION,
        LIVE_METRICS,
        Array.from({ length: year.year - FIRST_YEAR + 1 }, (_, i) => String(FIRST_YEAR + i)),
      ),
      this.deps.accounts.accountCounts(new Date(`${year.firstDay}T00:00:00+07:00`)),
    ]);
    const pick = (predicate: (period: string) => boolean) => {
      const out: Record<(typeof LIVE_METRICS)[number], number> = {
        received: 0,
        received_online: 0,
        synced: 0,
        fee_paid_online: 0,
      };
      for (const row of rows)
        if (predicate(row.period)) out[row.metric as (typeof LIVE_METRICS)[number]] += row.value;
      return out;
    };
    return {
      year: year.year,
      accounts,
      thisYear: pick((period) => period === year.key),
      total: pick(() => true),
    };
  }
}

/** The first year periods are kept for (periods.ts reads 2000 to 2099). */
const FIRST_YEAR = 2000;

/** How long the home page's figures are kept before they are read again. */
export const LIVE_FIGURES_MS = 60_000;

const LIVE_METRICS = ['received', 'received_online', 'synced', 'fee_paid_online'] as const;

export interface LiveFigures {
  year: number;
  accounts: { total: number; since: number };
  thisYear: Record<(typeof LIVE_METRICS)[number], number>;
  total: Record<(typeof LIVE_METRICS)[number], number>;
}
