import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { signInAs } from './browser-client.js';
import { PDF_BYTES } from './files.js';
import { freePort } from './helpers.js';

/** The processes a test started that have not exited yet. */
const running = new Set<ChildProcess>();

/** The real CLI, as `npm start` and `npm run create-account` run it. */
function cli(
  args: string[],
  env: NodeJS.ProcessEnv,
): ChildProcessByStdio<null, Readable, Readable> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that signalling the group also reaches the esbuild services
    // that tsx and the portal start.
    detached: true,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return; // it never started
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

// A test that fails or times out (vitest then abandons its body) still leaves nothing running.
afterEach(async () => {
  await Promise.all(
    [...running].map((child) => {
      signalGroup(child, 'SIGKILL');
      return exited(child);
    }),
  );
});

// Should the test process itself be stopped (Ctrl+C, a cancelled job), the servers go with it:
// in groups of their own, they are out of reach of a signal sent to its group.
const stopAll = () => running.forEach((child) => signalGroup(child, 'SIGKILL'));
process.once('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    stopAll();
    process.kill(process.pid, signal); // the default action again: end the test process
  });
}

/** `npm start` as a person runs it: the real CLI on a fresh embedded database. */
function serve(dataDir: string, port: number) {
  const child = cli(['serve'], {
    DATA_DIR: dataDir,
    PORT: String(port),
    // No PUBLIC_URL: the address people open is derived from where it listens.
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Một Cửa is ready')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // 'close', not 'exit': by then its last words (a crash's message) have been read too.
    child.on('close', (code, signal) =>
      reject(new Error(`exited with ${signal ?? code}:\n${output}`)),
    );
  });
  return { child, ready, output: () => output };
}

/** Stops the server as Ctrl+C in its terminal would: a signal to its whole group. */
function stop(child: ChildProcess): Promise<number | null> {
  signalGroup(child, 'SIGTERM');
  return exited(child);
}

/** Through the API as a citizen: one draft left half done, one dossier submitted. */
async function fileDossiers(base: string) {
  const an = await signInAs(base, 'vneid-001');
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await an.request(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await response.json()) as { id: string; code: string };
  };
  const start = { procedureCode: '2.001009', agencyCode: await communePeopleCommittee(base) };
  const draft = await call('POST', '/api/v1/dossiers', start);
  await call('PATCH', `/api/v1/dossiers/${draft.id}`, { answers: { documentName: 'Bé Na' } });
  const filed = await call('POST', '/api/v1/dossiers', start);
  await call('PATCH', `/api/v1/dossiers/${filed.id}`, {
    answers: {
      documentName: 'Bằng tốt nghiệp trung học phổ thông',
      documentIssuer: 'Sở Giáo dục và Đào tạo Hà Nội',
      documentDate: '2007-06-30',
      copies: 2,
      declaration: true,
    },
  });
  const form = new FormData();
  form.set('field', 'original');
  form.set('file', new Blob([new Uint8Array(PDF_BYTES)]), 'bang-tot-nghiep.pdf');
  await an.request(`/api/v1/dossiers/${filed.id}/attachments`, { method: 'POST', body: form });
  const submitted = await call('POST', `/api/v1/dossiers/${filed.id}/submit`);
  expect(submitted.code).toMatch(/-\d{6}-0001$/);
  return { draftId: draft.id, code: submitted.code };
}

/** The People's Committee of the commune the test citizen lives in, from the public API. */
async function communePeopleCommittee(base: string): Promise<string> {
  const response = await fetch(
    `${base}/api/v1/agencies?province=01&kind=commune_people_committee&limit=500`,
  );
  const body = (await response.json()) as { items: { code: string; communeCode: string }[] };
  return body.items.find((a) => a.communeCode === '00004')!.code;
}

describe('npm start', () => {
  let dataDir: string;
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('migrates and seeds on first start, serves the portal, stops cleanly, and keeps its data', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'motcua-cli-'));
    const port = await freePort();
    const first = serve(dataDir, port);
    await first.ready;
    expect(first.output()).toContain(`Một Cửa is ready: open http://127.0.0.1:${port}`);
    expect(first.output()).toContain('catalog seeded into the empty database');
    expect(first.output()).toContain('demo officer accounts created');

    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'embedded' });
    const home = await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } });
    expect(await home.text()).toContain('Cổng Dịch vụ công Một Cửa');
    const found = (await (
      await fetch(`http://127.0.0.1:${port}/api/v1/procedures?q=khai+sinh`)
    ).json()) as { total: number };
    expect(found.total).toBeGreaterThan(0);
    const { draftId, code } = await fileDossiers(`http://127.0.0.1:${port}`);
    expect(await stop(first.child)).toBe(0);

    const second = serve(dataDir, port);
    await second.ready;
    expect(second.output()).not.toContain('catalog seeded');
    expect(second.output()).not.toContain('demo officer accounts created');
    expect(second.output()).not.toContain('migrations applied');
    // The draft and the submitted dossier, with its file and receipt, survived the restart.
    const an = await signInAs(`http://127.0.0.1:${port}`, 'vneid-001');
    const draft = await an.request(`/api/v1/dossiers/${draftId}`, {
      headers: { accept: 'application/json' },
    });
    const saved = (await draft.json()) as { answers: { documentName: string } };
    expect(saved.answers.documentName).toBe('Bé Na');
    const dossier = await an.request(`/api/v1/dossiers/${code}`, {
      headers: { accept: 'application/json' },
    });
    expect(((await dossier.json()) as { status: number }).status).toBe(1);
    const receipt = await an.request(`/api/v1/dossiers/${code}/receipt.pdf`);
    expect(receipt.headers.get('content-type')).toBe('application/pdf');
    expect(await stop(second.child)).toBe(0);
  });
});

describe('npm run create-account', () => {
  it('creates an administrator with a first password, and refuses an unknown kind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'motcua-admin-'));
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = cli(['create-account', ...args], { DATA_DIR: dir, LOG_LEVEL: 'silent' });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (out += c.toString()));
        child.on('close', (code) => resolve({ code, out }));
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
