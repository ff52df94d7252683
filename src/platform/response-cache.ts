import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Changes } from './changes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Seconds a 200 answer of this public GET API route may be reused for the same URL. */
    cacheSeconds?: number;
    /**
     * A page that is the same for everyone who is not signed in (the catalog's): kept whole,
     * per address and language, until what it shows changes.
     */
    pageCache?: boolean;
    /**
     * A page that is one person's own ("my dossiers", the inbox): kept for their session, for
     * the seconds of a refresh or a Back, until what it shows changes. Its handler names what
     * that is (keepPersonalPage); a page that does not is never kept.
     */
    personalPage?: boolean;
  }
  interface FastifyInstance {
    /** Forgets every kept answer and page: what they show has changed (the catalog). */
    clearResponseCache(): void;
  }
}

/** How a kept page is told apart from a personal one, and made personal. */
export interface PagePersonalization {
  /** Whether the request is someone's own (signed in): their answers are never kept. */
  personal(request: FastifyRequest): boolean;
  /** A kept page with this person's header in place of the anonymous one; null if it cannot be. */
  personalize(document: string, request: FastifyRequest): string | null;
  /** A page drawn for someone signed in with the anonymous header instead; null if it cannot be. */
  anonymize(document: string, request: FastifyRequest): string | null;
  /** Whose own pages the request's are (their session), or null for anyone not signed in. */
  owner(request: FastifyRequest): string | null;
}

/**
 * At most this long a person's own page is shown again without drawing it. Changes made in
 * this process end it at once (changeKeys); this bounds what a change elsewhere takes to be
 * seen, and what the clock alone changes (a deadline passing).
 */
export const PERSONAL_PAGE_MS = 10_000;

interface PersonalPage {
  body: string;
  /** What it shows (changeKeys), and the stamp from before it was read. */
  keys: readonly string[];
  stamp: number;
}

const personalKeys = new WeakMap<FastifyRequest, readonly string[]>();

/**
 * Called by the handler of a `personalPage` route: the page it draws may be kept, for as long
 * as none of `keys` (changeKeys: the person's account, the dossiers and agencies it lists)
 * changes.
 */
export function keepPersonalPage(request: FastifyRequest, keys: readonly string[]): void {
  personalKeys.set(request, keys);
}

const pageConditions = new WeakMap<FastifyRequest, () => boolean>();

/**
 * Called by the handler of a `pageCache` route whose page shows something that changes
 * sooner than what clears kept pages (the home page's live figures): the page drawn is
 * shown again only while `current()` holds (it is asked at each hit, so it must be cheap),
 * and drawn anew once it does not.
 */
export function keepPageWhile(request: FastifyRequest, current: () => boolean): void {
  pageConditions.set(request, current);
}

/**
 * At most this old, even without a change: pages and search answers also depend on the day
 * (a procedure annulled from today), and browsers and proxies are told the same.
 */
const PAGE_SECONDS = 60;

/** Characters each of the two caches holds at most (about 32 MB of text for each). */
const MAX_CHARACTERS = 16 * 1024 * 1024;

interface KeptPage {
  body: string;
  etag: string;
  /** While the page may be shown as kept (keepPageWhile); always, without. */
  current?: () => boolean;
}

const pageKey = (request: FastifyRequest) => `${request.locale}\n${request.url}`;

