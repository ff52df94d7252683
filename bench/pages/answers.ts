import { writeFile } from 'node:fs/promises';

/** One page as the portal answered it, for the bare server to send again. */
export interface RecordedAnswer {
  url: string;
  /** The Cookie header it was asked with (the same path differs signed in). */
  cookie: string | undefined;
  contentType: string;
  /** The body, base64. */
  body: string;
}

/** What the bare server looks an answer up by: who asks, and for what. */
export const answerKey = (url: string, cookie: string | undefined) => `${cookie ?? ''} ${url}`;

/**
 * A parameter no page reads, different on every request: no cache keyed by path and query
 * has seen the URL before, so the portal makes the page afresh. The bare server drops it.
 */
const MARKER = 'bench';

export const withMarker = (path: string, n: number) =>
  `${path}${path.includes('?') ? '&' : '?'}${MARKER}=${n}`;

export const stripMarker = (url: string) => url.replace(new RegExp(`[?&]${MARKER}=\\d+$`), '');

/** The headers a browser sends for a page (the session's cookie when signed in). */
export function pageHeaders(cookie: string | undefined): Record<string, string> {
  return {
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'accept-language': 'vi-VN,vi;q=0.9,en;q=0.8',
    ...(cookie ? { cookie } : {}),
  };
}

/**
 * Asks the portal for each page once and writes what it answered to `file`. Anything but a
 * 200 stops the run (a benchmark of error pages or redirects measures the wrong thing), and
 * so does a signed-in page that does not name its person (the session was not taken).
 */
export async function recordAnswers(
  base: string,
  pages: { path: string; cookie: string | undefined; name: string | undefined }[],
  file: string,
): Promise<RecordedAnswer[]> {
  const recorded: RecordedAnswer[] = [];
  for (const { path, cookie, name } of pages) {
    const response = await fetch(base + path, {
      headers: pageHeaders(cookie),
      redirect: 'manual',
    });
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    if (name && !body.toString('utf8').includes(name)) {
      throw new Error(`${path}: the page does not name ${name}: not signed in`);
    }
    recorded.push({
      url: path,
      cookie,
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      body: body.toString('base64'),
    });
  }
  await writeFile(file, JSON.stringify(recorded));
  return recorded;
}
