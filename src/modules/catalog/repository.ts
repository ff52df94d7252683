import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../../platform/db.js';
import { adminUnits, agencies, fields } from './schema.js';

export type Level = 'central' | 'province' | 'commune';
export type ServiceLevel = 'full_online' | 'partial_online' | 'information';
export type Target = 'citizen' | 'business';

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
  total: number;
}

export type AgencyRefJson = { code: string } | { kind: string; sector?: string };

export interface ProcedureVersionRow {
  id: string;
  version: number;
  effective_from: string;
  decision: LegalDocumentJson;
  name: string;
  name_en: string;
  level: Level;
  kind: string;
  field_code: string;
  service_level: ServiceLevel;
  targets: Target[];
  target_description: string;
  summary: string;
  steps: string[];
  channels: ChannelJson[];
  documents: { case?: string; items: DocumentJson[] }[];
  agencies: Record<string, AgencyRefJson[] | undefined>;
  receiving_address: string;
  results: { name: string; code?: string }[];
  conditions: string | null;
  required_assurance_level: 1 | 2;
  keywords: string[];
  legal_bases: LegalDocumentJson[];
}

export interface LegalDocumentJson {
  number: string;
  title: string;
  date: string;
  issuer: string;
}
export interface ChannelJson {
  channel: 'online' | 'in_person' | 'post';
  timeLimit: { value: number; unit: string; note?: string };
  fees: { name: string; amount: number; note?: string }[];
  description?: string;
}
export interface DocumentJson {
  name: string;
  original: number;
  copy: number;
  form?: { code: string; name: string };
}

export interface ProcedureRow {
  id: string;
  code: string;
  popular: boolean;
  annulled_from: string | null;
  annulment_decision: LegalDocumentJson | null;
  current_version_id: string | null;
}

export interface AgencyRow {
  code: string;
  name: string;
  name_en: string;
  kind: string;
  sector: string | null;
  parent_code: string | null;
  province_code: string | null;
  commune_code: string | null;
  address: string;
  phone: string | null;
  email: string | null;
  website: string | null;
}

export interface FieldRow {
  code: string;
  name: string;
  name_en: string;
  ministry_code: string;
  procedure_count: number;
}

export interface AdminUnitRow {
  code: string;
  name: string;
  name_en: string;
  full_name: string;
  full_name_en: string;
  province_code: string | null;
}

export interface FacetRow {
  facet: 'field' | 'level' | 'serviceLevel' | 'target';
  value: string;
  count: number;
}

/** What ranking, paging and facets read of a matched procedure: never its whole document. */
const MATCHED_COLUMNS = `p.code, p.name, p.level, p.field_code, p.service_level, p.targets,
  p.current_version_id, p.popular, p.search_name, p.name_document, p.annulled_from`;

/** Typo matching considers this many nearest names, and keeps those at least this similar. */
const TYPO_CANDIDATES = 50;
const TYPO_SIMILARITY = 0.3;

/** Agency columns under the names the rest of the module reads. */
const agencyColumns = {
  code: agencies.code,
  name: agencies.name,
  name_en: agencies.nameEn,
  kind: agencies.kind,
  sector: agencies.sector,
  parent_code: agencies.parentCode,
  province_code: agencies.provinceCode,
  commune_code: agencies.communeCode,
  address: agencies.address,
  phone: agencies.phone,
  email: agencies.email,
  website: agencies.website,
};

const adminUnitColumns = {
  code: adminUnits.code,
  name: adminUnits.name,
  name_en: adminUnits.nameEn,
  full_name: adminUnits.fullName,
  full_name_en: adminUnits.fullNameEn,
  province_code: adminUnits.provinceCode,
};

/**
 * The catalog's queries: Drizzle for plain lookups, SQL where search needs what it does not
 * express (tsquery, trigram distance, grouping sets).
 */
export class CatalogRepository {
  constructor(private readonly db: Database) {}

  private where(filter: ProcedureFilter, params: unknown[]): string {
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
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
    params.push(filter.foldedQuery);
    const folded = `$${params.length}`;
    return `SELECT * FROM (
        SELECT ${MATCHED_COLUMNS}, p.search_name <-> ${folded} AS distance
        FROM procedures p WHERE ${where}
        ORDER BY p.search_name <-> ${folded} LIMIT ${TYPO_CANDIDATES}) nearest
      WHERE distance < ${1 - TYPO_SIMILARITY}`;
  }

