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

interface AgencyListFilter {
  parent?: string;
  province?: string;
  kind?: string;
  topLevel?: boolean;
  /** Keyset paging: agencies whose code sorts after this one. */
  after?: string;
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
  commune_code, address, phone, email, website`;

const ADMIN_UNIT_COLUMNS = 'code, name, name_en, full_name, full_name_en, province_code';

/** Agencies and the administrative units (provinces, communes) they serve. */
export class AgencyRepository {
  constructor(private readonly db: Queryable) {}

  async findAgency(code: string): Promise<AgencyRow | undefined> {
    const [row] = await this.db.query<AgencyRow>(
      `SELECT ${AGENCY_COLUMNS} FROM agencies WHERE code = $1`,
      [code],
    );
    return row;
  }

  async agenciesByCodes(codes: string[]): Promise<AgencyRow[]> {
    if (codes.length === 0) return [];
    return this.db.query<AgencyRow>(
      `SELECT ${AGENCY_COLUMNS} FROM agencies WHERE code = ANY($1::text[])`,
      [codes],
    );
  }

  async listAgencies(
    filter: AgencyListFilter,
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
    return this.db.query<AgencyRow & { total: number }>(
      `SELECT ${AGENCY_COLUMNS},
         (SELECT count(*)::int FROM agencies WHERE ${where}) AS total
       FROM agencies WHERE ${where} ${after}
       ORDER BY code LIMIT ${add(limit)}`,
      params,
    );
  }

  /** The agency of a kind (and sector) in one province, e.g. its Department of Justice. */
  async provinceAgencyOfKind(
    provinceCode: string,
    kind: string,
    sector: string | null,
  ): Promise<AgencyRow | undefined> {
    // Two texts: `sector IS NOT DISTINCT FROM $3` would be one, but no index can serve it.
    const [row] = await this.db.query<AgencyRow>(
      `SELECT ${AGENCY_COLUMNS} FROM agencies
       WHERE province_code = $1 AND kind = $2 AND ${sector === null ? 'sector IS NULL' : 'sector = $3'}
       ORDER BY code LIMIT 1`,
      sector === null ? [provinceCode, kind] : [provinceCode, kind, sector],
    );
    return row;
  }

  /** A commune's agency of one kind: its People's Committee or its police. */
  async communeAgencyOfKind(communeCode: string, kind: string): Promise<AgencyRow | undefined> {
    const [row] = await this.db.query<AgencyRow>(
      `SELECT ${AGENCY_COLUMNS} FROM agencies WHERE commune_code = $1 AND kind = $2 LIMIT 1`,
      [communeCode, kind],
    );
    return row;
  }

  async findAdminUnit(code: string): Promise<AdminUnitRow | undefined> {
    const [row] = await this.db.query<AdminUnitRow>(
      `SELECT ${ADMIN_UNIT_COLUMNS} FROM admin_units WHERE code = $1`,
      [code],
    );
    return row;
  }

  async findAdminUnits(codes: string[]): Promise<AdminUnitRow[]> {
    if (codes.length === 0) return [];
    return this.db.query<AdminUnitRow>(
      `SELECT ${ADMIN_UNIT_COLUMNS} FROM admin_units WHERE code = ANY($1::text[])`,
      [codes],
    );
  }

  async listProvinces(): Promise<AdminUnitRow[]> {
    return this.db.query<AdminUnitRow>(
      `SELECT ${ADMIN_UNIT_COLUMNS} FROM admin_units WHERE level = 'province' ORDER BY code`,
    );
  }

  async listCommunes(provinceCode: string): Promise<AdminUnitRow[]> {
    return this.db.query<AdminUnitRow>(
      `SELECT ${ADMIN_UNIT_COLUMNS} FROM admin_units
       WHERE level = 'commune' AND province_code = $1 ORDER BY code`,
      [provinceCode],
    );
  }
}
