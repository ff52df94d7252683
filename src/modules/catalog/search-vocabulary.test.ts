import { describe, expect, it } from 'vitest';
import {
  correctedText,
  neighbouringKeys,
  SearchVocabulary,
  typingDistance,
} from './search-vocabulary.js';

const vocabulary = new SearchVocabulary({
  words: Object.entries({
    cap: 400,
    doi: 60,
    giay: 900,
    phep: 300,
    lai: 200,
    xe: 12,
    xa: 800,
    dang: 500,
    ky: 500,
    khai: 150,
    hai: 40,
    sinh: 90,
    ket: 30,
    hon: 30,
    ho: 300,
    chieu: 20,
    tu: 250,
    phap: 120,
    ly: 60,
    lich: 60,
  }).map(([word, documents]) => ({ word, documents })),
  names: [
    'cap doi giay phep lai xe',
    'dang ky khai sinh',
    'dang ky ket hon',
    'cap ho chieu',
    'cap phieu ly lich tu phap',
  ],
  fields: ['HO_TICH'],
});

describe('typingDistance', () => {
  it('counts edits as people mistype: a swap is one, a neighbouring key less than one', () => {
    expect(typingDistance('phpe', 'phep', 2)).toBe(1);
    expect(typingDistance('xw', 'xe', 1)).toBeLessThan(1);
    expect(typingDistance('xp', 'xe', 1)).toBe(1);
    expect(typingDistance('kaisinh', 'khaisinh', 2)).toBe(1);
    expect(typingDistance('abcdef', 'fedcba', 2)).toBe(3);
    expect(neighbouringKeys('s', 'd')).toBe(true);
    expect(neighbouringKeys('s', 'w')).toBe(true);
    expect(neighbouringKeys('s', 'p')).toBe(false);
  });
});

describe('SearchVocabulary.correct', () => {
  it('leaves a query of known words alone', () => {
    expect(vocabulary.correct(['giay', 'phep', 'lai', 'xe'])).toBeNull();
    expect(vocabulary.correct(['giay', '01'])).toBeNull();
  });

  it('prefers the word that fits its neighbours in a name over a more common one', () => {
    // "xa" is held by far more procedures, but only "lai xe" is written in a name.
    expect(vocabulary.correct(['giay', 'phep', 'lai', 'xw'])).toEqual({
      words: ['giay', 'phep', 'lai', 'xe'],
      replaced: [null, null, null, ['xe']],
    });
  });

  it('corrects a dropped, a swapped and a doubled letter', () => {
    expect(vocabulary.correct(['dang', 'ky', 'khai', 'snh'])?.words).toEqual([
      'dang',
      'ky',
      'khai',
      'sinh',
    ]);
    expect(vocabulary.correct(['ly', 'lihc', 'tu', 'phap'])?.words).toEqual([
      'ly',
      'lich',
      'tu',
      'phap',
    ]);
    expect(vocabulary.correct(['hoo', 'chieu'])?.words).toEqual(['ho', 'chieu']);
  });

  it('splits two words run together, each corrected', () => {
    expect(vocabulary.correct(['dang', 'ky', 'kaisinh'])).toEqual({
      words: ['dang', 'ky', 'khai', 'sinh'],
      replaced: [null, null, ['khai', 'sinh']],
    });
  });

  it('between equally close words with no context, prefers the one more procedures hold', () => {
    // "kai" is one letter from "lai" (200), "khai" (150) and "hai" (40).
    expect(vocabulary.correct(['kai'])?.words).toEqual(['lai']);
    // After "ky", the name "dang ky khai sinh" says which was meant.
    expect(vocabulary.correct(['dang', 'ky', 'kai'])?.words).toEqual(['dang', 'ky', 'khai']);
  });

  it('keeps a word nothing is close to, and corrects nothing for it', () => {
    expect(vocabulary.correct(['xyzzy', 'plugh'])).toBeNull();
    expect(vocabulary.correct(['xyzzy', 'phpe'])).toEqual({
      words: ['xyzzy', 'phep'],
      replaced: [null, ['phep']],
    });
  });

  it('does not try to correct a word longer than two syllables run together', () => {
    expect(vocabulary.correct(['giayphepxxxxxxxxx'])).toBeNull();
  });

  it('reconsiders known words only when asked (a query that found nothing)', () => {
    // "lao" typed as "lai", a word too: nothing to correct on its own.
    expect(vocabulary.correct(['dang', 'ky', 'ket', 'hom'])?.words).toEqual([
      'dang',
      'ky',
      'ket',
      'hon',
    ]);
    expect(vocabulary.correct(['cap', 'ho', 'chiru'])?.words).toEqual(['cap', 'ho', 'chieu']);
    expect(vocabulary.correct(['cap', 'doi', 'giay', 'phep', 'lai', 'xa'])).toBeNull();
    expect(vocabulary.correct(['cap', 'doi', 'giay', 'phep', 'lai', 'xa'], true)?.words).toEqual([
      'cap',
      'doi',
      'giay',
      'phep',
      'lai',
      'xe',
    ]);
    expect(vocabulary.correct(['dang', 'ky', 'khai', 'sinh'], true)).toBeNull();
  });

  it('knows the fields', () => {
    expect(vocabulary.hasField('HO_TICH')).toBe(true);
    expect(vocabulary.hasField('NOPE')).toBe(false);
  });
});

describe('correctedText', () => {
  it('replaces only the corrected words, keeping the diacritics of the others', () => {
    const correction = vocabulary.correct(['giay', 'phep', 'lai', 'xw'])!;
    expect(correctedText('Giấy phép lái xw', correction)).toBe('Giấy phép lái xe');
    const split = vocabulary.correct(['dang', 'ky', 'kaisinh'])!;
    expect(correctedText('đăng ký  kaisinh!', split)).toBe('đăng ký  khai sinh!');
  });
});
