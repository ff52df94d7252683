import PgBoss from 'pg-boss';
import type { Database } from './db.js';

export interface JobDefinition {
  name: string;
  /** Cron expression in Vietnam time, when the job recurs. */
  cron?: string;
  run(): Promise<unknown>;
}

/**
 * Background jobs on pg-boss, in the same database as everything else. On PostgreSQL it
 * keeps its own small pool; on the embedded database it shares the one connection, sending
 * parameterless SQL (its schema scripts) through exec.
 */
export async function startJobs(
  db: Database,
  databaseUrl: string | null,
  jobs: JobDefinition[],
  log: (message: string, error?: unknown) => void,
): Promise<PgBoss> {
  const boss = new PgBoss(
    databaseUrl
      ? { connectionString: databaseUrl, max: 4 }
      : {
          db: {
            executeSql: async (text: string, values?: unknown[]) => ({
              rows:
                values && values.length > 0 ? await db.query(text, values) : await db.exec(text),
            }),
          },
        },
  );
  boss.on('error', (error) => log('job queue error', error));
  await boss.start();
  for (const job of jobs) {
    await boss.createQueue(job.name);
    await boss.work(job.name, async () => {
      await job.run();
    });
    if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: 'Asia/Ho_Chi_Minh' });
  }
  return boss;
}
