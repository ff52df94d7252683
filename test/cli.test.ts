import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../src/platform/data-lock.js';
import { signInAs } from './browser-client.js';
import { PDF_BYTES } from './files.js';
import { freePort } from './helpers.js';
import { run, serve, stop } from './processes.js';

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
    // No seeded image (ADR 0011), whatever npm install made: this first start migrates and seeds.
    const first = serve(dataDir, port, { SEED_IMAGE_DIR: join(dataDir, 'no-seed-image') });
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
    // A connection opened ahead of need, as browsers open them, holds no request: it does not
    // keep the process from stopping (Node alone would wait for it until its headers time out).
    const unused = connect(port, '127.0.0.1');
    await once(unused, 'connect');
    const unusedClosed = once(unused, 'close');
    expect(await stop(first.child), first.output()).toBe(0);
    await unusedClosed;
    // Stopped cleanly, it closed its database and gave the data folder up.
    expect(first.output()).toContain('SIGTERM: stopping');
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);

    const second = serve(dataDir, port, { DRAIN_SECONDS: '3' });
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

    // Stopping drains first: a load balancer reading /readyz sends nothing new, what it had
    // already sent is served, and then the process ends cleanly.
    const stopped = stop(second.child);
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status)
      .toBe(503);
    const late = await fetch(`http://127.0.0.1:${port}/api/v1/fields`);
    expect(late.status).toBe(200);
    expect(late.headers.get('connection')).toBe('close');
    expect(await stopped).toBe(0);
    expect(second.output()).toContain('SIGTERM: stopping (draining');
  });

  it('refuses the worker role on the embedded database, saying why', async () => {
    const { code, out } = await run(['serve', '--role', 'worker'], {
      DATA_DIR: await mkdtemp(join(tmpdir(), 'motcua-role-')),
      SEED_ON_START: 'false',
    });
    expect(code).toBe(1);
    expect(out).toContain('The worker role needs PostgreSQL (set DATABASE_URL)');
  });
});

describe('npm run create-account', () => {
  it('creates an administrator with a first password, and refuses an unknown kind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'motcua-admin-'));
    const createAccount = (args: string[]) =>
      run(['create-account', ...args], { DATA_DIR: dir, LOG_LEVEL: 'silent' });
    try {
      const made = await createAccount([
        '--kind',
        'system_admin',
        '--email',
        'root@example.vn',
        '--name',
        'Quản trị hệ thống',
      ]);
      expect(made.code).toBe(0);
      expect(made.out).toMatch(/Created system_admin root@example\.vn\. First password: \S{16}/);
      const refused = await createAccount([
        '--kind',
        'king',
        '--email',
        'x@example.vn',
        '--name',
        'X',
      ]);
      expect(refused.code).toBe(1);
      expect(refused.out).toContain('create-account --kind');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
