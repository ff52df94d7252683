import { MessageLogBroken, type MessageLog, type Verification } from './message-log.js';

const REASONS = {
  altered: 'was altered (it no longer hashes to what the chain holds)',
  removed: 'was removed (its number is missing from the chain)',
  inserted: 'was added behind the chain (its head never counted it)',
} as const;

/** What `verify` says: one line whether the chain holds, then where it starts and ends. */
export function describeVerification(found: Verification): string[] {
  if (!found.ok) {
    return [
      `broken at record ${found.brokenAt}: record ${found.brokenAt} ${REASONS[found.reason]}`,
      `${found.records} records before it are intact`,
    ];
  }
  return [
    `intact: ${found.records} records`,
    `from the anchor at seq ${found.anchor.seq} to seq ${found.head.seq}; head hash ${found.head.hash}`,
  ];
}

export const USAGE = `Usage: npm run integration-log -- <command>

Commands:
  verify   walk the message log's hash chain: "intact: N records", or where it breaks
           (the record, and whether it was altered or removed); exit code 1 on a break
  prune    remove the records older than INTEGRATION_LOG_RETENTION_DAYS now, as the
           nightly job does (the part removed is verified first)

On the embedded database the portal must be stopped first (one process owns DATA_DIR).`;

/**
 * Runs one command of `npm run integration-log` against the log, saying what it found
 * through `print`; answers the exit code (1: a broken chain, or a command it does not know).
 */
export async function runMessageLogCommand(
  log: MessageLog,
  command: string | undefined,
  print: (line: string) => void,
): Promise<number> {
  if (command === 'verify') {
    const found = await log.verify();
    for (const line of describeVerification(found)) print(line);
    return found.ok ? 0 : 1;
  }
  if (command === 'prune') {
    try {
      const { pruned, anchorSeq } = await log.prune();
      print(`pruned: ${pruned} records; the chain is now anchored at seq ${anchorSeq}`);
      return 0;
    } catch (error) {
      if (!(error instanceof MessageLogBroken)) throw error;
      for (const line of describeVerification(error.found)) print(line);
      print('nothing was pruned: the broken part is kept as evidence');
      return 1;
    }
  }
  print(USAGE);
  return 1;
}
