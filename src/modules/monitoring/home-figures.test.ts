import { beforeAll, describe, expect, it } from 'vitest';
import { settableClock, startTestServer } from '../../../test/helpers.js';
import { signInAs } from '../../../test/browser-client.js';
import { badinhWard, fileCertifiedCopy } from '../../../test/dossiers.js';
import { LIVE_FIGURES_MS } from './service.js';

/**
 * The home page's live figures (issue 17, item 4): national, this year and in total, kept a
 * minute by the index and the home page kept whole only as long as they are. A dossier filed
 * online and taken in by the ingest shows once that minute has passed, and not before.
 */
const clock = settableClock(new Date().toISOString());
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer({ clock });
  // Figures of a past year: in the total, not in this year's column.
  await server.db.query(
    `INSERT INTO monitoring_totals (period, scope, metric, value) VALUES ('2020', 'nation', 'received', 1234567)`,
  );
});

const home = async (lang = 'vi') => {
  const response = await fetch(`${server.base}/?lang=${lang}`, {
    headers: { accept: 'text/html' },
  });
  expect(response.status).toBe(200);
  return response.text();
};

/** A row of the figures' table: its this-year and total cells. */
const row = (page: string, label: string) => {
  const found = new RegExp(`<th scope="row">${label}</th><td>([^<]*)</td><td>([^<]*)</td>`).exec(
    page,
  );
  expect(found, label).not.toBeNull();
  return { year: found![1], total: found![2] };
};

describe('the live figures on the home page', () => {
  it('shows them the Vietnamese way and the English way, with a link to the statistics', async () => {
    const vi = await home();
    expect(vi).toContain('Số liệu trực tuyến');
    expect(row(vi, 'Hồ sơ trên Cổng \\(nộp trực tuyến, đồng bộ\\)')).toEqual({
      year: '0',
      total: '1.234.567',
    });
    expect(vi).toContain('href="/statistics"');
    const en = await home('en');
    expect(en).toContain('Live figures');
    expect(row(en, 'Dossiers on the portal \\(filed or synced\\)')).toEqual({
      year: '0',
      total: '1,234,567',
    });
  });

  it('moves after a dossier is filed and ingested, once the figures’ minute has passed', async () => {
    expect(row(await home(), 'Hồ sơ trực tuyến')).toEqual({ year: '0', total: '0' });
    const citizen = await signInAs(server.base, 'vneid-001');
    await fileCertifiedCopy(citizen, await badinhWard(server.db));
    await server.modules.monitoring.ingest();
    // Within the minute the kept page and the figures it shows are those read before.
    expect(row(await home(), 'Hồ sơ trực tuyến')).toEqual({ year: '0', total: '0' });
    clock.instant = new Date(clock.instant.getTime() + LIVE_FIGURES_MS + 1000);
    expect(row(await home(), 'Hồ sơ trực tuyến')).toEqual({ year: '1', total: '1' });
    expect(row(await home('en'), 'Online dossiers')).toEqual({ year: '1', total: '1' });
  });

  it('moves again with the next dossier, after the next minute', async () => {
    const citizen = await signInAs(server.base, 'vneid-002');
    await fileCertifiedCopy(citizen, await badinhWard(server.db));
    await server.modules.monitoring.ingest();
    expect(row(await home(), 'Hồ sơ trực tuyến')).toEqual({ year: '1', total: '1' });
    clock.instant = new Date(clock.instant.getTime() + LIVE_FIGURES_MS + 1000);
    expect(row(await home(), 'Hồ sơ trực tuyến')).toEqual({ year: '2', total: '2' });
  });
});
