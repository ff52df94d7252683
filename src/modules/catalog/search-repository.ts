import type { Queryable } from '../../platform/db.js';
import type { AgencyRefJson, Level, ServiceLevel, Target } from './repository.js';
import type { VocabularyData } from './search-vocabulary.js';
import { toPhraseQuery, toTsQuery } from './search.js';

export interface ProcedureFilter {
  /** Words to match, already folded and spelt as the catalog spells them. */
  words: string[];
  /** A procedure code given as the query. */
  code?: string;
  field?: string;
  level?: Level;
  target?: Target;
  serviceLevel?: ServiceLevel;
  agency?: { code: string; kindKey: string };
  province?: string;
  /**
   * Procedures annulled by this day are left out, unless the query is their code or every
   * word of it is in what they are called (name or keywords).
   */
  today: string;
}

export interface ProcedureListRow {
  code: string;
  name: string;
  name_en: string;
  level: Level;
  field_code: string;
  field_name: string;
  field_name_en: string;
  service_level: ServiceLevel;
  targets: Target[];
  implementing: AgencyRefJson[];
  annulled: boolean;
}

/** How many matches share one combination of the values the filters count. */
export interface FacetGroup {
  level: Level;
  field_code: string;
  service_level: ServiceLevel;
  targets: Target[];
  count: number;
}

/** The page's rows, each with what is the same for all: the total and the facet groups. */
type SearchRow = { total: number; groups: FacetGroup[] | null } & (
  ProcedureListRow | { [K in keyof ProcedureListRow]: null }
);

interface SuggestionRow {
  code: string;
  name: string;
  name_en: string;
}

interface PopularProcedureRow extends SuggestionRow {
  service_level: ServiceLevel;
}

