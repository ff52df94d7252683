import { TIME_ZONE } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';

export type Level = 'central' | 'province' | 'commune';
export type ServiceLevel = 'full_online' | 'partial_online' | 'information';
export type Target = 'citizen' | 'business';

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

interface LegalDocumentJson {
  number: string;
  title: string;
  date: string;
  issuer: string;
}
export interface ChannelJson {
  channel: 'online' | 'in_person' | 'post';
  timeLimit: { value: number; unit: string; note?: string };
  /** Amounts in VND, whole numbers. */
  fees: { name: string; amount: number; note?: string }[];
  description?: string;
}
interface DocumentJson {
  name: string;
  original: number;
  copy: number;
  form?: { code: string; name: string };
}

const PROCEDURE_COLUMNS =
  'id, code, popular, annulled_from, annulment_decision, current_version_id';
const VERSION_COLUMNS = `id, version, effective_from, decision, name, name_en, level, kind,
  field_code, service_level, targets, target_description, summary, steps, channels, documents,
  agencies, receiving_address, results, conditions, required_assurance_level, keywords,
  legal_bases`;

/** A procedure as stored: its row and its versions in order. */
export interface StoredProcedure {
  procedure: ProcedureRow;
  versions: ProcedureVersionRow[];
}

interface ProcedureRow {
  id: string;
  code: string;
  popular: boolean;
  annulled_from: string | null;
  annulment_decision: LegalDocumentJson | null;
  current_version_id: string | null;
}

/** A procedure and the parts of its version in force the monitoring index judges. */
export type ProcedureStatisticRow = Pick<
  ProcedureVersionRow,
  | 'service_level'
  | 'effective_from'
  | 'summary'
  | 'steps'
  | 'channels'
  | 'documents'
  | 'agencies'
  | 'receiving_address'
  | 'results'
  | 'legal_bases'
> & {
  code: string;
  agency_codes: string[];
  agency_kinds: string[];
  annulled_from: string | null;
  /** When the version was entered into the catalog. */
  created_at: Date;
};

interface FieldRow {
  code: string;
  name: string;
  name_en: string;
}

interface FieldWithCountRow extends FieldRow {
  ministry_code: string;
  procedure_count: number;
}

/**
 * The catalog's own records: procedures, their versions and fields. Searching procedures
 * is in search-repository.ts; agencies and administrative units in agency-repository.ts.
 */
export class CatalogRepository {
  constructor(private readonly db: Database) {}

  /** Whether the real catalog is in: administrative units are the first thing seeded. */
  async isSeeded(): Promise<boolean> {
    const [row] = await this.db.query<{ seeded: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM admin_units) AS seeded',
    );
    return row?.seeded ?? false;
  }

  async findProcedure(code: string): Promise<ProcedureRow | undefined> {
    const [row] = await this.db.query<ProcedureRow>(
      `SELECT ${PROCEDURE_COLUMNS} FROM procedures WHERE code = $1`,
      [code],
    );
    return row;
  }

  async procedureVersions(procedureId: string): Promise<ProcedureVersionRow[]> {
    return this.db.query<ProcedureVersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM procedure_versions WHERE procedure_id = $1 ORDER BY version`,
      [procedureId],
    );
  }

  /** Several procedures with their versions, in two statements: by code. */
  async proceduresWithVersions(codes: string[]): Promise<Map<string, StoredProcedure>> {
    const procedures = await this.db.query<ProcedureRow>(
      `SELECT ${PROCEDURE_COLUMNS} FROM procedures WHERE code = ANY($1::text[])`,
      [codes],
    );
    const versions = await this.db.query<ProcedureVersionRow & { procedure_id: string }>(
      `SELECT procedure_id, ${VERSION_COLUMNS} FROM procedure_versions
       WHERE procedure_id = ANY($1::uuid[]) ORDER BY version`,
      [procedures.map((p) => p.id)],
    );
    return new Map(
      procedures.map((procedure) => [
        procedure.code,
        {
          procedure,
          versions: versions
            .filter((v) => v.procedure_id === procedure.id)
            .map(({ procedure_id: _, ...version }) => version),
        },
      ]),
    );
  }

  /**
   * Procedures changed at or after `since`, in code order after `after`: the latest of when
   * the procedure was made, a version was made, a version took effect and it was annulled
   * (those two on their day, Vietnam time, once that day has come: `today`).
   */
  changedProcedures(
    since: Date,
    today: string,
    after: string,
    limit: number,
  ): Promise<{ code: string; changed_at: Date }[]> {
    return this.db.query(
      `SELECT code, changed_at FROM (
         SELECT p.code, greatest(p.created_at, max(v.created_at),
           max(v.effective_from::timestamp AT TIME ZONE '${TIME_ZONE}')
             FILTER (WHERE v.effective_from <= $2::date),
           CASE WHEN p.annulled_from <= $2::date
             THEN p.annulled_from::timestamp AT TIME ZONE '${TIME_ZONE}' END) AS changed_at
         FROM procedures p JOIN procedure_versions v ON v.procedure_id = p.id
         WHERE p.code > $3
         GROUP BY p.id) c
       WHERE changed_at >= $1 ORDER BY code LIMIT $4`,
      [since, today, after, limit],
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
        INSERT INTO catalog_words (word, documents)
          SELECT word, ndoc FROM ts_stat('SELECT search_document FROM procedures')`);
    }
    return rows.length;
  }

  /**
   * Every procedure with what the monitoring index asks of its version in force, chosen as
   * getProcedure chooses it (the current one, else the latest in force on `today`, else the
   * first): in code order.
   */
  procedureStatisticRows(today: string): Promise<ProcedureStatisticRow[]> {
    return this.db.query<ProcedureStatisticRow>(
      `SELECT p.code, p.agency_codes, p.agency_kinds, p.annulled_from::text AS annulled_from,
         v.service_level,
         v.created_at, v.effective_from::text AS effective_from, v.summary, v.steps, v.channels,
         v.documents, v.agencies, v.receiving_address, v.results, v.legal_bases
       FROM procedures p
       JOIN LATERAL (
         SELECT * FROM procedure_versions v WHERE v.procedure_id = p.id
         ORDER BY coalesce(v.id = p.current_version_id, false) DESC,
           CASE WHEN v.effective_from <= $1::date THEN v.effective_from END DESC NULLS LAST,
           v.version
         LIMIT 1) v ON true
       ORDER BY p.code`,
      [today],
    );
  }

  async fieldsWithCounts(today: string): Promise<FieldWithCountRow[]> {
    return this.db.query<FieldWithCountRow>(
      `SELECT f.code, f.name, f.name_en, f.ministry_code,
         (SELECT count(*)::int FROM procedures p WHERE p.field_code = f.code
            AND p.current_version_id IS NOT NULL
            AND (p.annulled_from IS NULL OR p.annulled_from > $1::date)) AS procedure_count
       FROM fields f ORDER BY f.name`,
      [today],
    );
  }
}
