// @ts-check
/*
 * The portal's code as one JavaScript file (ADR 0015): src/main.ts and everything it imports
 * from src/, bundled by esbuild, the packages left to node_modules (but BUNDLED_PACKAGES).
 * Node loads it in a fraction of what tsx's hooks take to resolve and compile each TypeScript
 * file (and each package behind them) on a thread of their own. Plain JavaScript: it runs
 * before anything could compile TypeScript.
 *
 * A bundle is used only while it is current. Its fingerprint covers the bytes of every file
 * it was made from (as esbuild read them), the names of all files under src/ (a file that
 * comes or goes can change what an import finds), the files that decide how they compile
 * (tsconfig.json, package.json, esbuild's version, this file) and FORMAT. Any change means
 * another fingerprint: the bundle is made again before it runs, never run stale.
 */
import { createHash } from 'node:crypto';
import { access, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Raised when how a bundle is made or laid out changes. */
const FORMAT = 1;
const CURRENT = 'current.json';
const OUTPUT = 'main.mjs';
const THIS_FILE = fileURLToPath(import.meta.url);

/**
 * Packages bundled with the sources instead of loaded from node_modules: plain JavaScript in
 * many small modules that only the sources import at run time. TypeBox's 250 modules took
 * about 150 ms of a start to resolve and load one by one, 15 ms bundled. The others stay
 * where they are (native code, WebAssembly, files found beside their own modules).
 */
const BUNDLED_PACKAGES = ['@sinclair/typebox'];

/**
 * @typedef {{ root: string, cache: string }} Places  the project's root; where bundles go
 * @typedef {{ format: number, fingerprint: string, inputs: string[], builtAt: string }} Current
 * @typedef {[path: string, bytes: Buffer]} Input  a path relative to the root, and its bytes
 */

/** Every file under src/, as sorted slash-separated paths relative to the root. */
async function sourceNames(/** @type {string} */ root) {
  const entries = await readdir(join(root, 'src'), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** What besides the sources decides what esbuild makes of them. */
async function buildSettings(/** @type {string} */ root) {
  const esbuild = createRequire(join(root, 'package.json')).resolve('esbuild/package.json');
  const bundled = BUNDLED_PACKAGES.map((name) => join(root, 'node_modules', name, 'package.json'));
  const files = [join(root, 'tsconfig.json'), join(root, 'package.json'), esbuild, THIS_FILE];
  files.push(...bundled); // their versions: their files change only with them
  return Promise.all(files.map((file) => readFile(file)));
}

/**
 * @param {string} root
 * @param {string[]} names  every file under src/
 * @param {Input[]} inputs  what the bundle is made of
 */
async function fingerprint(root, names, inputs) {
  // The bundle names each source by its absolute path: a moved project makes it anew.
  const hash = createHash('sha256').update(`format ${FORMAT}\0${root}`);
  for (const bytes of await buildSettings(root)) hash.update('\0setting\0').update(bytes);
  hash.update(`\0names\0${names.join('\0')}`);
  for (const [path, bytes] of inputs) hash.update(`\0${path}\0`).update(bytes);
  return hash.digest('hex').slice(0, 32);
}

/** @returns {Promise<Current | null>} */
async function readCurrent(/** @type {string} */ cache) {
  try {
    const current = /** @type {Current} */ (
      JSON.parse(await readFile(join(cache, CURRENT), 'utf8'))
    );
    return current.format === FORMAT && Array.isArray(current.inputs) ? current : null;
  } catch {
    return null; // none yet, or unreadable: made again
  }
}

/**
 * The current bundle's file, or null when there is none or it was made from other sources
 * (an input changed or is gone, a file came or went under src/, a setting changed).
 * @param {Places} places
 */
export async function currentBundle({ root, cache }) {
  const current = await readCurrent(cache);
  if (!current) return null;
  /** @type {Input[]} */
  let inputs;
  try {
    inputs = await Promise.all(
      current.inputs.map(
        async (path) => /** @type {Input} */ ([path, await readFile(join(root, path))]),
      ),
    );
  } catch {
    return null; // an input is gone
  }
  const now = await fingerprint(root, await sourceNames(root), inputs);
  if (now !== current.fingerprint) return null;
  const file = join(cache, current.fingerprint, OUTPUT);
  return access(file).then(
    () => file,
    () => null, // removed by hand: made again
  );
}

/** @type {Record<string, import('esbuild').Loader>} */
const LOADERS = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.json': 'json',
};

/** Imports of packages stay imports, but for BUNDLED_PACKAGES. */
const packagesOutside = /** @type {import('esbuild').Plugin} */ ({
  name: 'packages-outside',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path }) =>
      BUNDLED_PACKAGES.some((name) => path === name || path.startsWith(`${name}/`))
        ? undefined
        : { path, external: true },
    );
  },
});

