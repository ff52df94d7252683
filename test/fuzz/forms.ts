import type { FastifyInstance } from 'fastify';

/*
 * The portal's page forms, found as a person finds them: by rendering pages and reading
 * their <form method="post">, each with its action, its fields and the values the page put
 * in them (the form token among them), following the links of each page to the next.
 */

export interface PageForm {
  /** The page the form was found on. */
  page: string;
  method: 'GET' | 'POST';
  action: string;
  multipart: boolean;
  /** Each field's name and the values the page offers for it (the first is the default). */
  fields: Map<string, string[]>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const decode = (text: string) =>
  text.replace(/&(#x?[0-9a-f]+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });

const attribute = (tag: string, name: string) => {
  const match = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return match ? decode(match[1]!) : null;
};

/** The forms of a page, relative actions resolved against the page's path. */
export function formsOf(html: string, page: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, open = '', inner = ''] = match;
    const method = (attribute(open, 'method') ?? 'get').toLowerCase() === 'post' ? 'POST' : 'GET';
    const action = new URL(attribute(open, 'action') ?? page, `http://localhost${page}`);
    if (action.host !== 'localhost') continue;
    const fields = new Map<string, string[]>();
    const offer = (name: string | null, value: string) => {
      if (!name) return;
      fields.set(name, [...(fields.get(name) ?? []), value]);
    };
    for (const [tag] of inner.matchAll(/<(input|button|textarea)\b[^>]*>/gi)) {
      const type = (attribute(tag, 'type') ?? '').toLowerCase();
      if (type === 'file') offer(attribute(tag, 'name'), '');
      else
        offer(attribute(tag, 'name'), attribute(tag, 'value') ?? (type === 'checkbox' ? 'on' : ''));
    }
    for (const [, tag = '', options = ''] of inner.matchAll(
      /<select\b([^>]*)>([\s\S]*?)<\/select>/gi,
    )) {
      for (const [option] of options.matchAll(/<option\b[^>]*>/gi)) {
        offer(attribute(tag, 'name'), attribute(option, 'value') ?? '');
      }
    }
    forms.push({
      page,
      method,
      // A GET form's fields replace the query its action had.
      action: method === 'GET' ? action.pathname : action.pathname + action.search,
      multipart: (attribute(open, 'enctype') ?? '').includes('multipart'),
      fields,
    });
  }
  return forms;
}

/** Same-site links worth following: pages, not files, sign-outs or the identity provider. */
export function linksOf(html: string): string[] {
  const links = new Set<string>();
  for (const [, href = ''] of html.matchAll(/<a\b[^>]*\shref="([^"]*)"/gi)) {
    const url = decode(href);
    if (!url.startsWith('/') || url.startsWith('//')) continue;
    if (/^\/(assets|idp|auth\/login|api|dev)\b|\.(pdf|js|css|ico)(\?|$)/.test(url)) continue;
    links.add(url.split('#')[0]!);
  }
  return [...links];
}

/** A browser's cookies, as the answers set them. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  constructor(header: string | null) {
    this.set(header);
  }

  set(header: string | null) {
    for (const pair of header?.split(';') ?? []) {
      const [name, ...value] = pair.trim().split('=');
      if (name) this.cookies.set(name, value.join('='));
    }
  }

  take(setCookie: string | string[] | undefined) {
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      this.set(line.split(';', 1)[0] ?? null);
    }
  }

  get header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** A path with its ids and codes (segments with a digit) as `{…}`: the route it is of. */
export const routeOf = (path: string) =>
  path.replace(/\/[^/?]*\d[^/?]*/g, '/{…}').replace(/\?.*/, '');

/** A form's identity: its route and its field names. */
const shapeOf = (form: PageForm) =>
  `${form.method} ${routeOf(form.action)} ${[...form.fields.keys()].sort().join(',')}`;

/** A page's own query string, as the GET form it would have come from. */
function queryOf(page: string): PageForm[] {
  const url = new URL(page, 'http://localhost');
  if (!url.search) return [];
  const fields = new Map<string, string[]>();
  for (const [name, value] of url.searchParams) fields.set(name, [value]);
  return [{ page, method: 'GET', action: url.pathname, multipart: false, fields }];
}

/**
 * Visits pages from the starting ones, breadth first, up to a number of pages, following
 * each page's links; answers every form found, one of each shape.
 */
export async function crawl(
  app: Pick<FastifyInstance, 'inject'>,
  jar: CookieJar,
  start: string[],
  maxPages: number,
  ip: string,
): Promise<PageForm[]> {
  const queue = [...start];
  const seen = new Set<string>();
  const kinds = new Map<string, number>();
  const forms = new Map<string, PageForm>();
  while (queue.length > 0 && seen.size < maxPages) {
    const page = queue.shift()!;
    // Two pages of a kind are enough (one procedure, one agency is like the next).
    const kind = routeOf(page.replace(/\?.*/, ''));
    if (seen.has(page) || (kinds.get(kind) ?? 0) >= 2) continue;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    seen.add(page);
    const response = await app.inject({
      method: 'GET',
      url: page,
      headers: { accept: 'text/html', cookie: jar.header },
      remoteAddress: ip,
    });
    jar.take(response.headers['set-cookie']);
    if (response.statusCode !== 200) continue;
    for (const form of [...formsOf(response.body, page), ...queryOf(page)]) {
      forms.set(shapeOf(form), form);
    }
    queue.push(...linksOf(response.body).filter((link) => !seen.has(link)));
  }
  return [...forms.values()];
}
