/**
 * The connected systems of bench/ingest, in a process of their own (the portal's event loop
 * is not shared with the load): each client sends its stream in batches of 1,000 through
 * the HTTP API, one batch at a time, all clients at once. Reads its orders on stdin, prints
 * the figures as JSON on stdout.
 */
import { streams, type BenchWorld } from './events.js';

interface Orders {
  url: string;
  tokens: string[];
  batch: number;
  world: BenchWorld;
}

interface Answer {
  accepted: number;
  duplicates: number;
  refused: unknown[];
}

async function readStdin(): Promise<string> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  return input;
}

async function main() {
  const orders = JSON.parse(await readStdin()) as Orders;
  // Bodies made before the clock starts: the figure is the portal's, not JSON.stringify's.
  const bodies = streams(orders.world).map((stream) => {
    const out: string[] = [];
    for (let i = 0; i < stream.length; i += orders.batch) {
      out.push(JSON.stringify(stream.slice(i, i + orders.batch)));
    }
    return out;
  });
  const totals = { events: 0, accepted: 0, duplicates: 0, refused: 0, requests: 0 };
  const latencies: number[] = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    bodies.map(async (batches, client) => {
      for (const body of batches) {
        const sent = performance.now();
        const response = await fetch(`${orders.url}/api/v1/integration/dossiers/events`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${orders.tokens[client]}`,
            'content-type': 'application/json',
          },
          body,
        });
        const text = await response.text();
        if (response.status !== 200)
          throw new Error(`client ${client}: ${response.status} ${text}`);
        latencies.push(performance.now() - sent);
        const answer = JSON.parse(text) as Answer;
        totals.requests += 1;
        totals.accepted += answer.accepted;
        totals.duplicates += answer.duplicates;
        totals.refused += answer.refused.length;
        totals.events += answer.accepted + answer.duplicates + answer.refused.length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  process.stdout.write(
    JSON.stringify({
      ...totals,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
    }),
  );
}

await main();
