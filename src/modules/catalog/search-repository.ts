import type { Database, Queryable } from '../../platform/db.js';
import type { ServiceLevel } from './repository.js';
import type { SearchIndexRow } from './search-index.js';
import type { VocabularyData } from './search-vocabulary.js';

/**
 * How long a load of the search index waits for the replica to replay the change that began
 * it before it reads the primary instead; searches go on with the index before meanwhile.
 */
const REPLICA_WAIT_MS = 10_000;

interface SuggestionRow {
  code: string;
  name: string;
  name_en: string;
}

interface PopularProcedureRow extends SuggestionRow {
  service_level: ServiceLevel;
}

/**
 * Searching the catalog's procedures: what the in-memory index is built from
 * (search-index.ts), with the rows of results pages; suggestions and the popular procedures,
 * over the search columns activateDueVersions keeps on each procedure.
 */
export class SearchRepository {
  constructor(private readonly db: Database) {}

  /**
   * Where the index and vocabulary load from, kept for a whole generation of the catalog:
   * the database's replica (docs/replica.md) once it has replayed the change that began the
   * generation, the primary if it has not within REPLICA_WAIT_MS.
   */
  loadSource(): Promise<Queryable> {
    return this.db.currentReplica(REPLICA_WAIT_MS);
  }

  /**
   * Every procedure in force as the index reads it, in browsing order (the most-used, then
   * by name), with what a results page shows of it. Lexemes come as text (tsvector_to_array,
   * the name's tsvector cast to text): unnest() per row took ten times as long at 100,000
   * procedures.
   */
  async indexRows(source: Queryable = this.db): Promise<SearchIndexRow[]> {
    return source.query<SearchIndexRow>(
      `SELECT p.code, row_number() OVER (ORDER BY p.code)::int AS code_rank, p.popular,
         to_char(p.annulled_from, 'YYYY-MM-DD') AS annulled_from, p.field_code, p.level,
         p.service_level,
         array_to_string(p.targets, ' ') AS targets,
         array_to_string(p.agency_codes, ' ') AS agency_codes,
         array_to_string(p.agency_kinds, ' ') AS agency_kinds,
         array_to_string(tsvector_to_array(p.search_document), ' ') AS words,
         array_to_string(tsvector_to_array(ts_filter(p.search_document, '{a,b}')), ' ')
           AS named_words,
         p.name_document::text AS name_document,
         v.name, v.name_en, f.name AS field_name, f.name_en AS field_name_en,
         coalesce(v.agencies->'implementing', '[]'::jsonb)::text AS implementing
       FROM procedures p JOIN procedure_versions v ON v.id = p.current_version_id
         JOIN fields f ON f.code = p.field_code
       ORDER BY p.popular DESC, p.search_name, p.code`,
    );
  }

  /**
   * On the replica: a moment behind at most, and what a change makes stale is forgotten once
   * the index of the change is loaded (app.ts clears the kept answers then).
   */
  async suggest(tsQuery: string, today: string, limit: number): Promise<SuggestionRow[]> {
    return this.db.replica.query<SuggestionRow>(
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

  /** On the primary: kept for the whole generation of the catalog (CatalogMemo). */
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
  async vocabulary(source: Queryable = this.db): Promise<VocabularyData> {
    const [words, names, fields] = await Promise.all([
      source.query<{ word: string; documents: number }>(
        `SELECT word, documents FROM catalog_words WHERE word ~ '^[a-z]+$'`,
      ),
      source.query<{ search_name: string }>(
        'SELECT search_name FROM procedures WHERE current_version_id IS NOT NULL',
      ),
      source.query<{ code: string }>('SELECT code FROM fields'),
    ]);
    return {
      words,
      names: names.map((row) => row.search_name),
      fields: fields.map((row) => row.code),
    };
  }
}
