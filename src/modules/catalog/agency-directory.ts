import type { AdminUnitRow, AgencyRepository, StoredAgencyRow } from './agency-repository.js';

export interface AgencyListFilter {
  parent?: string;
  province?: string;
  kind?: string;
  topLevel?: boolean;
  /** Keyset paging: agencies whose code sorts after this one. */
  after?: string;
  /** Only agencies changed at or after this instant. */
  changedSince?: Date;
}

const byCode = (a: { code: string }, b: { code: string }) =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : 0;

/**
 * Every agency and administrative unit, held in memory (a few thousand rows, a couple of
 * megabytes): they change only with the catalog, and nearly every page names some.
 */
export class AgencyDirectory {
  private readonly agencies = new Map<string, StoredAgencyRow>();
  private readonly units = new Map<string, AdminUnitRow>();
  private readonly sorted: StoredAgencyRow[];
  readonly provinces: AdminUnitRow[];
  private readonly communes = new Map<string, AdminUnitRow[]>();

  private constructor(agencies: StoredAgencyRow[], units: AdminUnitRow[]) {
    this.sorted = [...agencies].sort(byCode);
    for (const agency of this.sorted) this.agencies.set(agency.code, agency);
    const sortedUnits = [...units].sort(byCode);
    for (const unit of sortedUnits) {
      this.units.set(unit.code, unit);
      if (unit.province_code === null) continue;
      const list = this.communes.get(unit.province_code) ?? [];
      list.push(unit);
      this.communes.set(unit.province_code, list);
    }
    this.provinces = sortedUnits.filter((unit) => unit.province_code === null);
  }

  static async load(repository: AgencyRepository): Promise<AgencyDirectory> {
    const [agencies, units] = await repository.everything();
    return new AgencyDirectory(agencies, units);
  }

  agency(code: string): StoredAgencyRow | undefined {
    return this.agencies.get(code);
  }

  unit(code: string): AdminUnitRow | undefined {
    return this.units.get(code);
  }

  communesOf(provinceCode: string): AdminUnitRow[] {
    return this.communes.get(provinceCode) ?? [];
  }

  /** Agencies matching a filter in code order: how many in all, and up to `limit` of them. */
  list(filter: AgencyListFilter, limit: number): { rows: StoredAgencyRow[]; total: number } {
    const matching = this.sorted.filter(
      (a) =>
        (!filter.parent || a.parent_code === filter.parent) &&
        (!filter.province || a.province_code === filter.province) &&
        (!filter.kind || a.kind === filter.kind) &&
        (!filter.topLevel || a.parent_code === null) &&
        (!filter.changedSince || a.updated_at >= filter.changedSince),
    );
    const after = filter.after;
    const start = after ? matching.findIndex((a) => a.code > after) : 0;
    return {
      rows: start < 0 ? [] : matching.slice(start, start + limit),
      total: matching.length,
    };
  }

  /** The agency of a kind (and sector) in one province, e.g. its Department of Justice. */
  provinceAgencyOfKind(provinceCode: string, kind: string, sector: string | null) {
    return this.sorted.find(
      (a) => a.province_code === provinceCode && a.kind === kind && a.sector === sector,
    );
  }

  /** A commune's agency of one kind: its People's Committee or its police. */
  communeAgencyOfKind(communeCode: string, kind: string) {
    return this.sorted.find((a) => a.commune_code === communeCode && a.kind === kind);
  }
}
