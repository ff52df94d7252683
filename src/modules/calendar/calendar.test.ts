import { describe, expect, it } from 'vitest';
import { createTestApp, openTestDatabase } from '../../../test/helpers.js';
import { addDays, instantAt, WorkingCalendar } from './calendar.js';
import { CalendarService } from './service.js';

const OFFICE = [
  { start: 7 * 60 + 30, end: 11 * 60 + 30 },
  { start: 13 * 60, end: 17 * 60 },
];
const calendar = new WorkingCalendar(
  new Map([
    ['2025-01-27', 'holiday'],
    ['2025-01-28', 'holiday'],
    ['2025-01-29', 'holiday'],
    ['2025-01-30', 'holiday'],
    ['2025-01-31', 'holiday'],
    ['2025-02-15', 'working'],
    ['2025-04-30', 'holiday'],
    ['2025-05-01', 'holiday'],
    ['2025-05-02', 'holiday'],
    ['2025-04-26', 'working'],
  ]),
  OFFICE,
);
/** Vietnam local time as an instant. */
const vn = (date: string, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return instantAt(date, h! * 60 + m!);
};

describe('working calendar', () => {
  it('works Monday to Friday, skips holidays, works swapped Saturdays', () => {
    expect(calendar.isWorkingDay('2025-01-24')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2025-01-25')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2025-01-28')).toBe(false); // Tết
    expect(calendar.isWorkingDay('2025-02-15')).toBe(true); // Saturday worked in exchange
    expect(calendar.isWorkingDay('2025-02-16')).toBe(false); // Sunday
  });

  it('adds working days across Tết and the swapped Saturday', () => {
    // Friday before Tết + 1 working day: the week of Tết is off, next is Monday 3 February.
    expect(calendar.addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
    // 14/02 (Friday) + 1 is the swapped Saturday 15/02, + 2 is Monday 17/02.
    expect(calendar.addWorkingDays('2025-02-14', 1)).toBe('2025-02-15');
    expect(calendar.addWorkingDays('2025-02-14', 2)).toBe('2025-02-17');
    // Received on a Sunday, counting starts on Monday.
    expect(calendar.addWorkingDays('2025-02-16', 0)).toBe('2025-02-17');
    // Around 30/4: Friday 25/4 + 1 is Saturday 26/4 (worked); Tuesday 29/4 + 1 is Monday 5/5.
    expect(calendar.addWorkingDays('2025-04-25', 1)).toBe('2025-04-26');
    expect(calendar.addWorkingDays('2025-04-29', 1)).toBe('2025-05-05');
  });

  it('counts working hours inside office hours only', () => {
    // Monday 10:30 + 6 working hours: 1 h until 11:30, 4 h in the afternoon, 1 h on Tuesday.
    expect(calendar.addWorkingMinutes(vn('2025-03-03', '10:30'), 6 * 60)).toEqual(
      vn('2025-03-04', '08:30'),
    );
    // Submitted at night on Friday 24/01: the next working hours are on Monday 3 February.
    expect(calendar.addWorkingMinutes(vn('2025-01-24', '21:00'), 8 * 60)).toEqual(
      vn('2025-02-03', '17:00'),
    );
    // Lunchtime counts from 13:00.
    expect(calendar.addWorkingMinutes(vn('2025-03-03', '12:00'), 60)).toEqual(
      vn('2025-03-03', '14:00'),
    );
  });

  it('turns a time limit into a due instant', () => {
    // Working days: from the receiving day, due at closing time.
    expect(calendar.dueAt(vn('2025-03-03', '09:00'), { value: 5, unit: 'working_days' })).toEqual(
      vn('2025-03-10', '17:00'),
    );
    // After closing, the receiving day is the next working day.
    expect(calendar.dueAt(vn('2025-03-07', '18:00'), { value: 1, unit: 'working_days' })).toEqual(
      vn('2025-03-11', '17:00'),
    );
    // Calendar days ending on a day off move to the next working day.
    expect(calendar.dueAt(vn('2025-04-20', '09:00'), { value: 10, unit: 'days' })).toEqual(
      vn('2025-05-05', '17:00'),
    );
    expect(calendar.dueAt(vn('2025-03-03', '10:30'), { value: 6, unit: 'working_hours' })).toEqual(
      vn('2025-03-04', '08:30'),
    );
    expect(calendar.dueAt(vn('2025-03-03', '16:00'), { value: 2, unit: 'hours' })).toEqual(
      vn('2025-03-04', '07:30'),
    );
  });

  it('counts the working minutes between two instants, for paused deadlines', () => {
    // Friday 10:00 to Monday 09:00: 1.5 h + 4 h on Friday, 1.5 h on Monday.
    expect(
      calendar.workingMinutesBetween(vn('2025-03-07', '10:00'), vn('2025-03-10', '09:00')),
    ).toBe(7 * 60);
    // All of Tết counts nothing.
    expect(
      calendar.workingMinutesBetween(vn('2025-01-25', '08:00'), vn('2025-02-02', '18:00')),
    ).toBe(0);
    expect(
      calendar.workingMinutesBetween(vn('2025-03-10', '09:00'), vn('2025-03-07', '09:00')),
    ).toBe(0);
  });

  it('adds plain days', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});

describe('seeded calendar 2025–2027', () => {
  it('knows every year’s holidays and swapped days', async () => {
    const { db } = await openTestDatabase();
    const service = new CalendarService(db);
    const seeded = await service.calendar();
    for (const year of [2025, 2026, 2027]) {
      const days = await service.days(year);
      expect(days.some((d) => d.day === `${year}-01-01` && d.kind === 'holiday')).toBe(true);
      expect(days.filter((d) => d.kind === 'holiday').length).toBeGreaterThanOrEqual(9);
    }
    expect(seeded.isWorkingDay('2025-02-15')).toBe(true);
    expect(seeded.isWorkingDay('2026-02-17')).toBe(false);
    expect(seeded.isWorkingDay('2026-09-02')).toBe(false);
    expect(seeded.isWorkingDay('2027-02-10')).toBe(false);
    expect(seeded.minutesPerDay).toBe(8 * 60);
    // Monday 31/08/2026 + 1 working day skips 1–2 September (Tuesday, Wednesday).
    expect(seeded.addWorkingDays('2026-08-31', 1)).toBe('2026-09-03');
  });
});

describe('GET /api/v1/calendar/{year}', () => {
  it('lists a year’s holidays and swapped days with their basis, and the office hours', async () => {
    const { app } = await createTestApp();
    const response = await app.inject({ url: '/api/v1/calendar/2025' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      workingHours: { start: string; end: string }[];
      days: { date: string; kind: string; basis: string }[];
    }>();
    expect(body.workingHours).toEqual([
      { start: '07:30', end: '11:30' },
      { start: '13:00', end: '17:00' },
    ]);
    expect(body.days).toContainEqual(
      expect.objectContaining({ date: '2025-02-15', kind: 'working' }),
    );
    expect(body.days.every((d) => d.date.startsWith('2025-') && d.basis.length > 0)).toBe(true);
    expect((await app.inject({ url: '/api/v1/calendar/abc' })).statusCode).toBe(400);
  });
});
