import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { TIME_ZONE } from '../../../platform/clock.js';
import type { Database, Transaction } from '../../../platform/db.js';
import type { AgencyRow } from '../agency-repository.js';
import { buildLocalAgencies, type AdminUnitRecord } from './local-agencies.js';
import {
  SeedCentralAgencySchema,
  SeedFieldSchema,
  SeedProcedureSchema,
  type SeedCentralAgency,
  type SeedField,
  type SeedProcedure,
} from './types.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export const SEED_FILES = {
  adminUnits: here('./admin-units/vn-admin-units-2026.json'),
  centralAgencies: here('./data/central-agencies.json'),
  fields: here('./data/fields.json'),
  procedures: here('./data/procedures.json'),
};

async function readChecked<T>(path: string, schema: TSchema): Promise<T[]> {
  const records = JSON.parse(await readFile(path, 'utf8')) as unknown[];
  records.forEach((record, index) => {
    const error = Value.Errors(schema, record).First();
    if (error) {
      throw new Error(`${path} #${index}: ${error.path} ${error.message}`);
    }
  });
  return records as T[];
}

export interface SeedData {
  provinces: AdminUnitRecord[];
  centralAgencies: SeedCentralAgency[];
  fields: SeedField[];
  procedures: SeedProcedure[];
}

export async function loadSeedData(): Promise<SeedData> {
  return {
    provinces: JSON.parse(await readFile(SEED_FILES.adminUnits, 'utf8')) as AdminUnitRecord[],
    centralAgencies: await readChecked(SEED_FILES.centralAgencies, SeedCentralAgencySchema),
    fields: await readChecked(SEED_FILES.fields, SeedFieldSchema),
    procedures: await readChecked(SEED_FILES.procedures, SeedProcedureSchema),
  };
}

/** Inserts rows given as one JSON parameter: one round trip, whatever the row count. */
async function insertJson(tx: Transaction, table: string, columns: string, rows: unknown[]) {
  if (rows.length === 0) return;
  const names = columns
    .split(',')
    .map((c) => c.trim().split(' ')[0])
    .join(', ');
  await tx.query(
    `INSERT INTO ${table} (${names})
     SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${columns})
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

export interface ProcedureVersionRow {
  code: string;
  version: number;
  effective_from: string;
  decision: unknown;
  name: string;
  name_en: string;
  level: string;
  kind: string;
  field_code: string;
  service_level: string;
  targets: string[];
  target_description: string;
  summary: string;
  steps: string[];
  channels: unknown;
  documents: unknown;
  agencies: unknown;
  receiving_address: string;
  results: unknown;
  conditions: string | null;
  required_assurance_level: 1 | 2;
  keywords: string[];
  legal_bases: unknown;
}

/** The versions of a seed procedure, oldest first: earlier ones differ only where stated. */
export function procedureVersions(procedure: SeedProcedure): ProcedureVersionRow[] {
  const { previousVersions = [], code, popular: _p, annulled: _a, ...current } = procedure;
  const ordered = [...previousVersions, current].sort((a, b) =>
    a.effectiveFrom.localeCompare(b.effectiveFrom),
  );
  return ordered.map((partial, index) => {
    const v = { ...current, ...partial };
    return {
      code,
      version: index + 1,
      effective_from: v.effectiveFrom,
      decision: v.decision,
      name: v.name,
      name_en: v.nameEn,
      level: v.level,
      kind: v.kind,
      field_code: v.fieldCode,
      service_level: v.serviceLevel,
      targets: v.targets,
      target_description: v.targetDescription,
      summary: v.summary,
      steps: v.steps,
      channels: v.channels,
      documents: v.documents,
      agencies: v.agencies,
      receiving_address: v.receivingAddress,
      results: v.results,
      conditions: v.conditions ?? null,
      required_assurance_level: v.assuranceLevel ?? 1,
      keywords: v.keywords,
      legal_bases: v.legalBases,
    };
  });
}

/**
 * The seed's procedures and their versions. A version is recorded as entered on the day its
 * decision was signed (Vietnam time), not when the seed ran: a record is published when its
 * decision is, and the monitoring index judges publication on time by that day against the
 * day the version took effect (every seeded decision is signed on or before it).
 */
export async function insertProcedures(tx: Transaction, procedures: SeedProcedure[]) {
  await insertJson(
    tx,
    'procedures',
    'code text, popular boolean, annulled_from date, annulment_decision jsonb',
    procedures.map((p) => ({
      code: p.code,
      popular: p.popular ?? false,
      annulled_from: p.annulled?.effectiveFrom ?? null,
      annulment_decision: p.annulled?.decision ?? null,
    })),
  );
  const versions = procedures.flatMap(procedureVersions);
  await tx.query(
    `INSERT INTO procedure_versions (procedure_id, version, effective_from, decision, name, name_en,
       level, kind, field_code, service_level, targets, target_description, summary, steps,
       channels, documents, agencies, receiving_address, results, conditions,
       required_assurance_level, keywords, legal_bases, created_at)
     SELECT p.id, r.version, r.effective_from, r.decision, r.name, r.name_en, r.level, r.kind,
       r.field_code, r.service_level, r.targets, r.target_description, r.summary, r.steps,
       r.channels, r.documents, r.agencies, r.receiving_address, r.results, r.conditions,
       r.required_assurance_level, r.keywords, r.legal_bases,
       (r.decision ->> 'date')::date::timestamp AT TIME ZONE '${TIME_ZONE}'
     FROM jsonb_to_recordset($1::jsonb) AS r(code text, version int, effective_from date,
       decision jsonb, name text, name_en text, level text, kind text, field_code text,
       service_level text, targets text[], target_description text, summary text, steps jsonb,
       channels jsonb, documents jsonb, agencies jsonb, receiving_address text, results jsonb,
       conditions text, required_assurance_level smallint, keywords text[], legal_bases jsonb)
     JOIN procedures p ON p.code = r.code
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(versions)],
  );
}

