/**
 * Periods the index is kept for, named as in its URLs: a month `2026-11`, a quarter
 * `2026-Q4`, a year `2026`. Days are calendar days in Vietnam (YYYY-MM-DD).
 */
export type PeriodKind = 'month' | 'quarter' | 'year';

export interface Period {
  key: string;
  kind: PeriodKind;
  year: number;
  /** 1–12 for a month, 1–4 for a quarter, 0 for a year. */
  part: number;
  firstDay: string;
  lastDay: string;
}

const PATTERN = /^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])))?$/;
const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number) =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

function build(kind: PeriodKind, year: number, part: number): Period {
  const [fromMonth, toMonth] =
    kind === 'month' ? [part, part] : kind === 'quarter' ? [part * 3 - 2, part * 3] : [1, 12];
  const key =
    kind === 'month' ? `${year}-${pad(part)}` : kind === 'quarter' ? `${year}-Q${part}` : `${year}`;
  return {
    key,
    kind,
    year,
    part,
    firstDay: `${year}-${pad(fromMonth)}-01`,
    lastDay: `${year}-${pad(toMonth)}-${pad(lastDayOfMonth(year, toMonth))}`,
  };
}

/** The period a key names, or null for anything else (years 2000–2099 only). */
export function parsePeriod(key: string): Period | null {
  const match = PATTERN.exec(key);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 2000 || year > 2099) return null;
  if (match[2]) return build('month', year, Number(match[2]));
  if (match[3]) return build('quarter', year, Number(match[3]));
  return build('year', year, 0);
}

/** The month, quarter and year a day falls in: each is kept as figures of its own. */
export function periodsOfDay(day: string): [Period, Period, Period] {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return [
    build('month', year, month),
    build('quarter', year, Math.ceil(month / 3)),
    build('year', year, 0),
  ];
}

/** The months before and including `period`'s last month, oldest first (trends). */
export function monthsEndingWith(period: Period, count: number): Period[] {
  const endMonth = Number(period.lastDay.slice(5, 7));
  const out: Period[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const index = period.year * 12 + (endMonth - 1) - back;
    out.push(build('month', Math.floor(index / 12), (index % 12) + 1));
  }
  return out;
}

/** Whether `today` falls inside it: its figures are "so far". */
export const isCurrent = (period: Period, today: string) =>
  period.firstDay <= today && today <= period.lastDay;
