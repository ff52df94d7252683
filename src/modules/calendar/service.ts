import type { Database } from '../../platform/db.js';
import { parseTime, WorkingCalendar, type DayKind } from './calendar.js';

/** Reads the calendar again after this long, so an administrator's change is picked up. */
const RELOAD_MS = 5 * 60_000;

export class CalendarService {
  private cached: { calendar: Promise<WorkingCalendar>; at: number } | null = null;

  constructor(private readonly db: Database) {}

  calendar(): Promise<WorkingCalendar> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > RELOAD_MS) {
      const calendar = this.load();
      this.cached = { calendar, at: now };
      calendar.catch(() => {
        this.cached = null;
      });
    }
    return this.cached.calendar;
  }

  async workingHours() {
    return this.db.query<{ start: string; end: string }>(
      `SELECT to_char(starts_at, 'HH24:MI') AS start, to_char(ends_at, 'HH24:MI') AS "end"
       FROM working_hours ORDER BY period`,
    );
  }

  async days(year: number) {
    return this.db.query<{
      day: string;
      kind: DayKind;
      name: string;
      name_en: string;
      basis: string;
    }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name, name_en, basis FROM calendar_days
       WHERE day >= make_date($1, 1, 1) AND day < make_date($1 + 1, 1, 1) ORDER BY day`,
      [year],
    );
  }

  private async load(): Promise<WorkingCalendar> {
    const days = await this.db.query<{ day: string; kind: DayKind }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM calendar_days`,
    );
    const hours = await this.workingHours();
    return new WorkingCalendar(
      new Map(days.map((d) => [d.day, d.kind])),
      hours.map((h) => ({ start: parseTime(h.start), end: parseTime(h.end) })),
    );
  }
}
