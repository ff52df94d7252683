import type { Queryable } from '../../platform/db.js';

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

/** An agency as stored: with when it last changed (the seed's inserts leave it to the default). */
export interface StoredAgencyRow extends AgencyRow {
  updated_at: Date;
}

/** A province (no province_code) or a commune of one. */
export interface AdminUnitRow {
  code: string;
  name: string;
  name_en: string;
  full_name: string;
  full_name_en: string;
  province_code: string | null;
}

const AGENCY_COLUMNS = `code, name, name_en, kind, sector, parent_code, province_code,
  commune_code, address, phone, email, website, updated_at`;

const ADMIN_UNIT_COLUMNS = 'code, name, name_en, full_name, full_name_en, province_code';

/** Agencies and the administrative units (provinces, communes) they serve. */
export class AgencyRepository {
  constructor(private readonly db: Queryable) {}

  /** Every agency and every administrative unit: the directory kept in memory. */
  everything(): Promise<[StoredAgencyRow[], AdminUnitRow[]]> {
    return Promise.all([
      this.db.query<StoredAgencyRow>(`SELECT ${AGENCY_COLUMNS} FROM agencies`),
      this.db.query<AdminUnitRow>(`SELECT ${ADMIN_UNIT_COLUMNS} FROM admin_units`),
    ]);
  }
}
