import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import { invalidField } from '../../platform/errors.js';
import type { AgencyRef, AgencyService } from './agency-service.js';
import type { CatalogRepository, Level, ServiceLevel, Target } from './repository.js';
import type { ProcedureFilter, SearchRepository } from './search-repository.js';
import type { CatalogChanges } from './changes.js';
import { decodeCursor, encodeCursor, MAX_OFFSET, queryWords, toTsQuery } from './search.js';

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

/** A procedure code typed as the query (`1.001193`) finds that procedure. */
const PROCEDURE_CODE = /^\d\.\d{6}$/;

/** Finding procedures: search with its filter counts, suggestions while typing, the popular. */
export class SearchService {
  constructor(
    private readonly repository: SearchRepository,
    private readonly procedures: CatalogRepository,
    private readonly agencies: AgencyService,
    private readonly clock: Clock,
    private readonly changes: CatalogChanges,
  ) {}

  private today(): string {
    return vietnamDate(this.clock.now());
  }

  /** Turns raw filters into a checked filter; unknown codes are the caller's mistake (400). */
  private async filterFrom(input: SearchInput): Promise<ProcedureFilter> {
    const code = input.q?.trim().match(PROCEDURE_CODE)?.[0];
    const words = input.q && !code ? queryWords(input.q) : [];
    const filter: ProcedureFilter = {
      tsQuery: toTsQuery(words),
      foldedQuery: words.length > 0 ? words.join(' ') : null,
      today: this.today(),
      ...(code ? { code } : {}),
    };
    if (input.field) {
      if (!(await this.procedures.findField(input.field))) {
        throw invalidField('field', 'errors.field.unknownValue', { value: input.field });
      }
      filter.field = input.field;
    }
    if (input.agency) {
      const agency = await this.agencies.find(input.agency);
      if (!agency)
        throw invalidField('agency', 'errors.field.unknownValue', { value: input.agency });
      filter.agency = {
        code: agency.code,
        kindKey: agency.sector ? `${agency.kind}:${agency.sector}` : agency.kind,
      };
    }
    if (input.province) {
      await this.agencies.checkProvince(input.province, 'province');
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
    const describe = await this.agencies.describer();
    return {
      items: rows.map((row): ProcedureSummary => ({
        code: row.code,
        name: row.name,
        nameEn: row.name_en,
        level: row.level,
        field: { code: row.field_code, name: row.field_name, nameEn: row.field_name_en },
        serviceLevel: row.service_level,
        target: row.targets,
        agencies: row.implementing.map(describe),
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
}
