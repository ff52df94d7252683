import type { FastifyRequest } from 'fastify';
import { h, type VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { PageContext, type PageContextValue, type Viewer } from './context.js';
import { SiteHeader } from './layout.js';

const contextOf = (request: FastifyRequest): PageContextValue => ({
  locale: request.locale,
  t: request.t,
  url: request.url,
  viewer: request.viewer ?? null,
});

export function renderDocument<P>(page: VNode<P>, request: FastifyRequest): string {
  const value = contextOf(request);
  return '<!doctype html>' + renderToString(h(PageContext.Provider, { value }, page));
}

const HEADER_START = '<header class="site-header">';
const HEADER_END = '</header>';

/** Headers drawn for a viewer (the same object while their session is unchanged), by page. */
const headersOf = new WeakMap<Viewer, Map<string, string>>();
/** Pages a viewer's headers are kept for: those they move between. */
const HEADERS_PER_VIEWER = 32;

/** The site's header as `viewer` sees it on this page (its language and address). */
function headerFor(request: FastifyRequest, viewer: Viewer | null): string {
  const draw = () =>
    renderToString(
      h(PageContext.Provider, { value: { ...contextOf(request), viewer } }, h(SiteHeader, {})),
    );
  if (!viewer) return draw();
  let drawn = headersOf.get(viewer);
  if (!drawn) headersOf.set(viewer, (drawn = new Map()));
  const key = `${request.locale}\n${request.url}`;
  let header = drawn.get(key);
  if (header === undefined) {
    if (drawn.size >= HEADERS_PER_VIEWER) drawn.clear();
    drawn.set(key, (header = draw()));
  }
  return header;
}

/** The document with the header drawn for `viewer` in place of the one it has. */
function withHeaderOf(document: string, request: FastifyRequest, viewer: Viewer | null) {
  const start = document.indexOf(HEADER_START);
  const end = start < 0 ? -1 : document.indexOf(HEADER_END, start);
  if (end < 0) return null;
  const header = headerFor(request, viewer);
  return document.slice(0, start) + header + document.slice(end + HEADER_END.length);
}

/** Someone signed in is shown who they are: their header in place of the anonymous one. */
export const personalize = (document: string, request: FastifyRequest) =>
  withHeaderOf(document, request, request.viewer);

/** A page drawn for someone signed in, as anyone else is to see it: the anonymous header. */
export const anonymize = (document: string, request: FastifyRequest) =>
  withHeaderOf(document, request, null);

/** Whether a page is this person's own: anyone signed in sees their name in its header. */
export const personal = (request: FastifyRequest) => request.viewer !== null;

/** Whose own pages a request's are: its session's, or nobody's. */
export const owner = (request: FastifyRequest) => request.viewer?.sessionId ?? null;