  async searchProcedures(
    filter: ProcedureFilter,
    limit: number,
    offset: number,
  ): Promise<ProcedureListRow[]> {
    const params: unknown[] = [];
    const matched = this.matched(filter, params);
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    let order = 'p.popular DESC, p.search_name, p.code';
    if (filter.match === 'typos') {
      order = 'p.distance - CASE WHEN p.popular THEN 0.05 ELSE 0 END, p.code';
    } else if (filter.tsQuery && filter.foldedQuery) {
      const tsq = `to_tsquery('simple', ${add(filter.tsQuery)})`;
      // Names that hold every word first, then records that hold them elsewhere; inside
      // each, the name's rank normalised by its length (a shorter name that holds the words
      // is closer), with a lift for the most-used services. Ranking reads only the small
      // name column: computing trigram similarity for thousands of matches costs too much.
      order = `(p.name_document @@ ${tsq}) DESC,
        ts_rank(p.name_document, ${tsq}, 1) + CASE WHEN p.popular THEN 0.5 ELSE 0 END DESC,
        p.code`;
    }
    const annulled = `(p.annulled_from <= ${add(filter.today)}::date) IS TRUE`;
    params.push(limit, offset);
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
             LIMIT $${params.length - 1} OFFSET $${params.length}) p
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