/** Loads the real catalog: administrative units, agencies, fields and procedures. */
export async function seedCatalog(db: Database, data?: SeedData): Promise<void> {
  const seed = data ?? (await loadSeedData());
  await db.transaction(async (tx) => {
    const unitColumns =
      'code text, level text, name text, name_en text, full_name text, full_name_en text, code_name text, province_code text';
    await insertJson(
      tx,
      'admin_units',
      unitColumns,
      seed.provinces.map((p) => ({
        code: p.Code,
        level: 'province',
        name: p.Name,
        name_en: p.NameEn,
        full_name: p.FullName,
        full_name_en: p.FullNameEn,
        code_name: p.CodeName,
        province_code: null,
      })),
    );
    await insertJson(
      tx,
      'admin_units',
      unitColumns,
      seed.provinces.flatMap((p) =>
        p.Wards.map((w) => ({
          code: w.Code,
          level: 'commune',
          name: w.Name,
          name_en: w.NameEn,
          full_name: w.FullName,
          full_name_en: w.FullNameEn,
          code_name: w.CodeName,
          province_code: p.Code,
        })),
      ),
    );
    const central: AgencyRow[] = seed.centralAgencies.map((a) => ({
      code: a.code,
      name: a.name,
      name_en: a.nameEn,
      kind: a.kind,
      sector: null,
      parent_code: a.parentCode ?? null,
      province_code: null,
      commune_code: null,
      address: a.address,
      phone: a.phone ?? null,
      email: a.email ?? null,
      website: a.website ?? null,
    }));
    const agencyColumns =
      'code text, name text, name_en text, kind text, sector text, parent_code text, province_code text, commune_code text, address text, phone text, email text, website text';
    // One statement: foreign keys are checked at its end, so parents need not come first.
    await insertJson(tx, 'agencies', agencyColumns, [
      ...central,
      ...buildLocalAgencies(seed.provinces),
    ]);
    await insertJson(
      tx,
      'fields',
      'code text, name text, name_en text, ministry_code text',
      seed.fields.map((f) => ({
        code: f.code,
        name: f.name,
        name_en: f.nameEn,
        ministry_code: f.ministryCode,
      })),
    );
    await insertProcedures(tx, seed.procedures);
  });
}
