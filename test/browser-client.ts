/**
 * A minimal browser for HTTP tests over a real socket: keeps cookies per host and follows
 * redirects one by one, so a test can stop at (or tamper with) any hop of a sign-in.
 */
export class CookieClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    headers.set('accept', headers.get('accept') ?? 'text/html');
    const response = await fetch(new URL(path, this.base), {
      ...init,
      headers,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '')
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects until an answer that is not one, or until `stop` says so. */
  async follow(path: string, init: RequestInit = {}, stop?: (location: URL) => boolean) {
    let response = await this.request(path, init);
    let url = new URL(path, this.base);
    for (let hops = 0; hops < 15 && response.status >= 300 && response.status < 400; hops++) {
      const next = new URL(response.headers.get('location') ?? '/', url);
      if (stop?.(next)) return { response, url: next, stopped: true };
      url = next;
      response = await this.request(url.toString());
    }
    return { response, url, stopped: false };
  }

  postForm(path: string, fields: Record<string, string>) {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

/** Signs in as one of the simulator's test identities (a real OIDC flow over HTTP). */
export async function signInAs(base: string, sub: string, returnTo = '/account') {
  const browser = new CookieClient(base);
  const picker = await browser.follow(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  const action = /action="(\/idp\/interaction\/[^"]+\/login)"/.exec(
    await picker.response.text(),
  )![1]!;
  const chosen = await browser.postForm(action, { sub });
  await browser.follow(chosen.headers.get('location')!);
  return browser;
}
