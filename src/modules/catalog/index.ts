import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import type { JobDefinition } from '../../platform/jobs.js';
import { AgencyRepository } from './agency-repository.js';
import { AgencyService } from './agency-service.js';
import { CatalogRepository } from './repository.js';
import { SearchRepository } from './search-repository.js';
import { SearchService } from './search-service.js';
import { CatalogService } from './service.js';
import { procedureApiRoutes } from './procedure-api.js';
import { agencyApiRoutes } from './agency-api.js';
import { searchPageRoutes } from './search-pages.js';
import { procedurePageRoutes } from './procedure-pages.js';
import { agencyPageRoutes } from './agency-pages.js';
import { seedCatalog } from './seed/index.js';
import { CatalogChanges } from './changes.js';
import { CatalogMemo } from './memo.js';
import { ProcedureExtras } from './procedure-extras.js';
import { HomeExtras } from './home-extras.js';

// What other modules may use of the catalog (docs/adr/0007-module-boundaries.md).
export type { CatalogService } from './service.js';
export type { AgencyRef } from './agency-service.js';
export { TextSearch, type TextDocument, type TextQuery, type TextHits } from './text-search.js';
export type { ProcedureExtra } from './procedure-extras.js';
export type { HomeExtra, HomeSection } from './home-extras.js';
export type {
  MonitoringAgency,
  MonitoringUnit,
  MonitoringUnits,
  ProcedureStatistic,
} from './statistics.js';

export function createCatalogModule(db: Database, clock: Clock) {
  const changes = new CatalogChanges();
  const memo = new CatalogMemo(changes);
  const repository = new CatalogRepository(db);
  const agencies = new AgencyService(new AgencyRepository(db), memo);
  const search = new SearchService(new SearchRepository(db), agencies, clock, changes);
  const service = new CatalogService(repository, search, agencies, clock, changes, memo);
  const procedureExtras = new ProcedureExtras();
  const homeExtras = new HomeExtras();
  const jobs: JobDefinition[] = [
    {
      name: 'catalog-activate-due-versions',
      // Versions take effect on a calendar day: just after midnight, Vietnam time.
      cron: '1 0 * * *',
      run: () => service.activateDueVersions(),
    },
  ];
  // A failed load is tried again by the next search, which then says what went wrong.
  const warm = () => search.warm().catch(() => undefined);
  changes.onChange(() => void warm());
  return {
    service,
    changes,
    /** Where modules above the catalog add a section to every procedure's page. */
    procedureExtras,
    /** Where modules above the catalog add a section to the home page (the live figures). */
    homeExtras,
    /** Loads what searching needs before anyone searches (called once the portal listens). */
    warm,
    jobs,
    /**
     * The route plugins are called on the app itself rather than registered in scopes of
     * their own: so they get exactly the hooks and body parsers of the root, as before.
     */
    routes(app: App) {
      const catalog = { catalog: service };
      void procedureApiRoutes(app, catalog);
      void agencyApiRoutes(app, catalog);
      void searchPageRoutes(app, { ...catalog, extras: homeExtras });
      void procedurePageRoutes(app, { ...catalog, extras: procedureExtras });
      void agencyPageRoutes(app, catalog);
    },
    /** Seeds the real catalog into an empty database; does nothing once it is there. */
    async seed(): Promise<string | null> {
      if (await repository.isSeeded()) return null;
      await seedCatalog(db);
      await service.activateDueVersions();
      return 'catalog seeded into the empty database';
    },
  };
}
