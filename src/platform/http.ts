import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { h, type ComponentType, type VNode } from 'preact';
import type { Config } from '../config.js';
import type { Changes } from './changes.js';
import type { Database } from './db.js';
import type { StoredStream } from './files.js';
import type { ProblemSchema } from './errors.js';
import { ProblemError } from './errors.js';
import {
  DEFAULT_LOCALE,
  isLocale,
  negotiateLocale,
  translator,
  type Locale,
  type Translate,
} from './i18n/index.js';
import { registerHealth, registerMetrics } from './operations.js';
import { sharedRateLimits } from './rate-limits.js';
import { deploymentScope } from './broadcast.js';
import { API_DOCS_CSP, securityHeaders } from './security-headers.js';
import { registerResponseCache, type PagePersonalization } from './response-cache.js';
import { parseQuery, registerRequestGuards } from './request-guards.js';
import { requestLogSerializer } from './log-redaction.js';
import { clientErrorAnswer } from './client-errors.js';
import { registerReceivedFiles } from './received-files.js';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
  }
  interface FastifyReply {
    page<P>(vnode: VNode<P>, status?: number): FastifyReply;
  }
}

const LANG_COOKIE = 'lang';
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/** Pages are for people; everything under these prefixes answers machines. */
const isMachinePath = (url: string) =>
  url.startsWith('/api/') || url === '/healthz' || url === '/readyz' || url === '/metrics';

export type ProblemBody = Static<typeof ProblemSchema>;

/**
 * A value checked against a union (a level, a status) fails every branch and the union
 * itself: the person needs to read about the field once.
 */
const uniqueFieldErrors = (errors: { field: string; message: string }[]) =>
  errors.filter(
    (e, i) => errors.findIndex((o) => o.field === e.field && o.message === e.message) === i,
  );

function toProblem(error: unknown, request: FastifyRequest): ProblemBody {
  const t = request.t;
  const base = { type: 'about:blank', instance: request.url };
  if (error instanceof ProblemError) {
    return {
      ...base,
      ...error.extensions,
      status: error.status,
      code: error.code,
      title: t(error.messageKey, error.params),
      ...(error.fieldErrors.length > 0
        ? {
            errors: error.fieldErrors.map((e) => ({
              field: e.field,
              message: t(e.messageKey, e.params),
            })),
          }
        : {}),
    };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return {
      ...base,
      status: 400,
      code: 'validation_failed',
      title: t('errors.validation'),
      errors: uniqueFieldErrors(
        fastifyError.validation.map((v) => {
          const params = v.params as { missingProperty?: string; additionalProperty?: string };
          const field =
            params.missingProperty ??
            params.additionalProperty ??
            v.instancePath.replace(/^\//, '').replace(/\//g, '.');
          const limit = (v.params as { limit?: number }).limit ?? 0;
          const messageKey =
            v.keyword === 'required'
              ? 'errors.field.required'
              : v.keyword === 'additionalProperties'
                ? 'errors.field.unknownParameter'
                : v.keyword === 'maxLength'
                  ? 'errors.field.tooLong'
                  : v.keyword === 'minLength'
                    ? 'errors.field.tooShort'
                    : v.keyword === 'maximum' || v.keyword === 'minimum'
                      ? 'errors.field.outOfRange'
                      : v.keyword === 'pattern' || v.keyword === 'format'
                        ? 'errors.field.badFormat'
                        : 'errors.field.notAllowed';
          return {
            field: field || (fastifyError.validationContext ?? 'request'),
            message: t(messageKey, { limit }),
          };
        }),
      ),
    };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 404) return { ...base, status, code: 'not_found', title: t('errors.notFound') };
  if (status === 429)
    return { ...base, status, code: 'rate_limited', title: t('errors.rateLimited') };
  if (status === 413)
    return { ...base, status, code: 'payload_too_large', title: t('errors.tooLarge') };
  if (status === 415) {
    const type = String(request.headers['content-type'] ?? '').split(';', 1)[0] || '—';
    return {
      ...base,
      status,
      code: 'unsupported_media_type',
      title: t('errors.unsupportedMediaType', { type }),
    };
  }
  if (status >= 400 && status < 500) {
    return { ...base, status, code: 'bad_request', title: t('errors.badRequest') };
  }
  return { ...base, status: 500, code: 'internal_error', title: t('errors.internal') };
}

function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: ProblemBody,
  web: WebPages,
) {
  if (isMachinePath(request.url) || !request.headers.accept?.includes('text/html')) {
    return reply.status(problem.status).type('application/problem+json').send(problem);
  }
  // Not reply.page: an address the router could not read is answered before decorators are.
  return reply
    .status(problem.status)
    .type('text/html; charset=utf-8')
    .send(
      web.document(h(web.ErrorPage, { status: problem.status, title: problem.title }), request),
    );
}

