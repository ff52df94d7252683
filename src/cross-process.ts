import type { FastifyInstance } from 'fastify';
import { relay, type Broadcast } from './platform/broadcast.js';
import type { createModules } from './app.js';

type Modules = Awaited<ReturnType<typeof createModules>>;

/**
 * What each portal process keeps in memory and another process can change: each change made
 * here is told to the others, which read it again (docs/scaling.md). A process that may have
 * missed messages (its connection came back) reads everything again.
 */
export function shareAcrossProcesses(app: FastifyInstance, modules: Modules, broadcast: Broadcast) {
  const { changes, catalog, feedback, support } = modules;
  // Sessions, accounts, connected systems, a person's kept pages: keyed changes.
  relay<readonly string[]>(
    broadcast,
    'changes',
    (announce) => changes.onChanged(announce),
    (keys) => changes.changed(...keys),
  );
  // The catalog (versions taking effect in a worker's daily job): lookups, search, pages.
  relay<null>(
    broadcast,
    'catalog',
    (announce) => catalog.changes.onChange((_generation, elsewhere) => elsewhere || announce(null)),
    () => catalog.changes.changed({ elsewhere: true }),
  );
  // Published answers: their search and the procedure pages that list them.
  relay<string>(
    broadcast,
    'answer-published',
    (announce) => feedback.answers.onPublished(announce),
    (code) => void feedback.answers.receive(code).catch(() => undefined),
  );
  // The knowledge base's articles: their search and the procedure pages that list them.
  relay<null>(
    broadcast,
    'articles',
    (announce) => support.onArticleChanged(() => announce(null)),
    () => void support.reloadArticles().then(() => app.clearResponseCache()),
  );
  broadcast.onGap(() => {
    changes.changedAll();
    catalog.changes.changed({ elsewhere: true });
    void support.reloadArticles().then(() => app.clearResponseCache());
  });
}
