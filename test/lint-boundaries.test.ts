import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The module boundaries of docs/adr/0007-module-boundaries.md, proven on deliberately bad
 * files: test/lint-boundaries/fixture holds a small `src/` tree, linted here with the
 * project's own eslint.config.js (`npm run lint` leaves that folder out). Weakening or
 * removing a boundary rule there makes a case below fail.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = join(ROOT, 'test/lint-boundaries/fixture');
const CONFIG = join(ROOT, 'eslint.config.js');

const PUBLIC_API = 'module-boundaries/public-api';
const LAYERS = 'module-boundaries/layers';
const CYCLE = 'import-x/no-cycle';

/** Each bad file of the fixture, and the one problem it must have: rule, line and import. */
const BAD: { file: string; rule: string; line: number; imports?: string }[] = [
  // A deep import from one module into another's internal file.
  {
    file: 'src/modules/backoffice/deep-import.ts',
    rule: PUBLIC_API,
    line: 2,
    imports: '../dossiers/repository.js',
  },
  // The composition root too reaches a module through its index.ts only.
  { file: 'src/app.ts', rule: PUBLIC_API, line: 3, imports: './modules/dossiers/repository.js' },
  // A module's own index.ts is for the others.
  {
    file: 'src/modules/dossiers/imports-own-index.ts',
    rule: PUBLIC_API,
    line: 2,
    imports: './index.js',
  },
  // The platform imports no module, and not the web layer.
  {
    file: 'src/platform/imports-module.ts',
    rule: LAYERS,
    line: 2,
    imports: '../modules/catalog/index.js',
  },
  { file: 'src/platform/imports-web.ts', rule: LAYERS, line: 2, imports: '../web/page.js' },
  // The web layer imports no module.
  {
    file: 'src/web/imports-module.ts',
    rule: LAYERS,
    line: 2,
    imports: '../modules/catalog/index.js',
  },
  // Catalog is below the dossier, even through the dossiers' index.ts.
  {
    file: 'src/modules/catalog/imports-dossiers.ts',
    rule: LAYERS,
    line: 2,
    imports: '../dossiers/index.js',
  },
  // Forms is below identity, which imports forms: modules never form a cycle.
  {
    file: 'src/modules/forms/imports-identity.ts',
    rule: LAYERS,
    line: 2,
    imports: '../identity/index.js',
  },
  // Two files that import each other.
  { file: 'src/modules/dossiers/cycle-a.ts', rule: CYCLE, line: 2 },
  { file: 'src/modules/dossiers/cycle-b.ts', rule: CYCLE, line: 2 },
];

/** Files that must pass, among them one with every kind of import a module may make. */
const CLEAN = [
  'src/modules/backoffice/clean.ts',
  'src/modules/backoffice/workflow.ts',
  'src/modules/catalog/index.ts',
  'src/modules/dossiers/index.ts',
  'src/modules/dossiers/repository.ts',
  'src/modules/forms/index.ts',
  'src/modules/identity/index.ts',
  'src/platform/clock.ts',
  'src/web/page.ts',
];

const filesIn = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesIn(join(dir, entry.name)) : [join(dir, entry.name)],
  );

const fixtureLinter = () => new ESLint({ cwd: FIXTURE, overrideConfigFile: CONFIG, ignore: false });

describe('module boundaries (ADR 0007) on the fixture, with eslint.config.js', () => {
  let problems: Map<string, Linter.LintMessage[]>;

  beforeAll(async () => {
    const results = await fixtureLinter().lintFiles(['src']);
    problems = new Map(results.map((r) => [relative(FIXTURE, r.filePath), r.messages]));
  });

  it('lints every file of the fixture, each listed here as bad or clean', () => {
    const all = filesIn(join(FIXTURE, 'src'))
      .map((file) => relative(FIXTURE, file))
      .sort();
    expect([...problems.keys()].sort()).toEqual(all);
    expect([...BAD.map((b) => b.file), ...CLEAN].sort()).toEqual(all);
  });

  it.each(BAD)('$file breaks $rule', ({ file, rule, line, imports }) => {
    const messages = problems.get(file) ?? [];
    expect(messages.map((m) => ({ rule: m.ruleId, line: m.line }))).toEqual([{ rule, line }]);
    if (imports) expect(messages[0]!.message).toContain(`"${imports}"`);
  });

  it('reports every boundary broken as an error, so that `npx eslint .` fails', () => {
    const severities = (rule: string) =>
      new Set(BAD.filter((b) => b.rule === rule).map((b) => problems.get(b.file)?.[0]?.severity));
    expect(severities(LAYERS)).toEqual(new Set([2]));
    expect(severities(CYCLE)).toEqual(new Set([2]));
    expect(severities(PUBLIC_API)).toEqual(new Set([2]));
  });

  it.each(CLEAN)('%s passes', (file) => {
    expect(problems.get(file)).toEqual([]);
  });

  it('lets tests and benchmarks reach into a module, but holds tests to the layers', async () => {
    const eslint = fixtureLinter();
    const rulesBroken = async (filePath: string, code: string) =>
      (await eslint.lintText(code, { filePath: join(FIXTURE, filePath) }))[0]!.messages.map(
        (m) => m.ruleId,
      );
    const deep = "import { rows } from '../dossiers/repository.js';\n\nexport const n = rows();\n";
    expect(await rulesBroken('src/modules/backoffice/inbox.ts', deep)).toEqual([PUBLIC_API]);
    expect(await rulesBroken('src/modules/backoffice/inbox.test.ts', deep)).toEqual([]);
    const bench =
      "import { rows } from '../../src/modules/dossiers/repository.js';\n\nexport const n = rows();\n";
    expect(await rulesBroken('bench/inbox/run.ts', bench)).toEqual([]);
    const below =
      "import { dossierCount } from '../dossiers/index.js';\n\nexport const n = dossierCount();\n";
    expect(await rulesBroken('src/modules/catalog/busy.test.ts', below)).toEqual([LAYERS]);
  });
});

describe('module boundaries (ADR 0007) on the project', () => {
  const eslint = new ESLint({ cwd: ROOT });

  it('leaves the fixture out of `npm run lint`', async () => {
    expect(await eslint.isPathIgnored(join(FIXTURE, 'src/app.ts'))).toBe(true);
  });

  it('gives every module (every folder of src/modules) its layer', async () => {
    const modules = readdirSync(join(ROOT, 'src/modules'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    const config = (await eslint.calculateConfigForFile(join(ROOT, 'src/app.ts'))) as Linter.Config;
    const layers = (config.settings?.['module-boundaries/layers'] ?? []) as string[][];
    for (const name of modules) {
      expect(layers.flat(), `MODULE_LAYERS in eslint.boundaries.js has no ${name}`).toContain(name);
    }
  });
});
