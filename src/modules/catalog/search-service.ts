import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import { invalidField } from '../../platform/errors.js';
import type { AgencyRef, AgencyService } from './agency-service.js';
import type { Level, ServiceLevel, Target } from './repository.js';
import type { SearchRepository } from './search-repository.js';
import type { CatalogChanges } from './changes.js';
import { decodeCursor, encodeCursor, MAX_OFFSET, queryWords, toTsQuery } from './search.js';
import { correctedText, SearchVocabulary } from './search-vocabulary.js';
import { SearchIndex, type Facets, type IndexPage, type ProcedureFilter } from './search-index.js';

export type { Facets } from './search-index.js';

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

/** What a search answers: a page of procedures, and what was searched for. */
export interface SearchResult {
  items: ProcedureSummary[];
  total: number;
  nextCursor: string | null;
  /** `typos`: the query as typed could find nothing; its misspelt words were corrected. */
  match: 'words' | 'typos';
  /** The query as searched, when it was corrected: the person's words, those fixed. */
  correctedQuery: string | null;
}

/** A procedure code typed as the query (`1.001193`) finds that procedure. */
const PROCEDURE_CODE = /^\d\.\d{6}$/;

/** Finding procedures: search with its filter counts, suggestions while typing, the popular. */
/** What searching keeps in memory for one generation of the catalog. */
interface Searchable {
  vocabulary: SearchVocabulary;
  index: SearchIndex;
}

export class SearchService {
  private loading?: { generation: number; searchable: Promise<Searchable> };
  private ready?: Promise<Searchable>;

  constructor(
    private readonly repository: SearchRepository,
    private readonly agencies: AgencyService,
    private readonly clock: Clock,
    private readonly changes: CatalogChanges,
  ) {}

  private today(): string {
    return vietnamDate(this.clock.now());
  }

  /**
   * The catalog's vocabulary and search index, loaded once per generation of the catalog.
   * While new ones load, searches go on with those before; a load that fails is tried
   * again next time.
   */
  /**
   * Loads the vocabulary and the index ahead of the first search (at start, and when the
   * catalog changes): at 100,000 procedures that takes seconds nobody should wait for.
   * Resolves once this generation's are loaded, not at once with those before: what was
   * answered from those meanwhile is forgotten then (app.ts).
   */
  async warm(): Promise<void> {
    void this.searchable();
    await this.loading?.searchable;
  }

  private searchable(): Promise<Searchable> {
    const generation = this.changes.generation;
    if (this.loading?.generation !== generation) {
      // One after the other: loaded together, the rows read for the index stayed held
      // (some 80 MB at 100,000 procedures) after the index was built.
      const searchable = this.repository.loadSource().then(async (source) => {
        const words = await this.repository.vocabulary(source);
        return {
          vocabulary: new SearchVocabulary(words),
          index: new SearchIndex(await this.repository.indexRows(source)),
        };
      });
      const loading = { generation, searchable };
      this.loading = loading;
      searchable.then(
        () => {
          if (this.loading === loading) this.ready = searchable;
        },
        () => {
          if (this.loading === loading) this.loading = undefined;
        },
      );
    }
    return this.ready ?? this.loading!.searchable;
  }

  /** Turns raw filters into a checked filter; unknown codes are the caller's mistake (400). */
  private async filterFrom(input: SearchInput, vocabulary: SearchVocabulary) {
    const code = input.q?.trim().match(PROCEDURE_CODE)?.[0];
    const filter: ProcedureFilter = {
      words: [],
      today: this.today(),
      ...(code ? { code } : {}),
    };
    if (input.field) {
      if (!vocabulary.hasField(input.field)) {
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
      // Every agency of the province: one of them implementing a procedure keeps it.
      const { items } = await this.agencies.listAgencies({
        province: input.province,
        limit: Infinity,
      });
      filter.provinceAgencies = new Set(items.map((agency) => agency.code));
    }
    if (input.level) filter.level = input.level;
    if (input.target) filter.target = input.target;
    if (input.serviceLevel) filter.serviceLevel = input.serviceLevel;
    return filter;
  }

  /**
   * Searches by the query's words, those the catalog does not know corrected first. When
   * that finds nothing, a slip may have made another real word ("lo dong" for "lao dong"):
   * a reading that reconsiders known words too is searched, and kept if it finds some.
   */
  private async find(input: SearchInput, facets: boolean) {
    const offset = input.cursor ? decodeCursor(input.cursor) : 0;
    if (offset === null) throw invalidField('cursor', 'errors.field.badCursor');
    const page = { limit: input.limit ?? 20, offset };
    const { vocabulary, index } = await this.searchable();
    const filter = await this.filterFrom(input, vocabulary);
    const typed = input.q && !filter.code ? queryWords(input.q) : [];
    const search = (words: string[]) => index.search({ ...filter, words }, page, facets);
    let correction = vocabulary.correct(typed);
    let found = search(correction?.words ?? typed);
    const again = found.total === 0 ? vocabulary.correct(typed, true) : null;
    if (again && again.words.join(' ') !== (correction?.words ?? typed).join(' ')) {
      const retried = search(again.words);
      if (retried.total > 0) [found, correction] = [retried, again];
    }
    const correctedQuery = correction && input.q ? correctedText(input.q, correction) : null;
    return { found, offset, correctedQuery };
  }

  /** Search: the records holding every word of the query, misspelt words corrected first. */
  async searchProcedures(input: SearchInput): Promise<SearchResult> {
    const { found, offset, correctedQuery } = await this.find(input, false);
    return this.result(found, offset, correctedQuery);
  }

  /** A page of results and the filter counts for it, found together (pages). */
  async searchWithFacets(input: SearchInput) {
    const { found, offset, correctedQuery } = await this.find(input, true);
    return {
      result: await this.result(found, offset, correctedQuery),
      facets: found.facets!,
    };
  }

  /** The page's procedures as the index keeps them, in its order. */
  private async result(
    found: IndexPage,
    offset: number,
    correctedQuery: string | null,
  ): Promise<SearchResult> {
    const { total, page } = found;
    const next = offset + page.length;
    const describe = await this.agencies.describer();
    return {
      items: page.map(({ row, annulled }): ProcedureSummary => ({
        code: row.code,
        name: row.name,
        nameEn: row.name_en,
        level: row.level,
        field: { code: row.field_code, name: row.field_name, nameEn: row.field_name_en },
        serviceLevel: row.service_level,
        target: row.targets,
        agencies: row.implementing.map(describe),
        status: annulled ? 'annulled' : 'active',
      })),
      total,
      nextCursor: next < total && next <= MAX_OFFSET ? encodeCursor(next) : null,
      match: correctedQuery === null ? 'words' : 'typos',
      correctedQuery,
    };
  }

  async facets(input: SearchInput): Promise<Facets> {
    return (await this.find({ ...input, limit: 0 }, true)).found.facets!;
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
