import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { translator, type MessageKey } from '../../platform/i18n/index.js';
import type { CatalogRepository } from './repository.js';
import {
  type AgencyRefJson,
  type AgencyRow,
  type Level,
  type ProcedureFilter,
  type ProcedureVersionRow,
  type ServiceLevel,
  type Target,
} from './repository.js';
import {
  decodeCodeCursor,
  decodeCursor,
  encodeCodeCursor,
  encodeCursor,
  MAX_OFFSET,
  queryWords,
  toTsQuery,
} from './search.js';

export interface SearchInput {
  q?: string;
  field?: string;
  level?: Level;
  agency?: string;
  province?: string;
  target?: Target;
  serviceLevel?: ServiceLevel;
  limit?: number;
  cursor?: string;
}

export interface AgencyRef {
  code: string | null;
  kind: string | null;
  sector: string | null;
  name: string;
  nameEn: string;
}

export interface ProcedureSummary {
  code: string;
  name: string;
  nameEn: string;
  level: Level;
  field: { code: string; name: string; nameEn: string };
  serviceLevel: ServiceLevel;
  target: Target[];
  agencies: AgencyRef[];
  status: 'active' | 'annulled';
}

export interface Facets {
  field: Record<string, number>;
  level: Record<string, number>;
  serviceLevel: Record<string, number>;
  target: Record<string, number>;
}

const vi = translator('vi');
const en = translator('en');

export const agencyRefKey = (ref: { kind: string; sector?: string | null }) =>
  (ref.sector ? `agencyRef.${ref.kind}.${ref.sector}` : `agencyRef.${ref.kind}`) as MessageKey;

export function toAgencyDto(agency: AgencyRow) {
  return {
    code: agency.code,
    name: agency.name,
    nameEn: agency.name_en,
    kind: agency.kind,
    sector: agency.sector,
    parentCode: agency.parent_code,
    provinceCode: agency.province_code,
    communeCode: agency.commune_code,
    address: agency.address,
    phone: agency.phone,
    email: agency.email,
    website: agency.website,
  };
}

/** A procedure code typed as the query (`1.001193`) finds that procedure. */
const PROCEDURE_CODE = /^\d\.\d{6}$/;

export class CatalogService {
  constructor(
    private readonly repository: CatalogRepository,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return vietnamDate(this.clock.now());
  }

  /** Turns raw filters into a checked filter; unknown codes are the caller's mistake (400). */
  async filterFrom(input: SearchInput): Promise<ProcedureFilter> {
    const code = input.q?.trim().match(PROCEDURE_CODE)?.[0];
    const words = input.q && !code ? queryWords(input.q) : [];
    const filter: ProcedureFilter = {
      tsQuery: toTsQuery(words),
      foldedQuery: words.length > 0 ? words.join(' ') : null,
      today: this.today(),
      ...(code ? { code } : {}),
    };
    if (input.field) {
      if (!(await this.repository.findField(input.field))) {
        throw invalidField('field', 'errors.field.unknownValue', { value: input.field });
      }
      filter.field = input.field;
    }
    if (input.agency) {
      const agency = await this.repository.findAgency(input.agency);
      if (!agency)
        throw invalidField('agency', 'errors.field.unknownValue', { value: input.agency });
      filter.agency = {
        code: agency.code,
        kindKey: agency.sector ? `${agency.kind}:${agency.sector}` : agency.kind,
      };
    }
    if (input.province) {
      await this.province(input.province, 'province');
      filter.province = input.province;
    }
    if (input.level) filter.level = input.level;
    if (input.target) filter.target = input.target;
    if (input.serviceLevel) filter.serviceLevel = input.serviceLevel;
    filter.match = await this.matchMode(filter);
    return filter;
  }

  /** Search: the records holding every word, or for a misspelt query the closest names. */
  async searchProcedures(input: SearchInput) {
    const offset = input.cursor ? decodeCursor(input.cursor) : 0;
    if (offset === null) throw invalidField('cursor', 'errors.field.badCursor');
    return this.search(await this.filterFrom(input), input.limit ?? 20, offset);
  }

  /** A page of results and the filter counts for it, checking the input once (pages). */
  async searchWithFacets(input: SearchInput) {
    const offset = input.cursor ? decodeCursor(input.cursor) : 0;
    if (offset === null) throw invalidField('cursor', 'errors.field.badCursor');
    const filter = await this.filterFrom(input);
    const [result, facets] = await Promise.all([
      this.search(filter, input.limit ?? 20, offset),
      this.facetsFor(filter),
    ]);
    return { result, facets };
  }

