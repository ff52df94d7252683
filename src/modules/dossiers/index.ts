import { fileURLToPath } from 'node:url';
import multipart from '@fastify/multipart';
import { bundleBrowserScript } from '../../platform/browser-scripts.js';
import type { Config } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { FileStore } from '../../platform/files.js';
import type { App } from '../../platform/http.js';
import type { CatalogService } from '../catalog/service.js';
import type { CalendarService } from '../calendar/service.js';
import { FormService } from '../forms/service.js';
import type { IdentityService } from '../identity/service.js';
import type { NotificationService } from '../notifications/service.js';
import { dossierApiRoutes } from './routes.js';
import { DossierService } from './service.js';
import { dossierPageRoutes } from './pages.js';

const MB = 1_048_576;

/** Online dossiers: forms, drafts, attachments, the document store, submission and tracking. */
export function createDossiersModule(
  db: Database,
  clock: Clock,
  config: Config,
  deps: {
    catalog: CatalogService;
    identity: IdentityService;
    notifications: NotificationService;
    calendar: CalendarService;
    files: FileStore;
  },
) {
  const forms = new FormService(db);
  const { calendar } = deps;
  const limits = {
    maxFileBytes: config.UPLOAD_MAX_FILE_MB * MB,
    maxDossierBytes: config.UPLOAD_MAX_DOSSIER_MB * MB,
  };
  const service = new DossierService(db, clock, deps.files, limits, config.PUBLIC_URL, {
    catalog: deps.catalog,
    forms,
    calendar,
    notifications: deps.notifications,
  });
  return {
    service,
    forms,
    /** Adds the built-in forms that are missing; run at every start (it is cheap). */
    seedForms: () => forms.seed(),
    async routes(app: App) {
      await app.register(multipart, {
        throwFileSizeLimit: false,
        limits: { fileSize: limits.maxFileBytes, files: 10, fields: 500, fieldSize: 100_000 },
      });
      dossierApiRoutes(app, service, deps.identity, {
        maxFileBytes: limits.maxFileBytes,
        submissionsPerMinute: config.SUBMISSION_RATE_LIMIT_PER_MINUTE,
      });
      dossierPageRoutes(app, service, deps, limits);
      const script = await bundleBrowserScript(
        fileURLToPath(new URL('../forms/browser.ts', import.meta.url)),
      );
      app.get('/assets/forms.js', { schema: { hide: true } }, async (_request, reply) =>
        reply
          .type('text/javascript; charset=utf-8')
          .header('cache-control', 'public, max-age=3600')
          .send(script),
      );
    },
  };
}