const etagOf = (body: string) =>
  `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;

/**
 * Kept answers in front of the hottest public GET routes, per process:
 * - API answers (`cacheSeconds`: catalog search, suggestions, the calendar) per URL,
 *   sent again without running the handler or the serialiser;
 * - whole pages (`pageCache`: the catalog's pages) per language and URL, for everyone not
 *   signed in, with an ETag so that a browser or a CDN revalidates for nothing; someone signed
 *   in gets the kept page with their own header in place of the anonymous one.
 * Both are forgotten at once when the catalog changes (clearResponseCache).
 */
export function registerResponseCache(
  app: FastifyInstance,
  pages: PagePersonalization,
  changes: Changes,
  maxEntries = 5_000,
) {
  // Bounded in bytes as well as entries: addresses with made-up query strings can be asked
  // for without end, and must only push older answers out.
  const answers = new LRUCache<string, string>({
    max: maxEntries,
    maxSize: MAX_CHARACTERS,
    sizeCalculation: (answer) => answer.length,
    ttlAutopurge: false,
  });
  const kept = new LRUCache<string, KeptPage>({
    max: maxEntries,
    maxSize: MAX_CHARACTERS,
    sizeCalculation: (page) => page.body.length,
    ttl: PAGE_SECONDS * 1000,
    ttlAutopurge: false,
  });
  const personalPages = new LRUCache<string, PersonalPage>({
    max: maxEntries,
    maxSize: MAX_CHARACTERS,
    sizeCalculation: (page) => page.body.length,
    ttl: PERSONAL_PAGE_MS,
    ttlAutopurge: false,
  });
  const fromCache = new WeakSet<FastifyRequest>();
  /** Each personal page's request's stamp, noted before anything is read for it. */
  const stamps = new WeakMap<FastifyRequest, number>();
  app.decorate('clearResponseCache', () => {
    answers.clear();
    kept.clear();
    personalPages.clear();
  });
  const personalKey = (request: FastifyRequest) => {
    const owner = pages.owner(request);
    return owner === null ? null : `${owner}\n${pageKey(request)}`;
  };

  app.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.config.personalPage) stamps.set(request, changes.stamp());
    const seconds = request.routeOptions.config.cacheSeconds;
    if (!seconds || request.method !== 'GET') return done();
    reply.header('cache-control', `public, max-age=${seconds}`);
    const hit = answers.get(request.url);
    if (hit === undefined) return done();
    fromCache.add(request);
    reply.type('application/json; charset=utf-8').send(hit);
  });

  // After the session is known (pages differ by who is signed in), before the guards and the
  // validation: only an address that was answered 200 is kept, and it is answered the same.
  app.addHook('preParsing', (request, reply, _payload, done) => {
    if (request.routeOptions.config.personalPage && request.method === 'GET') {
      const key = personalKey(request);
      const hit = key === null ? undefined : personalPages.get(key);
      if (!hit || changes.changedSince(hit.keys, hit.stamp)) return done();
      fromCache.add(request);
      reply.type('text/html; charset=utf-8').send(hit.body);
      return;
    }
    if (!request.routeOptions.config.pageCache || request.method !== 'GET') return done();
    const hit = kept.get(pageKey(request));
    if (!hit) return done();
    if (hit.current && !hit.current()) {
      kept.delete(pageKey(request));
      return done();
    }
    if (pages.personal(request)) {
      const page = pages.personalize(hit.body, request);
      if (page === null) return done();
      fromCache.add(request);
      reply.type('text/html; charset=utf-8').send(page);
      return;
    }
    fromCache.add(request);
    sharedPageHeaders(reply, hit.etag);
    if (request.headers['if-none-match'] === hit.etag) {
      reply.code(304).send();
      return;
    }
    reply.type('text/html; charset=utf-8').send(hit.body);
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    if (
      request.method !== 'GET' ||
      reply.statusCode !== 200 ||
      typeof payload !== 'string' ||
      fromCache.has(request)
    ) {
      return done(null, payload);
    }
    const { cacheSeconds, pageCache, personalPage } = request.routeOptions.config;
    if (cacheSeconds) answers.set(request.url, payload, { ttl: cacheSeconds * 1000 });
    if (pageCache) keepPage(request, reply, payload);
    if (personalPage) keepPersonal(request, reply, payload);
    done(null, payload);
  });

  /** A person's page, as drawn for them (their header too: what changes it ends it). */
  function keepPersonal(request: FastifyRequest, reply: FastifyReply, payload: string) {
    const keys = personalKeys.get(request);
    const stamp = stamps.get(request);
    const key = personalKey(request);
    if (!keys || stamp === undefined || key === null || reply.hasHeader('set-cookie')) return;
    personalPages.set(key, { body: payload, keys, stamp });
  }

  /**
   * Keeps a page as anyone not signed in sees it: drawn for someone signed in, with the
   * anonymous header put back (nothing else on these pages is theirs). A page that sets a
   * cookie (a language just chosen) is this browser's alone: not kept.
   */
  function keepPage(request: FastifyRequest, reply: FastifyReply, payload: string) {
    const personal = pages.personal(request);
    if (reply.hasHeader('set-cookie')) {
      if (!personal) reply.header('cache-control', 'private, no-cache');
      return;
    }
    const body = personal ? pages.anonymize(payload, request) : payload;
    if (body === null) return;
    const current = pageConditions.get(request);
    const page: KeptPage = { body, etag: etagOf(body), ...(current ? { current } : {}) };
    kept.set(pageKey(request), page);
    if (!personal) sharedPageHeaders(reply, page.etag);
  }
}

/**
 * What lets a browser or a CDN keep an anonymous page: for a minute, then asked again with
 * its ETag. It differs by language (the header or the cookie) and by who is signed in (the
 * session cookie).
 */
function sharedPageHeaders(reply: FastifyReply, etag: string) {
  reply.headers({
    etag,
    'cache-control': `public, max-age=${PAGE_SECONDS}`,
    vary: 'Accept-Language, Cookie',
  });
}