  private async search(filter: ProcedureFilter, limit: number, offset: number) {
    const rows = await this.repository.searchProcedures(filter, limit, offset);
    // A page past the end has no rows to carry the total: count separately then.
    const total =
      rows[0]?.total ?? (offset > 0 ? await this.repository.countProcedures(filter) : 0);
    const next = offset + rows.length;
    const agencies = await this.agencyNames(rows.flatMap((r) => r.implementing));
    return {
      items: rows.map((row): ProcedureSummary => ({
        code: row.code,
        name: row.name,
        nameEn: row.name_en,
        level: row.level,
        field: { code: row.field_code, name: row.field_name, nameEn: row.field_name_en },
        serviceLevel: row.service_level,
        target: row.targets,
        agencies: row.implementing.map((ref) => this.describeRef(ref, agencies)),
        status: row.annulled ? 'annulled' : 'active',
      })),
      total,
      nextCursor: next < total && next <= MAX_OFFSET ? encodeCursor(next) : null,
      match: filter.match ?? 'words',
    };
  }

  /**
   * Whether a text query is answered by its words or by typo matching. A word that appears
   * nowhere in the catalog can match no record, and is most likely misspelt: then the
   * names closest to the query are offered instead.
   */
  private async matchMode(filter: ProcedureFilter): Promise<'words' | 'typos'> {
    if (!filter.foldedQuery) return 'words';
    return (await this.repository.hasUnknownWord(filter.foldedQuery.split(' ')))
      ? 'typos'
      : 'words';
  }

  async facets(input: SearchInput): Promise<Facets> {
    return this.facetsFor(await this.filterFrom(input));
  }

  private async facetsFor(filter: ProcedureFilter): Promise<Facets> {
    const rows = await this.repository.facets(filter);
    const facets: Facets = { field: {}, level: {}, serviceLevel: {}, target: {} };
    for (const row of rows) facets[row.facet][row.value] = row.count;
    return facets;
  }

  async suggest(q: string, limit = 8) {
    const tsQuery = toTsQuery(queryWords(q), true);
    if (!tsQuery) return [];
    const rows = await this.repository.suggest(tsQuery, this.today(), limit);
    return rows.map((r) => ({ code: r.code, name: r.name, nameEn: r.name_en }));
  }

