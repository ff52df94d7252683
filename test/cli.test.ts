import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** `npm start` as a person runs it: the real CLI on a fresh embedded database. */
function serve(dataDir: string, port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Một Cửa is ready')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  return { child, ready, output: () => output };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('npm start', () => {
  let dataDir: string;
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('migrates and seeds on first start, serves the portal, stops cleanly, and keeps its data', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'motcua-cli-'));
    const port = 40_000 + Math.floor(Math.random() * 10_000);
    const first = serve(dataDir, port);
    await first.ready;
    expect(first.output()).toContain('first start: catalog seeded');
    expect(first.output()).toContain('demo officer accounts created');

    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'embedded' });
    const home = await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } });
    expect(await home.text()).toContain('Cổng Dịch vụ công Một Cửa');
    const found = (await (
      await fetch(`http://127.0.0.1:${port}/api/v1/procedures?q=khai+sinh`)
    ).json()) as { total: number };
    expect(found.total).toBeGreaterThan(0);
    expect(await stop(first.child)).toBe(0);

    const second = serve(dataDir, port);
    await second.ready;
    expect(second.output()).not.toContain('catalog seeded');
    expect(second.output()).not.toContain('demo officer accounts created');
    expect(second.output()).not.toContain('migrations applied');
    expect(await stop(second.child)).toBe(0);
  });
});

describe('npm run create-account', () => {
  it('creates an administrator with a first password, and refuses an unknown kind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'motcua-admin-'));
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'src/main.ts', 'create-account', ...args],
          {
            env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent', DATABASE_URL: '' },
          },
        );
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (out += c.toString()));
        child.on('exit', (code) => resolve({ code, out }));
      });
    try {
      const made = await run([
        '--kind',
        'system_admin',
        '--email',
        'root@example.vn',
        '--name',
        'Quản trị hệ thống',
      ]);
      expect(made.code).toBe(0);
      expect(made.out).toMatch(/Created system_admin root@example\.vn\. First password: \S{16}/);
      const refused = await run(['--kind', 'king', '--email', 'x@example.vn', '--name', 'X']);
      expect(refused.code).toBe(1);
      expect(refused.out).toContain('create-account --kind');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
