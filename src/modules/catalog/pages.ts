import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import { ProblemError } from '../../platform/errors.js';
import type { SummaryError } from '../../web/components.js';
import type { CatalogService } from './service.js';
import type { SearchInput } from './search-service.js';
import { LEVELS, SERVICE_LEVELS, TARGETS } from './labels.js';
import { MAX_QUERY_LENGTH } from './search.js';
import { HomePage } from './home.page.js';
import { SearchPage } from './search.page.js';
import { ProcedurePage } from './procedure.page.js';
import { AgenciesPage } from './agencies.page.js';
import { AgencyPage } from './agency.page.js';

/** Pages take any query string: what is wrong in it is shown to the person, not a 400 JSON. */
const LooseQuery = Type.Record(Type.String(), Type.String());
type Query = Record<string, string | undefined>;

const oneOf = <T extends string>(values: readonly T[], value: string | undefined): value is T =>
  value !== undefined && (values as readonly string[]).includes(value);

function readSearchInput(query: Query, request: FastifyRequest) {
  const errors: SummaryError[] = [];
  const input: SearchInput = {};
  const q = query.q?.trim();
  if (q && q.length > MAX_QUERY_LENGTH) {
    errors.push({
      field: 'q',
      message: request.t('errors.field.tooLongNamed', {
        field: request.t('search.label'),
        limit: MAX_QUERY_LENGTH,
      }),
    });
  } else if (q) {
    input.q = q;
  }
  const enumFilters = [
    ['level', LEVELS],
    ['target', TARGETS],
    ['serviceLevel', SERVICE_LEVELS],
  ] as const;
  for (const [key, values] of enumFilters) {
    const value = query[key];
    if (!value) continue;
    if (oneOf(values, value)) Object.assign(input, { [key]: value });
    else
      errors.push({
        field: `filter-${key}`,
        message: request.t('errors.field.unknownValue', { value }),
      });
  }
  for (const key of ['field', 'province', 'agency', 'cursor'] as const) {
    if (query[key]) input[key] = query[key];
  }
  return { input, errors };
}

/** Field errors from the service, pointed at the page's own inputs. */
function summaryErrors(error: unknown, request: FastifyRequest): SummaryError[] {
  if (!(error instanceof ProblemError) || error.status !== 400) throw error;
  return error.fieldErrors.map((e) => ({
    field: e.field === 'q' || e.field === 'cursor' ? 'q' : `filter-${e.field}`,
    message: request.t(e.messageKey, e.params),
  }));
}

export function catalogPageRoutes(app: App, catalog: CatalogService) {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    const [popular, citizen, business, all] = await Promise.all([
      catalog.popular(9),
      catalog.facets({ target: 'citizen' }),
      catalog.facets({ target: 'business' }),
      catalog.facets({}),
    ]);
    const fields = await catalog.listFields();
    const top = (counts: Record<string, number>) =>
      fields
        .filter((f) => (counts[f.code] ?? 0) > 0)
        .map((f) => ({ code: f.code, name: f.name, nameEn: f.nameEn, count: counts[f.code] ?? 0 }))
        .sort((a, b) => b.count - a.count)
        .slice(0, 8);
    const procedures = Object.values(all.level).reduce((sum, n) => sum + n, 0);
    return reply.page(
      h(HomePage, {
        popular,
        groups: [
          { target: 'citizen', fields: top(citizen.field) },
          { target: 'business', fields: top(business.field) },
        ],
        totals: {
          procedures,
          online: (all.serviceLevel.full_online ?? 0) + (all.serviceLevel.partial_online ?? 0),
        },
      }),
    );
  });

  app.get(
    '/procedures',
    { schema: { hide: true, querystring: LooseQuery } },
    async (request, reply) => {
      const query = request.query as Query;
      const { input, errors } = readSearchInput(query, request);
      const [fields, provinces, popular] = await Promise.all([
        catalog.listFields(),
        catalog.listProvinces(),
        catalog.popular(6),
      ]);
      let found = null;
      let agency = null;
      if (errors.length === 0) {
        try {
          found = await catalog.searchWithFacets(input);
          if (input.agency) agency = await catalog.getAgency(input.agency);
        } catch (error) {
          errors.push(...summaryErrors(error, request));
        }
      }
      return reply.page(
        h(SearchPage, {
          query,
          errors,
          result: found?.result ?? null,
          facets: found?.facets ?? null,
          fields: fields.filter((f) => f.procedureCount > 0),
          provinces,
          agency,
          popular,
        }),
        errors.length > 0 ? 400 : 200,
      );
    },
  );

  app.get<{ Params: { code: string }; Querystring: Query }>(
    '/procedures/:code',
    { schema: { hide: true, querystring: LooseQuery } },
    async (request, reply) => {
      const procedure = await catalog.getProcedure(request.params.code);
      const provinces = await catalog.listProvinces();
      const province = provinces.some((p) => p.code === request.query.province)
        ? request.query.province
        : undefined;
      const localAgencies: Record<string, Awaited<ReturnType<CatalogService['localAgency']>>> = {};
      if (province) {
        const refs = Object.values(procedure.agencies).flatMap((list) => list ?? []);
        for (const ref of refs) {
          if (ref.code || !ref.kind) continue;
          localAgencies[`${ref.kind}:${ref.sector ?? ''}`] = await catalog.localAgency(province, {
            kind: ref.kind,
            sector: ref.sector,
          });
        }
      }
      return reply.page(h(ProcedurePage, { procedure, provinces, province, localAgencies }));
    },
  );

  app.get<{ Querystring: Query }>(
    '/agencies',
    { schema: { hide: true, querystring: LooseQuery } },
    async (request, reply) => {
      const provinces = await catalog.listProvinces();
      const province = request.query.province || undefined;
      const errors: SummaryError[] = [];
      let list = null;
      try {
        list = await catalog.listAgencies(
          province
            ? {
                province,
                limit: 50,
                ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
              }
            : { topLevel: true, limit: 100 },
        );
      } catch (error) {
        errors.push(...summaryErrors(error, request).map((e) => ({ ...e, field: 'province' })));
      }
      return reply.page(
        h(AgenciesPage, { list, provinces, province, errors }),
        errors.length > 0 ? 400 : 200,
      );
    },
  );

  app.get<{ Params: { code: string } }>(
    '/agencies/:code',
    { schema: { hide: true } },
    async (request, reply) => {
      const agency = await catalog.getAgency(request.params.code);
      const procedures = await catalog.searchProcedures({ agency: agency.code, limit: 30 });
      return reply.page(h(AgencyPage, { agency, procedures }));
    },
  );
}
