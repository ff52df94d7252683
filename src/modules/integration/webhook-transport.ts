/** One signed webhook to POST. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** What came of it: the endpoint's HTTP status, or why there was none. */
export type WebhookAnswer = { status: number } | { error: string };

/**
 * How webhooks leave the portal: an outside system behind an interface. The portal's own is
 * Node's fetch; tests use it too, against a local HTTP server.
 */
export interface WebhookTransport {
  post(request: WebhookRequest): Promise<WebhookAnswer>;
}

const USER_AGENT = 'MotCua-Webhooks/1.0 (+https://www.standardwebhooks.com/)';

/**
 * POSTs with fetch. Redirects are not followed (a 3xx is an answer, and not a success: the
 * subscription should name the endpoint itself), and the body of the answer is not read.
 */
export class FetchTransport implements WebhookTransport {
  async post(request: WebhookRequest): Promise<WebhookAnswer> {
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          ...request.headers,
        },
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status };
    } catch (error) {
      return { error: describe(error, request.timeoutMs) };
    }
  }
}

/** A network error in a few words: `timed out after 10 s`, `ECONNREFUSED`, … */
function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `timed out after ${timeoutMs / 1000} s`;
  }
  if (error instanceof Error) {
    const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
    const code = typeof cause?.code === 'string' ? cause.code : null;
    const detail = typeof cause?.message === 'string' ? cause.message : error.message;
    return (code ? `${code}: ${detail}` : detail).slice(0, 500);
  }
  return String(error).slice(0, 500);
}
