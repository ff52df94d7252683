import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import type { AgencyListInput, AgencyRef, AgencyService } from './agency-service.js';
import type { CatalogRepository, ProcedureVersionRow } from './repository.js';
import type { SearchInput, SearchService } from './search-service.js';
import type { CatalogChanges } from './changes.js';

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
  ) {}

  private today(): string {
    return vietnamDate(this.clock.now());
  }

  async getProcedure(code: string) {
    const procedure = await this.repository.findProcedure(code);
    if (!procedure) throw notFound('errors.procedureNotFound', { code });
    const versions = await this.repository.procedureVersions(procedure.id);
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
    const describe = await this.agencies.describer(
      roles.flatMap((role) => inForce.agencies[role] ?? []),
    );
    const field = await this.repository.findField(inForce.field_code);
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
        nameEn: field?.name_en ?? inForce.field_code,
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

  async listFields() {
    const rows = await this.repository.fieldsWithCounts(this.today());
    return rows.map((f) => ({
      code: f.code,
      name: f.name,
      nameEn: f.name_en,
      ministryCode: f.ministry_code,
      procedureCount: f.procedure_count,
    }));
  }

  async activateDueVersions() {
    const changed = await this.repository.activateDueVersions(this.today());
    if (changed > 0) this.changes.changed();
    return changed;
  }

  searchProcedures(input: SearchInput) {
    return this.searching.searchProcedures(input);
  }

  searchWithFacets(input: SearchInput) {
    return this.searching.searchWithFacets(input);
  }

  facets(input: SearchInput) {
    return this.searching.facets(input);
  }

  suggest(q: string, limit?: number) {
    return this.searching.suggest(q, limit);
  }

  popular(limit?: number) {
    return this.searching.popular(limit);
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
