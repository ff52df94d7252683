import { h } from 'preact';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import type { SummaryError } from '../../web/components.js';
import type { CatalogService } from './service.js';
import { KEPT, LooseQuery, summaryErrors, type Query } from './page-query.js';
import { AgenciesPage } from './agencies.page.js';
import { AgencyPage } from './agency.page.js';

/** Central agencies and provinces' top ones, or a province's agencies a page at a time. */
async function agencyList(catalog: CatalogService, query: Query, request: FastifyRequest) {
  const province = query.province || undefined;
  const errors: SummaryError[] = [];
  let list = null;
  try {
    list = await catalog.listAgencies(
      province
        ? { province, limit: 50, ...(query.cursor ? { cursor: query.cursor } : {}) }
        : { topLevel: true, limit: 100 },
    );
  } catch (error) {
    errors.push(...summaryErrors(error, request).map((e) => ({ ...e, field: 'province' })));
  }
  return { list, province, errors };
}

/** The agencies: a list by province, and each agency with its procedures. */
export async function agencyPageRoutes(app: App, { catalog }: { catalog: CatalogService }) {
  app.get<{ Querystring: Query }>(
    '/agencies',
    { schema: { hide: true, querystring: LooseQuery }, config: KEPT },
    async (request, reply) => {
      const provinces = await catalog.listProvinces();
      const { list, province, errors } = await agencyList(catalog, request.query, request);
      return reply.page(
        h(AgenciesPage, { list, provinces, province, errors }),
        errors.length > 0 ? 400 : 200,
      );
    },
  );

  app.get<{ Params: { code: string } }>(
    '/agencies/:code',
    { schema: { hide: true }, config: KEPT },
    async (request, reply) => {
      const agency = await catalog.getAgency(request.params.code);
      const procedures = await catalog.searchProcedures({ agency: agency.code, limit: 30 });
      return reply.page(h(AgencyPage, { agency, procedures }));
    },
  );
}
