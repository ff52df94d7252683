import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, settableClock } from '../../../test/helpers.js';

/** A clock the test moves, to bring a new version of a procedure into force. */
const clock = settableClock('2026-11-23T03:00:00Z');

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let code: string;

beforeAll(async () => {
  ctx = await createTestApp({ clock });
  const [row] = await ctx.db.query<{ code: string }>(
    `SELECT code FROM procedures WHERE name = 'Đăng ký khai sinh'`,
  );
  code = row!.code;
  // An amendment decided now, in force from 1 January 2027, renaming the procedure.
  await ctx.db.query(
    `INSERT INTO procedure_versions (procedure_id, version, effective_from, decision, name, name_en,
       level, kind, field_code, service_level, targets, target_description, summary, steps,
       channels, documents, agencies, receiving_address, results, conditions, keywords, legal_bases)
     SELECT procedure_id, version + 1, '2027-01-01', '{"number":"99/QĐ-BTP","title":"Sửa đổi","date":"2026-11-20","issuer":"Bộ Tư pháp"}',
       'Đăng ký khai sinh trực tuyến liên thông', name_en, level, kind, field_code, service_level,
       targets, target_description, summary, steps, channels, documents, agencies,
       receiving_address, results, conditions, keywords, legal_bases
     FROM procedure_versions v
     WHERE v.id = (SELECT current_version_id FROM procedures WHERE code = $1)`,
    [code],
  );
});

describe('procedure versions', () => {
  it('keeps the current version in force until the new one’s effective date', async () => {
    expect(await ctx.modules.catalog.service.activateDueVersions()).toBe(0);
    const record = (await ctx.app.inject({ url: `/api/v1/procedures/${code}` })).json() as {
      name: string;
      versions: { effectiveFrom: string; inForce: boolean }[];
    };
    expect(record.name).toBe('Đăng ký khai sinh');
    expect(record.versions.at(-1)).toMatchObject({ effectiveFrom: '2027-01-01', inForce: false });
  });

  it('switches on the effective day (Vietnam time) and search follows', async () => {
    // 31 Dec 2026 17:30 UTC is already 1 January 2027 in Hanoi.
    clock.instant = new Date('2026-12-31T17:30:00Z');
    expect(await ctx.modules.catalog.service.activateDueVersions()).toBe(1);
    const record = (await ctx.app.inject({ url: `/api/v1/procedures/${code}` })).json() as {
      name: string;
      decision: { number: string };
      versions: { inForce: boolean }[];
    };
    expect(record.name).toBe('Đăng ký khai sinh trực tuyến liên thông');
    expect(record.decision.number).toBe('99/QĐ-BTP');
    expect(record.versions.at(-1)?.inForce).toBe(true);
    const found = (
      await ctx.app.inject({ url: '/api/v1/procedures?q=lien+thong+khai+sinh' })
    ).json() as {
      items: { code: string; name: string }[];
    };
    expect(found.items.some((i) => i.code === code && i.name === record.name)).toBe(true);
  });
});
