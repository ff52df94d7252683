import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import type { JobDefinition } from '../../platform/jobs.js';
import type { CalendarService } from '../calendar/index.js';
import type { CatalogService, ProcedureExtra } from '../catalog/index.js';
import type { Applicants, FormTokens, IdentityService } from '../identity/index.js';
import type { NotificationService } from '../notifications/index.js';
import type { ArticleChanged, CallLogged, TicketChanged } from './events.js';
import { h } from 'preact';
import { ProcedureArticles } from './help.page.js';
import { Hotline } from './hotline.js';
import { KnowledgeBase } from './knowledge-base.js';
import { SupportRepository } from './repository.js';
import { helpApiRoutes } from './routes/api.js';
import { deskApiRoutes } from './routes/desk-api.js';
import { deskPageRoutes } from './routes/desk-pages.js';
import { helpPageRoutes } from './routes/pages.js';
import { seedKnowledgeBase } from './seed.js';
import { TicketService } from './tickets.js';

// What other modules and the composition root may use of the help desk
// (docs/adr/0007-module-boundaries.md).
export type { ArticleChanged, CallLogged, TicketChanged } from './events.js';
export { TOPICS, type Topic } from './topics.js';

/** Questions a procedure's page lists; the rest are found at /help. */
const ARTICLES_ON_PROCEDURE_PAGE = 5;

/**
 * Help: the knowledge base (searched with the catalog's text search), tickets from the
 * contact form worked by support staff, the hotline's log, and weekly figures by topic.
 */
export function createSupportModule(
  db: Database,
  clock: Clock,
  deps: {
    catalog: CatalogService;
    calendar: CalendarService;
    notifications: NotificationService;
    identity: IdentityService;
    applicants: Applicants;
    formTokens: FormTokens;
  },
) {
  const repository = new SupportRepository(db);
  const { catalog, identity, applicants } = deps;
  const knowledge = new KnowledgeBase(db, clock, { repository, catalog });
  const tickets = new TicketService(db, clock, { ...deps, repository });
  const hotline = new Hotline(db, clock, { repository, catalog, applicants });
  const routeDeps = { knowledge, tickets, hotline, identity, clock };
  return {
    knowledge,
    tickets,
    hotline,
    jobs: [
      // Every night at 02:00 (Vietnam): tickets answered, or waiting, a week without a word.
      { name: 'support-close-quiet', cron: '0 2 * * *', run: () => tickets.closeQuiet() },
    ] satisfies JobDefinition[],
    /** The procedure page's "frequently asked questions" (catalog.procedureExtras). */
    procedureSection: {
      id: 'help',
      heading: 'support.procedure.section',
      render(procedureCode) {
        const articles = knowledge.forProcedure(procedureCode, ARTICLES_ON_PROCEDURE_PAGE);
        return articles.length > 0 ? h(ProcedureArticles, { articles }) : null;
      },
    } satisfies ProcedureExtra,
    /** Loads the knowledge base's search index (called once the portal listens). */
    warm: () => knowledge.warm().catch(() => undefined),
    /** Loads the articles again: another portal process changed one. */
    reloadArticles: () => knowledge.reload().catch(() => undefined),
    /** Tells `listener` of every ticket opened or changed, once committed (webhooks out). */
    onTicketChanged: (listener: (event: TicketChanged) => unknown) => tickets.changed.on(listener),
    /** Tells `listener` of every call, chat or email logged, once committed. */
    onCallLogged: (listener: (event: CallLogged) => unknown) => hotline.logged.on(listener),
    /** Tells `listener` of an article published, changed while published, or withdrawn. */
    onArticleChanged: (listener: (event: ArticleChanged) => unknown) =>
      knowledge.changed.on(listener),
    /** The first knowledge-base articles, into an empty knowledge base. */
    async seed(): Promise<string | null> {
      const line = await seedKnowledgeBase(db, clock.now());
      if (line) await knowledge.reload();
      return line;
    },
    routes(app: App) {
      void app.register(helpApiRoutes, routeDeps);
      void app.register(deskApiRoutes, routeDeps);
      void app.register(helpPageRoutes, { ...routeDeps, catalog, formTokens: deps.formTokens });
      void app.register(deskPageRoutes, routeDeps);
    },
  };
}
