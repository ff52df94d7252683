import { invalidField, notFound } from '../../platform/errors.js';
import { translator, type MessageKey } from '../../platform/i18n/index.js';
import type { AdminUnitRow, AgencyRepository, AgencyRow } from './agency-repository.js';
import { AgencyDirectory } from './agency-directory.js';
import type { CatalogMemo } from './memo.js';
import type { AgencyRefJson } from './repository.js';
import { decodeCodeCursor, encodeCodeCursor } from './search.js';
import { monitoringUnitsOf, type MonitoringUnits } from './statistics.js';

/** An agency a procedure names: a concrete one (code), or a kind found in every province. */
export interface AgencyRef {
  code: string | null;
  kind: string | null;
  sector: string | null;
  name: string;
  nameEn: string;
}

export interface AgencyListInput {
  parent?: string;
  province?: string;
  kind?: string;
  topLevel?: boolean;
  limit?: number;
  cursor?: string;
}

const vi = translator('vi');
const en = translator('en');

const agencyRefKey = (ref: { kind: string; sector?: string | null }) =>
  (ref.sector ? `agencyRef.${ref.kind}.${ref.sector}` : `agencyRef.${ref.kind}`) as MessageKey;

function toAgencyDto(agency: AgencyRow) {
  return {
    code: agency.code,
    name: agency.name,
    nameEn: agency.name_en,
    kind: agency.kind,
    sector: agency.sector,
    parentCode: agency.parent_code,
    provinceCode: agency.province_code,
    communeCode: agency.commune_code,
    address: agency.address,
    phone: agency.phone,
    email: agency.email,
    website: agency.website,
  };
}

const adminUnitDto = (u: AdminUnitRow) => ({
  code: u.code,
  name: u.name,
  nameEn: u.name_en,
  fullName: u.full_name,
  fullNameEn: u.full_name_en,
  provinceCode: u.province_code,
});

/** Agencies, and the provinces and communes they serve, answered from memory. */
export class AgencyService {
  constructor(
    private readonly repository: AgencyRepository,
    private readonly memo: CatalogMemo,
  ) {}

  private directory(): Promise<AgencyDirectory> {
    return this.memo.get('agencies', () => AgencyDirectory.load(this.repository));
  }

  /** An agency's own record, or undefined when no agency has this code. */
  async find(code: string) {
    const agency = (await this.directory()).agency(code);
    return agency ? toAgencyDto(agency) : undefined;
  }

  /** An agency's own record, without its parent and units (for names and addresses). */
  async agency(code: string) {
    const agency = await this.find(code);
    if (!agency) throw notFound('errors.agencyNotFound', { code });
    return agency;
  }

  async getAgency(code: string) {
    const directory = await this.directory();
    const agency = await this.agency(code);
    const parent = agency.parentCode ? directory.agency(agency.parentCode) : undefined;
    return {
      ...agency,
      parent: parent ? { code: parent.code, name: parent.name, nameEn: parent.name_en } : null,
      children: directory.list({ parent: code }, 500).rows.map((c) => ({
        code: c.code,
        name: c.name,
        nameEn: c.name_en,
        kind: c.kind,
      })),
    };
  }

