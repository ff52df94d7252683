import { describe, expect, it } from 'vitest';
import { outcomeOf } from './deadlines.js';

const due = new Date('2026-11-25T10:00:00Z'); // Wednesday 17:00 in Vietnam

describe('outcome against the deadline', () => {
  it('is early on an earlier day, on time on the due day, late after it or once late', () => {
    expect(outcomeOf(new Date('2026-11-24T09:00:00Z'), due, null)).toBe('early');
    expect(outcomeOf(new Date('2026-11-25T01:00:00Z'), due, null)).toBe('on_time');
    expect(outcomeOf(new Date('2026-11-25T10:00:00Z'), due, null)).toBe('on_time');
    expect(outcomeOf(new Date('2026-11-25T10:00:01Z'), due, null)).toBe('late');
    // Went past due once (then got a new date by an apology): still late.
    expect(outcomeOf(new Date('2026-11-24T09:00:00Z'), due, new Date('2026-11-20T10:00:00Z'))).toBe(
      'late',
    );
  });
});
