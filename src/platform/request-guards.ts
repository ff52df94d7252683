import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError } from './errors.js';

/** Whether the path answers machines (the API) rather than people. */
type IsMachinePath = (url: string) => boolean;

const JSON_ONLY = ['application/json'];
const FORMS_ONLY = ['application/x-www-form-urlencoded'];

/** `multipart/form-data; boundary=…` → `multipart/form-data`. */
const mediaType = (header: string | undefined) =>
  (header ?? '').split(';', 1)[0]!.trim().toLowerCase();

const hasBody = (request: FastifyRequest) =>
  request.headers['transfer-encoding'] !== undefined ||
  Number(request.headers['content-length'] ?? 0) > 0;

/**
 * The body types a route takes: what its schema says it consumes (uploads say multipart),
 * else JSON on the API and URL-encoded forms on pages. A JSON route that took form posts
 * could be called by any other site's form; only pages, which check their form token, do.
 */
export function acceptedMediaTypes(request: FastifyRequest, isMachinePath: IsMachinePath) {
  const schema = request.routeOptions.schema as { consumes?: string[] } | undefined;
  return schema?.consumes ?? (isMachinePath(request.url) ? JSON_ONLY : FORMS_ONLY);
}

/**
 * The query string as the routes read it: a name given more than once becomes a list, and a
 * broken %-escape becomes U+FFFD (the WHATWG rule) so that the check below can refuse it,
 * rather than being passed on as if it were what the person typed.
 */
export function parseQuery(query: string): Record<string, string | string[]> {
  const parsed: Record<string, string | string[]> = Object.create(null) as Record<
    string,
    string | string[]
  >;
  for (const [name, value] of new URLSearchParams(query)) {
    const earlier = parsed[name];
    parsed[name] =
      earlier === undefined
        ? value
        : Array.isArray(earlier)
          ? [...earlier, value]
          : [earlier, value];
  }
  return parsed;
}

/**
 * Whether text can be stored and shown as it is: no NUL (PostgreSQL refuses it outright), no
 * lone surrogate, and no U+FFFD, which is what broken UTF-8 was decoded into.
 */
export const isReadableText = (value: string) =>
  value.isWellFormed() && !value.includes('\u0000') && !value.includes('\uFFFD');

/**
 * The first field (as a dotted path) whose text, or whose name, is unreadable, anywhere
 * in parsed parameters or a body; null when all of it reads.
 */
export function unreadableField(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isReadableText(value) ? null : path || 'body';
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unreadableField(item, path ? `${path}.${index}` : String(index));
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (!isReadableText(key)) return path || 'body';
      const found = unreadableField(item, field);
      if (found !== null) return found;
    }
  }
  return null;
}

export const unreadableText = (field: string) =>
  new ProblemError(400, 'unreadable_text', 'errors.validation', {}, [
    { field, messageKey: 'errors.field.unreadable' },
  ]);

/**
 * Checks every request before its handler, in one place: the body is of a type the route
 * takes (415 otherwise), and no parameter, query value or body field holds text that is not
 * text (400), so nothing reaches the database that it would refuse with an error.
 */
export function registerRequestGuards(app: FastifyInstance, isMachinePath: IsMachinePath) {
  app.addHook('onRequest', (request, _reply, done) => {
    if (!hasBody(request)) return done();
    const type = mediaType(request.headers['content-type']);
    if (!acceptedMediaTypes(request, isMachinePath).includes(type)) {
      return done(
        new ProblemError(415, 'unsupported_media_type', 'errors.unsupportedMediaType', {
          type: type || '—',
        }),
      );
    }
    done();
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const field =
      unreadableField(request.params, '') ??
      unreadableField(request.query, '') ??
      unreadableField(request.body, '');
    done(field === null ? undefined : unreadableText(field));
  });
}
