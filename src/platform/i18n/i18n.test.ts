import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, negotiateLocale, translator } from './index.js';
import { vi } from './vi.js';
import { en } from './en.js';

describe('message catalogs', () => {
  it('have the same keys and no empty text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const text of [...Object.values(vi), ...Object.values(en)])
      expect(text.trim()).not.toBe('');
  });

  it('fill placeholders', () => {
    expect(translator('vi')('search.count', { total: 3 })).toBe('Tìm thấy 3 thủ tục');
    expect(translator('en')('search.count', { total: 3 })).toBe('3 procedures found');
  });
});

describe('negotiateLocale', () => {
  it('picks the best supported language', () => {
    expect(negotiateLocale('en-GB,en;q=0.9,vi;q=0.8')).toBe('en');
    expect(negotiateLocale('fr-FR, vi;q=0.5, en;q=0.4')).toBe('vi');
    expect(negotiateLocale('fr')).toBeNull();
    expect(negotiateLocale(undefined)).toBeNull();
  });
});

describe('formatting', () => {
  it('shows money in đồng and dates as DD/MM/YYYY', () => {
    expect(formatMoney('vi', 135000)).toBe('135.000 ₫');
    expect(formatDate('2025-03-01')).toBe('01/03/2025');
  });
});

describe('formatDateTime', () => {
  it('shows Vietnam time', () => {
    expect(formatDateTime(new Date('2026-11-23T17:30:00Z'))).toBe('24/11/2026 00:30');
  });
});
