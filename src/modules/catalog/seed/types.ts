import { Type, type Static } from '@sinclair/typebox';

/**
 * Shapes of the seed catalog files in ./data. They are checked with these schemas at seed
 * time, so a typo in a data file fails loudly instead of seeding a half-empty record.
 */

const Iso = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const AGENCY_KINDS = [
  'ministry',
  'central_unit',
  'province_people_committee',
  'province_department',
  'commune_people_committee',
  'commune_police',
] as const;

/** Sectors of the province-level departments and branches every province has. */
const PROVINCE_SECTORS = [
  'justice',
  'finance',
  'construction',
  'industry_trade',
  'agriculture_environment',
  'land_registration',
  'home_affairs',
  'health',
  'education',
  'culture_sports_tourism',
  'science_technology',
  'foreign_affairs',
  'police',
  'tax',
  'social_insurance',
  'power',
] as const;
export type ProvinceSector = (typeof PROVINCE_SECTORS)[number];

const AgencyRefSchema = Type.Union([
  Type.Object({ code: Type.String() }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Union(AGENCY_KINDS.map((k) => Type.Literal(k))),
      sector: Type.Optional(Type.Union(PROVINCE_SECTORS.map((s) => Type.Literal(s)))),
    },
    { additionalProperties: false },
  ),
]);

const LegalDocumentSchema = Type.Object(
  {
    number: Type.String({ minLength: 1 }),
    title: Type.String({ minLength: 1 }),
    date: Iso,
    issuer: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

const procedureVersionProperties = {
  code: Type.String({ pattern: '^[0-9]\\.[0-9]{6}$' }),
  name: Type.String({ minLength: 5 }),
  nameEn: Type.String({ minLength: 5 }),
  level: Type.Union([Type.Literal('central'), Type.Literal('province'), Type.Literal('commune')]),
  kind: Type.Union([
    Type.Literal('detailed_by_law'),
    Type.Literal('not_delegated'),
    Type.Literal('local'),
  ]),
  fieldCode: Type.String(),
  serviceLevel: Type.Union([
    Type.Literal('full_online'),
    Type.Literal('partial_online'),
    Type.Literal('information'),
  ]),
  targets: Type.Array(Type.Union([Type.Literal('citizen'), Type.Literal('business')]), {
    minItems: 1,
  }),
  targetDescription: Type.String(),
  decision: LegalDocumentSchema,
  effectiveFrom: Iso,
  summary: Type.String({ minLength: 10 }),
  steps: Type.Array(Type.String({ minLength: 5 }), { minItems: 1 }),
  channels: Type.Array(
    Type.Object(
      {
        channel: Type.Union([
          Type.Literal('online'),
          Type.Literal('in_person'),
          Type.Literal('post'),
        ]),
        timeLimit: Type.Object(
          {
            value: Type.Number({ minimum: 0 }),
            unit: Type.Union([
              Type.Literal('working_days'),
              Type.Literal('days'),
              Type.Literal('working_hours'),
              Type.Literal('hours'),
            ]),
            note: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        fees: Type.Array(
          Type.Object(
            {
              name: Type.String(),
              amount: Type.Integer({ minimum: 0 }),
              note: Type.Optional(Type.String()),
            },
            { additionalProperties: false },
          ),
        ),
        description: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    { minItems: 1 },
  ),
  documents: Type.Array(
    Type.Object(
      {
        case: Type.Optional(Type.String()),
        items: Type.Array(
          Type.Object(
            {
              name: Type.String({ minLength: 3 }),
              original: Type.Integer({ minimum: 0 }),
              copy: Type.Integer({ minimum: 0 }),
              form: Type.Optional(
                Type.Object(
                  { code: Type.String(), name: Type.String() },
                  { additionalProperties: false },
                ),
              ),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
  ),
  agencies: Type.Object(
    {
      implementing: Type.Array(AgencyRefSchema, { minItems: 1 }),
      competent: Type.Optional(Type.Array(AgencyRefSchema)),
      authorised: Type.Optional(Type.Array(AgencyRefSchema)),
      coordinating: Type.Optional(Type.Array(AgencyRefSchema)),
    },
    { additionalProperties: false },
  ),
  receivingAddress: Type.String(),
  results: Type.Array(
    Type.Object(
      { name: Type.String(), code: Type.Optional(Type.String()) },
      { additionalProperties: false },
    ),
    { minItems: 1 },
  ),
  conditions: Type.Optional(Type.String()),
  /** The identity assurance level online filing needs (VNeID level 2 for the sensitive ones). */
  assuranceLevel: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])),
  keywords: Type.Array(Type.String()),
  legalBases: Type.Array(LegalDocumentSchema, { minItems: 1 }),
  popular: Type.Optional(Type.Boolean()),
  annulled: Type.Optional(
    Type.Object(
      { decision: LegalDocumentSchema, effectiveFrom: Iso },
      { additionalProperties: false },
    ),
  ),
};

const {
  code: _code,
  popular: _popular,
  annulled: _annulled,
  ...versionContent
} = procedureVersionProperties;

/**
 * An earlier version of a procedure: only what differed, plus the decision that published
 * it and the date it took effect. The seed fills the rest from the current record.
 */
const SeedPreviousVersionSchema = Type.Intersect([
  Type.Partial(Type.Object(versionContent, { additionalProperties: false })),
  Type.Object({ decision: LegalDocumentSchema, effectiveFrom: Iso }),
]);

export const SeedProcedureSchema = Type.Object(
  {
    ...procedureVersionProperties,
    previousVersions: Type.Optional(Type.Array(SeedPreviousVersionSchema)),
  },
  { additionalProperties: false },
);
export type SeedProcedure = Static<typeof SeedProcedureSchema>;

export const SeedFieldSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z0-9_]{2,20}$' }),
    name: Type.String(),
    nameEn: Type.String(),
    ministryCode: Type.String(),
  },
  { additionalProperties: false },
);
export type SeedField = Static<typeof SeedFieldSchema>;

export const SeedCentralAgencySchema = Type.Object(
  {
    code: Type.String({ pattern: '^\\d{3}\\.\\d{2}\\.\\d{2}\\.G\\d{2}$' }),
    name: Type.String(),
    nameEn: Type.String(),
    kind: Type.Union([Type.Literal('ministry'), Type.Literal('central_unit')]),
    parentCode: Type.Optional(Type.String()),
    address: Type.String(),
    phone: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    website: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type SeedCentralAgency = Static<typeof SeedCentralAgencySchema>;
