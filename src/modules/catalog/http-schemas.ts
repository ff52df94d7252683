import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { MAX_QUERY_LENGTH } from './search.js';
import { AGENCY_KINDS } from './seed/types.js';

/** Request and response shapes of the catalog API: they validate, serialise and document. */

const Code = (description: string) => Type.String({ maxLength: 40, description });

export const LevelSchema = Type.Union([
  Type.Literal('central'),
  Type.Literal('province'),
  Type.Literal('commune'),
]);
export const ServiceLevelSchema = Type.Union([
  Type.Literal('full_online'),
  Type.Literal('partial_online'),
  Type.Literal('information'),
]);
export const TargetSchema = Type.Union([Type.Literal('citizen'), Type.Literal('business')]);

export const ProcedureSearchQuery = Type.Object(
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
export type ProcedureSearchQuery = Static<typeof ProcedureSearchQuery>;

/**
 * A nullable value as a JSON Schema type list rather than anyOf: fast-json-stringify
 * serialises it directly instead of testing each branch.
 */
const Nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });

export const AgencyRefSchema = Type.Object({
  code: Nullable(Type.String()),
  kind: Nullable(Type.String()),
  sector: Nullable(Type.String()),
  name: Type.String(),
  nameEn: Type.String(),
});

export const ProcedureSummarySchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  level: LevelSchema,
  field: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
  serviceLevel: ServiceLevelSchema,
  target: Type.Array(TargetSchema),
  agencies: Type.Array(AgencyRefSchema),
  status: Type.Union([Type.Literal('active'), Type.Literal('annulled')], {
    description:
      '`annulled`: no longer carried out; found only by its code or words of its name or keywords, after those in force',
  }),
});

export const ProcedureListSchema = Type.Object({
  items: Type.Array(ProcedureSummarySchema),
  total: Type.Integer(),
  nextCursor: Nullable(Type.String()),
  match: Type.Union([Type.Literal('words'), Type.Literal('typos')], {
    description:
      '`words`: the records hold every word of `q`; `typos`: none did, these are the names closest to it',
  }),
});

const LegalDocument = Type.Object({
  number: Type.String(),
  title: Type.String(),
  date: Type.String(),
  issuer: Type.String(),
});

export const ProcedureDetailSchema = Type.Object({
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
  field: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
  serviceLevel: ServiceLevelSchema,
  target: Type.Array(TargetSchema),
  targetDescription: Type.String(),
  summary: Type.String(),
  steps: Type.Array(Type.String()),
  channels: Type.Array(
    Type.Object({
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
    }),
  ),
  documents: Type.Array(
    Type.Object({
      case: Type.Optional(Type.String()),
      items: Type.Array(
        Type.Object({
          name: Type.String(),
          original: Type.Integer(),
          copy: Type.Integer(),
          form: Type.Optional(Type.Object({ code: Type.String(), name: Type.String() })),
        }),
      ),
    }),
  ),
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

export const AgencySchema = Type.Object({
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

export const AgencyListQuery = Type.Object(
  {
    parent: Type.Optional(Code('Parent agency code: its direct children')),
    province: Type.Optional(Code('Province code: agencies located in that province')),
    kind: Type.Optional(Type.Union(AGENCY_KINDS.map((k) => Type.Literal(k)))),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const AgencyListSchema = Type.Object({
  items: Type.Array(AgencySchema),
  total: Type.Integer(),
  nextCursor: Nullable(Type.String()),
});

export const AgencyDetailSchema = Type.Intersect([
  AgencySchema,
  Type.Object({
    parent: Nullable(
      Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
    ),
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

export const FieldListSchema = Type.Object({
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

export const AdminUnitListSchema = Type.Object({
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

export const SuggestionsSchema = Type.Object({
  items: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
  ),
});

export const CodeParam = Type.Object({ code: Type.String({ maxLength: 40 }) });
