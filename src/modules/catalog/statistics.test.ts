import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, settableClock } from '../../../test/helpers.js';
import type { Database } from '../../platform/db.js';
import type { CatalogService } from './service.js';
import type { CatalogChanges } from './changes.js';

/* What the catalog answers the monitoring index: its procedures judged, and the units ranked. */

const clock = settableClock('2026-11-24T02:00:00Z');
let db: Database;
let catalog: CatalogService;
let changes: CatalogChanges;

beforeAll(async () => {
  const app = await createTestApp({ clock });
  db = app.db;
  catalog = app.modules.catalog.service;
  changes = app.modules.catalog.changes;
});

describe('procedure statistics', () => {
  it('judges every seeded procedure: published on time, complete, annulled, with fees', async () => {
    const all = await catalog.procedureStatistics();
    expect(all).toHaveLength(95);
    expect(all.map((p) => p.code)).toEqual(all.map((p) => p.code).sort());
    // The seed records each version as entered on the day its decision was signed.
    expect(all.every((p) => p.publishedOnTime && p.complete)).toBe(true);
    expect(all.filter((p) => p.annulled).map((p) => p.code)).toEqual(['2.002521', '2.002560']);
    expect(all.filter((p) => p.hasFees)).toHaveLength(52);
    expect(all.find((p) => p.code === '2.000505')).toMatchObject({
      hasFees: true,
      annulled: false,
    });
    expect(all.find((p) => p.code === '2.000035')).toMatchObject({
      serviceLevel: 'full_online',
      hasFees: false,
    });
    // Received where people live: by the kind of agency, not one named by code.
    expect(all.find((p) => p.code === '2.001009')).toMatchObject({
      agencyCodes: [],
      agencyKinds: ['commune_people_committee'],
    });
    const named = all.find((p) => p.agencyCodes.length > 0);
    expect(named?.agencyCodes.every((code) => /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/.test(code))).toBe(
      true,
    );
  });

  it('is kept until the catalog changes, and judges a version entered after it took effect late', async () => {
    const kept = await catalog.procedureStatistics();
    expect(await catalog.procedureStatistics()).toBe(kept);
    // A new version of 2.000035 in force from 20 November, entered on the 23rd.
    await db.query(
      `INSERT INTO procedure_versions (procedure_id, version, effective_from, decision, name,
         name_en, level, kind, field_code, service_level, targets, target_description, summary,
         steps, channels, documents, agencies, receiving_address, results, conditions, keywords,
         legal_bases, created_at)
       SELECT v.procedure_id, v.version + 1, '2026-11-20',
         '{"number":"99/QĐ-BTP","title":"Sửa đổi","date":"2026-11-19","issuer":"Bộ Tư pháp"}',
         v.name, v.name_en, v.level, v.kind, v.field_code, 'partial_online', v.targets,
         v.target_description, v.summary, v.steps, v.channels, '[]', v.agencies,
         v.receiving_address, v.results, v.conditions, v.keywords, v.legal_bases,
         '2026-11-23T03:00:00Z'
       FROM procedures p JOIN procedure_versions v ON v.id = p.current_version_id
       WHERE p.code = '2.000035'`,
    );
    expect(await catalog.activateDueVersions()).toBe(1);
    const changed = await catalog.procedureStatistics();
    expect(changed).not.toBe(kept);
    expect(changed.find((p) => p.code === '2.000035')).toMatchObject({
      serviceLevel: 'partial_online',
      publishedOnTime: false,
      // Its record lists no documents.
      complete: false,
    });
  });
});

describe('monitoring units', () => {
  it('are the 34 provinces and the top ministries and central units', async () => {
    const { units } = await catalog.monitoringUnits();
    const provinces = units.filter((u) => u.kind === 'province');
    expect(provinces).toHaveLength(34);
    expect(provinces.every((u) => /^province:\d{2}$/.test(u.code))).toBe(true);
    expect(provinces.find((u) => u.code === 'province:01')).toMatchObject({
      name: 'Thành phố Hà Nội',
    });
    const [{ count }] = (await db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM agencies
       WHERE kind IN ('ministry', 'central_unit') AND parent_code IS NULL`,
    )) as [{ count: number }];
    const ministries = units.filter((u) => u.kind === 'ministry');
    expect(ministries).toHaveLength(count);
    expect(ministries.every((u) => u.code.startsWith('ministry:') && u.nameEn.length > 0)).toBe(
      true,
    );
  });

  it('place an agency in its province, else under its top ministry', async () => {
    const units = await catalog.monitoringUnits();
    const [ward] = await db.query<{ code: string }>(
      `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_people_committee'`,
    );
    expect(units.unitOf(ward!.code)).toBe('province:01');
    expect(units.unitOf('000.00.01.H01')).toBe('province:01');
    const [child] = await db.query<{ code: string; top: string }>(
      `SELECT c.code, p.code AS top FROM agencies c JOIN agencies p ON p.code = c.parent_code
       WHERE c.province_code IS NULL AND p.parent_code IS NULL
         AND p.kind IN ('ministry', 'central_unit')
       ORDER BY c.code LIMIT 1`,
    );
    expect(units.unitOf(child!.code)).toBe(`ministry:${child!.top}`);
    expect(units.unitOf(child!.top)).toBe(`ministry:${child!.top}`);
    expect(units.unitOf('KHONG-CO')).toBeNull();
    // Every agency, placed, with the key procedures name its kind by.
    const [{ agencies }] = (await db.query<{ agencies: number }>(
      'SELECT count(*)::int AS agencies FROM agencies',
    )) as [{ agencies: number }];
    expect(units.agencies).toHaveLength(agencies);
    expect(units.agencies.find((a) => a.code === ward!.code)).toMatchObject({
      kindKey: 'commune_people_committee',
      unit: 'province:01',
    });
    expect(units.agencies.find((a) => a.code === '000.00.01.H01')).toMatchObject({
      kindKey: 'province_department:justice',
      unit: 'province:01',
    });
    // Kept until the catalog changes.
    expect(await catalog.monitoringUnits()).toBe(units);
    changes.changed();
    expect(await catalog.monitoringUnits()).not.toBe(units);
  });
});