/**
 * People reach pages at the public address only: the sign-in's callback, cookies and links
 * are bound to it, so a page asked for at another name of this server (127.0.0.1 for
 * localhost, an internal address) is sent there before anything starts. Machines (the API,
 * health checks from a load balancer) are answered wherever they call.
 */
function redirectToPublicHost(app: FastifyInstance, publicUrl: string) {
  const { protocol, host } = new URL(publicUrl);
  const onPublicHost = (asked: string) => {
    try {
      return new URL(`${protocol}//${asked}`).host === host;
    } catch {
      return false;
    }
  };
  app.addHook('onRequest', (request, reply, done) => {
    if (
      (request.method === 'GET' || request.method === 'HEAD') &&
      !isMachinePath(request.url) &&
      !onPublicHost(request.host)
    ) {
      reply.redirect(`${publicUrl}${request.url}`, 307);
      return;
    }
    done();
  });
}

/**
 * What the pages for people are made of. It comes from src/web, which the platform does not
 * import (docs/adr/0007-module-boundaries.md): the composition root passes it in.
 */
export interface WebPages extends PagePersonalization {
  /** The whole HTML document of a page, as this request is to see it. */
  document<P>(page: VNode<P>, request: FastifyRequest): string;
  /** The page a person is shown for an error (machines get a JSON problem instead). */
  ErrorPage: ComponentType<{ status: number; title: string }>;
  /** The folder served at /assets/. */
  assetsDir: string;
}

export interface BaseAppOptions {
  config: Config;
  db: Database;
  /** What changed in this process: the response cache keeps nothing past it. */
  changes: Changes;
  web: WebPages;
  logger?: boolean;
  /** Where the log is written (standard output when unset). */
  logStream?: { write(line: string): void };
}

export async function createBaseApp(options: BaseAppOptions) {
  const { config, db, web, changes, logger = true, logStream } = options;
  const app = Fastify({
    logger: logger
      ? {
          level: config.LOG_LEVEL,
          serializers: { req: requestLogSerializer },
          ...(logStream ? { stream: logStream } : {}),
        }
      : false,
    // Only the configured proxies' X-Forwarded-For is believed: else any client names itself.
    trustProxy: config.TRUST_PROXY.length > 0 ? config.TRUST_PROXY : false,
    routerOptions: { querystringParser: parseQuery },
    clientErrorHandler: clientErrorAnswer(
      securityHeaders({ https: config.PUBLIC_URL.startsWith('https:') }),
    ),
    // A URL that does not decode is refused before any hook runs: it is answered here as
    // every other mistake is, with the same headers.
    frameworkErrors: (error, request, reply) => {
      request.locale = negotiateLocale(request.headers['accept-language']) ?? DEFAULT_LOCALE;
      request.t = translator(request.locale);
      reply.headers(securityHeaders({ https: config.PUBLIC_URL.startsWith('https:') }));
      return sendProblem(request, reply, toProblem(error, request), web);
    },
    bodyLimit: 1024 * 1024,
    // A request that reaches a stopping process (on a kept connection) is served, not refused:
    // draining already closes each connection after its answer.
    return503OnClosing: false,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.decorateRequest('t', translator(DEFAULT_LOCALE));
  app.decorateReply('page', function <P>(this: FastifyReply, vnode: VNode<P>, status = 200) {
    return this.status(status)
      .type('text/html; charset=utf-8')
      .send(web.document(vnode, this.request));
  });

  await app.register(cookie);
  await app.register(formbody);
  redirectToPublicHost(app, config.PUBLIC_URL);
  addHeaderAndLanguageHooks(app, config);
  registerRequestGuards(app, isMachinePath);
  registerReceivedFiles(app);
  const limits = await sharedRateLimits(
    {
      redisUrl: config.REDIS_URL,
      shared: config.DATABASE_URL !== null,
      scope: deploymentScope(config.DATABASE_URL),
    },
    db,
  );
  app.addHook('onClose', limits.close);
  await app.register(rateLimit, {
    ...limits.options,
    global: true,
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: '1 minute',
    // Connected systems are limited per client instead, once they are known (the
    // integration hub's own limiter); the token endpoint stays limited per address.
    allowList: (request) =>
      request.url.startsWith('/assets/') ||
      ['/healthz', '/readyz', '/metrics'].includes(request.url) ||
      (request.url.startsWith(INTEGRATION_PREFIX) && !request.url.startsWith(TOKEN_PATH)),
    errorResponseBuilder: () => new ProblemError(429, 'rate_limited', 'errors.rateLimited'),
    keyGenerator: rateLimitKey,
  });
  registerResponseCache(app, web, changes);
  const metrics = registerMetrics(app);
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, problem, web);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      toProblem(new ProblemError(404, 'not_found', 'errors.notFound'), request),
      web,
    ),
  );
  await registerApiDocs(app, config.PUBLIC_URL);
  await app.register(fastifyStatic, { root: web.assetsDir, prefix: '/assets/', maxAge: '1h' });
  registerHealth(app, db, metrics);
  return app;
}

