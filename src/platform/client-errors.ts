import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { DEFAULT_LOCALE, translator } from './i18n/index.js';

/** What Node's parser refused, as the status and stable code a client is answered with. */
function refusal(code: string | undefined) {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, code: 'headers_too_large', key: 'errors.tooLarge' } as const;
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, code: 'request_timeout', key: 'errors.badRequest' } as const;
  }
  return { status: 400, code: 'bad_request', key: 'errors.badRequest' } as const;
}

/**
 * Answers a request Node could not even parse (headers past its limit, a broken request line)
 * as every other mistake is answered: problem details with the security headers. Nothing of
 * the request is known, its language included, so the answer is in Vietnamese.
 */
export function clientErrorAnswer(headers: Record<string, string>) {
  const t = translator(DEFAULT_LOCALE);
  return (error: Error & { code?: string }, socket: Socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, code, key } = refusal(error.code);
    const body = JSON.stringify({ type: 'about:blank', title: t(key), status, code, instance: '' });
    if (socket.writable) {
      const lines = [
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
        'content-type: application/problem+json; charset=utf-8',
        `content-length: ${Buffer.byteLength(body)}`,
        'connection: close',
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    }
    socket.destroy(error);
  };
}
