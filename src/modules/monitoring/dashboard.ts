import { notFound, ProblemError } from '../../platform/errors.js';
import type { CatalogService, MonitoringAgency, ProcedureStatistic } from '../catalog/index.js';
import type { DataQualityItem, DossierOversight } from '../dossiers/index.js';
import type { FeedbackOversight } from '../feedback/index.js';
import { agenciesWith, can, dashboardAgencies, type Actor } from '../identity/index.js';
import { agencyScope } from './aggregate.js';
import type { DashboardRepository } from './dashboard-repository.js';
import { monthsEndingWith, periodsOfDay } from './periods.js';
import type { MonitoringRepository } from './repository.js';

/** Data-quality items per page. */
export const QUALITY_PAGE = 50;
/** A procedure needs this many ratings to be ranked among the lowest rated. */
const LEAST_RATINGS = 3;
const LOWEST_RATED = 10;

export interface Named {
  code: string;
  name: string;
  nameEn: string;
}

/** One agency's line: its deadlines, feedback and late rate, and where its work is. */
export interface AgencyLine extends Named {
  overdue: number;
  dueSoon: number;
  feedbackOpen: number;
  feedbackOverdue: number;
  /** resolved_late / resolved this year, null with nothing resolved. */
  lateRateYear: number | null;
  links: { inbox: string | null; feedback: string | null; ratings: string | null };
}

export interface Dashboard {
  leading: Named;
  /** The agencies the actor may open the dashboard for (they pick one). */
  choices: Named[];
  agencies: AgencyLine[];
  deadlines: {
    agency: Named;
    procedure: Named;
    overdue: number;
    dueSoon: number;
    inbox: string | null;
  }[];
  lateRate: { month: Rate; year: Rate };
  lowestRated: { procedure: Named; rated: number; average: number; ratings: string | null }[];
  quality: {
    total: number;
    offset: number;
    items: (Omit<DataQualityItem, 'agencyCode' | 'procedureCode'> & {
      agency: Named;
      procedure: Named;
    })[];
  };
  incomplete: Named[];
}

export interface Rate {
  period: string;
  resolved: number;
  late: number;
  rate: number | null;
}

const rateOf = (period: string, resolved: number, late: number): Rate => ({
  period,
  resolved,
  late,
  rate: resolved > 0 ? late / resolved : null,
});

/**
 * The leaders' dashboard (issue 17, items 5 and 6): gathered from each owner's read (the
 * dossiers' deadlines and data quality, feedback not yet answered), the index's totals and
 * daily figures, and the catalog's procedures, for the agencies the actor leads.
 */
