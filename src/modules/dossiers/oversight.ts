import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db.js';
import type { CalendarService } from '../calendar/index.js';
import { OversightRepository, type Problem } from './oversight-repository.js';

export type { Problem as DataProblem } from './oversight-repository.js';

/** Working days ahead within which an open dossier counts as due soon. */
export const DUE_SOON_WORKING_DAYS = 2;

export interface DeadlineCount {
  agencyCode: string;
  procedureCode: string;
  overdue: number;
  dueSoon: number;
}

export interface DataQualityItem {
  code: string;
  agencyCode: string;
  procedureCode: string;
  status: number;
  problems: Problem[];
  lastFlag: string | null;
  at: Date;
}

/**
 * What an agency's leaders see of its dossiers (the monitoring dashboard): how many are late
 * or nearly so, and which synced ones arrived with impossible transitions or missing dates.
 * Read here because the dossier tables are this module's (ADR 0007).
 */
export class DossierOversight {
  private readonly repository: OversightRepository;

  constructor(
    db: Queryable,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {
    this.repository = new OversightRepository(db);
  }

  /** Open dossiers past due or due within two working days, by holding agency and procedure. */
  async deadlines(agencies: string[]): Promise<DeadlineCount[]> {
    if (agencies.length === 0) return [];
    const now = this.clock.now();
    const calendar = await this.calendar.calendar();
    const soon = calendar.addWorkingMinutes(now, DUE_SOON_WORKING_DAYS * calendar.minutesPerDay);
    const rows = await this.repository.deadlineCounts(agencies, now, soon);
    return rows.map((row) => ({
      agencyCode: row.agency_code,
      procedureCode: row.procedure_code,
      overdue: row.overdue,
      dueSoon: row.due_soon,
    }));
  }

  /** Synced dossiers of these agencies with something wrong, newest first, and how many. */
  async dataQuality(
    agencies: string[],
    page: { limit: number; offset: number },
  ): Promise<{ items: DataQualityItem[]; total: number }> {
    if (agencies.length === 0) return { items: [], total: 0 };
    const rows = await this.repository.quality(agencies, page.limit, page.offset);
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map((row) => ({
        code: row.code,
        agencyCode: row.agency_code,
        procedureCode: row.procedure_code,
        status: row.status,
        problems: row.problems,
        lastFlag: row.last_flag,
        at: row.at,
      })),
    };
  }
}
