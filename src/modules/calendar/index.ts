import { Type } from '@sinclair/typebox';
import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import { ProblemSchema } from '../../platform/errors.js';
import { CalendarService } from './service.js';

// What other modules may use of the calendar (docs/adr/0007-module-boundaries.md).
export { CalendarService } from './service.js';
export { addDays, instantAt } from './calendar.js';
export type { WorkingCalendar } from './calendar.js';
export type { DayKind, TimeUnit, WorkingPeriod } from './calendar.js';

const CalendarSchema = Type.Object({
  year: Type.Integer(),
  workingHours: Type.Array(Type.Object({ start: Type.String(), end: Type.String() }), {
    description: 'Office periods of a working day, Vietnam time',
  }),
  days: Type.Array(
    Type.Object({
      date: Type.String({ format: 'date' }),
      kind: Type.Union([Type.Literal('holiday'), Type.Literal('working')], {
        description: 'holiday: a weekday off; working: a weekend day worked in exchange',
      }),
      name: Type.String(),
      nameEn: Type.String(),
      basis: Type.String(),
    }),
  ),
});

/** The working calendar: holidays and swapped days as data, and what time limits come to. */
export function createCalendarModule(db: Database) {
  const service = new CalendarService(db);
  return {
    service,
    routes(app: App) {
      app.get(
        '/api/v1/calendar/:year',
        {
          schema: {
            tags: ['calendar'],
            summary: 'A year’s exceptions to Monday–Friday working days, and office hours',
            params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
            response: { 200: CalendarSchema, 400: ProblemSchema },
          },
          config: { cacheSeconds: 300 },
        },
        async (request) => ({
          year: request.params.year,
          workingHours: await service.workingHours(),
          days: (await service.days(request.params.year)).map((d) => ({
            date: d.day,
            kind: d.kind,
            name: d.name,
            nameEn: d.name_en,
            basis: d.basis,
          })),
        }),
      );
    },
  };
}
