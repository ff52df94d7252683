import type { FastifyRequest } from 'fastify';
import { h, type VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { PageContext } from './context.js';

export function renderDocument<P>(page: VNode<P>, request: FastifyRequest): string {
  const value = {
    locale: request.locale,
    t: request.t,
    url: request.url,
    viewer: request.viewer ?? null,
  };
  return '<!doctype html>' + renderToString(h(PageContext.Provider, { value }, page));
}
