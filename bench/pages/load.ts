import autocannon from 'autocannon';
import { pageHeaders, withMarker } from './answers.js';

export interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Bytes on the wire per answer, headers included. */
  bytesPerAnswer: number;
}

export interface Load {
  /** The server's address, http://host:port. */
  base: string;
  path: string;
  cookie: string | undefined;
  connections: number;
  seconds: number;
  /** Each request with a URL never asked before (see withMarker): what a cache cannot serve. */
  marked: boolean;
}

/** Marked URLs are numbered across the whole run, so no two requests ever share one. */
let marked = 0;

/** What went wrong in a load: any of it makes the run fail once every figure is printed. */
export const failures: string[] = [];

/**
 * Requests `path` as hard as `connections` clients can for `seconds`. Any answer but a 2xx,
 * an error or a timeout is recorded in `failures`: figures of error pages mean nothing, so
 * the run fails, but only at the end, so that a failure late in a long run keeps the rest.
 */
export async function load(target: Load): Promise<Figures> {
  let firstFailure: string | null = null;
  const result = await autocannon({
    url: target.base,
    connections: target.connections,
    duration: target.seconds,
    headers: pageHeaders(target.cookie),
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({
          ...request,
          path: target.marked ? withMarker(target.path, marked++) : target.path,
        }),
        onResponse: (status, body) => {
          if ((status < 200 || status > 299) && firstFailure === null) {
            firstFailure = `${status} ${body.slice(0, 300)}`;
          }
        },
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) {
    // autocannon counts timeouts (no answer within 10 s) among the errors.
    failures.push(
      `${target.base}${target.path}${target.marked ? ' (uncached)' : ''} at ${target.connections} connections: ${result.non2xx} non-2xx, ${result.errors} errors of which ${result.timeouts} timeouts; first non-2xx: ${firstFailure ?? '—'}`,
    );
  }
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytesPerAnswer: result.throughput.total / Math.max(1, result.requests.total),
  };
}
