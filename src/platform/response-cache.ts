import type { FastifyInstance } from 'fastify';
import { LRUCache } from 'lru-cache';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Seconds a 200 answer of this GET route may be reused for the same URL. */
    cacheSeconds?: number;
  }
}

/**
 * A small shared cache in front of hot, public GET routes (catalog search, suggestions):
 * the serialised answer is kept per URL and sent again without running the handler or
 * the serialiser. Each process keeps its own; an answer is at most `cacheSeconds` old,
 * which `Cache-Control` also tells browsers and proxies.
 */
export function registerResponseCache(app: FastifyInstance, maxEntries = 5_000) {
  const cache = new LRUCache<string, string>({ max: maxEntries, ttlAutopurge: false });

  app.addHook('onRequest', (request, reply, done) => {
    const seconds = request.routeOptions.config.cacheSeconds;
    if (!seconds || request.method !== 'GET') return done();
    reply.header('cache-control', `public, max-age=${seconds}`);
    const hit = cache.get(request.url);
    if (hit === undefined) return done();
    reply.type('application/json; charset=utf-8').send(hit);
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const seconds = request.routeOptions.config.cacheSeconds;
    if (
      seconds &&
      request.method === 'GET' &&
      reply.statusCode === 200 &&
      typeof payload === 'string' &&
      !cache.has(request.url)
    ) {
      cache.set(request.url, payload, { ttl: seconds * 1000 });
    }
    done(null, payload);
  });
}
