import { readFile } from 'node:fs/promises';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface PackageJson {
  engines: { node: string };
}

interface PackageLock {
  packages: Record<string, { version?: string; engines?: { node?: unknown } }>;
}

const readJson = async <T>(file: string): Promise<T> =>
  JSON.parse(await readFile(new URL(`../${file}`, import.meta.url), 'utf8')) as T;

describe('dependencies and the Node.js version we promise', () => {
  it('every locked package, dev tools included, runs on the oldest Node.js our engines allow', async () => {
    const { engines } = await readJson<PackageJson>('package.json');
    const oldest = semver.minVersion(engines.node);
    if (!oldest) throw new Error(`engines.node "${engines.node}" has no lowest version`);
    const lock = await readJson<PackageLock>('package-lock.json');
    // npm only warns (EBADENGINE) on an unsupported engine; this makes it a failure instead.
    const refused = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, entry]) => {
        const wanted = entry.engines?.node;
        return typeof wanted === 'string' && !semver.satisfies(oldest, wanted)
          ? [`${path}@${entry.version}: node ${wanted}`]
          : [];
      });
    expect(refused, `not for Node.js ${oldest.version}`).toEqual([]);
  });
});
