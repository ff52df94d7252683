import { Type, type TSchema } from '@sinclair/typebox';
import { ALL_METRICS } from '../metrics.js';

/** The statistics API's schemas: they check what comes in, shape what goes out and document it. */
const Text = Type.Object(
  { vi: Type.String(), en: Type.String() },
  { description: 'The same text in Vietnamese and English' },
);
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** 2000–2099 only, as `parsePeriod` takes them. */
export const PERIOD_PATTERN = '^20[0-9]{2}(-(0[1-9]|1[0-2])|-Q[1-4])?$';

export const PeriodQuery = Type.Optional(
  Type.String({
    pattern: PERIOD_PATTERN,
    description:
      'A month `2026-11`, a quarter `2026-Q4` or a year `2026` (2000–2099); this month, so far, when left out',
  }),
);
export const KindQuery = Type.Optional(
  Type.Union([Type.Literal('province'), Type.Literal('ministry')], {
    description: 'Rank provinces or ministries (and central agencies); provinces when left out',
    default: 'province',
  }),
);

export const PeriodSchema = Type.Object({
  key: Type.String({ description: '`2026-11`, `2026-Q4` or `2026`' }),
  kind: Type.Union([Type.Literal('month'), Type.Literal('quarter'), Type.Literal('year')]),
  firstDay: Type.String({ format: 'date' }),
  lastDay: Type.String({ format: 'date' }),
  soFar: Type.Boolean({ description: 'Today falls in it: its figures are so far, not final' }),
});

export const DefinitionSummarySchema = Type.Object({
  version: Type.String(),
  effectiveFrom: Type.String({ format: 'date' }),
  title: Text,
  basis: Text,
});

const RatingSchema = Nullable(
  Type.Object({
    code: Type.String({ description: 'excellent, good, average or weak' }),
    name: Text,
  }),
);

const CriterionSchema = Type.Object({
  code: Type.String(),
  name: Text,
  source: Text,
  value: Nullable(Type.Number({ minimum: 0, maximum: 1, description: '0 to 1' })),
  points: Nullable(Type.Number()),
  maxPoints: Type.Number(),
  missing: Nullable(
    Type.Union([Type.Literal('no_data'), Type.Literal('unavailable')], {
      description:
        '`no_data`: nothing to count in this period; `unavailable`: the portal has no input for it (see `reason`)',
    }),
  ),
  reason: Nullable(Text),
  numerator: Nullable(Type.Number({ description: 'In 1/`scale` units' })),
  denominator: Nullable(Type.Number()),
  scale: Type.Integer({
    description: 'What the numerator is divided by before the ratio: 1000 for thousandths',
  }),
});

const groupFields = {
  code: Type.String(),
  name: Text,
  points: Type.Number({ description: 'Points earned' }),
  availablePoints: Type.Number({ description: 'The points of its criteria that have figures' }),
  maxPoints: Type.Number(),
};
const GroupSchema = Type.Object({ ...groupFields, criteria: Type.Array(CriterionSchema) });
const GroupSummarySchema = Type.Object(groupFields);

const placeFields = {
  scope: Type.String({ description: '`nation`, `province:01`, `ministry:…` or `agency:…`' }),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  version: Type.String({ description: 'The version of the index definition that scored it' }),
  score: Nullable(
    Type.Number({
      description: 'Out of 100: the points over those available; null when nothing had figures',
    }),
  ),
  rating: RatingSchema,
  points: Type.Number(),
  availablePoints: Type.Number(),
  maxPoints: Type.Number(),
};

const FiguresSchema = Type.Record(Type.String(), Type.Number(), {
  description: `The figures it was worked out from, by metric (${ALL_METRICS.length} kinds; one never counted is left out)`,
});

/** A place with each criterion and the figures behind it. */
export const PlaceSchema = Type.Object({
  ...placeFields,
  groups: Type.Array(GroupSchema),
  figures: FiguresSchema,
});
/** A place in a list: its groups' points, without the criteria. */
export const PlaceSummarySchema = Type.Object({
  ...placeFields,
  rank: Nullable(Type.Integer({ description: 'null when it has no score' })),
  groups: Type.Array(GroupSummarySchema),
});

export const TrendPointSchema = Type.Object({
  period: PeriodSchema,
  score: Nullable(Type.Number()),
  rating: RatingSchema,
  points: Type.Number(),
  availablePoints: Type.Number(),
  groups: Type.Array(
    Type.Object({
      code: Type.String(),
      points: Type.Number(),
      availablePoints: Type.Number(),
      maxPoints: Type.Number(),
    }),
  ),
});

export const RankingSchema = Type.Object({
  period: PeriodSchema,
  kind: Type.Union([Type.Literal('province'), Type.Literal('ministry')]),
  definition: DefinitionSummarySchema,
  nation: PlaceSchema,
  places: Type.Array(PlaceSummarySchema),
});

const ProcedureSchema = Type.Object({
  code: Type.String(),
  name: Nullable(Type.String({ description: 'Its name, when the catalog gave it' })),
  nameEn: Nullable(Type.String()),
  received: Type.Integer(),
  onlineShare: Nullable(Type.Number({ description: 'Share filed online, 0 to 1' })),
  resolved: Type.Integer(),
  onTimeShare: Nullable(Type.Number({ description: 'Share resolved early or on time, 0 to 1' })),
  averageDays: Nullable(Type.Number({ description: 'Mean days from receipt to result' })),
  rated: Type.Integer(),
  rating: Nullable(
    Type.Number({ description: 'Mean overall rating, 0 to 1 (1 star is 0, 5 stars is 1)' }),
  ),
});

export const PlaceFiguresSchema = Type.Object({
  period: PeriodSchema,
  definition: DefinitionSummarySchema,
  place: PlaceSchema,
  unit: Nullable(
    Type.Object(
      { code: Type.String(), name: Type.String(), nameEn: Type.String() },
      {
        description: 'The province or ministry an agency belongs to',
      },
    ),
  ),
  agencies: Type.Array(PlaceSummarySchema),
  procedures: Type.Array(ProcedureSchema),
  trend: Type.Array(TrendPointSchema),
});

export const NationSchema = Type.Object({
  period: PeriodSchema,
  definition: DefinitionSummarySchema,
  place: PlaceSchema,
});

const Counts = Type.Object({
  received: Type.Integer({ description: 'Dossiers received' }),
  received_online: Type.Integer({ description: 'Dossiers filed online' }),
  synced: Type.Integer({ description: 'Dossiers synced from ministries’ and provinces’ systems' }),
  fee_paid_online: Type.Integer({ description: 'Dossiers whose fees were paid online' }),
});

export const LiveSchema = Type.Object({
  year: Type.Integer(),
  accounts: Type.Object({
    total: Type.Integer({ description: 'Accounts in all' }),
    since: Type.Integer({ description: 'Accounts opened this year' }),
  }),
  thisYear: Counts,
  total: Counts,
});
