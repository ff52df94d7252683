import { vi, type Messages } from './vi.js';
import { en } from './en.js';

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'vi';
export type MessageKey = keyof Messages;
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

const catalogs: Record<Locale, Messages> = { vi, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, params) => {
    const template = catalog[key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole: string, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

/** Picks the best supported language from an Accept-Language header. */
export function negotiateLocale(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q.split('=')[1]) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((entry) => entry.lang).find(isLocale) ?? null;
}

/** A thing's name in the reader's language (the catalog names everything in both). */
export const localName = (locale: Locale, named: { name: string; nameEn: string }): string =>
  locale === 'en' ? named.nameEn : named.name;

/** A text given in both languages (forms, workflows), in the reader's. */
export const localText = (locale: Locale, text: { vi: string; en: string }): string =>
  locale === 'en' ? text.en : text.vi;

/** Formats an integer amount of Vietnamese đồng for the reader's language. */
/**
 * Number formats made once per language: making an Intl.NumberFormat costs far more than
 * using one, and a page shows many amounts.
 */
const numberFormats = {
  vi: { whole: new Intl.NumberFormat('vi-VN'), tenths: tenths('vi-VN') },
  en: { whole: new Intl.NumberFormat('en-GB'), tenths: tenths('en-GB') },
};

function tenths(tag: string) {
  return new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
}

export function formatMoney(locale: Locale, amount: number): string {
  return numberFormats[locale].whole.format(amount) + ' ₫';
}

/** A file's size in kilobytes, to a tenth. */
export function formatKilobytes(locale: Locale, bytes: number): string {
  return numberFormats[locale].tenths.format(bytes / 1024) + ' KB';
}

/** Shows a calendar date (YYYY-MM-DD) as DD/MM/YYYY, the form both audiences read here. */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** An instant as people here read it: Vietnam time (UTC+7), DD/MM/YYYY HH:mm. */
export function formatDateTime(instant: Date): string {
  const local = new Date(instant.getTime() + 7 * 3600_000).toISOString();
  return `${formatDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}