/** Numbered placeholders for values added in order, so that every value is bound. */
function parameters(params: unknown[]) {
  return (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
}

/**
 * Searching the catalog's procedures: full-text matching, ranking, facets and suggestions,
 * over the search columns activateDueVersions keeps on each procedure.
 */
export class SearchRepository {
  constructor(private readonly db: Queryable) {}

  private where(filter: ProcedureFilter, words: string | null, add: (v: unknown) => string) {
    const conditions = ['p.current_version_id IS NOT NULL'];
    if (words) conditions.push(`p.search_document @@ ${words}`);
    // Someone looking for an annulled procedure by its code or what it is called (name and
    // keywords: the words weighted A and B) should learn that it was annulled; any other
    // query leaves it out.
    const named = filter.code
      ? 'true'
      : words
        ? `ts_filter(p.search_document, '{a,b}') @@ ${words}`
        : 'false';
    conditions.push(
      `(p.annulled_from IS NULL OR p.annulled_from > ${add(filter.today)}::date OR ${named})`,
    );
    if (filter.code) conditions.push(`p.code = ${add(filter.code)}`);
    if (filter.field) conditions.push(`p.field_code = ${add(filter.field)}`);
    if (filter.level) conditions.push(`p.level = ${add(filter.level)}`);
    if (filter.target) conditions.push(`p.targets @> ARRAY[${add(filter.target)}]`);
    if (filter.serviceLevel) conditions.push(`p.service_level = ${add(filter.serviceLevel)}`);
    if (filter.agency) {
      conditions.push(
        `(p.agency_codes @> ARRAY[${add(filter.agency.code)}] OR p.agency_kinds @> ARRAY[${add(filter.agency.kindKey)}])`,
      );
    }
    if (filter.province) {
      // Local procedures are implemented by every province's (or commune's) agencies.
      conditions.push(
        `(cardinality(p.agency_kinds) > 0 OR p.agency_codes && ARRAY(SELECT code FROM agencies WHERE province_code = ${add(filter.province)}))`,
      );
    }
    return conditions.join(' AND ');
  }

  /**
   * One page of the matches in order, the number of matches, and (with `facets`) how many
   * share each combination of level, field, service level and targets: one statement,
   * which finds the matches once. Names that hold every word come first, then records that
   * hold them elsewhere; inside each, the most-used services, then names that hold the
   * words side by side as typed, then the shorter names (one that holds the words with fewer
   * others is closer: its length is read from the name's tsvector, where ts_rank for every
   * match cost as much as finding them); annulled
   * procedures after all those in force. Only the page's rows are joined to their version.
   */
  async search(
    filter: ProcedureFilter,
    page: { limit: number; offset: number },
    facets: boolean,
  ): Promise<{ total: number; groups: FacetGroup[]; rows: ProcedureListRow[] }> {
    const params: unknown[] = [];
    const add = parameters(params);
    const all = toTsQuery(filter.words);
    const words = all ? `to_tsquery('simple', ${add(all)})` : null;
    const ranking = words
      ? `p.name_document @@ ${words} AS in_name, p.popular,
         p.name_document @@ to_tsquery('simple', ${add(toPhraseQuery(filter.words))}) AS phrase,
         length(p.name_document) AS name_length`
      : 'p.popular, p.search_name';
    const order = (at: string) =>
      (words
        ? ['in_name DESC', 'popular DESC', 'phrase DESC', 'name_length', 'code']
        : ['popular DESC', 'search_name', 'code']
      )
        .map((key) => at + key)
        .join(', ');
    const groups = facets
      ? `(SELECT coalesce(jsonb_agg(g), '[]'::jsonb) FROM (
           SELECT level, field_code, service_level, targets, count(*)::int AS count
           FROM matched GROUP BY level, field_code, service_level, targets) g)`
      : 'NULL::jsonb';
    const rows = await this.db.query<SearchRow>(
      `WITH matched AS MATERIALIZED (
         SELECT p.code, p.level, p.field_code, p.service_level, p.targets, p.current_version_id,
           (p.annulled_from <= ${add(filter.today)}::date) IS TRUE AS annulled, ${ranking}
         FROM procedures p WHERE ${this.where(filter, words, add)}),
       page AS (
         SELECT * FROM matched ORDER BY annulled, ${order('')}
         LIMIT ${add(page.limit)} OFFSET ${add(page.offset)}),
       summary AS (SELECT count(*)::int AS total, ${groups} AS groups FROM matched)
       SELECT s.total, s.groups, p.code, v.name, v.name_en, p.level, p.field_code,
         f.name AS field_name, f.name_en AS field_name_en, p.service_level, p.targets,
         coalesce(v.agencies->'implementing', '[]'::jsonb) AS implementing, p.annulled
       FROM summary s LEFT JOIN (page p
         JOIN procedure_versions v ON v.id = p.current_version_id
         JOIN fields f ON f.code = p.field_code) ON true
       ORDER BY p.annulled, ${order('p.')}`,
      params,
    );
    const [first] = rows;
    return {
      total: first?.total ?? 0,
      groups: first?.groups ?? [],
      rows: rows.filter((row): row is SearchRow & ProcedureListRow => row.code !== null),
    };
  }

  async suggest(tsQuery: string, today: string, limit: number): Promise<SuggestionRow[]> {
    return this.db.query<SuggestionRow>(
      `SELECT p.code, p.name, v.name_en
       FROM procedures p JOIN procedure_versions v ON v.id = p.current_version_id
       WHERE (p.annulled_from IS NULL OR p.annulled_from > $2::date)
         AND p.search_document @@ to_tsquery('simple', $1)
       ORDER BY (p.name_document @@ to_tsquery('simple', $1)) DESC,
         p.popular DESC, ts_rank(p.search_document, to_tsquery('simple', $1)) DESC, p.code
       LIMIT $3`,
      [tsQuery, today, limit],
    );
  }

  async popularProcedures(today: string, limit: number): Promise<PopularProcedureRow[]> {
    return this.db.query<PopularProcedureRow>(
      `SELECT p.code, p.name, v.name_en, p.service_level
       FROM procedures p JOIN procedure_versions v ON v.id = p.current_version_id
       WHERE p.popular AND (p.annulled_from IS NULL OR p.annulled_from > $1::date)
       ORDER BY p.search_name LIMIT $2`,
      [today, limit],
    );
  }

  /** What spelling correction and the filter checks keep in memory (search-vocabulary.ts). */
  async vocabulary(): Promise<VocabularyData> {
    const [words, names, fields] = await Promise.all([
      this.db.query<{ word: string; documents: number }>(
        `SELECT word, documents FROM catalog_words WHERE word ~ '^[a-z]+$'`,
      ),
      this.db.query<{ search_name: string }>(
        'SELECT search_name FROM procedures WHERE current_version_id IS NOT NULL',
      ),
      this.db.query<{ code: string }>('SELECT code FROM fields'),
    ]);
    return {
      words,
      names: names.map((row) => row.search_name),
      fields: fields.map((row) => row.code),
    };
  }
}
