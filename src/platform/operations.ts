import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Registry, collectDefaultMetrics, Histogram } from 'prom-client';
import type { Database } from './db.js';
import { pendingMigrations } from './migrations.js';

/* What operators and their monitoring ask of every process: metrics, liveness, readiness. */

/** Request durations by route and status, for Prometheus. */
export function registerMetrics(app: FastifyInstance): Registry {
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [metrics],
  });
  app.addHook('onResponse', (request, reply, done) => {
    httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
  return metrics;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The process is stopping: /readyz answers 503 from now on, so that the load balancer
     * sends new requests elsewhere, and answers close their connection (no keep-alive
     * connection stays on a process about to go).
     */
    startDraining(): void;
  }
}

/** Liveness, readiness (the database answers and no migration waits) and metrics. */
export function registerHealth(app: FastifyInstance, db: Database, metrics: Registry) {
  let draining = false;
  app.decorate('startDraining', () => {
    draining = true;
  });
  // A connection that has sent nothing yet holds no request (browsers and HTTP clients open
  // them ahead of need), yet Node's close would wait for it until its headers time out.
  const connections = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  app.addHook('preClose', (done) => {
    for (const socket of connections) if (socket.bytesRead === 0) socket.destroy();
    done();
  });
  app.addHook('onSend', (_request, reply, _payload, done) => {
    if (draining) reply.header('connection', 'close');
    done();
  });
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    if (draining) return reply.status(503).send({ status: 'draining' });
    try {
      // Reading what is applied also proves the database answers.
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        return reply.status(503).send({ status: 'migrations_pending', pending });
      }
      return { status: 'ready', database: db.kind };
    } catch {
      return reply.status(503).send({ status: 'database_unreachable' });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.metrics()),
  );
}
