import { h } from 'preact';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import type { SummaryError } from '../../web/components.js';
import type { CatalogService } from './service.js';
import type { SearchInput } from './search-service.js';
import { LEVELS, SERVICE_LEVELS, TARGETS } from './labels.js';
import { MAX_QUERY_LENGTH } from './search.js';
import { KEPT, LooseQuery, summaryErrors, type Query } from './page-query.js';
import { HomePage, type HomePageProps } from './home.page.js';
import type { HomeExtras } from './home-extras.js';
import { keepPageWhile } from '../../platform/response-cache.js';
import { SearchPage, type SearchPageProps } from './search.page.js';

const oneOf = <T extends string>(values: readonly T[], value: string | undefined): value is T =>
  value !== undefined && (values as readonly string[]).includes(value);

const ENUM_FILTERS = [
  ['level', LEVELS],
  ['target', TARGETS],
  ['serviceLevel', SERVICE_LEVELS],
] as const;

/** The search a page's query string asks for, and what is wrong in it. */
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
  for (const [key, values] of ENUM_FILTERS) {
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

/** The home page: popular procedures, the largest fields for citizens and for businesses. */
async function homePageProps(catalog: CatalogService): Promise<HomePageProps> {
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
  return {
    popular,
    groups: [
      { target: 'citizen', fields: top(citizen.field) },
      { target: 'business', fields: top(business.field) },
    ],
    totals: {
      procedures: Object.values(all.level).reduce((sum, n) => sum + n, 0),
      online: (all.serviceLevel.full_online ?? 0) + (all.serviceLevel.partial_online ?? 0),
    },
  };
}

/** The search page for a query string: its results and filter counts, or what is wrong. */
async function searchPageProps(
  catalog: CatalogService,
  query: Query,
  request: FastifyRequest,
): Promise<SearchPageProps> {
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
  return {
    query,
    errors,
    result: found?.result ?? null,
    facets: found?.facets ?? null,
    fields: fields.filter((f) => f.procedureCount > 0),
    provinces,
    agency,
    popular,
  };
}

/** The home page and the procedure search. */
export async function searchPageRoutes(
  app: App,
  { catalog, extras }: { catalog: CatalogService; extras: HomeExtras },
) {
  app.get('/', { schema: { hide: true }, config: KEPT }, async (request, reply) => {
    const [props, loaded] = await Promise.all([homePageProps(catalog), extras.load()]);
    for (const error of loaded.errors)
      request.log.warn({ err: error }, 'a home page section failed');
    // Kept (ADR 0012) only while what the other modules' sections show is still current.
    keepPageWhile(request, loaded.current);
    return reply.page(h(HomePage, { ...props, extras: loaded.sections }));
  });

  app.get(
    '/procedures',
    { schema: { hide: true, querystring: LooseQuery }, config: KEPT },
    async (request, reply) => {
      const props = await searchPageProps(catalog, request.query as Query, request);
      return reply.page(h(SearchPage, props), props.errors.length > 0 ? 400 : 200);
    },
  );
}