/**
 * Whom a request is counted against: its client (TRUST_PROXY decides who that is). A client
 * that closed its connection before the limiter ran has no address left; it is counted
 * under one key of its own rather than failing the request after nobody is waiting.
 */
/** Where connected systems call (the integration hub), and where they get their tokens. */
export const INTEGRATION_PREFIX = '/api/v1/integration/';
const TOKEN_PATH = `${INTEGRATION_PREFIX}token`;

export const rateLimitKey = (request: { ip: string | undefined }) => request.ip ?? 'gone';

/** Security headers on every answer, and the language every request is answered in. */
function addHeaderAndLanguageHooks(app: FastifyInstance, config: Config) {
  const https = config.PUBLIC_URL.startsWith('https:');
  const headers = securityHeaders({ https });
  // Hooks on every request are written with `done` rather than async: no promise per call.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    if (request.url.startsWith('/api/docs')) reply.header('content-security-policy', API_DOCS_CSP);
    done();
  });
  // Language: an explicit ?lang= wins and is remembered; then the cookie; then the browser.
  app.addHook('onRequest', (request, reply, done) => {
    const asked = (request.query as Record<string, unknown> | undefined)?.lang;
    let locale: Locale | null = null;
    if (isLocale(asked)) {
      locale = asked;
      if (!isMachinePath(request.url)) {
        reply.setCookie(LANG_COOKIE, asked, {
          path: '/',
          maxAge: ONE_YEAR_SECONDS,
          sameSite: 'lax',
          httpOnly: true,
          secure: https,
        });
      }
    } else if (!isMachinePath(request.url) && isLocale(request.cookies[LANG_COOKIE])) {
      locale = request.cookies[LANG_COOKIE] as Locale;
    }
    locale ??= negotiateLocale(request.headers['accept-language']) ?? DEFAULT_LOCALE;
    request.locale = locale;
    request.t = translator(locale);
    done();
  });
}

/** The OpenAPI document (from the routes' schemas) and its reader. */
async function registerApiDocs(app: FastifyInstance, publicUrl: string) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Một Cửa API',
        version: '1',
        description:
          'Public API of the Một Cửa national public-service portal. Errors are RFC 9457 problem details.',
      },
      servers: [{ url: publicUrl }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

export type App = Awaited<ReturnType<typeof createBaseApp>>;

/** Someone's own file (an upload, a slip, a result): shown inline, never kept by a cache. */
const privateFile = (reply: FastifyReply, file: { contentType: string; fileName: string }) =>
  reply
    .type(file.contentType)
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff');

/** Someone's own file made now (a slip, a receipt), from memory. */
export function sendPrivateFile(
  reply: FastifyReply,
  file: { contentType: string; fileName: string; data: Buffer | Uint8Array },
) {
  return privateFile(reply, file).send(file.data);
}

/** Someone's own stored file, streamed from the file store as it is read. */
export function sendPrivateStream(
  reply: FastifyReply,
  file: { contentType: string; fileName: string; content: StoredStream },
) {
  return privateFile(reply, file)
    .header('content-length', file.content.size)
    .send(file.content.stream);
}
