import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http.js';
import { ProblemSchema } from '../../platform/errors.js';
import type { CatalogService } from './service.js';
import { MAX_QUERY_LENGTH } from './search.js';
import { Code, CodeParam, NamedSchema, Nullable } from './schema-parts.js';

/** Search answers may be a minute old: the catalog changes at most daily, searches repeat. */
const SEARCH_CACHE_SECONDS = 60;
const tags = ['catalog'];

const LevelSchema = Type.Union([
  Type.Literal('central'),
  Type.Literal('province'),
  Type.Literal('commune'),
]);
const ServiceLevelSchema = Type.Union([
  Type.Literal('full_online'),
  Type.Literal('partial_online'),
  Type.Literal('information'),
]);
const TargetSchema = Type.Union([Type.Literal('citizen'), Type.Literal('business')]);

const ProcedureSearchQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: MAX_QUERY_LENGTH,
        description: 'Words to find; diacritics and small typos are tolerated',
      }),
    ),
    field: Type.Optional(Code('Field (lĩnh vực) code')),
    level: Type.Optional(LevelSchema),
    agency: Type.Optional(Code('Implementing agency code')),
    province: Type.Optional(Code('Province code: procedures implemented in that province')),
    target: Type.Optional(TargetSchema),
    serviceLevel: Type.Optional(ServiceLevelSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const AgencyRefSchema = Type.Object({
  code: Nullable(Type.String()),
  kind: Nullable(Type.String()),
  sector: Nullable(Type.String()),
  name: Type.String(),
  nameEn: Type.String(),
});

const ProcedureSummarySchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  level: LevelSchema,
  field: NamedSchema,
  serviceLevel: ServiceLevelSchema,
  target: Type.Array(TargetSchema),
  agencies: Type.Array(AgencyRefSchema),
  status: Type.Union([Type.Literal('active'), Type.Literal('annulled')], {
    description:
      '`annulled`: no longer carried out; found only by its code or words of its name or keywords, after those in force',
  }),
});

const ProcedureListSchema = Type.Object({
  items: Type.Array(ProcedureSummarySchema),
  total: Type.Integer(),
  nextCursor: Nullable(Type.String()),
  match: Type.Union([Type.Literal('words'), Type.Literal('typos')], {
    description:
      '`words`: the records hold every word of `q`; `typos`: `q` as typed could find nothing (a word the catalog does not hold, or a slip that made another word), so the records hold every word of `correctedQuery` instead',
  }),
  correctedQuery: Nullable(
    Type.String({
      description: '`q` with its misspelt words corrected, as searched (null when none were)',
    }),
  ),
});

const LegalDocument = Type.Object({
  number: Type.String(),
  title: Type.String(),
  date: Type.String(),
  issuer: Type.String(),
});

const ChannelSchema = Type.Object({
  channel: Type.String(),
  timeLimit: Type.Object({
    value: Type.Number(),
    unit: Type.String(),
    note: Type.Optional(Type.String()),
  }),
  fees: Type.Array(
    Type.Object({
      name: Type.String(),
      amount: Type.Integer(),
      note: Type.Optional(Type.String()),
    }),
  ),
  description: Type.Optional(Type.String()),
});

const DocumentGroupSchema = Type.Object({
  case: Type.Optional(Type.String()),
  items: Type.Array(
    Type.Object({
      name: Type.String(),
      original: Type.Integer(),
      copy: Type.Integer(),
      form: Type.Optional(Type.Object({ code: Type.String(), name: Type.String() })),
    }),
  ),
});

const ProcedureDetailSchema = Type.Object({
  code: Type.String(),
  status: Type.Union([
    Type.Literal('active'),
    Type.Literal('annulled'),
    Type.Literal('not_yet_effective'),
  ]),
  annulment: Nullable(Type.Object({ effectiveFrom: Type.String(), decision: LegalDocument })),
  popular: Type.Boolean(),
  version: Type.Integer(),
  effectiveFrom: Type.String(),
  decision: LegalDocument,
  name: Type.String(),
  nameEn: Type.String(),
  level: LevelSchema,
  kind: Type.String(),
  field: NamedSchema,
  serviceLevel: ServiceLevelSchema,
  target: Type.Array(TargetSchema),
  targetDescription: Type.String(),
  summary: Type.String(),
  steps: Type.Array(Type.String()),
  channels: Type.Array(ChannelSchema),
  documents: Type.Array(DocumentGroupSchema),
  agencies: Type.Object({
    implementing: Type.Array(AgencyRefSchema),
    competent: Type.Optional(Type.Array(AgencyRefSchema)),
    authorised: Type.Optional(Type.Array(AgencyRefSchema)),
    coordinating: Type.Optional(Type.Array(AgencyRefSchema)),
  }),
  receivingAddress: Type.String(),
  results: Type.Array(Type.Object({ name: Type.String(), code: Type.Optional(Type.String()) })),
  conditions: Nullable(Type.String()),
  requiredAssuranceLevel: Type.Integer({
    minimum: 1,
    maximum: 2,
    description: 'Identity assurance level online filing needs',
  }),
  keywords: Type.Array(Type.String()),
  legalBases: Type.Array(LegalDocument),
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      effectiveFrom: Type.String(),
      decision: LegalDocument,
      inForce: Type.Boolean(),
    }),
  ),
});

const SuggestionsSchema = Type.Object({ items: Type.Array(NamedSchema) });

const FieldListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      ministryCode: Type.String(),
      procedureCount: Type.Integer(),
    }),
  ),
});

/** The catalog API's procedures: search, suggestions, a procedure's record, and fields. */
export async function procedureApiRoutes(app: App, { catalog }: { catalog: CatalogService }) {
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
        response: { 200: ProcedureDetailSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => catalog.getProcedure(request.params.code),
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
}
