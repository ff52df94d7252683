import { describe, expect, it } from 'vitest';
import { COMMENT_MAX, parseRating, redactComment, REDACTED } from './criteria.js';

const FULL = { onTime: true, visits: 1, conduct: 4, feesAsAnnounced: true, overall: 5 };

describe('a rating’s answers', () => {
  it('are read from JSON and from a form alike', () => {
    expect(parseRating({ ...FULL, comment: '  Nhanh, chu đáo  ', anonymous: true })).toEqual({
      ok: true,
      answers: { ...FULL, comment: 'Nhanh, chu đáo', anonymous: true },
    });
    const form = {
      onTime: 'no',
      visits: '3',
      conduct: '1',
      feesAsAnnounced: 'yes',
      overall: '2',
      comment: '',
      anonymous: 'on',
      csrf: 'x',
    };
    expect(parseRating(form)).toEqual({
      ok: true,
      answers: {
        onTime: false,
        visits: 3,
        conduct: 1,
        feesAsAnnounced: true,
        overall: 2,
        comment: null,
        anonymous: true,
      },
    });
    // Not anonymous unless asked; no comment is none.
    expect(parseRating(FULL)).toMatchObject({
      ok: true,
      answers: { anonymous: false, comment: null },
    });
  });

  it('need every criterion, each within its values', () => {
    expect(parseRating({})).toEqual({
      ok: false,
      errors: ['onTime', 'visits', 'conduct', 'feesAsAnnounced', 'overall'].map((field) => ({
        field,
        messageKey: 'ratings.error.choose',
      })),
    });
    const wrong = [
      { onTime: 'maybe' },
      { onTime: 1 },
      { visits: 4 },
      { visits: -1 },
      { visits: 1.5 },
      { conduct: 0 },
      { conduct: 6 },
      { conduct: '4.0' },
      { feesAsAnnounced: 'true' },
      { overall: '' },
      { overall: null },
    ];
    for (const change of wrong) {
      const parsed = parseRating({ ...FULL, ...change });
      expect(parsed.ok, JSON.stringify(change)).toBe(false);
      if (!parsed.ok) expect(parsed.errors.map((e) => e.field)).toEqual(Object.keys(change));
    }
  });

  it('take a comment up to its length and a yes/no anonymous flag only', () => {
    expect(parseRating({ ...FULL, comment: 'ạ'.repeat(COMMENT_MAX) }).ok).toBe(true);
    expect(parseRating({ ...FULL, comment: 'ạ'.repeat(COMMENT_MAX + 1) })).toEqual({
      ok: false,
      errors: [
        { field: 'comment', messageKey: 'errors.field.tooLong', params: { limit: COMMENT_MAX } },
      ],
    });
    expect(parseRating({ ...FULL, comment: 5 })).toMatchObject({ ok: false });
    expect(parseRating({ ...FULL, anonymous: 'yes' })).toMatchObject({
      ok: false,
      errors: [{ field: 'anonymous' }],
    });
  });
});

describe('an anonymous comment as officers read it', () => {
  it('has ID and phone numbers, dossier codes and email addresses taken out', () => {
    const said =
      'Tôi là chủ hồ sơ 000.00.01.H29-251123-0001, CCCD 001089012345, gọi 0912 345 678 hoặc an.nguyen@example.vn.';
    const shown = redactComment(said);
    for (const secret of [
      'H29-251123-0001',
      '001089012345',
      '0912 345 678',
      'an.nguyen@example.vn',
    ]) {
      expect(shown).not.toContain(secret);
    }
    expect(shown).toContain(REDACTED);
    expect(shown.startsWith('Tôi là chủ hồ sơ')).toBe(true);
  });

  it('keeps ordinary words and small numbers', () => {
    const said = 'Phải đi lại 2 lần, chờ 3 - 4 ngày; cán bộ rất nhiệt tình.';
    expect(redactComment(said)).toBe(said);
  });
});
