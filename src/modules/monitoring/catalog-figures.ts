import type { ProcedureStatistic } from '../catalog/index.js';
import { NATION, agencyScope } from './aggregate.js';
import type { Figures } from './metrics.js';

/** An agency as the index places it: what receives dossiers, and where it belongs. */
export interface PlacedAgency {
  code: string;
  /** Its kind, with its sector when it has one ('province_department:transport'). */
  kindKey: string;
  unit: string | null;
}

interface Tally {
  procedures: Set<ProcedureStatistic>;
  onlineServices: number;
}

function figuresOf(tally: Tally): Figures {
  let onTime = 0;
  let complete = 0;
  let online = 0;
  for (const procedure of tally.procedures) {
    if (procedure.publishedOnTime) onTime += 1;
    if (procedure.complete) complete += 1;
    if (procedure.serviceLevel !== 'information') online += 1;
  }
  return {
    catalog_procedures: tally.procedures.size,
    catalog_published_on_time: onTime,
    catalog_complete: complete,
    catalog_online: online,
    catalog_online_services: tally.onlineServices,
  };
}

/**
 * The catalog's figures for every agency, province or ministry and the nation: the
 * procedures in force each receives (named by code, or by the kind of agency that receives
 * them everywhere), a place's procedures counted once however many of its agencies receive
 * them, and its online services as (agency, procedure) pairs.
 */
export function catalogFigures(
  procedures: readonly ProcedureStatistic[],
  agencies: readonly PlacedAgency[],
): Map<string, Figures> {
  const inForce = procedures.filter((procedure) => !procedure.annulled);
  const byAgency = new Map<string, ProcedureStatistic[]>();
  const byKind = new Map<string, ProcedureStatistic[]>();
  const push = (map: Map<string, ProcedureStatistic[]>, key: string, p: ProcedureStatistic) => {
    const list = map.get(key);
    if (list) list.push(p);
    else map.set(key, [p]);
  };
  for (const procedure of inForce) {
    for (const code of procedure.agencyCodes) push(byAgency, code, procedure);
    for (const kind of procedure.agencyKinds) push(byKind, kind, procedure);
  }
  const tallies = new Map<string, Tally>();
  const tally = (scope: string) => {
    let found = tallies.get(scope);
    if (!found) tallies.set(scope, (found = { procedures: new Set(), onlineServices: 0 }));
    return found;
  };
  const nation = tally(NATION);
  for (const procedure of inForce) nation.procedures.add(procedure);
  for (const agency of agencies) {
    const own = [...(byAgency.get(agency.code) ?? []), ...(byKind.get(agency.kindKey) ?? [])];
    if (own.length === 0) continue;
    const places = [tally(agencyScope(agency.code)), ...(agency.unit ? [tally(agency.unit)] : [])];
    const services = new Set(own.filter((p) => p.serviceLevel !== 'information')).size;
    for (const place of places) {
      for (const procedure of own) place.procedures.add(procedure);
      place.onlineServices += services;
    }
    nation.onlineServices += services;
  }
  return new Map([...tallies].map(([scope, found]) => [scope, figuresOf(found)]));
}