  async popular(limit = 8) {
    const rows = await this.repository.popularProcedures(this.today(), limit);
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      nameEn: r.name_en,
      serviceLevel: r.service_level,
    }));
  }

  private async agencyNames(refs: AgencyRefJson[]): Promise<Map<string, AgencyRow>> {
    const codes = [...new Set(refs.flatMap((ref) => ('code' in ref ? [ref.code] : [])))];
    const rows = await this.repository.agenciesByCodes(codes);
    return new Map(rows.map((row) => [row.code, row]));
  }

  private describeRef(ref: AgencyRefJson, agencies: Map<string, AgencyRow>): AgencyRef {
    if ('code' in ref) {
      const agency = agencies.get(ref.code);
      return {
        code: ref.code,
        kind: agency?.kind ?? null,
        sector: agency?.sector ?? null,
        name: agency?.name ?? ref.code,
        nameEn: agency?.name_en ?? ref.code,
      };
    }
    const key = agencyRefKey(ref);
    return {
      code: null,
      kind: ref.kind,
      sector: ref.sector ?? null,
      name: vi(key),
      nameEn: en(key),
    };
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
    const agencies = await this.agencyNames(roles.flatMap((role) => inForce.agencies[role] ?? []));
    const field = await this.repository.findField(inForce.field_code);
    return {
      code: procedure.code,
      status,
      annulment:
        procedure.annulled_from && procedure.annulment_decision
          ? { effectiveFrom: procedure.annulled_from, decision: procedure.annulment_decision }
          : null,
      popular: procedure.popular,
      ...this.versionDto(inForce),
      field: {
        code: inForce.field_code,
        name: field?.name ?? inForce.field_code,
        nameEn: field?.name_en ?? inForce.field_code,
      },
      agencies: Object.fromEntries(
        roles.map((role) => [
          role,
          (inForce.agencies[role] ?? []).map((ref) => this.describeRef(ref, agencies)),
        ]),
      ) as Record<'implementing' | 'competent' | 'authorised' | 'coordinating', AgencyRef[]>,
      versions: versions.map((v) => ({
        version: v.version,
        effectiveFrom: v.effective_from,
        decision: v.decision,
        inForce: v.id === inForce.id,
      })),
    };
  }

  private versionDto(v: ProcedureVersionRow) {
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

  /** The concrete agency a kind reference means in one province (for addresses). */
  async localAgency(provinceCode: string, ref: { kind: string; sector: string | null }) {
    if (ref.kind !== 'province_department' && ref.kind !== 'province_people_committee') return null;
    const agency = await this.repository.provinceAgencyOfKind(provinceCode, ref.kind, ref.sector);
    return agency ? toAgencyDto(agency) : null;
  }

  /** A commune's People's Committee or police, for procedures handled where people live. */
  async communeAgency(communeCode: string, kind: string) {
    if (kind !== 'commune_people_committee' && kind !== 'commune_police') return null;
    const agency = await this.repository.communeAgencyOfKind(communeCode, kind);
    return agency ? toAgencyDto(agency) : null;
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

  async listAgencies(input: {
    parent?: string;
    province?: string;
    kind?: string;
    topLevel?: boolean;
    limit?: number;
    cursor?: string;
  }) {
    const limit = input.limit ?? 50;
    let after: string | undefined;
    if (input.cursor) {
      const decoded = decodeCodeCursor(input.cursor);
      if (!decoded) throw invalidField('cursor', 'errors.field.badCursor');
      after = decoded;
    }
    if (input.parent && !(await this.repository.findAgency(input.parent))) {
      throw invalidField('parent', 'errors.field.unknownValue', { value: input.parent });
    }
    if (input.province) await this.province(input.province, 'province');
    const rows = await this.repository.listAgencies(
      {
        ...(input.parent ? { parent: input.parent } : {}),
        ...(input.province ? { province: input.province } : {}),
        ...(input.kind ? { kind: input.kind } : {}),
        ...(input.topLevel ? { topLevel: true } : {}),
        ...(after ? { after } : {}),
      },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toAgencyDto),
      total: rows[0]?.total ?? 0,
      nextCursor: rows.length > limit && last ? encodeCodeCursor(last.code) : null,
    };
  }

  /** An agency's own record, without its parent and units (for names and addresses). */
  async agency(code: string) {
    const agency = await this.repository.findAgency(code);
    if (!agency) throw notFound('errors.agencyNotFound', { code });
    return toAgencyDto(agency);
  }

  async getAgency(code: string) {
    const agency = await this.repository.findAgency(code);
    if (!agency) throw notFound('errors.agencyNotFound', { code });
    const parent = agency.parent_code ? await this.repository.findAgency(agency.parent_code) : null;
    const children = await this.repository.listAgencies({ parent: code }, 500);
    return {
      ...toAgencyDto(agency),
      parent: parent ? { code: parent.code, name: parent.name, nameEn: parent.name_en } : null,
      children: children.map((c) => ({
        code: c.code,
        name: c.name,
        nameEn: c.name_en,
        kind: c.kind,
      })),
    };
  }

  private async province(code: string, field: string) {
    const unit = await this.repository.findAdminUnit(code);
    if (!unit || unit.province_code !== null) {
      throw invalidField(field, 'errors.field.unknownValue', { value: code });
    }
    return unit;
  }

  /** "Phường Ba Đình, Thành phố Hà Nội": a commune and its province, as an address ends. */
  async placeName(communeCode: string | null, provinceCode: string | null): Promise<string> {
    const [commune, province] = await Promise.all([
      communeCode ? this.repository.findAdminUnit(communeCode) : undefined,
      provinceCode ? this.repository.findAdminUnit(provinceCode) : undefined,
    ]);
    return [commune?.full_name, province?.full_name].filter(Boolean).join(', ');
  }

  /** Names of provinces and communes by code, for showing addresses given as codes. */
  async placeNames(
    codes: string[],
  ): Promise<Map<string, { code: string; name: string; nameEn: string }>> {
    const units = await this.repository.findAdminUnits([...new Set(codes)]);
    return new Map(units.map((u) => [u.code, { code: u.code, name: u.name, nameEn: u.name_en }]));
  }

  async listProvinces() {
    return (await this.repository.listProvinces()).map(adminUnitDto);
  }

  async listCommunes(provinceCode: string) {
    const unit = await this.repository.findAdminUnit(provinceCode);
    if (!unit || unit.province_code !== null) {
      throw notFound('errors.provinceNotFound', { code: provinceCode });
    }
    return (await this.repository.listCommunes(provinceCode)).map(adminUnitDto);
  }

  activateDueVersions() {
    return this.repository.activateDueVersions(this.today());
  }
}

const adminUnitDto = (u: {
  code: string;
  name: string;
  name_en: string;
  full_name: string;
  full_name_en: string;
  province_code: string | null;
}) => ({
  code: u.code,
  name: u.name,
  nameEn: u.name_en,
  fullName: u.full_name,
  fullNameEn: u.full_name_en,
  provinceCode: u.province_code,
});
