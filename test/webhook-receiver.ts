import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterFile } from './cleanup.js';

/** One webhook as an endpoint received it. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** The webhook-id header. */
  id: string;
}

/**
 * A connected system's webhook endpoint: a real HTTP server on 127.0.0.1 that keeps what it
 * receives and answers what the test says (`status`: a number, or one per request).
 * Closed after the test file.
 */
export async function webhookReceiver(
  options: {
    status?: number | ((received: Received, index: number) => number);
    delayMs?: number;
  } = {},
) {
  const received: Received[] = [];
  let status = options.status ?? 204;
  const waiting: { count: number; resolve: () => void }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const item: Received = {
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        id: String(request.headers['webhook-id'] ?? ''),
      };
      received.push(item);
      const answer = typeof status === 'number' ? status : status(item, received.length - 1);
      const reply = () => {
        response.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
        for (const wait of waiting.filter((w) => received.length >= w.count)) wait.resolve();
      };
      if (options.delayMs) setTimeout(reply, options.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  afterFile(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    /** From now on, answer this. */
    answer(next: number | ((received: Received, index: number) => number)) {
      status = next;
    },
    /** Resolves once `count` webhooks in all have been received (and answered). */
    until(count: number): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiting.push({ count, resolve }));
    },
  };
}