  async suggest(
    tsQuery: string,
    today: string,
    limit: number,
  ): Promise<{ code: string; name: string; name_en: string }[]> {
    return this.db.query(
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

  async findProcedure(code: string): Promise<ProcedureRow | undefined> {
    const [row] = await this.db.query<ProcedureRow>(
      `SELECT id, code, popular, annulled_from, annulment_decision, current_version_id
       FROM procedures WHERE code = $1`,
      [code],
    );
    return row;
  }

  async procedureVersions(procedureId: string): Promise<ProcedureVersionRow[]> {
    return this.db.query<ProcedureVersionRow>(
      `SELECT id, version, effective_from, decision, name, name_en, level, kind, field_code,
         service_level, targets, target_description, summary, steps, channels, documents,
         agencies, receiving_address, results, conditions, required_assurance_level, keywords,
         legal_bases
       FROM procedure_versions WHERE procedure_id = $1 ORDER BY version`,
      [procedureId],
    );
  }

  async popularProcedures(today: string, limit: number) {
    return this.db.query<{
      code: string;
      name: string;
      name_en: string;
      service_level: ServiceLevel;
    }>(
      `SELECT p.code, p.name, v.name_en, p.service_level
       FROM procedures p JOIN procedure_versions v ON v.id = p.current_version_id
       WHERE p.popular AND (p.annulled_from IS NULL OR p.annulled_from > $1::date)
       ORDER BY p.search_name LIMIT $2`,
      [today, limit],
    );
  }

  /**
   * Points every procedure at its version in force on `today` and refreshes the search copy.
   * Returns how many procedures changed version.
   */
  async activateDueVersions(today: string): Promise<number> {
    const rows = await this.db.query<{ code: string }>(
      `WITH due AS (
         SELECT DISTINCT ON (procedure_id) *
         FROM procedure_versions WHERE effective_from <= $1::date
         ORDER BY procedure_id, effective_from DESC)
       UPDATE procedures p SET
         current_version_id = v.id,
         name = v.name,
         level = v.level,
         field_code = v.field_code,
         service_level = v.service_level,
         targets = v.targets,
         agency_codes = ARRAY(SELECT DISTINCT r->>'code'
           FROM jsonb_array_elements(v.agencies->'implementing') r WHERE r ? 'code'),
         agency_kinds = ARRAY(SELECT DISTINCT CASE WHEN r ? 'sector'
             THEN (r->>'kind') || ':' || (r->>'sector') ELSE r->>'kind' END
           FROM jsonb_array_elements(v.agencies->'implementing') r WHERE r ? 'kind'),
         search_name = fold(v.name),
         name_document = to_tsvector('simple', fold(v.name)),
         search_document =
           setweight(to_tsvector('simple', fold(v.name)), 'A') ||
           setweight(to_tsvector('simple', fold(p.code || ' ' || array_to_string(v.keywords, ' '))), 'B') ||
           setweight(to_tsvector('simple', fold(v.summary || ' ' || f.name || ' ' || v.results::text)), 'C') ||
           setweight(to_tsvector('simple', fold(v.steps::text || ' ' || v.documents::text)), 'D')
       FROM due v JOIN fields f ON f.code = v.field_code
       WHERE v.procedure_id = p.id AND p.current_version_id IS DISTINCT FROM v.id
       RETURNING p.code`,
      [today],
    );
    if (rows.length > 0) {
      await this.db.exec(`
        DELETE FROM catalog_words;
        INSERT INTO catalog_words (word)
          SELECT word FROM ts_stat('SELECT search_document FROM procedures')`);
    }
    return rows.length;
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

  async fieldsWithCounts(today: string): Promise<FieldRow[]> {
    return this.db.query<FieldRow>(
      `SELECT f.code, f.name, f.name_en, f.ministry_code,
         (SELECT count(*)::int FROM procedures p WHERE p.field_code = f.code
            AND p.current_version_id IS NOT NULL
            AND (p.annulled_from IS NULL OR p.annulled_from > $1::date)) AS procedure_count
       FROM fields f ORDER BY f.name`,
      [today],
    );
  }

  async findField(code: string) {
    const [row] = await this.db.orm
      .select({ code: fields.code, name: fields.name, name_en: fields.nameEn })
      .from(fields)
      .where(eq(fields.code, code));
    return row;
  }

  async findAgency(code: string): Promise<AgencyRow | undefined> {
    const [row] = await this.db.orm
      .select(agencyColumns)
      .from(agencies)
      .where(eq(agencies.code, code));
    return row;
  }

  async agenciesByCodes(codes: string[]): Promise<AgencyRow[]> {
    if (codes.length === 0) return [];
    return this.db.orm.select(agencyColumns).from(agencies).where(inArray(agencies.code, codes));
  }

  async listAgencies(
    filter: {
      parent?: string;
      province?: string;
      kind?: string;
      topLevel?: boolean;
      after?: string;
    },
    limit: number,
  ): Promise<(AgencyRow & { total: number })[]> {
    const params: unknown[] = [];
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const conditions: string[] = ['true'];
    if (filter.parent) conditions.push(`parent_code = ${add(filter.parent)}`);
    if (filter.province) conditions.push(`province_code = ${add(filter.province)}`);
    if (filter.kind) conditions.push(`kind = ${add(filter.kind)}`);
    if (filter.topLevel) conditions.push('parent_code IS NULL');
    const where = conditions.join(' AND ');
    const after = filter.after ? `AND code > ${add(filter.after)}` : '';
    return this.db.query(
      `SELECT code, name, name_en, kind, sector, parent_code, province_code, commune_code,
         address, phone, email, website,
         (SELECT count(*)::int FROM agencies WHERE ${where}) AS total
       FROM agencies WHERE ${where} ${after}
       ORDER BY code LIMIT ${add(limit)}`,
      params,
    );
  }

  async listProvinces(): Promise<AdminUnitRow[]> {
    return this.db.orm
      .select(adminUnitColumns)
      .from(adminUnits)
      .where(eq(adminUnits.level, 'province'))
      .orderBy(asc(adminUnits.code));
  }

  async listCommunes(provinceCode: string): Promise<AdminUnitRow[]> {
    return this.db.orm
      .select(adminUnitColumns)
      .from(adminUnits)
      .where(and(eq(adminUnits.level, 'commune'), eq(adminUnits.provinceCode, provinceCode)))
      .orderBy(asc(adminUnits.code));
  }

  async findAdminUnits(codes: string[]): Promise<AdminUnitRow[]> {
    if (codes.length === 0) return [];
    return this.db.orm
      .select(adminUnitColumns)
      .from(adminUnits)
      .where(inArray(adminUnits.code, codes));
  }

  async findAdminUnit(code: string): Promise<AdminUnitRow | undefined> {
    const [row] = await this.db.orm
      .select(adminUnitColumns)
      .from(adminUnits)
      .where(eq(adminUnits.code, code));
    return row;
  }

  /** The agency of a kind (and sector) in one province, e.g. its Department of Justice. */
  async communeAgencyOfKind(communeCode: string, kind: string) {
    const [row] = await this.db.orm
      .select(agencyColumns)
      .from(agencies)
      .where(and(eq(agencies.communeCode, communeCode), eq(agencies.kind, kind)))
      .limit(1);
    return row;
  }

  async provinceAgencyOfKind(provinceCode: string, kind: string, sector: string | null) {
    const [row] = await this.db.orm
      .select(agencyColumns)
      .from(agencies)
      .where(
        and(
          eq(agencies.provinceCode, provinceCode),
          eq(agencies.kind, kind),
          sector === null ? isNull(agencies.sector) : eq(agencies.sector, sector),
        ),
      )
      .orderBy(asc(agencies.code))
      .limit(1);
    return row;
  }
}
