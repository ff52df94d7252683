// @ts-check
/*
 * `node bin/mot-cua.mjs <command>` runs a command of src/main.ts as `tsx src/main.ts` would,
 * from the bundle of the sources (bin/app-bundle.mjs, ADR 0015): `npm start` and the
 * install's seeded image. A bundle that is not current is made again first (about half a
 * second); should that fail (node_modules read-only, a source esbuild refuses), the command
 * runs through tsx as before, which reports any error in the sources as it always did.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildBundle, currentBundle } from './app-bundle.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const places = { root, cache: join(root, 'node_modules', '.cache', 'mot-cua', 'app') };

/** The bundle to run, made now if need be; null when it cannot be had. */
async function bundle() {
  const current = await currentBundle(places);
  if (current) return current;
  const began = Date.now();
  try {
    const made = await buildBundle(places);
    console.error(`mot-cua: sources bundled (none was current) in ${Date.now() - began} ms`);
    return made;
  } catch (error) {
    console.error(
      `mot-cua: the sources could not be bundled (${reason(error)}): running them through tsx`,
    );
    return null;
  }
}

/** esbuild's first error with its place, else the error's first line. */
function reason(/** @type {unknown} */ error) {
  const first = /** @type {{ errors?: import('esbuild').Message[] }} */ (error).errors?.[0];
  if (first?.location) return `${first.location.file}:${first.location.line}: ${first.text}`;
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

const file = await bundle();
if (file) {
  // Stack traces name the TypeScript files and lines, as under tsx.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(file).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'main.ts')).href);
}
