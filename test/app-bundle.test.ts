import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, currentBundle, type BundlePlaces } from '../bin/app-bundle.mjs';

/*
 * The bundle `npm start` runs (bin/app-bundle.mjs, ADR 0015), made from a small project of
 * its own: each module keeps its own import.meta.url, and the bundle is current only while
 * nothing it was made from has changed.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
let places: BundlePlaces;

/** A project with src/main.ts importing src/lib/where.ts, and the real esbuild and TypeBox. */
async function project(root: string) {
  await mkdir(join(root, 'src', 'lib'), { recursive: true });
  await mkdir(join(root, 'node_modules', '@sinclair'), { recursive: true });
  await symlink(join(ROOT, 'node_modules', 'esbuild'), join(root, 'node_modules', 'esbuild'));
  await symlink(
    join(ROOT, 'node_modules', '@sinclair', 'typebox'),
    join(root, 'node_modules', '@sinclair', 'typebox'),
  );
  await writeFile(join(root, 'package.json'), '{ "type": "module" }\n');
  await writeFile(join(root, 'tsconfig.json'), '{ "compilerOptions": { "strict": true } }\n');
  await writeFile(
    join(root, 'src', 'lib', 'where.ts'),
    "export const where: string = import.meta.url; // not 'import.meta.url' in text\n",
  );
  await writeFile(
    join(root, 'src', 'main.ts'),
    [
      "import { Type } from '@sinclair/typebox';",
      "import { where } from './lib/where.js';",
      'const schema = Type.Object({ a: Type.String() });',
      'console.log(JSON.stringify({ main: import.meta.url, lib: where, kind: schema.type }));',
      '',
    ].join('\n'),
  );
}

const run = async (file: string) =>
  JSON.parse((await promisify(execFile)(process.execPath, [file])).stdout) as Record<
    string,
    string
  >;

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'motcua-app-bundle-'));
  await project(root);
  places = { root, cache: join(root, 'node_modules', '.cache', 'app') };
});
afterAll(() => rm(places.root, { recursive: true, force: true }));

describe('the bundle of the sources', () => {
  it('is made once, runs as the sources would, and each module keeps its own URL', async () => {
    expect(await currentBundle(places)).toBeNull();
    const made = await buildBundle(places);
    expect(await currentBundle(places)).toBe(made);
    const said = await run(made);
    expect(said).toEqual({
      main: pathToFileURL(join(places.root, 'src', 'main.ts')).href,
      lib: pathToFileURL(join(places.root, 'src', 'lib', 'where.ts')).href,
      kind: 'object',
    });
  });

  it('is not current once a source it was made from changes; made again, it runs the change', async () => {
    const made = await buildBundle(places);
    const lib = join(places.root, 'src', 'lib', 'where.ts');
    await writeFile(lib, 'export const where = "elsewhere";\n');
    expect(await currentBundle(places)).toBeNull();
    const remade = await buildBundle(places);
    expect(remade).not.toBe(made);
    expect((await run(remade)).lib).toBe('elsewhere');
    await writeFile(lib, 'export const where: string = import.meta.url;\n');
    expect(await currentBundle(places)).toBeNull();
  });

  it('is not current once a file comes under src/, or the compiler settings change', async () => {
    await buildBundle(places);
    const extra = join(places.root, 'src', 'lib', 'where.js');
    await writeFile(extra, 'export const where = "a JavaScript file beside it";\n');
    expect(await currentBundle(places)).toBeNull();
    await rm(extra);
    await buildBundle(places);
    await writeFile(join(places.root, 'tsconfig.json'), '{ "compilerOptions": {} }\n');
    expect(await currentBundle(places)).toBeNull();
  });

  it('is made again when its file was removed by hand', async () => {
    const made = await buildBundle(places);
    await rm(join(made, '..'), { recursive: true });
    expect(await currentBundle(places)).toBeNull();
  });
});
