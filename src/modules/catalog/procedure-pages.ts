import { h } from 'preact';
import type { App } from '../../platform/http.js';
import type { CatalogService } from './service.js';
import { KEPT, LooseQuery, type Query } from './page-query.js';
import { ProcedurePage, type LocalAgencies } from './procedure.page.js';
import type { ProcedureExtras } from './procedure-extras.js';

type Procedure = Awaited<ReturnType<CatalogService['getProcedure']>>;

/**
 * For references like "every province's Department of Justice", the one in the chosen
 * province, by the reference's kind and sector.
 */
async function localAgenciesFor(
  catalog: CatalogService,
  procedure: Procedure,
  province: string | undefined,
): Promise<LocalAgencies> {
  const localAgencies: LocalAgencies = {};
  if (!province) return localAgencies;
  const refs = Object.values(procedure.agencies).flatMap((list) => list ?? []);
  for (const ref of refs) {
    if (ref.code || !ref.kind) continue;
    localAgencies[`${ref.kind}:${ref.sector ?? ''}`] = await catalog.localAgency(province, {
      kind: ref.kind,
      sector: ref.sector,
    });
  }
  return localAgencies;
}

/** A procedure's record, with where to file it in a chosen province. */
export async function procedurePageRoutes(
  app: App,
  { catalog, extras }: { catalog: CatalogService; extras: ProcedureExtras },
) {
  app.get<{ Params: { code: string }; Querystring: Query }>(
    '/procedures/:code',
    { schema: { hide: true, querystring: LooseQuery }, config: KEPT },
    async (request, reply) => {
      const procedure = await catalog.getProcedure(request.params.code);
      const provinces = await catalog.listProvinces();
      const province = provinces.some((p) => p.code === request.query.province)
        ? request.query.province
        : undefined;
      const localAgencies = await localAgenciesFor(catalog, procedure, province);
      const sections = extras.sectionsFor(procedure.code);
      return reply.page(
        h(ProcedurePage, { procedure, provinces, province, localAgencies, sections }),
      );
    },
  );
}
