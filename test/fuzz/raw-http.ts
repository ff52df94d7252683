import { connect } from 'node:net';
import fc from 'fast-check';
import { BAD_BYTES } from './arbitraries.js';
import { seedFor, type Failure } from './harness.js';

/*
 * app.inject takes the address through WHATWG URL parsing, which %-escapes every byte that
 * is not ASCII; a client writing to the socket can put raw bytes in the request line and in
 * headers. These few requests go to the portal listening on a real port, to see what Node's
 * parser and the router make of them.
 */

/** Sends bytes as they are and answers the status of the first line (0: no answer). */
function sendRaw(port: number, bytes: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const line = Buffer.concat(chunks).toString('latin1').split('\r\n', 1)[0] ?? '';
      resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(line)?.[1] ?? 0));
    });
    // Not end(): a client that half-closes at once is gone before it could be answered.
    socket.write(bytes);
  });
}

const rawBytes = fc.oneof(
  fc.constantFrom(...BAD_BYTES),
  fc.uint8Array({ minLength: 1, maxLength: 8, min: 0x80 }).map((a) => Buffer.from(a)),
);

/** A request line and headers with raw bytes in the path, the query or a header's value. */
const requestOf = (paths: string[], cookie: string | null) =>
  fc
    .record({
      path: fc.constantFrom(...paths),
      where: fc.constantFrom('path', 'query', 'language', 'cookie'),
      bytes: rawBytes,
      accept: fc.constantFrom('application/json', 'text/html'),
    })
    .map(({ path, where, bytes, accept }) => {
      const head = (target: Buffer, headers: Buffer[]) =>
        Buffer.concat([
          Buffer.from('GET '),
          target,
          Buffer.from(` HTTP/1.1\r\nHost: localhost\r\nAccept: ${accept}\r\nConnection: close\r\n`),
          ...headers.map((h) => Buffer.concat([h, Buffer.from('\r\n')])),
          Buffer.from('\r\n'),
        ]);
      const filled = path.replace(/\{\w+\}/g, 'x');
      const cookies = (extra: Buffer) =>
        Buffer.concat([Buffer.from(`Cookie: ${cookie ? `${cookie}; ` : ''}lang=`), extra]);
      switch (where) {
        case 'path':
          return head(Buffer.concat([Buffer.from(`${path.replace(/\{\w+\}/g, '')}`), bytes]), []);
        case 'query':
          return head(Buffer.concat([Buffer.from(`${filled}?q=`), bytes]), []);
        case 'language':
          return head(Buffer.from(filled), [
            Buffer.concat([Buffer.from('Accept-Language: '), bytes]),
          ]);
        default:
          return head(Buffer.from(filled), [cookies(bytes)]);
      }
    });

/** Sends raw requests to each path (pages and API alike); answers those answered 5xx. */
export async function rawRequests(
  port: number,
  seed: number,
  paths: string[],
  cookie: string | null,
  runs: number,
): Promise<{ statuses: Map<number, number>; failures: Failure[] }> {
  const failures: Failure[] = [];
  const statuses = new Map<number, number>();
  const requests = fc.sample(requestOf(paths, cookie), {
    seed: seedFor(seed, 'raw'),
    numRuns: runs,
  });
  for (const bytes of requests) {
    const status = await sendRaw(port, bytes);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (status >= 500 || status === 0) {
      failures.push({
        key: 'raw bytes',
        request: {
          method: 'RAW',
          url: '(the body below, written to the socket)',
          headers: {},
          body: bytes,
        },
        status,
        answer: '',
        cause: '(a raw request; repeat it with nc)',
      });
    }
  }
  return { statuses, failures };
}
