import { Type } from '@sinclair/typebox';
import { invalidField, notFound, ProblemSchema } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import { IndexDefinitionSchema } from '../definition.js';
import type { Period } from '../periods.js';
import type { MonitoringService } from '../service.js';
import {
  agency,
  knownScope,
  nation,
  place,
  ranking,
  trend,
  TREND_MONTHS,
  type ProcedureNames,
} from './figures.js';
import {
  KindQuery,
  LiveSchema,
  NationSchema,
  PeriodQuery,
  PlaceFiguresSchema,
  RankingSchema,
  TrendPointSchema,
} from './schemas.js';
import { periodOf } from './view.js';

const tags = ['statistics'];
const errors = { 400: ProblemSchema, 404: ProblemSchema };
const publicRoute = { config: { access: 'public' as const } };
const MAX_TREND_MONTHS = 36;

/**
 * The public statistics API (docs/monitoring.md): the same figures as the pages, for anyone.
 * A period that is none is answered 400 and a place nobody has 404, as problem details.
 */
export function statisticsApiRoutes(
  app: App,
  deps: { monitoring: MonitoringService; procedureNames: ProcedureNames },
) {
  const { monitoring } = deps;
  const names = deps.procedureNames;

  /** The period asked for; this month when none is. The schema's pattern has checked it. */
  const periodAsked = (key: string | undefined): Period => {
    if (key === undefined) return monitoring.currentMonth();
    const period = periodOf(key);
    if (!period) throw invalidField('period', 'statistics.error.period');
    return period;
  };

  app.get(
    '/api/v1/statistics/ranking',
    {
      ...publicRoute,
      schema: {
        tags,
        summary: 'Provinces or ministries ranked by their index score, with the nation’s',
        querystring: Type.Object(
          { period: PeriodQuery, kind: KindQuery },
          { additionalProperties: false },
        ),
        response: { 200: RankingSchema, ...errors },
      },
    },
    async (request) =>
      ranking(monitoring, periodAsked(request.query.period), request.query.kind ?? 'province'),
  );

  app.get(
    '/api/v1/statistics/places/:unit',
    {
      ...publicRoute,
      schema: {
        tags,
        summary: 'A province or ministry: its criteria, its agencies ranked and its trend',
        params: Type.Object({
          unit: Type.String({
            maxLength: 60,
            description: '`province:01` (an administrative unit code) or `ministry:<agency code>`',
          }),
        }),
        querystring: Type.Object({ period: PeriodQuery }, { additionalProperties: false }),
        response: { 200: PlaceFiguresSchema, ...errors },
      },
    },
    async (request) => {
      const found = await place(monitoring, periodAsked(request.query.period), request.params.unit);
      if (!found) throw notFound('statistics.notFound.place');
      return found;
    },
  );

  app.get(
    '/api/v1/statistics/agencies/:code',
    {
      ...publicRoute,
      schema: {
        tags,
        summary: 'An agency: its criteria, its figures per procedure and its trend',
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        querystring: Type.Object({ period: PeriodQuery }, { additionalProperties: false }),
        response: { 200: PlaceFiguresSchema, ...errors },
      },
    },
    async (request) => {
      const period = periodAsked(request.query.period);
      const found = await agency(monitoring, period, request.params.code, names);
      if (!found) throw notFound('statistics.notFound.agency');
      return found;
    },
  );

  app.get(
    '/api/v1/statistics/nation',
    {
      ...publicRoute,
      schema: {
        tags,
        summary: 'The whole country’s index score and criteria',
        querystring: Type.Object({ period: PeriodQuery }, { additionalProperties: false }),
        response: { 200: NationSchema, 400: ProblemSchema },
      },
    },
    async (request) => nation(monitoring, periodAsked(request.query.period)),
  );

  app.get(
    '/api/v1/statistics/trend/:scope',
    {
      ...publicRoute,
      schema: {
        tags,
        summary: 'A place’s score month by month, up to the period’s last month',
        params: Type.Object({
          scope: Type.String({
            maxLength: 60,
            description:
              '`nation`, `province:01`, `ministry:<agency code>` or `agency:<agency code>`',
          }),
        }),
        querystring: Type.Object(
          {
            period: PeriodQuery,
            months: Type.Optional(
              Type.Integer({ minimum: 1, maximum: MAX_TREND_MONTHS, default: TREND_MONTHS }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(TrendPointSchema) }), ...errors },
      },
    },
    async (request) => {
      const period = periodAsked(request.query.period);
      const { scope } = request.params;
      if (!(await knownScope(monitoring, scope))) throw notFound('statistics.notFound.scope');
      return { items: await trend(monitoring, scope, period, request.query.months) };
    },
  );

  app.get(
    '/api/v1/statistics/definitions',
    {
      ...publicRoute,
      schema: {
        tags,
        summary: 'Every version of the index definition: groups, criteria, formulas, ratings',
        response: { 200: Type.Object({ items: Type.Array(IndexDefinitionSchema) }) },
      },
    },
    async () => ({ items: await monitoring.definitions() }),
  );

  app.get(
    '/api/v1/statistics/live',
    {
      ...publicRoute,
      schema: {
        tags,
        summary: 'The home page’s national figures, this year and in total (read every minute)',
        response: { 200: LiveSchema },
      },
    },
    async () => monitoring.liveFigures(),
  );
}
