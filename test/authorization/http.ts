import type { FastifyInstance } from 'fastify';

/** The six people every route is tried as. */
export const CALLERS = ['anon', 'citizenA', 'citizenB', 'officer1', 'officer2', 'admin1'] as const;
export type CallerName = (typeof CALLERS)[number];

export interface Caller {
  name: CallerName;
  /** The session cookie (`sid=…`), or null for nobody signed in. */
  cookie: string | null;
  /** Each caller comes from its own address, so per-client rate limits never mix them up. */
  ip: string;
}

/** A request as a test sends it: JSON, CSV text or a multipart form, or nothing. */
export interface Outgoing {
  method: string;
  url: string;
  json?: unknown;
  csv?: string;
  /** Made afresh for each send: a form's body is read once. */
  form?: () => FormData;
  /** A body sent as it is, with the content type the headers give. */
  raw?: string;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  body: string;
  location: string | undefined;
  json<T>(): T;
}

type Injectable = Pick<FastifyInstance, 'inject'>;

/** Sends one request through the app as the caller (real routing, hooks and handlers). */
export async function send(app: Injectable, caller: Caller, out: Outgoing): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...out.headers };
  if (caller.cookie) headers.cookie = caller.cookie;
  let payload: string | FormData | undefined;
  if (out.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(out.json);
  } else if (out.csv !== undefined) {
    headers['content-type'] = 'text/csv';
    payload = out.csv;
  } else if (out.form) {
    payload = out.form();
  } else if (out.raw !== undefined) {
    payload = out.raw;
  }
  const response = await app.inject({
    method: out.method as 'GET',
    url: out.url,
    headers,
    remoteAddress: caller.ip,
    ...(payload === undefined ? {} : { payload }),
  });
  const location = response.headers.location;
  return {
    status: response.statusCode,
    body: response.body,
    location: typeof location === 'string' ? location : undefined,
    json: <T>() => JSON.parse(response.body) as T,
  };
}

/** Sends and insists on the status: for setting up data, where anything else is a bug. */
export async function expectStatus<T>(
  app: Injectable,
  caller: Caller,
  out: Outgoing,
  status: number,
): Promise<T> {
  const answer = await send(app, caller, out);
  if (answer.status !== status) {
    throw new Error(
      `${out.method} ${out.url} as ${caller.name}: ${answer.status} (wanted ${status}): ${answer.body.slice(0, 500)}`,
    );
  }
  return (answer.body ? answer.json<T>() : undefined) as T;
}

/**
 * What an answer says about authorization. The portal answers 401 to nobody, 403 to the
 * wrong kind of account and 404 for what the caller may not see (so it stays unrevealed);
 * a page sends somebody not signed in off to sign in. Anything else got past the checks,
 * including 400/409/422 for a request a permitted caller made wrong on purpose. A 5xx is
 * neither: it is reported as an error.
 */
export type Outcome = 'allow' | 'deny' | 'error';

export function outcomeOf(answer: Answer): Outcome {
  if (answer.status >= 500) return 'error';
  if ([401, 403, 404].includes(answer.status)) return 'deny';
  if (answer.status >= 300 && answer.status < 400 && answer.location?.includes('/auth/sign-in')) {
    return 'deny';
  }
  return 'allow';
}
