import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import type { AgencyListInput, AgencyRef, AgencyService } from './agency-service.js';
import type { CatalogRepository, ProcedureVersionRow, StoredProcedure } from './repository.js';
import type { SearchInput, SearchService } from './search-service.js';
import type { CatalogChanges } from './changes.js';
import type { CatalogMemo } from './memo.js';
import {
  procedureStatisticOf,
  type MonitoringUnits,
  type ProcedureStatistic,
} from './statistics.js';

type AgencyRole = 'implementing' | 'competent' | 'authorised' | 'coordinating';

/**
 * What other modules and the catalog's routes ask of the catalog: a procedure with its
 * versions (here), search (SearchService) and agencies and places (AgencyService).
 */
export class CatalogService {
  constructor(
    private readonly repository: CatalogRepository,
    private readonly searching: SearchService,
    private readonly agencies: AgencyService,
    private readonly clock: Clock,
    private readonly changes: CatalogChanges,
    private readonly memo: CatalogMemo,
  ) {}

  private today(): string {
    return vietnamDate(this.clock.now());
  }

  /** A procedure as stored: its row and its versions. */
  private stored(code: string): Promise<StoredProcedure | null> {
    return this.memo.get(
      `procedure:${code}`,
      async () => {
        const procedure = await this.repository.findProcedure(code);
        if (!procedure) return null;
        return { procedure, versions: await this.repository.procedureVersions(procedure.id) };
      },
      (found) => found !== null,
    );
  }

  /** Several procedures as `stored` keeps them, those not kept yet read in two statements. */
  private async storedMany(codes: string[]): Promise<void> {
    let loading: Promise<Map<string, StoredProcedure>> | null = null;
    const load = () => (loading ??= this.repository.proceduresWithVersions(codes));
    await Promise.all(
      codes.map((code) =>
        this.memo.get(
          `procedure:${code}`,
          async () => (await load()).get(code) ?? null,
          (found) => found !== null,
        ),
      ),
    );
  }

  /**
   * Procedures changed at or after `since` (a version made or taking effect, an annulment
   * coming into force), in code order after `after`: each as getProcedure answers it, with
   * when it changed. For connected systems keeping a copy of the catalog.
   */
  async proceduresChangedSince(input: { since: Date; after?: string | undefined; limit: number }) {
    const changed = await this.repository.changedProcedures(
      input.since,
      this.today(),
      input.after ?? '',
      input.limit + 1,
    );
    const page = changed.slice(0, input.limit);
    await this.storedMany(page.map((c) => c.code));
    const items = [];
    for (const { code, changed_at } of page) {
      items.push({ ...(await this.getProcedure(code)), changedAt: changed_at.toISOString() });
    }
    return { items, more: changed.length > input.limit };
  }

  /** Agencies changed at or after `since`, in code order after `after`, from memory. */
  agenciesChangedSince(input: { since: Date; after?: string | undefined; limit: number }) {
    return this.agencies.changedSince(input);
  }

  async getProcedure(code: string) {
    const stored = await this.stored(code);
    if (!stored) throw notFound('errors.procedureNotFound', { code });
    const { procedure, versions } = stored;
    const today = this.today();
    const inForce =
      versions.find((v) => v.id === procedure.current_version_id) ??
      [...versions].reverse().find((v) => v.effective_from <= today) ??
      versions[0];
    if (!inForce) throw notFound('errors.procedureNotFound', { code });
    const annulled = procedure.annulled_from !== null && procedure.annulled_from <= today;
    const status: 'annulled' | 'not_yet_effective' | 'active' = annulled
      ? 'annulled'
      : inForce.effective_from > today
        ? 'not_yet_effective'
        : 'active';
    const roles = Object.keys(inForce.agencies);
    const describe = await this.agencies.describer();
    const field = await this.findField(inForce.field_code);
    return {
      code: procedure.code,
      status,
      annulment:
        procedure.annulled_from && procedure.annulment_decision
          ? { effectiveFrom: procedure.annulled_from, decision: procedure.annulment_decision }
          : null,
      popular: procedure.popular,
      ...versionDto(inForce),
      field: {
        code: inForce.field_code,
        name: field?.name ?? inForce.field_code,
        nameEn: field?.nameEn ?? inForce.field_code,
      },
      agencies: Object.fromEntries(
        roles.map((role) => [role, (inForce.agencies[role] ?? []).map(describe)]),
      ) as Record<AgencyRole, AgencyRef[]>,
      versions: versions.map((v) => ({
        version: v.version,
        effectiveFrom: v.effective_from,
        decision: v.decision,
        inForce: v.id === inForce.id,
      })),
    };
  }

