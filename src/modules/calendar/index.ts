import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import { CalendarService } from './service.js';
import { calendarRoutes } from './routes.js';

// What other modules may use of the calendar (docs/adr/0007-module-boundaries.md).
export type { CalendarService } from './service.js';
export { addDays, instantAt } from './calendar.js';
export type { TimeUnit, WorkingCalendar } from './calendar.js';

/** The working calendar: holidays and swapped days as data, and what time limits come to. */
export function createCalendarModule(db: Database) {
  const service = new CalendarService(db);
  return {
    service,
    routes(app: App) {
      // Called on the app itself (not in a scope of its own): the root's hooks apply.
      void calendarRoutes(app, { calendar: service });
    },
  };
}
