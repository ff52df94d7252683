import { relay, type Broadcast } from './platform/broadcast.js';
import type { createModules } from './app.js';

type Modules = Awaited<ReturnType<typeof createModules>>;

/** Keys to one message: about 45 bytes each, well inside a notification's 8,000 bytes. */
const KEYS_PER_MESSAGE = 100;

/**
 * What each portal process keeps in memory and another process can change: each change made
 * here is told to the others, which read it again (ADR 0022). A process that may have missed
 * messages (its connection came back, or another's could not send) reads everything again.
 * Web processes pass what forgets their kept pages; a worker keeps none.
 */
export function shareAcrossProcesses(
  modules: Modules,
  broadcast: Broadcast,
  clearResponseCache: () => void = () => undefined,
) {
  const { changes, catalog, feedback, support } = modules;
  // Sessions, accounts, connected systems, a person's kept pages: keyed changes, a hundred
  // to a message at most (a status sync batch names up to a thousand owners).
  relay<readonly string[]>(
    broadcast,
    'changes',
    (announce) =>
      changes.onChanged((keys) => {
        for (let i = 0; i < keys.length; i += KEYS_PER_MESSAGE) {
          announce(keys.slice(i, i + KEYS_PER_MESSAGE));
        }
      }),
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
    () => void support.reloadArticles().then(clearResponseCache),
  );
  broadcast.onGap(() => {
    changes.changedAll();
    catalog.changes.changed({ elsewhere: true });
    void support.reloadArticles().then(clearResponseCache);
    void feedback.answers.refresh().catch(() => undefined);
  });
}
