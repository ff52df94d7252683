/**
 * The working calendar as pure functions: which days are worked, and what a time limit in
 * working days or hours comes to. Dates are Vietnam calendar days (YYYY-MM-DD); instants
 * are Dates, read in Vietnam time (UTC+7, no daylight saving).
 */

export type DayKind = 'holiday' | 'working';
export type TimeUnit = 'working_days' | 'days' | 'working_hours' | 'hours';

/** One working period of a day, in minutes after midnight (Vietnam time). */
export interface WorkingPeriod {
  start: number;
  end: number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const OFFSET_MS = 7 * 3_600_000;

export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The Vietnam day and minute of the day of an instant. */
function local(instant: Date): { date: string; minute: number } {
  const shifted = new Date(instant.getTime() + OFFSET_MS);
  return {
    date: shifted.toISOString().slice(0, 10),
    minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() + shifted.getUTCSeconds() / 60,
  };
}

/** The instant of a minute of a Vietnam day. */
export const instantAt = (date: string, minute: number): Date =>
  new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS + minute * MINUTE_MS);

export const parseTime = (hhmm: string): number => {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

export class WorkingCalendar {
  private readonly periods: WorkingPeriod[];

  constructor(
    private readonly exceptions: ReadonlyMap<string, DayKind>,
    periods: WorkingPeriod[],
  ) {
    if (periods.length === 0) throw new Error('a working calendar needs working hours');
    this.periods = [...periods].sort((a, b) => a.start - b.start);
  }

  /** Monday to Friday, unless the day is a holiday; a Saturday or Sunday if it is worked. */
  isWorkingDay(date: string): boolean {
    const exception = this.exceptions.get(date);
    if (exception) return exception === 'working';
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    let day = addDays(date, 1);
    // A calendar has at most a few weeks off in a row; a year without work is a data error.
    for (let i = 0; i < 366; i++, day = addDays(day, 1)) {
      if (this.isWorkingDay(day)) return day;
    }
    throw new Error(`no working day in the year after ${date}`);
  }

  /** `date` itself when worked, else the next working day. */
  workingDayFrom(date: string): string {
    return this.isWorkingDay(date) ? date : this.nextWorkingDay(date);
  }

  /** The n-th working day after `date` (n = 0 gives the working day from `date`). */
  addWorkingDays(date: string, n: number): string {
    let day = this.workingDayFrom(date);
    for (let i = 0; i < n; i++) day = this.nextWorkingDay(day);
    return day;
  }

  get dayStart(): number {
    return this.periods[0]!.start;
  }

  get dayEnd(): number {
    return this.periods[this.periods.length - 1]!.end;
  }

  /** Working minutes in one working day. */
  get minutesPerDay(): number {
    return this.periods.reduce((sum, p) => sum + p.end - p.start, 0);
  }

  /** The working day an instant is received on: today if before closing, else the next. */
  receivingDay(instant: Date): string {
    const { date, minute } = local(instant);
    return this.isWorkingDay(date) && minute < this.dayEnd ? date : this.nextWorkingDay(date);
  }

  /** An instant plus a number of working minutes, counted only inside working periods. */
  addWorkingMinutes(instant: Date, minutes: number): Date {
    let { date, minute } = local(instant);
    let left = minutes;
    if (!this.isWorkingDay(date)) {
      date = this.nextWorkingDay(date);
      minute = 0;
    }
    for (;;) {
      for (const period of this.periods) {
        const from = Math.max(minute, period.start);
        if (from >= period.end) continue;
        const available = period.end - from;
        if (left <= available) return instantAt(date, from + left);
        left -= available;
      }
      date = this.nextWorkingDay(date);
      minute = 0;
    }
  }

  /** Working minutes between two instants (0 if the second is not later). */
  workingMinutesBetween(from: Date, to: Date): number {
    if (to <= from) return 0;
    let total = 0;
    let { date, minute } = local(from);
    const end = local(to);
    for (let guard = 0; guard < 3660 && date <= end.date; guard++) {
      if (this.isWorkingDay(date)) {
        const until = date === end.date ? end.minute : 24 * 60;
        for (const period of this.periods) {
          total += Math.max(0, Math.min(period.end, until) - Math.max(period.start, minute));
        }
      }
      date = addDays(date, 1);
      minute = 0;
    }
    return Math.round(total);
  }

  /**
   * When the result is due for a time limit counted from an instant of receipt: working
   * days and calendar days end at closing time of the last day (a calendar-day limit that
   * ends on a day off moves to the next working day); hours count from the instant.
   */
  dueAt(received: Date, limit: { value: number; unit: TimeUnit }): Date {
    switch (limit.unit) {
      case 'working_days':
        return instantAt(
          this.addWorkingDays(this.receivingDay(received), limit.value),
          this.dayEnd,
        );
      case 'days':
        return instantAt(
          this.workingDayFrom(addDays(this.receivingDay(received), limit.value)),
          this.dayEnd,
        );
      case 'working_hours':
        return this.addWorkingMinutes(received, limit.value * 60);
      case 'hours':
        // Due outside office hours means due when the office next opens.
        return this.addWorkingMinutes(new Date(received.getTime() + limit.value * 3_600_000), 0);
    }
  }
}
