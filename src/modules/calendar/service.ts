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

  async days(year: number) {
    return this.db.query<{ day: string; kind: DayKind; name: string; name_en: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name, name_en FROM calendar_days
       WHERE day >= make_date($1, 1, 1) AND day < make_date($1 + 1, 1, 1) ORDER BY day`,
      [year],
    );
  }

  private async load(): Promise<WorkingCalendar> {
    const days = await this.db.query<{ day: string; kind: DayKind }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM calendar_days`,
    );
    const hours = await this.db.query<{ starts_at: string; ends_at: string }>(
      `SELECT to_char(starts_at, 'HH24:MI') AS starts_at, to_char(ends_at, 'HH24:MI') AS ends_at
       FROM working_hours ORDER BY period`,
    );
    return new WorkingCalendar(
      new Map(days.map((d) => [d.day, d.kind])),
      hours.map((h) => ({ start: parseTime(h.starts_at), end: parseTime(h.ends_at) })),
    );
  }
}
