import type { Locale } from '../../platform/i18n/index.js';

/**
 * Numbers as each language writes them: 1.234.567 and 12,5 % in Vietnamese, 1,234,567 and
 * 12.5% in English. Formatters are made once per language (Intl's are slow to build).
 */
const formats = {
  vi: {
    whole: new Intl.NumberFormat('vi-VN'),
    tenths: new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    percent: new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 }),
  },
  en: {
    whole: new Intl.NumberFormat('en-GB'),
    tenths: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    percent: new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }),
  },
} satisfies Record<Locale, Record<string, Intl.NumberFormat>>;

export const numbersFor = (locale: Locale) => ({
  whole: (n: number) => formats[locale].whole.format(n),
  tenths: (n: number) => formats[locale].tenths.format(n),
  percent: (n: number) => formats[locale].percent.format(n),
});
