import { h } from 'preact';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import type { SummaryError } from '../../../web/components.js';
import { AgencyPage } from '../agency.page.js';
import type { PeriodOption } from '../page-parts.js';
import { monthsEndingWith, parsePeriod, type Period } from '../periods.js';
import { PeriodErrorPage, PlacePage } from '../place.page.js';
import { RankingPage } from '../ranking.page.js';
import type { MonitoringService, PlaceKind } from '../service.js';
import { agency, place, ranking, type ProcedureNames } from './figures.js';
import { placeTables, rankingTables, sendTables, type Format } from './exports.js';
import { agencyPath, isPlaceKind } from './view.js';

/** Pages take any query string: what is wrong in it is shown to the person, not a 400 JSON. */
const LooseQuery = Type.Record(Type.String(), Type.String());
type Query = Record<string, string | undefined>;
const page = {
  schema: { hide: true, querystring: LooseQuery },
  config: { access: 'public' as const },
};

/** How far back the period form offers: two years of months, eight quarters, five years. */
const OFFERED = { months: 24, quarters: 8, years: 5 };

/** The periods the form offers, newest first, with the one asked for even if older. */
export function periodOptions(current: Period, chosen: string): PeriodOption[] {
  const months = monthsEndingWith(current, OFFERED.months).reverse();
  const quarters: Period[] = [];
  for (const month of months) {
    const quarter = parsePeriod(`${month.year}-Q${Math.ceil(month.part / 3)}`)!;
    if (!quarters.some((q) => q.key === quarter.key)) quarters.push(quarter);
  }
  const years = Array.from({ length: OFFERED.years }, (_, i) =>
    parsePeriod(`${current.year - i}`),
  ).filter((year): year is Period => year !== null);
  const options = [...months, ...quarters.slice(0, OFFERED.quarters), ...years].map(
    ({ key, kind }) => ({ key, kind }),
  );
  const asked = parsePeriod(chosen);
  if (asked && !options.some((option) => option.key === asked.key)) {
    options.push({ key: asked.key, kind: asked.kind });
  }
  return options;
}

interface Asked {
  period: Period | null;
  /** What the form shows as chosen. */
  periodKey: string;
  kind: PlaceKind;
  errors: SummaryError[];
}

/** The period (default: this month, so far) and kind a page's query asks for. */
function readQuery(request: FastifyRequest, monitoring: MonitoringService, ranked = false): Asked {
  const query = request.query as Query;
  const errors: SummaryError[] = [];
  const current = monitoring.currentMonth();
  const rawPeriod = query.period?.trim();
  const period = rawPeriod ? parsePeriod(rawPeriod) : current;
  if (!period) errors.push({ field: 'period', message: request.t('statistics.error.period') });
  // Only the ranking is of a kind; the drill-downs leave the parameter alone.
  const rawKind = (ranked && query.kind?.trim()) || 'province';
  if (!isPlaceKind(rawKind))
    errors.push({ field: 'kind', message: request.t('statistics.error.kind') });
  return {
    period,
    periodKey: period?.key ?? current.key,
    kind: isPlaceKind(rawKind) ? rawKind : 'province',
    errors,
  };
}

/** `01`, `01.csv`, `01.xlsx`: the page, or the same figures as a download. */
function splitFile(file: string): { code: string; format: Format | null } {
  for (const format of ['csv', 'xlsx'] as const) {
    if (file.endsWith(`.${format}`)) return { code: file.slice(0, -format.length - 1), format };
  }
  return { code: file, format: null };
}

/**
 * The public statistics pages (docs/monitoring.md): the ranking, a province's or ministry's
 * page at /statistics/provinces/<code> or /statistics/ministries/<agency code>, an agency's
 * at /statistics/agencies/<code>, and their downloads. Nobody needs to sign in.
 */
export function statisticsPageRoutes(
  app: App,
  deps: { monitoring: MonitoringService; procedureNames: ProcedureNames },
) {
  const { monitoring } = deps;
  const names = deps.procedureNames;
  const options = (asked: Asked) => periodOptions(monitoring.currentMonth(), asked.periodKey);

  const errorPage = (reply: FastifyReply, asked: Asked, action: string) =>
    reply.page(
      h(PeriodErrorPage, {
        errors: asked.errors,
        action,
        options: options(asked),
        period: asked.periodKey,
      }),
      400,
    );

  app.get('/statistics', page, async (request, reply) => {
    const asked = readQuery(request, monitoring, true);
    const shown =
      asked.period && asked.errors.length === 0
        ? await ranking(monitoring, asked.period, asked.kind)
        : null;
    const props = {
      ranking: shown,
      period: asked.periodKey,
      kind: asked.kind,
      options: options(asked),
      errors: asked.errors,
    };
    return reply.page(h(RankingPage, props), asked.errors.length > 0 ? 400 : 200);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/statistics/ranking.${format}`, page, async (request, reply) => {
      const asked = readQuery(request, monitoring, true);
      if (!asked.period || asked.errors.length > 0) return errorPage(reply, asked, '/statistics');
      const shown = await ranking(monitoring, asked.period, asked.kind);
      const name = `statistics-${asked.kind}-${asked.period.key}`;
      return sendTables(reply, format, name, rankingTables(request, shown));
    });
  }

  for (const [segment, kind] of [
    ['provinces', 'province'],
    ['ministries', 'ministry'],
  ] as const) {
    app.get<{ Params: { file: string } }>(
      `/statistics/${segment}/:file`,
      page,
      async (request, reply) => {
        const { code, format } = splitFile(request.params.file);
        const path = `/statistics/${segment}/${encodeURIComponent(code)}`;
        const asked = readQuery(request, monitoring);
        if (!asked.period || asked.errors.length > 0) return errorPage(reply, asked, path);
        const unit = `${kind}:${code}`;
        const figures = await place(monitoring, asked.period, unit);
        if (!figures) throw notFound('statistics.notFound.place');
        if (format) {
          const name = `statistics-${kind}-${code}-${asked.period.key}`;
          return sendTables(reply, format, name, placeTables(request, figures));
        }
        return reply.page(h(PlacePage, { figures, path, kind, options: options(asked) }));
      },
    );
  }

  app.get<{ Params: { code: string } }>(
    '/statistics/agencies/:code',
    page,
    async (request, reply) => {
      const path = agencyPath(request.params.code);
      const asked = readQuery(request, monitoring);
      if (!asked.period || asked.errors.length > 0) return errorPage(reply, asked, path);
      const figures = await agency(monitoring, asked.period, request.params.code, names);
      if (!figures) throw notFound('statistics.notFound.agency');
      return reply.page(h(AgencyPage, { figures, path, options: options(asked) }));
    },
  );
}
