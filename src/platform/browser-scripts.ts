import { build } from 'esbuild';

/**
 * Bundles a browser script from TypeScript once, at start: the page scripts import the
 * same pure modules the server runs (form rules, for one), so both sides agree.
 */
export async function bundleBrowserScript(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
