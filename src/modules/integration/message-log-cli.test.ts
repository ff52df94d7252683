import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock.js';
import { openDatabase, type Database } from '../../platform/db.js';
import { openTestDatabase } from '../../../test/helpers.js';
import { seededDataDir } from '../../../test/processes.js';
import { MessageLog } from './message-log.js';

/** `npm run integration-log -- <args>` as an operator runs it: its exit code and output. */
function integrationLog(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/modules/integration/message-log-cli.ts', ...args],
      {
        env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // Never left behind, whatever happens to the test.
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** A few exchanges, as the HTTP hooks record them. */
async function recordSome(db: Database, count: number) {
  const log = new MessageLog(db, systemClock, { retentionDays: 365 });
  for (let n = 0; n < count; n += 1) {
    await log.record({
      requestId: randomUUID(),
      clientId: null,
      at: new Date(),
      method: 'POST',
      route: '/api/v1/integration/dossiers',
      path: '/api/v1/integration/dossiers',
      status: n === 2 ? 401 : 202,
      outcome: n === 2 ? 'refused' : 'ok',
      problemCode: null,
      requestSha256: 'a'.repeat(64),
      requestBytes: 10,
      responseSha256: 'b'.repeat(64),
      responseBytes: 20,
      durationUs: 1234,
    });
  }
}

async function alterThird(db: Database) {
  await db.exec('ALTER TABLE integration_log DISABLE TRIGGER USER');
  await db.exec("UPDATE integration_log SET outcome = 'ok', status = 202 WHERE seq = 3");
  await db.exec('ALTER TABLE integration_log ENABLE TRIGGER USER');
}

describe('npm run integration-log -- verify', () => {
  const folders: string[] = [];
  afterAll(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

  it('says the chain is intact, and exits 1 with where it breaks once a record is altered', async () => {
    const { db, url } = await openTestDatabase();
    let env: Record<string, string>;
    let reopen: () => Promise<Database>;
    if (url) {
      env = { DATABASE_URL: url };
      reopen = async () => db;
    } else {
      // The embedded database of a data folder, which the command opens under its lock.
      const dataDir = await seededDataDir('motcua-integration-log-');
      folders.push(dataDir);
      env = { DATA_DIR: dataDir };
      reopen = () => openDatabase({ dataDir: join(dataDir, 'pgdata') });
    }
    let target = await reopen();
    await recordSome(target, 5);
    if (target !== db) await target.close();

    const intact = await integrationLog(['verify'], env);
    expect(intact.out).toContain('intact: 5 records');
    expect(intact.code).toBe(0);

    target = await reopen();
    await alterThird(target);
    if (target !== db) await target.close();
    const broken = await integrationLog(['verify'], env);
    expect(broken.out).toContain('broken at record 3: record 3 was altered');
    expect(broken.code).toBe(1);
  }, 300_000);

  it('shows how it is used, and refuses a command it does not know', async () => {
    const unknown = await integrationLog(['check'], {});
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('npm run integration-log -- <command>');
  }, 120_000);
});
