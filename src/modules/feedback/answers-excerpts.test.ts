import { describe, expect, it } from 'vitest';
import { EXCERPT_LENGTH, excerptOf, Excerpts } from './answers-excerpts.js';
import { REDACTED } from './redact.js';

describe('excerptOf', () => {
  it('runs spaces and lines together, and keeps a short question whole', () => {
    expect(excerptOf('  Xin hỏi:\n\nthủ tục   này? ')).toBe('Xin hỏi: thủ tục này?');
  });

  it('cuts a long question, never inside a redaction marker', () => {
    const long = 'á'.repeat(EXCERPT_LENGTH + 50);
    expect(excerptOf(long)).toBe('á'.repeat(EXCERPT_LENGTH));
    const before = 'a'.repeat(EXCERPT_LENGTH - 4);
    expect(excerptOf(`${before} ${REDACTED} sau`)).toBe(before);
    const whole = 'a'.repeat(EXCERPT_LENGTH - REDACTED.length);
    expect(excerptOf(`${whole}${REDACTED} sau`)).toBe(`${whole}${REDACTED}`);
  });
});

describe('Excerpts', () => {
  it('gives back what it keeps, growing past its first buffer', () => {
    const store = new Excerpts();
    const texts = Array.from({ length: 8000 }, (_, n) =>
      `Câu hỏi số ${n} về giấy phép lái xe`.repeat(5),
    );
    const places = texts.map((text) => store.add(text));
    expect(places.map((place) => store.get(place))).toEqual(texts);
  });
});
