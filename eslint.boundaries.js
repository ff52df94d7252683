// Module boundaries (docs/adr/0007-module-boundaries.md), spread into eslint.config.js and
// proven by test/lint-boundaries.test.ts. Three rules, all from eslint-plugin-import-x:
//
// - `module-boundaries/public-api` (import-x's no-restricted-paths): another module, and
//   src/app.ts or src/main.ts, import a module only through its index.ts, and a module does
//   not import its own index.ts. Tests and benchmarks are exempt: a module's tests import its
//   internals, and test helpers build what they need.
// - `module-boundaries/layers` (import-x's no-restricted-paths): src/platform imports neither
//   src/web nor a module; src/web imports no module; a module imports only modules of lower
//   layers in MODULE_LAYERS (catalog and notifications are below the dossier, forms below
//   identity, …), so modules never form a cycle. Tests are held to this too.
// - `import-x/no-cycle`: no file reaches itself again through its imports, in src, test and
//   bench alike. Imports of types only are left out: they are gone at run time.
//
// no-restricted-paths is registered twice under its own names so that each kind of boundary
// has its own severity and says which it is when it fires.
//
// Paths are globs starting with `**/src/`, so that the fixture of test/lint-boundaries.test.ts
// (files laid out as `src/...` under test/lint-boundaries/fixture) is held to the same rules
// by this very config.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

/**
 * Every module, from the bottom up: a module may import modules of lower layers only (through
 * their index.ts), never one of its own layer or above. A new module gets a place here;
 * test/lint-boundaries.test.ts fails while a folder of src/modules has none.
 */
export const MODULE_LAYERS = [
  ['calendar', 'catalog', 'forms', 'notifications'],
  ['identity'],
  ['dossiers'],
  ['payments', 'feedback', 'ratings', 'support'],
  ['backoffice'],
  ['integration'],
  ['monitoring'],
];

/** The folders of src/modules, which are the modules. */
export const moduleFolders = () =>
  readdirSync(join(ROOT, 'src/modules'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

const TESTS = ['**/*.test.ts', '**/*.test.tsx', 'test/**', 'bench/**'];
const SOURCES = ['**/*.ts', '**/*.tsx'];

const inModule = (name, rest = '**') => `**/src/modules/${name}/${rest}`;
const ADR = 'docs/adr/0007-module-boundaries.md';

const LAYER_ZONES = [
  {
    target: '**/src/platform/**',
    from: ['**/src/modules/**', '**/src/web/**'],
    message: `src/platform imports neither src/web nor a module: let the caller pass in what it needs (${ADR}).`,
  },
  {
    target: '**/src/web/**',
    from: '**/src/modules/**',
    message: `src/web imports no module: pages get what they show passed in (${ADR}).`,
  },
  ...MODULE_LAYERS.flatMap((layer, level) => {
    const sameOrAbove = MODULE_LAYERS.slice(level).flat();
    return layer.map((name) => ({
      target: inModule(name),
      from: sameOrAbove.filter((other) => other !== name).map((other) => inModule(other)),
      message: `${name} may import only modules of lower layers (${
        MODULE_LAYERS.slice(0, level).flat().join(', ') || 'none'
      }): see MODULE_LAYERS in eslint.boundaries.js and ${ADR}.`,
    }));
  }),
].filter((zone) => zone.from.length > 0);

const PUBLIC_API_ZONES = moduleFolders().flatMap((name) => [
  {
    target: [inModule(`!(${name})`), '**/src/*.ts', '**/src/*.tsx'],
    from: inModule(name),
    // Exceptions to a glob zone are matched against the absolute path as they are.
    except: [join(ROOT, inModule(name, 'index.ts'))],
    message: `Import the module ${name} through its index.ts only (${ADR}).`,
  },
  {
    target: inModule(name),
    from: inModule(name, 'index.ts'),
    message: `${name}/index.ts is for other modules; inside ${name}, import the file itself (${ADR}).`,
  },
]);

const noRestrictedPaths = importX.rules['no-restricted-paths'];

/** The boundary rules as flat config objects, every one an error. */
export function boundaries() {
  return [
    {
      files: SOURCES,
      plugins: {
        'import-x': importX,
        'module-boundaries': {
          meta: { name: 'module-boundaries' },
          rules: { 'public-api': noRestrictedPaths, layers: noRestrictedPaths },
        },
      },
      settings: {
        // For test/lint-boundaries.test.ts, which checks that every module has a layer.
        'module-boundaries/layers': MODULE_LAYERS,
        'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
        'import-x/resolver-next': [
          createNodeResolver({
            extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
            // Sources import each other as `./x.js` (NodeNext): that is x.ts or x.tsx.
            extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
          }),
        ],
      },
      rules: {
        'import-x/no-cycle': ['error', { ignoreExternal: true }],
        'module-boundaries/layers': ['error', { basePath: ROOT, zones: LAYER_ZONES }],
      },
    },
    {
      files: SOURCES,
      ignores: TESTS,
      rules: {
        'module-boundaries/public-api': ['error', { basePath: ROOT, zones: PUBLIC_API_ZONES }],
      },
    },
  ];
}
