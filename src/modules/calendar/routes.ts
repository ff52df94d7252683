import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http.js';
import { ProblemSchema } from '../../platform/errors.js';
import type { CalendarService } from './service.js';

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

/** A year's working calendar for connected systems. */
export async function calendarRoutes(app: App, { calendar }: { calendar: CalendarService }) {
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
      workingHours: await calendar.workingHours(),
      days: (await calendar.days(request.params.year)).map((d) => ({
        date: d.day,
        kind: d.kind,
        name: d.name,
        nameEn: d.name_en,
        basis: d.basis,
      })),
    }),
  );
}
