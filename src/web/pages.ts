import { fileURLToPath } from 'node:url';
import type { WebPages } from '../platform/http.js';
import { ErrorPage } from './error-page.js';
import { anonymize, owner, personal, personalize, renderDocument } from './render.js';

/** The pages for people, handed to the platform's createBaseApp by the composition root. */
export const webPages: WebPages = {
  document: renderDocument,
  personal,
  owner,
  personalize,
  anonymize,
  ErrorPage,
  assetsDir: fileURLToPath(new URL('./assets/', import.meta.url)),
};
