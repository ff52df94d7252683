import { readFile } from 'node:fs/promises';
import { definitionProblems, type IndexDefinition } from './definition.js';
import type { IngestReport } from './ingest.js';
import type { RecomputeReport } from './recompute.js';

export const MONITORING_USAGE = `Usage: npm run monitoring -- <command>

  ingest          take what changed in dossiers, ratings and feedback into the index's figures now
  check           work every figure out again from the dossiers, ratings and feedback, and say
                  where the kept figures differ (exit 1 if they do)
  publish FILE    publish a new version of the index's definition (JSON, docs/monitoring.md)`;

interface Monitoring {
  ingest(): Promise<IngestReport>;
  check(): Promise<RecomputeReport>;
  publish(definition: IndexDefinition): Promise<boolean>;
}

/** `npm run monitoring -- …`: answers the exit code, saying what happened through `print`. */
export async function runMonitoringCommand(
  monitoring: Monitoring,
  args: string[],
  print: (line: string) => void,
): Promise<number> {
  const [command, file] = args;
  if (command === 'ingest') {
    const report = await monitoring.ingest();
    print(`read ${report.read} changed facts, ${report.changed} of them changed the figures`);
    return 0;
  }
  if (command === 'check') {
    await monitoring.ingest();
    const report = await monitoring.check();
    print(
      `${report.facts} facts, ${report.countRows} daily figures, ${report.totalRows} totals: ` +
        (report.disagreements === 0 ? 'the kept figures agree' : `${report.disagreements} differ`),
    );
    for (const example of report.examples) {
      print(
        `  ${example.table} ${example.key}: kept ${example.kept}, recomputed ${example.recomputed}`,
      );
    }
    return report.disagreements === 0 ? 0 : 1;
  }
  if (command === 'publish' && file) return publish(monitoring, file, print);
  print(MONITORING_USAGE);
  return 1;
}

async function publish(monitoring: Monitoring, file: string, print: (line: string) => void) {
  let candidate: unknown;
  try {
    candidate = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    print(`${file} could not be read as JSON: ${(error as Error).message}`);
    return 1;
  }
  const problems = definitionProblems(candidate);
  if (problems.length > 0) {
    print(`${file} was not published:`);
    for (const problem of problems) print(`  ${problem}`);
    return 1;
  }
  const definition = candidate as IndexDefinition;
  if (!(await monitoring.publish(definition))) {
    print(
      `version ${definition.version} or a version effective from ${definition.effectiveFrom} is already published`,
    );
    return 1;
  }
  print(
    `version ${definition.version} published: it scores periods from ${definition.effectiveFrom}`,
  );
  return 0;
}
