/**
 * The baseline of bench/pages, run in a process of its own: a bare Fastify server that
 * answers each benchmarked URL with the bytes and content type the portal answered for it,
 * kept in memory. Nothing else: no hooks, no session, no database.
 *
 *   node --import tsx bench/pages/bare-server.ts <answers.json>
 *
 * It says where it listens on its first line of output: `listening <url>`.
 */
import { readFile } from 'node:fs/promises';
import Fastify from 'fastify';
import { answerKey, stripMarker, type RecordedAnswer } from './answers.js';

const file = process.argv[2];
if (!file) throw new Error('usage: bare-server.ts <answers.json>');
const recorded = JSON.parse(await readFile(file, 'utf8')) as RecordedAnswer[];
const answers = new Map(
  recorded.map((a) => [
    answerKey(a.url, a.cookie),
    { type: a.contentType, body: Buffer.from(a.body, 'base64') },
  ]),
);

const app = Fastify({ logger: false });
app.get('/*', (request, reply) => {
  const answer = answers.get(answerKey(stripMarker(request.url), request.headers.cookie));
  if (!answer) return reply.status(404).send();
  return reply.type(answer.type).send(answer.body);
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`listening ${url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void app.close().then(() => process.exit(0)));
}
