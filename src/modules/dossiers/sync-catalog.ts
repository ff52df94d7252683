import type { CatalogService } from '../catalog/index.js';
import type { ItemProblem, ParsedItem } from './sync-items.js';

/** A procedure or an agency by name, in both languages. */
export interface Named {
  name: string;
  nameEn: string;
}

/** What a batch learnt of the catalog: each code's names, or null for a code it has not. */
export interface CatalogNames {
  procedures: Map<string, Named | null>;
  agencies: Map<string, Named | null>;
}

export const noNames = (): CatalogNames => ({ procedures: new Map(), agencies: new Map() });

/**
 * Looks up the codes not looked up yet, through the catalog's public API (which keeps the
 * catalog in memory once read): one call per distinct code, never a statement per item.
 */
export async function lookUpNames(
  catalog: CatalogService,
  names: CatalogNames,
  codes: { procedures: string[]; agencies: string[] },
): Promise<CatalogNames> {
  for (const code of new Set(codes.procedures)) {
    if (names.procedures.has(code)) continue;
    const procedure = await catalog.getProcedure(code).catch(() => null);
    names.procedures.set(code, procedure && { name: procedure.name, nameEn: procedure.nameEn });
  }
  for (const code of new Set(codes.agencies)) {
    if (names.agencies.has(code)) continue;
    const agency = await catalog.agency(code).catch(() => null);
    names.agencies.set(code, agency && { name: agency.name, nameEn: agency.nameEn });
  }
  return names;
}

/** The codes items name, to look up before they are checked. */
export const namedCodes = (items: ParsedItem[]) => ({
  procedures: items.flatMap((i) => i.procedureCode ?? []),
  agencies: items.flatMap((i) => i.agencyCode ?? []),
});

/**
 * Why an item cannot be taken as it is: a procedure or agency code the catalog does not
 * have, an agency the client may not send for, a result file not uploaded.
 */
export function codeProblem(
  item: ParsedItem,
  names: CatalogNames,
  allowedAgencies: readonly string[],
  files: ReadonlyMap<string, unknown>,
): ItemProblem | null {
  const { procedureCode, agencyCode } = item;
  if (procedureCode !== undefined && !names.procedures.get(procedureCode)) {
    return { code: 'unknown_procedure', params: { procedureCode } };
  }
  if (agencyCode !== undefined && !names.agencies.get(agencyCode)) {
    return { code: 'unknown_agency', params: { agencyCode } };
  }
  if (agencyCode !== undefined && !allowedAgencies.includes(agencyCode)) {
    return { code: 'agency_not_allowed', params: { agencyCode } };
  }
  const file = item.results?.find((r) => !files.has(r.sha256));
  return file ? { code: 'unknown_result_file', params: { sha256: file.sha256 } } : null;
}
