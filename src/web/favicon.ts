import type { App } from '../platform/http.js';

/**
 * Browsers and feed readers ask for /favicon.ico whatever a page links, and a 404 there is
 * an error in every console: answer with the icon kept among the assets (cached as they are).
 * Pages link the SVG, which stays sharp at every size.
 */
export function registerFavicon(app: App) {
  app.get('/favicon.ico', { schema: { hide: true } }, (_request, reply) =>
    reply.sendFile('favicon.ico'),
  );
}
