import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http.js';
import { ProblemSchema } from '../../platform/errors.js';
import type { CatalogService } from './service.js';
import { AGENCY_KINDS } from './seed/types.js';
import { Code, CodeParam, NamedSchema, Nullable } from './schema-parts.js';

const tags = ['catalog'];

const AgencySchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  kind: Type.String(),
  sector: Nullable(Type.String()),
  parentCode: Nullable(Type.String()),
  provinceCode: Nullable(Type.String()),
  communeCode: Nullable(Type.String()),
  address: Type.String(),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  website: Nullable(Type.String()),
});

const AgencyListQuery = Type.Object(
  {
    parent: Type.Optional(Code('Parent agency code: its direct children')),
    province: Type.Optional(Code('Province code: agencies located in that province')),
    kind: Type.Optional(Type.Union(AGENCY_KINDS.map((k) => Type.Literal(k)))),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const AgencyListSchema = Type.Object({
  items: Type.Array(AgencySchema),
  total: Type.Integer(),
  nextCursor: Nullable(Type.String()),
});

const AgencyDetailSchema = Type.Intersect([
  AgencySchema,
  Type.Object({
    parent: Nullable(NamedSchema),
    children: Type.Array(
      Type.Object({
        code: Type.String(),
        name: Type.String(),
        nameEn: Type.String(),
        kind: Type.String(),
      }),
    ),
  }),
]);

const AdminUnitListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      fullName: Type.String(),
      fullNameEn: Type.String(),
      provinceCode: Nullable(Type.String()),
    }),
  ),
});

/** The catalog API's agencies and the administrative units they serve. */
export async function agencyApiRoutes(app: App, { catalog }: { catalog: CatalogService }) {
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
        response: { 200: AgencyDetailSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => catalog.getAgency(request.params.code),
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
        response: { 200: AdminUnitListSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => ({ items: await catalog.listCommunes(request.params.code) }),
  );
}
