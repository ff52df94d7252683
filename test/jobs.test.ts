import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { openTestDatabase } from './helpers.js';
import { startJobs } from '../src/platform/jobs.js';

describe('background jobs (pg-boss)', () => {
  it('run on the same database, embedded or PostgreSQL', async () => {
    const { db, url } = await openTestDatabase();
    const ran: string[] = [];
    const errors: unknown[] = [];
    const boss = await startJobs(
      db,
      url,
      [{ name: 'test-echo', cron: '0 3 * * *', run: async () => void ran.push('echo') }],
      (_message, error) => errors.push(error),
    );
    onTestFinished(() => boss.stop({ graceful: false, wait: true }));

    await boss.send('test-echo', {});
    await vi.waitFor(() => expect(ran).toEqual(['echo']), { timeout: 20_000, interval: 200 });
    const schedules = await boss.getSchedules();
    expect(schedules.map((s) => s.name)).toContain('test-echo');
    expect(errors).toEqual([]);
  });
});
