import { Type, type Static } from '@sinclair/typebox';
import { h } from 'preact';
import { PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import { actorOf } from '../../identity/index.js';
import { DashboardPage } from '../dashboard.page.js';
import type { Dashboard, DashboardService } from '../dashboard.js';

const tags = ['back office'];
const MAX_OFFSET = 100_000;

const Named = Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() });
const Link = Type.Union([Type.String(), Type.Null()]);
const Rate = Type.Object({
  period: Type.String(),
  resolved: Type.Integer(),
  late: Type.Integer(),
  rate: Type.Union([Type.Number(), Type.Null()], {
    description: 'late ÷ resolved; null with none resolved',
  }),
});

const DashboardAnswer = Type.Object({
  leading: Named,
  choices: Type.Array(Named, { description: 'The agencies the caller may open the dashboard for' }),
  agencies: Type.Array(
    Type.Composite([
      Named,
      Type.Object({
        overdue: Type.Integer(),
        dueSoon: Type.Integer({ description: 'Due within 2 working days' }),
        feedbackOpen: Type.Integer(),
        feedbackOverdue: Type.Integer(),
        lateRateYear: Type.Union([Type.Number(), Type.Null()]),
        links: Type.Object({ inbox: Link, feedback: Link, ratings: Link }),
      }),
    ]),
  ),
  deadlines: Type.Array(
    Type.Object({
      agency: Named,
      procedure: Named,
      overdue: Type.Integer(),
      dueSoon: Type.Integer(),
      inbox: Link,
    }),
  ),
  lateRate: Type.Object({ month: Rate, year: Rate }),
  lowestRated: Type.Array(
    Type.Object({
      procedure: Named,
      rated: Type.Integer(),
      average: Type.Number({ description: 'On the 1–5 scale' }),
      ratings: Link,
    }),
  ),
  quality: Type.Object({
    total: Type.Integer(),
    offset: Type.Integer(),
    items: Type.Array(
      Type.Object({
        code: Type.String(),
        agency: Named,
        procedure: Named,
        status: Type.Integer(),
        problems: Type.Array(
          Type.Union([
            Type.Literal('impossible_transition'),
            Type.Literal('no_received_at'),
            Type.Literal('no_returned_at'),
            Type.Literal('no_due_at'),
          ]),
        ),
        lastFlag: Type.Union([Type.String(), Type.Null()]),
        at: Type.String({ format: 'date-time' }),
      }),
    ),
  }),
  incomplete: Type.Array(Named, {
    description: 'Procedures received here whose record in force is incomplete',
  }),
});

const DashboardQuery = Type.Object(
  {
    agency: Type.Optional(
      Type.String({ maxLength: 30, description: 'The agency led (default: the first)' }),
    ),
    offset: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_OFFSET, description: 'Data-quality page' }),
    ),
  },
  { additionalProperties: false },
);

const LooseQuery = Type.Record(Type.String(), Type.String());

const toJson = (dashboard: Dashboard): Static<typeof DashboardAnswer> => ({
  ...dashboard,
  quality: {
    ...dashboard.quality,
    items: dashboard.quality.items.map((item) => ({ ...item, at: item.at.toISOString() })),
  },
});

/** A page's offset: a whole number in range, else the first page. */
const offsetOf = (text: string | undefined) => {
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 && n <= MAX_OFFSET ? n : 0;
};

/**
 * The leaders' dashboard, for officers who hold the approver or agency administrator role
 * somewhere (`monitoring.dashboard`); anyone else is refused (403), and an agency they do
 * not lead is not found (404).
 */
export function dashboardRoutes(app: App, deps: { dashboard: DashboardService }) {
  app.get(
    '/api/v1/backoffice/dashboard',
    {
      config: { access: 'officer' },
      schema: {
        tags,
        summary: 'The leaders’ dashboard: deadlines, late rate, feedback, ratings and data quality',
        querystring: DashboardQuery,
        response: { 200: DashboardAnswer, ...PROBLEM_RESPONSES },
      },
    },
    async (request) =>
      toJson(
        await deps.dashboard.dashboard(
          actorOf(request),
          request.query.agency,
          request.query.offset,
        ),
      ),
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/backoffice/dashboard',
    { config: { access: 'officer' }, schema: { hide: true, querystring: LooseQuery } },
    async (request, reply) => {
      const agency = request.query.agency?.slice(0, 30) || undefined;
      const dashboard = await deps.dashboard.dashboard(
        actorOf(request),
        agency,
        offsetOf(request.query.offset),
      );
      return reply.page(h(DashboardPage, { dashboard }));
    },
  );
}
