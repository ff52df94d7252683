import { vietnamDate } from '../../platform/clock.js';
import type { AgencyDirectory } from './agency-directory.js';
import type { ProcedureStatisticRow } from './repository.js';

/** A procedure as the monitoring index judges the catalog's publication of it. */
export interface ProcedureStatistic {
  code: string;
  /** Agencies that receive it (named by code in its version in force). */
  agencyCodes: string[];
  /** Kinds of agency that receive it where none is named: `kind` or `kind:sector`. */
  agencyKinds: string[];
  serviceLevel: 'full_online' | 'partial_online' | 'information';
  /** Annulled from a day that has come. */
  annulled: boolean;
  /** Its version in force was entered no later than the day it took effect (Vietnam time). */
  publishedOnTime: boolean;
  /** Its version in force has every part a published record must have. */
  complete: boolean;
  /** Its version in force names a fee or charge above zero. */
  hasFees: boolean;
}

/** A unit the index ranks: a province, or a ministry or central unit. */
export interface MonitoringUnit {
  /** `province:<admin unit code>` or `ministry:<agency code>`. */
  code: string;
  kind: 'province' | 'ministry';
  name: string;
  nameEn: string;
}

/** An agency as the index places it: its unit, and the key procedures name its kind by. */
export interface MonitoringAgency {
  code: string;
  name: string;
  nameEn: string;
  /** Its kind, with its sector when it has one, as `ProcedureStatistic.agencyKinds` lists them. */
  kindKey: string;
  unit: string | null;
}

export interface MonitoringUnits {
  /** The provinces, then the ministries and central units without a parent, each by code. */
  units: MonitoringUnit[];
  /** Every agency, in code order. */
  agencies: MonitoringAgency[];
  /** An agency's province if it has one, else its top ministry or central unit; null if unknown. */
  unitOf(agencyCode: string): string | null;
}

const filled = (text: string | null | undefined) => (text ?? '').trim().length > 0;

/**
 * Whether a version has every part a published record must have: summary, steps, channels,
 * documents, agencies, receiving address, results and legal bases, none empty. The seed's
 * schema (seed/types.ts) requires most of them but not documents or the address.
 */
function isComplete(row: ProcedureStatisticRow): boolean {
  return (
    filled(row.summary) &&
    row.steps.some(filled) &&
    row.channels.length > 0 &&
    row.documents.some((group) => group.items.length > 0) &&
    Object.values(row.agencies).some((refs) => (refs ?? []).length > 0) &&
    filled(row.receiving_address) &&
    row.results.some((result) => filled(result.name)) &&
    row.legal_bases.length > 0
  );
}

export function procedureStatisticOf(
  row: ProcedureStatisticRow,
  today: string,
): ProcedureStatistic {
  return {
    code: row.code,
    agencyCodes: row.agency_codes,
    agencyKinds: row.agency_kinds,
    serviceLevel: row.service_level,
    annulled: row.annulled_from !== null && row.annulled_from <= today,
    publishedOnTime: vietnamDate(row.created_at) <= row.effective_from,
    complete: isComplete(row),
    hasFees: row.channels.some((channel) => channel.fees.some((fee) => fee.amount > 0)),
  };
}

const TOP_KINDS = new Set(['ministry', 'central_unit']);
/** Deeper than any real hierarchy: a loop in parent codes ends here rather than spinning. */
const MAX_DEPTH = 20;

/** The units and where each agency belongs, from the directory kept in memory. */
export function monitoringUnitsOf(directory: AgencyDirectory): MonitoringUnits {
  const units: MonitoringUnit[] = [
    ...directory.provinces.map((p) => ({
      code: `province:${p.code}`,
      kind: 'province' as const,
      name: p.full_name,
      nameEn: p.full_name_en,
    })),
    ...directory
      .list({ topLevel: true }, Number.MAX_SAFE_INTEGER)
      .rows.filter((a) => TOP_KINDS.has(a.kind))
      .map((a) => ({
        code: `ministry:${a.code}`,
        kind: 'ministry' as const,
        name: a.name,
        nameEn: a.name_en,
      })),
  ];
  const known = new Set(units.map((u) => u.code));
  const found = new Map<string, string | null>();
  const unitOf = (agencyCode: string): string | null => {
    const kept = found.get(agencyCode);
    if (kept !== undefined) return kept;
    let agency = directory.agency(agencyCode);
    let unit: string | null = null;
    if (agency?.province_code) {
      unit = `province:${agency.province_code}`;
    } else {
      for (let depth = 0; agency?.parent_code && depth < MAX_DEPTH; depth += 1) {
        agency = directory.agency(agency.parent_code);
      }
      if (agency && !agency.parent_code && TOP_KINDS.has(agency.kind)) {
        unit = `ministry:${agency.code}`;
      }
    }
    const answer = unit && known.has(unit) ? unit : null;
    // Kept for agencies of the directory only, so codes nobody has cannot grow the map.
    if (directory.agency(agencyCode)) found.set(agencyCode, answer);
    return answer;
  };
  const agencies = directory.list({}, Number.MAX_SAFE_INTEGER).rows.map((a) => ({
    code: a.code,
    name: a.name,
    nameEn: a.name_en,
    kindKey: a.sector ? `${a.kind}:${a.sector}` : a.kind,
    unit: unitOf(a.code),
  }));
  return { units, agencies, unitOf };
}
