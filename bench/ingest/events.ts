/**
 * The benchmark's status events, the same in the parent (which checks the outcome) and in the
 * child that pushes them: dossiers shared among the clients, each dossier's events in time
 * order, then 10% of all events repeats of earlier ones and 10% moved later in their
 * client's stream (so a dossier's newer event often arrives before an older one).
 */
import { seededRandom } from '../../test/random.js';

export interface BenchWorld {
  dossiers: number;
  clients: number;
  /** Each client's agencies (its allowed agencies). */
  agencies: string[][];
  procedures: string[];
}

export interface BenchEvent {
  eventId: string;
  at: string;
  code: string;
  status: number;
  procedureCode: string;
  agencyCode: string;
  channel: 1 | 2 | 3;
  applicant: { name: string; idNumber: string };
  receivedAt: string;
  dueAt: string;
}

const T0 = Date.parse('2026-01-05T01:00:00Z');
const DAY = 86_400_000;
/** A dossier returned with its result, and one still processing after a supplement. */
const PATHS = [
  [1, 2, 4, 9, 10],
  [1, 2, 5, 4],
];
const NAMES = [
  'Nguyễn Văn An',
  'Trần Thị Bình',
  'Lê Hoàng Cường',
  'Phạm Thu Dung',
  'Hoàng Minh Đức',
];

export const codeOf = (i: number) => `BENCH-${String(i).padStart(7, '0')}`;
const pathOf = (i: number) => PATHS[i % PATHS.length]!;

/** Each dossier's final status: what the newest of its events says. */
export function finalStatuses(world: BenchWorld): Map<string, number> {
  const final = new Map<string, number>();
  for (let i = 0; i < world.dossiers; i++) final.set(codeOf(i), pathOf(i).at(-1)!);
  return final;
}

export const uniqueEvents = (world: BenchWorld) =>
  Array.from({ length: world.dossiers }, (_, i) => pathOf(i).length).reduce((a, b) => a + b, 0);

function eventOf(world: BenchWorld, i: number, step: number): BenchEvent {
  const client = i % world.clients;
  const agencies = world.agencies[client]!;
  const received = T0 + (i % 50_000) * 60_000;
  return {
    eventId: `${codeOf(i)}-${step}`,
    at: new Date(received + step * DAY).toISOString(),
    code: codeOf(i),
    status: pathOf(i)[step]!,
    procedureCode: world.procedures[i % world.procedures.length]!,
    agencyCode: agencies[Math.floor(i / world.clients) % agencies.length]!,
    channel: (1 + (i % 3)) as 1 | 2 | 3,
    applicant: {
      name: NAMES[i % NAMES.length]!,
      idNumber: String(1_000_000_000 + i).padStart(12, '0'),
    },
    receivedAt: new Date(received).toISOString(),
    dueAt: new Date(received + 15 * DAY).toISOString(),
  };
}

/** Each client's stream of events in the order it sends them. */
export function streams(world: BenchWorld, seed = 20_261_201): BenchEvent[][] {
  const random = seededRandom(seed);
  const out: BenchEvent[][] = Array.from({ length: world.clients }, () => []);
  const longest = Math.max(...PATHS.map((p) => p.length));
  for (let step = 0; step < longest; step++) {
    for (let i = 0; i < world.dossiers; i++) {
      if (step < pathOf(i).length) out[i % world.clients]!.push(eventOf(world, i, step));
    }
  }
  return out.map((stream) => {
    // 10% of what is sent repeats an earlier event, somewhere after it; 10% of it arrives
    // late, up to 5,000 places after where it belonged. Each event gets a place, then a sort.
    const placed = stream.map((event, position) => ({ event, place: position }));
    const repeats = Math.round(stream.length / 9);
    for (let r = 0; r < repeats; r++) {
      const from = Math.floor(random() * stream.length);
      const place = from + random() * (stream.length - from);
      placed.push({ event: stream[from]!, place });
    }
    for (let m = 0; m < Math.round(placed.length / 10); m++) {
      placed[Math.floor(random() * placed.length)]!.place += 1 + random() * 5_000;
    }
    return placed.sort((a, b) => a.place - b.place).map((p) => p.event);
  });
}