export class DashboardService {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      dossiers: DossierOversight;
      feedback: FeedbackOversight;
      totals: MonitoringRepository;
      repository: DashboardRepository;
      today: () => string;
    },
  ) {}

  /** The agencies where the actor may open the dashboard; refused (403) without any. */
  private choicesOf(actor: Actor): string[] {
    const codes = agenciesWith(actor, 'monitoring.dashboard');
    if (codes.length === 0) throw new ProblemError(403, 'not_leader', 'dashboard.notLeader');
    return codes;
  }

  async dashboard(actor: Actor, asked: string | undefined, offset = 0): Promise<Dashboard> {
    const choices = this.choicesOf(actor);
    const leading = asked ?? choices[0]!;
    const units = await this.deps.catalog.monitoringUnits();
    const agencies = choices.includes(leading)
      ? dashboardAgencies(actor, leading, units.agencies)
      : null;
    // Another agency's dashboard is not said to exist (ADR 0009).
    if (!agencies) throw notFound('errors.notFound');
    const named = namer(units.agencies);
    const [deadlines, feedback, late, rated, quality, incomplete] = await Promise.all([
      this.deps.dossiers.deadlines(agencies),
      this.deps.feedback.unanswered(agencies),
      this.lateRates(agencies),
      this.lowestRated(agencies),
      this.deps.dossiers.dataQuality(agencies, { limit: QUALITY_PAGE, offset }),
      this.incomplete(agencies, units.agencies),
    ]);
    const procedures = await this.procedureNames([
      ...deadlines.map((row) => row.procedureCode),
      ...rated.map((row) => row.procedure_code),
      ...quality.items.map((item) => item.procedureCode),
    ]);
    const links = linksFor(actor);
    const lines = agencies
      .map((code) => {
        const own = deadlines.filter((row) => row.agencyCode === code);
        const items = feedback.find((row) => row.agencyCode === code);
        const year = late.byAgency.get(code);
        return {
          ...named(code),
          overdue: own.reduce((sum, row) => sum + row.overdue, 0),
          dueSoon: own.reduce((sum, row) => sum + row.dueSoon, 0),
          feedbackOpen: items?.open ?? 0,
          feedbackOverdue: items?.overdue ?? 0,
          lateRateYear: year && year.resolved > 0 ? year.late / year.resolved : null,
          links: links(code),
        };
      })
      .filter(
        (line) =>
          line.overdue + line.dueSoon + line.feedbackOpen > 0 ||
          line.lateRateYear !== null ||
          line.code === leading,
      )
      .sort(
        (a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon || a.code.localeCompare(b.code),
      );
    return {
      leading: named(leading),
      choices: choices.map(named),
      agencies: lines,
      deadlines: deadlines
        .map((row) => ({
          agency: named(row.agencyCode),
          procedure: procedures(row.procedureCode),
          overdue: row.overdue,
          dueSoon: row.dueSoon,
          // The inbox of that agency and procedure, soonest due (so the late ones) first.
          inbox: can(actor, 'agency.work', { type: 'agency', code: row.agencyCode })
            ? `/backoffice?agency=${encodeURIComponent(row.agencyCode)}&procedure=${encodeURIComponent(row.procedureCode)}`
            : null,
        }))
        .sort(
          (a, b) =>
            b.overdue - a.overdue ||
            b.dueSoon - a.dueSoon ||
            a.agency.code.localeCompare(b.agency.code),
        ),
      lateRate: late.overall,
      lowestRated: rated.map((row) => ({
        procedure: procedures(row.procedure_code),
        rated: row.rated,
        // Kept as 0–1000 per rating (1–5 as 0–1); shown on the 1–5 scale people rated on.
        average: 1 + (row.points_milli / row.rated / 1000) * 4,
        ratings: can(actor, 'ratings.view', { type: 'agency', code: leading })
          ? `/backoffice/ratings?agency=${encodeURIComponent(leading)}`
          : null,
      })),
      quality: {
        total: quality.total,
        offset,
        items: quality.items.map(({ agencyCode, procedureCode, ...item }) => ({
          ...item,
          agency: named(agencyCode),
          procedure: procedures(procedureCode),
        })),
      },
      incomplete: incomplete.map((procedure) => procedures(procedure.code)),
    };
  }

  /** The index's late rate over these agencies, this month and this year, and per agency. */
  private async lateRates(agencies: string[]) {
    const [month, , year] = periodsOfDay(this.deps.today());
    const rows = await this.deps.totals.totals(agencies.map(agencyScope), [month.key, year.key]);
    const sum = (period: string, metric: string) =>
      rows
        .filter((row) => row.period === period && row.metric === metric)
        .reduce((total, row) => total + row.value, 0);
    const byAgency = new Map<string, { resolved: number; late: number }>();
    for (const row of rows) {
      if (row.period !== year.key || (row.metric !== 'resolved' && row.metric !== 'resolved_late'))
        continue;
      const code = row.scope.slice('agency:'.length);
      const found = byAgency.get(code) ?? { resolved: 0, late: 0 };
      if (row.metric === 'resolved') found.resolved += row.value;
      else found.late += row.value;
      byAgency.set(code, found);
    }
    return {
      overall: {
        month: rateOf(month.key, sum(month.key, 'resolved'), sum(month.key, 'resolved_late')),
        year: rateOf(year.key, sum(year.key, 'resolved'), sum(year.key, 'resolved_late')),
      },
      byAgency,
    };
  }

  /** Rated at least three times in the last twelve months, lowest average first. */
  private lowestRated(agencies: string[]) {
    const [month] = periodsOfDay(this.deps.today());
    const from = monthsEndingWith(month, 12)[0]!.firstDay;
    return this.deps.repository.lowestRated(agencies, from, LEAST_RATINGS, LOWEST_RATED);
  }

  /** Procedures in force these agencies receive whose published record is incomplete. */
  private async incomplete(
    agencies: string[],
    all: readonly MonitoringAgency[],
  ): Promise<ProcedureStatistic[]> {
    const codes = new Set(agencies);
    const kinds = new Set(
      all.filter((agency) => codes.has(agency.code)).map((agency) => agency.kindKey),
    );
    const procedures = await this.deps.catalog.procedureStatistics();
    return procedures
      .filter(
        (p) =>
          !p.annulled &&
          !p.complete &&
          (p.agencyCodes.some((code) => codes.has(code)) ||
            p.agencyKinds.some((kind) => kinds.has(kind))),
      )
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  /** Procedures' names from the catalog's memory (a code it does not know is shown as is). */
  private async procedureNames(codes: string[]) {
    const names = new Map<string, Named>();
    for (const code of new Set(codes)) {
      const found = await this.deps.catalog.getProcedure(code).catch(() => null);
      names.set(code, { code, name: found?.name ?? code, nameEn: found?.nameEn ?? code });
    }
    return (code: string) => names.get(code) ?? { code, name: code, nameEn: code };
  }
}

function namer(agencies: readonly MonitoringAgency[]) {
  const byCode = new Map(agencies.map((agency) => [agency.code, agency]));
  return (code: string): Named => {
    const found = byCode.get(code);
    return { code, name: found?.name ?? code, nameEn: found?.nameEn ?? code };
  };
}

/** Links into the work, where the actor's own roles open it (the inbox, the desk, ratings). */
function linksFor(actor: Actor) {
  return (code: string): AgencyLine['links'] => {
    const at = { type: 'agency' as const, code };
    const agency = encodeURIComponent(code);
    return {
      inbox: can(actor, 'agency.work', at) ? `/backoffice?agency=${agency}&due=late` : null,
      feedback: can(actor, 'feedback.handle', at) ? '/backoffice/feedback' : null,
      ratings: can(actor, 'ratings.view', at) ? `/backoffice/ratings?agency=${agency}` : null,
    };
  };
}