/**
 * Loads each source for esbuild, keeping its bytes for the fingerprint, and gives each file
 * its own `import.meta.url` (the modules find their neighbours by it: migrations, assets,
 * seed data): in one bundle they would all share the bundle's. Set through `define` to a
 * constant of the file, so only real uses change, never a string or a comment that says it.
 * @param {string} root
 * @param {Map<string, Buffer>} read
 * @returns {import('esbuild').Plugin}
 */
function sourcesAsRead(root, read) {
  return {
    name: 'sources-as-read',
    setup(build) {
      build.onLoad({ filter: /.*/, namespace: 'file' }, async ({ path }) => {
        const loader = LOADERS[extname(path)];
        if (!loader) throw new Error(`${path}: no loader for this kind of file`);
        const bytes = await readFile(path);
        const name = relative(root, path).split(sep).join('/');
        // A bundled package counts by its version (buildSettings), not file by file.
        if (!name.split('/').includes('node_modules')) read.set(name, bytes);
        const text = bytes.toString('utf8');
        const url = `const __moduleUrl = ${JSON.stringify(pathToFileURL(path).href)};`;
        // On the first line, so the source map's line numbers stay right.
        return { contents: text.includes('import.meta.url') ? url + text : text, loader };
      });
    },
  };
}

/**
 * Makes the bundle of src/main.ts: in a folder of its own, moved into place whole, then
 * named in current.json (replaced whole too). Bundles of other fingerprints are removed but
 * the one current before, which a process starting at this moment may be loading.
 * @param {Places} places
 * @returns {Promise<string>} the bundle's file
 */
export async function buildBundle({ root, cache }) {
  const { build } = await import('esbuild');
  const names = await sourceNames(root);
  await mkdir(cache, { recursive: true });
  const work = await mkdtemp(join(cache, '.building-'));
  try {
    /** @type {Map<string, Buffer>} */
    const read = new Map();
    await build({
      entryPoints: [join(root, 'src', 'main.ts')],
      outfile: join(work, OUTPUT),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Class and function names as written: logs and errors show them.
      keepNames: true,
      sourcemap: 'linked',
      sourcesContent: false,
      define: { 'import.meta.url': '__moduleUrl' },
      plugins: [packagesOutside, sourcesAsRead(root, read)],
      logLevel: 'silent',
    });
    const inputs = [...read].sort(([a], [b]) => (a < b ? -1 : 1));
    const made = await fingerprint(root, names, inputs);
    await moveIntoPlace(work, join(cache, made));
    const before = await readCurrent(cache);
    /** @type {Current} */
    const current = {
      format: FORMAT,
      fingerprint: made,
      inputs: inputs.map(([path]) => path),
      builtAt: new Date().toISOString(),
    };
    const pending = join(cache, `${CURRENT}.${process.pid}`);
    await writeFile(pending, `${JSON.stringify(current, null, 2)}\n`);
    await rename(pending, join(cache, CURRENT));
    await removeOthers(cache, [made, before?.fingerprint]);
    return join(cache, made, OUTPUT);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Another process may have made the same bundle meanwhile: theirs is as good. */
async function moveIntoPlace(/** @type {string} */ work, /** @type {string} */ folder) {
  try {
    await rename(work, folder);
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  }
}

/** @param {string} cache @param {(string | undefined)[]} keep */
async function removeOthers(cache, keep) {
  for (const entry of await readdir(cache, { withFileTypes: true })) {
    if (entry.isDirectory() && /^[0-9a-f]{32}$/.test(entry.name) && !keep.includes(entry.name)) {
      await rm(join(cache, entry.name), { recursive: true, force: true });
    }
  }
}
