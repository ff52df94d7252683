import { describe, expect, it } from 'vitest';
import {
  ABSOLUTE_TIMEOUT_MS,
  IDLE_TIMEOUT_MS,
  hashToken,
  newToken,
  safeReturnPath,
  sessionState,
} from './sessions.js';

describe('sessionState', () => {
  const start = new Date('2026-11-23T01:00:00Z');
  const at = (ms: number) => new Date(start.getTime() + ms);
  const session = { lastSeenAt: start, expiresAt: at(ABSOLUTE_TIMEOUT_MS), revokedAt: null };

  it('is active while used within 30 minutes', () => {
    expect(sessionState(session, at(IDLE_TIMEOUT_MS - 1))).toBe('active');
    expect(sessionState(session, at(IDLE_TIMEOUT_MS))).toBe('idle_expired');
  });

  it('ends after 12 hours however busy, and at once when revoked', () => {
    const busy = { ...session, lastSeenAt: at(ABSOLUTE_TIMEOUT_MS - 1000) };
    expect(sessionState(busy, at(ABSOLUTE_TIMEOUT_MS - 1))).toBe('active');
    expect(sessionState(busy, at(ABSOLUTE_TIMEOUT_MS))).toBe('expired');
    expect(sessionState({ ...session, revokedAt: at(1) }, at(2))).toBe('revoked');
  });
});

describe('tokens', () => {
  it('are long, random, and stored only as a hash', () => {
    const token = newToken();
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(newToken()).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
  });
});

describe('safeReturnPath', () => {
  it('keeps paths on this site and refuses everything else', () => {
    expect(safeReturnPath('/procedures?q=khai+sinh')).toBe('/procedures?q=khai+sinh');
    for (const bad of [
      'https://evil.example',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/a\nb',
      42,
      undefined,
    ]) {
      expect(safeReturnPath(bad), String(bad)).toBe('/');
    }
  });
});
