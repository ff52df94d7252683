import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import {
  DEFAULT_LOCALE,
  localName,
  localText,
  translator,
  type Locale,
  type Translate,
} from '../platform/i18n/index.js';

/** Who is signed in, as pages show them. */
export interface Viewer {
  /** The session the page is drawn for: what is kept of a person's pages is theirs alone. */
  sessionId: string;
  name: string;
  /** The token every form of this session carries. */
  csrfToken: string;
  /** An officer (the header then leads to the back office instead of "my dossiers"). */
  officer: boolean;
  /** A portal administrator (the header then leads to the connected systems' pages). */
  systemAdmin: boolean;
  unread: number;
  /** The newest in-app notifications, for the list in the header. */
  latest: { id: string; subject: string; read: boolean }[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Who is signed in, as pages show it; null when nobody is. Set by the module that knows
     * (identity), read here to draw the header: src/web imports no module (ADR 0007).
     */
    viewer: Viewer | null;
  }
}

export interface PageContextValue {
  locale: Locale;
  t: Translate;
  /** Path and query of the page being shown, for the language switch and pagination. */
  url: string;
  /** Who is signed in, for the header; null when nobody is. */
  viewer: Viewer | null;
}

export const PageContext = createContext<PageContextValue>({
  locale: DEFAULT_LOCALE,
  t: translator(DEFAULT_LOCALE),
  url: '/',
  viewer: null,
});

export const usePage = () => useContext(PageContext);

/** Texts given in both languages, in the page's. */
export const useText = () => {
  const { locale } = usePage();
  return (text: { vi: string; en: string }) => localText(locale, text);
};

/** Names given in both languages (agencies, procedures, fields), in the page's. */
export const useName = () => {
  const { locale } = usePage();
  return (named: { name: string; nameEn: string }) => localName(locale, named);
};

/** The same URL with some query parameters replaced (undefined removes one). */
export function withQuery(url: string, changes: Record<string, string | undefined>): string {
  const parsed = new URL(url, 'http://local');
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') parsed.searchParams.delete(key);
    else parsed.searchParams.set(key, value);
  }
  const query = parsed.searchParams.toString();
  return parsed.pathname + (query ? `?${query}` : '');
}
