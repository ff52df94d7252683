import multipart from '@fastify/multipart';
import { bundleBrowserScript } from '../../platform/browser-scripts.js';
import type { App } from '../../platform/http.js';
import type { CatalogService } from '../catalog/index.js';
import { FORMS_BROWSER_ENTRY } from '../forms/index.js';
import type { FormTokens, IdentityService } from '../identity/index.js';
import type { DocumentStore } from './document-store.js';
import { documentPages } from './pages/documents.js';
import { draftingPages } from './pages/drafting.js';
import { lookupPages } from './pages/lookup.js';
import { startPages } from './pages/start.js';
import { syncedPages } from './pages/synced.js';
import { trackingPages } from './pages/tracking.js';
import { documentRoutes } from './routes/documents.js';
import { dossierRoutes } from './routes/dossiers.js';
import { draftRoutes } from './routes/drafts.js';
import { lookupRoutes } from './routes/lookup.js';
import type { DossierService } from './service.js';
import type { SyncedDossiers } from './sync-view.js';

/**
 * The dossiers' HTTP side: multipart bodies on the root (files come with forms and the API),
 * then each group of routes as a plugin of its own, inheriting identity's hooks from the
 * root, and the browser's copy of the forms' rules.
 */
export async function registerRoutes(
  app: App,
  deps: {
    dossiers: DossierService;
    /** Dossiers connected systems push, as their applicants see them. */
    synced: SyncedDossiers;
    documents: DocumentStore;
    catalog: CatalogService;
    identity: IdentityService;
    maxFileBytes: number;
    submissionsPerMinute: number;
    /** Cookies only over https (the public URL says which). */
    formTokens: FormTokens;
  },
) {
  const { dossiers, synced, documents, identity, maxFileBytes } = deps;
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: maxFileBytes, files: 10, fields: 500, fieldSize: 100_000 },
  });
  void app.register(draftRoutes, deps);
  void app.register(dossierRoutes, { dossiers, identity });
  void app.register(lookupRoutes, { dossiers, synced });
  void app.register(documentRoutes, { documents, identity });
  void app.register(startPages, deps);
  void app.register(draftingPages, deps);
  void app.register(trackingPages, deps);
  void app.register(lookupPages, { dossiers, synced, formTokens: deps.formTokens });
  void app.register(syncedPages, { synced, identity });
  void app.register(documentPages, { documents, identity });
  const script = await bundleBrowserScript(FORMS_BROWSER_ENTRY);
  app.get('/assets/forms.js', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(script),
  );
}
