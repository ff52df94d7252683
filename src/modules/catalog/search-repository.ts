import type { Queryable } from '../../platform/db.js';
import type { AgencyRefJson, Level, ServiceLevel, Target } from './repository.js';

export interface ProcedureFilter {
  /** Words to match, already folded (tsquery text), and the folded query for fuzzy matching. */
  tsQuery: string | null;
  foldedQuery: string | null;
  /**
   * `words`: every word in the record (the default). `typos`: the names nearest the query
   * by trigram distance, the fallback for misspellings (at most TYPO_CANDIDATES).
   */
  match?: 'words' | 'typos';
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

interface ProcedureListRow {
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
  total: number;
}

interface FacetRow {
  facet: 'field' | 'level' | 'serviceLevel' | 'target';
  value: string;
  count: number;
}

interface SuggestionRow {
  code: string;
  name: string;
  name_en: string;
}

interface PopularProcedureRow extends SuggestionRow {
  service_level: ServiceLevel;
}

/** What ranking, paging and facets read of a matched procedure: never its whole document. */
const MATCHED_COLUMNS = `p.code, p.name, p.level, p.field_code, p.service_level, p.targets,
  p.current_version_id, p.popular, p.search_name, p.name_document, p.annulled_from`;

/** Typo matching considers this many nearest names, and keeps those at least this similar. */
const TYPO_CANDIDATES = 50;
const TYPO_SIMILARITY = 0.3;

/** Numbered placeholders for values added in order, so that every value is bound. */
function parameters(params: unknown[]) {
  return (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
}

/**
 * Searching the catalog's procedures: full-text and typo matching, ranking, facets and
 * suggestions, over the search columns activateDueVersions keeps on each procedure.
 */
export class SearchRepository {
  constructor(private readonly db: Queryable) {}

  private where(filter: ProcedureFilter, params: unknown[]): string {
    const add = parameters(params);
    const conditions = ['p.current_version_id IS NOT NULL'];
    const words =
      filter.tsQuery && filter.match !== 'typos'
        ? `to_tsquery('simple', ${add(filter.tsQuery)})`
        : null;
    if (words) conditions.push(`p.search_document @@ ${words}`);
    // Someone looking for an annulled procedure by its code or what it is called (name and
    // keywords: the words weighted A and B) should learn that it was annulled; any other
    // query leaves it out, as do guesses for a misspelt one.
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
   * The procedures a filter matches, as a subquery: by their words, or (typos) the names
   * nearest the query by trigram distance (GiST KNN), kept when similar enough.
   */
  private matched(filter: ProcedureFilter, params: unknown[]): string {
    const where = this.where(filter, params);
    if (filter.match !== 'typos' || !filter.foldedQuery) {
      return `SELECT ${MATCHED_COLUMNS}, 0::real AS distance FROM procedures p WHERE ${where}`;
    }
    const folded = parameters(params)(filter.foldedQuery);
    return `SELECT * FROM (
        SELECT ${MATCHED_COLUMNS}, p.search_name <-> ${folded} AS distance
        FROM procedures p WHERE ${where}
        ORDER BY p.search_name <-> ${folded} LIMIT ${TYPO_CANDIDATES}) nearest
      WHERE distance < ${1 - TYPO_SIMILARITY}`;
  }

  /** How a page of matches is ordered, after annulled procedures are put last. */
  private order(filter: ProcedureFilter, add: (value: unknown) => string): string {
    if (filter.match === 'typos') {
      return 'p.distance - CASE WHEN p.popular THEN 0.05 ELSE 0 END, p.code';
    }
    if (!filter.tsQuery || !filter.foldedQuery) return 'p.popular DESC, p.search_name, p.code';
    const tsq = `to_tsquery('simple', ${add(filter.tsQuery)})`;
    // Names that hold every word first, then records that hold them elsewhere; inside
    // each, the name's rank normalised by its length (a shorter name that holds the words
    // is closer), with a lift for the most-used services. Ranking reads only the small
    // name column: computing trigram similarity for thousands of matches costs too much.
    return `(p.name_document @@ ${tsq}) DESC,
        ts_rank(p.name_document, ${tsq}, 1) + CASE WHEN p.popular THEN 0.5 ELSE 0 END DESC,
        p.code`;
  }

  async searchProcedures(
    filter: ProcedureFilter,
    limit: number,
    offset: number,
  ): Promise<ProcedureListRow[]> {
    const params: unknown[] = [];
    const add = parameters(params);
    const matched = this.matched(filter, params);
    const order = this.order(filter, add);
    const annulled = `(p.annulled_from <= ${add(filter.today)}::date) IS TRUE`;
    // Rank and cut the page first (annulled procedures after those in force); only the
    // page's rows are joined to their version.
    return this.db.query<ProcedureListRow>(
      `SELECT p.code, p.name, v.name_en, p.level, p.field_code, f.name AS field_name,
         f.name_en AS field_name_en, p.service_level, p.targets,
         coalesce(v.agencies->'implementing', '[]'::jsonb) AS implementing, p.annulled,
         p.total
       FROM (SELECT p.code, p.name, p.level, p.field_code, p.service_level, p.targets,
               p.current_version_id, ${annulled} AS annulled, count(*) OVER ()::int AS total,
               row_number() OVER (ORDER BY ${annulled}, ${order}) AS position
             FROM (${matched}) p
             ORDER BY position
             LIMIT ${add(limit)} OFFSET ${add(offset)}) p
       JOIN procedure_versions v ON v.id = p.current_version_id
       JOIN fields f ON f.code = p.field_code
       ORDER BY p.position`,
      params,
    );
  }

  async countProcedures(filter: ProcedureFilter): Promise<number> {
    const params: unknown[] = [];
    const [row] = await this.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM (${this.matched(filter, params)}) p`,
      params,
    );
    return row?.count ?? 0;
  }

  async facets(filter: ProcedureFilter): Promise<FacetRow[]> {
    const params: unknown[] = [];
    return this.db.query<FacetRow>(
      `WITH matched AS (${this.matched(filter, params)})
       SELECT CASE WHEN GROUPING(field_code) = 0 THEN 'field'
                   WHEN GROUPING(level) = 0 THEN 'level' ELSE 'serviceLevel' END AS facet,
              coalesce(field_code, level, service_level) AS value, count(*)::int AS count
       FROM matched GROUP BY GROUPING SETS ((field_code), (level), (service_level))
       UNION ALL
       SELECT 'target', t, count(*)::int FROM matched, unnest(targets) AS t GROUP BY t`,
      params,
    );
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

  /** Whether any of these (folded) words appears nowhere in the catalog: a likely typo. */
  async hasUnknownWord(words: string[]): Promise<boolean> {
    const [row] = await this.db.query<{ unknown: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM unnest($1::text[]) AS w(word)
         WHERE NOT EXISTS (SELECT 1 FROM catalog_words c WHERE c.word = w.word)) AS unknown`,
      [words],
    );
    return row?.unknown ?? false;
  }
}
