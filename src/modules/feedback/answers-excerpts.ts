import { REDACTED } from './redact.js';

/** Characters of the question a result shows. */
export const EXCERPT_LENGTH = 200;

/**
 * The beginning of a question, as a result shows it: spaces and lines run together, cut
 * after `EXCERPT_LENGTH` characters, never inside a redaction marker.
 */
export function excerptOf(question: string): string {
  const text = question.replace(/\s+/g, ' ').trim();
  if (text.length <= EXCERPT_LENGTH) return text;
  const cut = text.slice(0, EXCERPT_LENGTH);
  const marker = cut.lastIndexOf('[');
  const partial = marker >= 0 && REDACTED.startsWith(cut.slice(marker)) && !cut.endsWith(REDACTED);
  return partial ? cut.slice(0, marker).trimEnd() : cut;
}

/**
 * Every result's excerpt in memory, as UTF-8 in one growing buffer (a page of results then
 * asks the database nothing): some 25 MB at 100,000 answers, where as many strings would
 * hold twice that on the heap.
 */
export class Excerpts {
  private bytes = Buffer.alloc(1 << 20);
  private used = 0;

  /** Keeps an excerpt; answers where it is. */
  add(excerpt: string): { at: number; length: number } {
    const length = Buffer.byteLength(excerpt);
    if (this.used + length > this.bytes.length) {
      const grown = Buffer.alloc(Math.max(this.bytes.length * 2, this.used + length));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    const at = this.used;
    this.used += this.bytes.write(excerpt, at);
    return { at, length };
  }

  get(place: { at: number; length: number }): string {
    return this.bytes.toString('utf8', place.at, place.at + place.length);
  }
}