  /** The fields of the catalog, with how many procedures in force each has today. */
  listFields() {
    const today = this.today();
    return this.memo.get(`fields:${today}`, async () =>
      (await this.repository.fieldsWithCounts(today)).map((f) => ({
        code: f.code,
        name: f.name,
        nameEn: f.name_en,
        ministryCode: f.ministry_code,
        procedureCount: f.procedure_count,
      })),
    );
  }

  /** A field by its code, or undefined when no field has it. */
  async findField(code: string) {
    return (await this.listFields()).find((field) => field.code === code);
  }

  async activateDueVersions() {
    const changed = await this.repository.activateDueVersions(this.today());
    if (changed > 0) this.changes.changed();
    return changed;
  }

  /**
   * Every procedure as the monitoring index judges its publication, kept like the catalog's
   * other views: per day (annulments come into force on one) and until the catalog changes.
   */
  procedureStatistics(): Promise<ProcedureStatistic[]> {
    const today = this.today();
    return this.memo.get(`procedure-statistics:${today}`, async () =>
      (await this.repository.procedureStatisticRows(today)).map((row) =>
        procedureStatisticOf(row, today),
      ),
    );
  }

  /** The provinces and ministries the index ranks, and the unit of each agency. */
  monitoringUnits(): Promise<MonitoringUnits> {
    return this.agencies.monitoringUnits();
  }

  searchProcedures(input: SearchInput) {
    return this.searching.searchProcedures(input);
  }

  searchWithFacets(input: SearchInput) {
    return this.searching.searchWithFacets(input);
  }

  /** Counts by filter; without words (the home page's, the filters alone) kept per day. */
  facets(input: SearchInput) {
    if (input.q) return this.searching.facets(input);
    return this.memo.get(`facets:${this.today()}:${JSON.stringify(input)}`, () =>
      this.searching.facets(input),
    );
  }

  suggest(q: string, limit?: number) {
    return this.searching.suggest(q, limit);
  }

  popular(limit = 8) {
    return this.memo.get(`popular:${this.today()}:${limit}`, () => this.searching.popular(limit));
  }

  agency(code: string) {
    return this.agencies.agency(code);
  }

  getAgency(code: string) {
    return this.agencies.getAgency(code);
  }

  listAgencies(input: AgencyListInput) {
    return this.agencies.listAgencies(input);
  }

  localAgency(provinceCode: string, ref: { kind: string; sector: string | null }) {
    return this.agencies.localAgency(provinceCode, ref);
  }

  communeAgency(communeCode: string, kind: string) {
    return this.agencies.communeAgency(communeCode, kind);
  }

  placeName(communeCode: string | null, provinceCode: string | null) {
    return this.agencies.placeName(communeCode, provinceCode);
  }

  placeNames(codes: string[]) {
    return this.agencies.placeNames(codes);
  }

  listProvinces() {
    return this.agencies.listProvinces();
  }

  listCommunes(provinceCode: string) {
    return this.agencies.listCommunes(provinceCode);
  }
}

function versionDto(v: ProcedureVersionRow) {
  return {
    version: v.version,
    effectiveFrom: v.effective_from,
    decision: v.decision,
    name: v.name,
    nameEn: v.name_en,
    level: v.level,
    kind: v.kind,
    serviceLevel: v.service_level,
    target: v.targets,
    targetDescription: v.target_description,
    summary: v.summary,
    steps: v.steps,
    channels: v.channels,
    documents: v.documents,
    receivingAddress: v.receiving_address,
    results: v.results,
    conditions: v.conditions,
    requiredAssuranceLevel: v.required_assurance_level,
    keywords: v.keywords,
    legalBases: v.legal_bases,
  };
}
