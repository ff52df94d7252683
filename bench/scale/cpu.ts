import { readdirSync, readFileSync } from 'node:fs';
import { postgresCpuSeconds } from '../lib/processes.js';

/*
 * CPU seconds used so far, from /proc (Linux): of given processes, of every process of a
 * program (nginx, Redis), of PostgreSQL's server, and of this process (the load).
 */

const TICKS_PER_SECOND = 100;

/** The fields after a /proc/<pid>/stat line's name: utime is the 12th, stime the 13th. */
function statOf(pid: string): { name: string; fields: string[] } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return {
      name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      fields: stat.slice(stat.lastIndexOf(')') + 2).split(' '),
    };
  } catch {
    return null; // ended meanwhile
  }
}

/** Own and reaped children's time (a program's ended workers count to their parent). */
const ticksOf = (stat: { fields: string[] } | null) =>
  stat
    ? Number(stat.fields[11]) +
      Number(stat.fields[12]) +
      Number(stat.fields[13]) +
      Number(stat.fields[14])
    : 0;

export const cpuSecondsOfPids = (pids: number[]): number =>
  pids.reduce((sum, pid) => sum + ticksOf(statOf(String(pid))), 0) / TICKS_PER_SECOND;

export function cpuSecondsOfProgram(name: string): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    const stat = statOf(pid);
    if (stat?.name === name) ticks += ticksOf(stat);
  }
  return ticks / TICKS_PER_SECOND;
}

export interface CpuSample {
  portal: number;
  postgres: number;
  nginx: number;
  redis: number;
  load: number;
}

export function sampleCpu(portalPids: number[]): CpuSample {
  const own = process.cpuUsage();
  return {
    portal: cpuSecondsOfPids(portalPids),
    postgres: postgresCpuSeconds() ?? 0,
    nginx: cpuSecondsOfProgram('nginx'),
    redis: cpuSecondsOfProgram('redis-server'),
    load: (own.user + own.system) / 1e6,
  };
}

export const cpuUsedBetween = (before: CpuSample, after: CpuSample): CpuSample => ({
  portal: after.portal - before.portal,
  postgres: after.postgres - before.postgres,
  nginx: after.nginx - before.nginx,
  redis: after.redis - before.redis,
  load: after.load - before.load,
});
