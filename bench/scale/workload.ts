import { coldQueries } from '../search/queries.js';
import {
  CERTIFIED_COPY_ANSWERS,
  originalScan,
  signIn,
  Visitor,
} from '../../test/scale-out/clients.js';

/*
 * The mixed workload: people searching, reading procedure pages, signing in, filing
 * dossiers, and an officer reading the inbox, as many at once as `users`, each request
 * timed from its sending to its last byte.
 */

export interface World {
  /** The People's Committee where the citizens file and the officer works. */
  agencyCode: string;
  procedureCodes: string[];
  /** `sid=…` of an officer of that agency. */
  officerCookie: string;
}

export interface Tally {
  latencies: number[];
  errors: string[];
  operations: Record<Operation, number>;
}

type Operation = 'search' | 'page' | 'inbox' | 'file' | 'sign-in';

/** Each user's round: mostly reading, a dossier filed and a sign-in once a round. */
const ROUND: Operation[] = [
  'search',
  'page',
  'search',
  'page',
  'inbox',
  'file',
  'search',
  'page',
  'sign-in',
  'page',
];

/** The simulator's people: who signs in, and who files. */
const PEOPLE = Array.from({ length: 10 }, (_, i) => `vneid-${String(i + 1).padStart(3, '0')}`);

const SEARCHES = coldQueries(2_000).map((q) => q.path);

/** A visitor whose every request is timed (its answer read to the end) into `tally`. */
class TimedVisitor extends Visitor {
  tally: Tally | null = null;

  override async request(path: string, init: RequestInit = {}): Promise<Response> {
    const began = performance.now();
    try {
      const response = await super.request(path, init);
      const body = await response.arrayBuffer();
      this.tally?.latencies.push(performance.now() - began);
      if (response.status >= 400) {
        this.tally?.errors.push(`${path}: ${response.status} ${Buffer.from(body).toString()}`);
      }
      const empty = body.byteLength === 0 && [204, 304].includes(response.status);
      return new Response(empty ? null : body, {
        status: response.status,
        headers: response.headers,
      });
    } catch (error) {
      this.tally?.errors.push(`${path}: ${(error as Error).message}`);
      throw error;
    }
  }
}

interface User {
  visitor: TimedVisitor;
  /** The officer's browser beside the citizen's (its session cookie given per request). */
  officer: TimedVisitor;
  /** A document in the citizen's store, attached again to each new dossier. */
  documentId: string | null;
  n: number;
}

/** The citizens who file, signed in through the load balancer (the simulator's flow). */
export async function signInUsers(base: string, count: number): Promise<User[]> {
  const users: User[] = [];
  for (let n = 0; n < count; n++) {
    const visitor = new TimedVisitor(base);
    await signIn(visitor, PEOPLE[n % PEOPLE.length]!);
    users.push({ visitor, officer: new TimedVisitor(base), documentId: null, n });
  }
  return users;
}

/** A certified copy, drafted, answered, its scan attached (once uploaded, then reused), sent. */
async function file(user: User, world: World) {
  const { visitor } = user;
  const draft = await visitor.call('POST', '/api/v1/dossiers', {
    procedureCode: '2.001009',
    agencyCode: world.agencyCode,
  });
  const id = String(draft.body.id);
  await visitor.call('PATCH', `/api/v1/dossiers/${id}`, { answers: CERTIFIED_COPY_ANSWERS });
  const form = originalScan();
  if (user.documentId) {
    form.delete('file');
    form.set('documentId', user.documentId);
  }
  const attached = await visitor.call('POST', `/api/v1/dossiers/${id}/attachments`, form);
  user.documentId = String(attached.body.documentId);
  await visitor.call('POST', `/api/v1/dossiers/${id}/submit`);
}

/** Someone new signs in with the simulator (every hop through nginx), landing on their page. */
async function signInAnew(base: string, tally: Tally, k: number) {
  const visitor = new TimedVisitor(base);
  visitor.tally = tally;
  await signIn(visitor, PEOPLE[k % PEOPLE.length]!);
}

async function perform(op: Operation, user: User, world: World, base: string, k: number) {
  const { visitor } = user;
  const tally = visitor.tally!;
  tally.operations[op]++;
  if (op === 'search') await visitor.request(SEARCHES[k % SEARCHES.length]!);
  else if (op === 'page') {
    await visitor.request(`/procedures/${world.procedureCodes[k % world.procedureCodes.length]}`);
  } else if (op === 'inbox') {
    await user.officer.request('/api/v1/backoffice/dossiers?limit=20', {
      headers: { cookie: world.officerCookie, accept: 'application/json' },
    });
  } else if (op === 'file') await file(user, world);
  else await signInAnew(base, tally, k);
}

export const emptyTally = (): Tally => ({
  latencies: [],
  errors: [],
  operations: { search: 0, page: 0, inbox: 0, file: 0, 'sign-in': 0 },
});

/** Every user works through rounds until `seconds` have passed: the tally and the time taken. */
export async function runFor(
  users: User[],
  world: World,
  base: string,
  seconds: number,
): Promise<{ tally: Tally; elapsed: number }> {
  const tally = emptyTally();
  const began = performance.now();
  const until = began + seconds * 1000;
  await Promise.all(
    users.map(async (user) => {
      user.visitor.tally = tally;
      user.officer.tally = tally;
      for (let k = user.n * 7; performance.now() < until; k++) {
        await perform(ROUND[k % ROUND.length]!, user, world, base, k).catch(() => undefined);
      }
    }),
  );
  return { tally, elapsed: (performance.now() - began) / 1000 };
}
