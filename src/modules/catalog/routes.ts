import type { App } from '../../platform/http.js';
import { ProblemSchema } from '../../platform/errors.js';
import type { CatalogService } from './service.js';
import {
  AdminUnitListSchema,
  AgencyDetailSchema,
  AgencyListQuery,
  AgencyListSchema,
  CodeParam,
  FieldListSchema,
  ProcedureDetailSchema,
  ProcedureListSchema,
  ProcedureSearchQuery,
  SuggestionsSchema,
} from './http-schemas.js';
import { Type } from '@sinclair/typebox';
import { MAX_QUERY_LENGTH } from './search.js';

const tags = ['catalog'];
/** Search answers may be a minute old: the catalog changes at most daily, searches repeat. */
const SEARCH_CACHE_SECONDS = 60;
const errors = { 400: ProblemSchema, 404: ProblemSchema };

export function catalogApiRoutes(app: App, catalog: CatalogService) {
  app.get(
    '/api/v1/procedures',
    {
      config: { cacheSeconds: SEARCH_CACHE_SECONDS },
      schema: {
        tags,
        summary: 'Search the procedure catalog',
        querystring: ProcedureSearchQuery,
        response: { 200: ProcedureListSchema, 400: ProblemSchema },
      },
    },
    async (request) => catalog.searchProcedures(request.query),
  );

  app.get(
    '/api/v1/procedures/suggestions',
    {
      config: { cacheSeconds: SEARCH_CACHE_SECONDS },
      schema: {
        tags,
        summary: 'Procedure names that complete what a person is typing',
        querystring: Type.Object(
          { q: Type.String({ maxLength: MAX_QUERY_LENGTH }) },
          { additionalProperties: false },
        ),
        response: { 200: SuggestionsSchema, 400: ProblemSchema },
      },
    },
    async (request) => ({ items: await catalog.suggest(request.query.q) }),
  );

  app.get(
    '/api/v1/procedures/:code',
    {
      schema: {
        tags,
        summary: 'A procedure: the record in force, with its versions',
        params: CodeParam,
        response: { 200: ProcedureDetailSchema, ...errors },
      },
    },
    async (request) => catalog.getProcedure(request.params.code),
  );

  app.get(
    '/api/v1/agencies',
    {
      schema: {
        tags,
        summary: 'Agencies, by parent or province',
        querystring: AgencyListQuery,
        response: { 200: AgencyListSchema, 400: ProblemSchema },
      },
    },
    async (request) => catalog.listAgencies(request.query),
  );

  app.get(
    '/api/v1/agencies/:code',
    {
      schema: {
        tags,
        summary: 'An agency with its parent and children',
        params: CodeParam,
        response: { 200: AgencyDetailSchema, ...errors },
      },
    },
    async (request) => catalog.getAgency(request.params.code),
  );

  app.get(
    '/api/v1/fields',
    {
      schema: {
        tags,
        summary: 'Fields (lĩnh vực) of procedures',
        response: { 200: FieldListSchema },
      },
    },
    async () => ({ items: await catalog.listFields() }),
  );

  app.get(
    '/api/v1/admin-units/provinces',
    {
      schema: {
        tags,
        summary: 'Provinces and centrally-run cities',
        response: { 200: AdminUnitListSchema },
      },
    },
    async () => ({ items: await catalog.listProvinces() }),
  );

  app.get(
    '/api/v1/admin-units/provinces/:code/communes',
    {
      schema: {
        tags,
        summary: 'Communes, wards and special zones of a province',
        params: CodeParam,
        response: { 200: AdminUnitListSchema, ...errors },
      },
    },
    async (request) => ({ items: await catalog.listCommunes(request.params.code) }),
  );
}
