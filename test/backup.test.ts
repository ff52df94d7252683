import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signInAs, type CookieClient } from './browser-client.js';
import { PDF_BYTES } from './files.js';
import { freePort } from './helpers.js';
import { run, seededDataDir, serve, stop } from './processes.js';

/*
 * npm run backup and npm run restore, as an operator runs them: the real CLI on a portal's
 * data folder, then the restored copy opened by a real portal.
 */

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))));

const json = async <T = { id: string; code: string }>(
  citizen: CookieClient,
  method: string,
  path: string,
  body?: unknown,
) => {
  const response = await citizen.request(path, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as T;
};

interface Attachment {
  documentId: string;
  sha256: string;
}

/** A certified copy filed with an original of its own (a PDF no other dossier has). */
async function fileWithOwnPdf(an: CookieClient, agencyCode: string, n: number) {
  const pdf = Buffer.concat([PDF_BYTES, Buffer.from(`% ban goc so ${n}\n`)]);
  const draft = await json(an, 'POST', '/api/v1/dossiers', {
    procedureCode: '2.001009',
    agencyCode,
  });
  await json(an, 'PATCH', `/api/v1/dossiers/${draft.id}`, {
    answers: {
      documentName: `Văn bằng số ${n}`,
      documentIssuer: 'Sở Giáo dục và Đào tạo Hà Nội',
      documentDate: '2007-06-30',
      copies: 1,
      declaration: true,
    },
  });
  const form = new FormData();
  form.set('field', 'original');
  form.set('file', new Blob([new Uint8Array(pdf)]), `van-bang-${n}.pdf`);
  await an.request(`/api/v1/dossiers/${draft.id}/attachments`, { method: 'POST', body: form });
  const submitted = await json(an, 'POST', `/api/v1/dossiers/${draft.id}/submit`);
  expect(submitted.code).toBeTruthy();
  return { code: submitted.code, pdf };
}

async function wardOfAn(base: string): Promise<string> {
  const response = await fetch(
    `${base}/api/v1/agencies?province=01&kind=commune_people_committee&limit=500`,
  );
  const body = (await response.json()) as { items: { code: string; communeCode: string }[] };
  return body.items.find((a) => a.communeCode === '00004')!.code;
}

/** Every file under a folder, by its path there: the bytes of each. */
async function tree(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files.set(relative(root, path), await readFile(path));
    }
  }
  return files;
}

describe('npm run backup and npm run restore', () => {
  it(
    'put a portal back, every dossier and file byte for byte, into an empty folder only',
    { timeout: 240_000 },
    async () => {
      const source = await seededDataDir('motcua-backup-');
      const target = await mkdtemp(join(tmpdir(), 'motcua-restored-'));
      const archive = join(await mkdtemp(join(tmpdir(), 'motcua-archive-')), 'backup.tar.gz');
      folders.push(source, target, join(archive, '..'));
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;

      const portal = serve(source, port);
      await portal.ready;
      const an = await signInAs(base, 'vneid-001');
      const ward = await wardOfAn(base);
      const filed = [];
      for (let n = 1; n <= 3; n++) filed.push(await fileWithOwnPdf(an, ward, n));
      // While the portal runs, a backup is refused, naming it.
      const refused = await run(['backup', '--out', archive], { DATA_DIR: source });
      expect(refused.code).toBe(1);
      expect(refused.out).toContain(`in use by another Một Cửa process: pid ${portal.child.pid}`);
      expect(refused.out).toContain('Backup and restore work on a stopped portal');
      expect(existsSync(archive)).toBe(false);
      expect(await stop(portal.child), portal.output()).toBe(0);

      const backup = await run(['backup', '--out', archive], { DATA_DIR: source });
      expect(backup.code, backup.out).toBe(0);
      expect(backup.out).toContain(`backup written to ${archive}: the database`);
      // The whole database, every file and the server secret: for the operator's eyes only.
      expect((await stat(archive)).mode & 0o777).toBe(0o600);
      const restored = await run(['restore', archive], { DATA_DIR: target });
      expect(restored.code, restored.out).toBe(0);
      const again = await run(['restore', archive], { DATA_DIR: target });
      expect(again.code).toBe(1);
      expect(again.out).toContain('Not restoring over an existing portal');
      const forced = await run(['restore', archive, '--force'], { DATA_DIR: target });
      expect(forced.code, forced.out).toBe(0);

      // The file store and the server secret, byte for byte.
      const [before, after] = [
        await tree(join(source, 'files')),
        await tree(join(target, 'files')),
      ];
      expect(before.size).toBeGreaterThanOrEqual(3);
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [path, bytes] of before) expect(after.get(path)!.equals(bytes)).toBe(true);
      if (existsSync(join(source, 'server-secret'))) {
        expect(await readFile(join(target, 'server-secret'))).toEqual(
          await readFile(join(source, 'server-secret')),
        );
      }

      // The restored folder, opened by a portal: every dossier, and each one's file.
      const copy = serve(target, port);
      await copy.ready;
      expect(copy.output()).not.toContain('catalog seeded');
      const anAgain = await signInAs(base, 'vneid-001');
      for (const { code, pdf } of filed) {
        const dossier = await json<{ code: string; attachments: Attachment[] }>(
          anAgain,
          'GET',
          `/api/v1/dossiers/${encodeURIComponent(code)}`,
        );
        expect(dossier.code).toBe(code);
        expect(dossier.attachments).toHaveLength(1);
        const file = await anAgain.request(`/my/documents/${dossier.attachments[0]!.documentId}`);
        expect(file.status).toBe(200);
        expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
      }
      expect(await stop(copy.child), copy.output()).toBe(0);
    },
  );
});