  async listAgencies(input: AgencyListInput) {
    const directory = await this.directory();
    const limit = input.limit ?? 50;
    let after: string | undefined;
    if (input.cursor) {
      const decoded = decodeCodeCursor(input.cursor);
      if (!decoded) throw invalidField('cursor', 'errors.field.badCursor');
      after = decoded;
    }
    if (input.parent && !directory.agency(input.parent)) {
      throw invalidField('parent', 'errors.field.unknownValue', { value: input.parent });
    }
    if (input.province) await this.checkProvince(input.province, 'province');
    const { rows, total } = directory.list(
      {
        ...(input.parent ? { parent: input.parent } : {}),
        ...(input.province ? { province: input.province } : {}),
        ...(input.kind ? { kind: input.kind } : {}),
        ...(input.topLevel ? { topLevel: true } : {}),
        ...(after ? { after } : {}),
      },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toAgencyDto),
      total,
      nextCursor: rows.length > limit && last ? encodeCodeCursor(last.code) : null,
    };
  }

  /**
   * Agencies changed at or after `since`, in code order after `after`: up to `limit`, each
   * with when it changed, and whether more follow.
   */
  async changedSince(input: { since: Date; after?: string | undefined; limit: number }) {
    const { rows } = (await this.directory()).list(
      { changedSince: input.since, ...(input.after ? { after: input.after } : {}) },
      input.limit + 1,
    );
    return {
      items: rows
        .slice(0, input.limit)
        .map((a) => ({ ...toAgencyDto(a), updatedAt: a.updated_at.toISOString() })),
      more: rows.length > input.limit,
    };
  }

  /** The concrete agency a kind reference means in one province (for addresses). */
  async localAgency(provinceCode: string, ref: { kind: string; sector: string | null }) {
    if (ref.kind !== 'province_department' && ref.kind !== 'province_people_committee') return null;
    const agency = (await this.directory()).provinceAgencyOfKind(
      provinceCode,
      ref.kind,
      ref.sector,
    );
    return agency ? toAgencyDto(agency) : null;
  }

  /** A commune's People's Committee or police, for procedures handled where people live. */
  async communeAgency(communeCode: string, kind: string) {
    if (kind !== 'commune_people_committee' && kind !== 'commune_police') return null;
    const agency = (await this.directory()).communeAgencyOfKind(communeCode, kind);
    return agency ? toAgencyDto(agency) : null;
  }

  /** How to describe each agency reference: a concrete agency by its names, a kind by its label. */
  async describer(): Promise<(ref: AgencyRefJson) => AgencyRef> {
    const directory = await this.directory();
    return (ref) => {
      if ('code' in ref) {
        const agency = directory.agency(ref.code);
        return {
          code: ref.code,
          kind: agency?.kind ?? null,
          sector: agency?.sector ?? null,
          name: agency?.name ?? ref.code,
          nameEn: agency?.name_en ?? ref.code,
        };
      }
      const key = agencyRefKey(ref);
      return {
        code: null,
        kind: ref.kind,
        sector: ref.sector ?? null,
        name: vi(key),
        nameEn: en(key),
      };
    };
  }

  /** Refuses (400, on `field`) a code that is not a province's. */
  async checkProvince(code: string, field: string): Promise<void> {
    const unit = (await this.directory()).unit(code);
    if (!unit || unit.province_code !== null) {
      throw invalidField(field, 'errors.field.unknownValue', { value: code });
    }
  }

  /** "Phường Ba Đình, Thành phố Hà Nội": a commune and its province, as an address ends. */
  async placeName(communeCode: string | null, provinceCode: string | null): Promise<string> {
    const directory = await this.directory();
    const commune = communeCode ? directory.unit(communeCode) : undefined;
    const province = provinceCode ? directory.unit(provinceCode) : undefined;
    return [commune?.full_name, province?.full_name].filter(Boolean).join(', ');
  }

  /** Names of provinces and communes by code, for showing addresses given as codes. */
  async placeNames(
    codes: string[],
  ): Promise<Map<string, { code: string; name: string; nameEn: string }>> {
    const directory = await this.directory();
    const units = codes.flatMap((code) => directory.unit(code) ?? []);
    return new Map(units.map((u) => [u.code, { code: u.code, name: u.name, nameEn: u.name_en }]));
  }

  /** The units the monitoring index ranks and where each agency belongs, kept per generation. */
  monitoringUnits(): Promise<MonitoringUnits> {
    return this.memo.get('monitoring-units', async () => monitoringUnitsOf(await this.directory()));
  }

  async listProvinces() {
    return (await this.directory()).provinces.map(adminUnitDto);
  }

  async listCommunes(provinceCode: string) {
    const directory = await this.directory();
    const unit = directory.unit(provinceCode);
    if (!unit || unit.province_code !== null) {
      throw notFound('errors.provinceNotFound', { code: provinceCode });
    }
    return directory.communesOf(provinceCode).map(adminUnitDto);
  }
}
