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
function acceptedMediaTypes(request: FastifyRequest, isMachinePath: IsMachinePath) {
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
const isReadableText = (value: string) =>
  value.isWellFormed() && !value.includes('\u0000') && !value.includes('\uFFFD');

/** What is wrong with a value, anywhere in parsed parameters or a body. */
type Fault = 'unreadable' | 'not_finite' | 'too_deep';

/** Deeper than any form or API body the portal takes; past it, a body is refused unread. */
const MAX_DEPTH = 32;

/**
 * The first field (as a dotted path) holding unreadable text (in a value or a name), a number
 * that is not finite (1e309 is Infinity, in JSON and once a query value is coerced), or
 * nesting deeper than MAX_DEPTH; null when all of it is sound. Walked with a stack of its
 * own, so a body nested 20,000 deep cannot overflow the call stack.
 */
function faultyField(value: unknown): { field: string; fault: Fault } | null {
  return isSound(value, 0) ? null : faultyFieldWalk(value);
}

/**
 * Whether a value is sound (faultyField's rules), allocating nothing: a body of a thousand
 * items is checked at every request, and its fields are named only when one is faulty.
 * Recursion stops at MAX_DEPTH, so it cannot overflow the call stack.
 */
function isSound(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return isReadableText(value);
  if (typeof value === 'number') return Number.isFinite(value);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isSound(item, depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (!isReadableText(key) || !isSound((value as Record<string, unknown>)[key], depth + 1))
      return false;
  }
  return true;
}

/** faultyField's walk for a value known to be faulty: which field, and what is wrong. */
function faultyFieldWalk(value: unknown): { field: string; fault: Fault } | null {
  // A stack of its own, and the path of a field spelled only for the faulty one.
  const pending: Visit[] = [{ value, key: '', parent: null, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const item = next.value;
    if (typeof item === 'string') {
      if (!isReadableText(item)) return { field: pathOf(next), fault: 'unreadable' };
    } else if (typeof item === 'number') {
      if (!Number.isFinite(item)) return { field: pathOf(next), fault: 'not_finite' };
    } else if (item !== null && typeof item === 'object' && !Buffer.isBuffer(item)) {
      if (next.depth >= MAX_DEPTH) return { field: pathOf(next), fault: 'too_deep' };
      const depth = next.depth + 1;
      if (Array.isArray(item)) {
        for (let i = 0; i < item.length; i++) {
          pending.push({ value: item[i], key: String(i), parent: next, depth });
        }
      } else {
        for (const key of Object.keys(item)) {
          if (!isReadableText(key)) return { field: pathOf(next), fault: 'unreadable' };
          pending.push({ value: (item as Record<string, unknown>)[key], key, parent: next, depth });
        }
      }
    }
  }
  return null;
}

/** A value met on the walk, with the way back to the top. */
interface Visit {
  value: unknown;
  key: string;
  parent: Visit | null;
  depth: number;
}

/** `items.3.name`, or `body` for the top. */
function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let at: Visit | null = visit; at?.parent; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.') || 'body';
}

/** The first field whose text (or name) is unreadable, as faultyField finds it. */
export function unreadableField(value: unknown): string | null {
  const found = faultyField(value);
  return found?.fault === 'unreadable' ? found.field : null;
}

const FAULT_MESSAGES = {
  unreadable: 'errors.field.unreadable',
  not_finite: 'errors.field.outOfRange',
  too_deep: 'errors.field.tooDeep',
} as const;

const faultProblem = ({ field, fault }: { field: string; fault: Fault }) =>
  new ProblemError(
    400,
    fault === 'unreadable' ? 'unreadable_text' : 'validation_failed',
    'errors.validation',
    {},
    [{ field, messageKey: FAULT_MESSAGES[fault] }],
  );

export const unreadableText = (field: string) => faultProblem({ field, fault: 'unreadable' });

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
  const check = (request: FastifyRequest, body: boolean, done: (error?: Error) => void) => {
    const found =
      faultyField(request.params) ??
      faultyField(request.query) ??
      (body ? faultyField(request.body) : null);
    done(found === null ? undefined : faultProblem(found));
  };
  // Before the schema (text as sent, a body's own numbers), and after it: a value the schema
  // coerced to a number may have become Infinity (a body only where a schema checked it).
  app.addHook('preValidation', (request, _reply, done) => check(request, true, done));
  app.addHook('preHandler', (request, _reply, done) =>
    check(request, request.routeOptions.schema?.body !== undefined, done),
  );
}
