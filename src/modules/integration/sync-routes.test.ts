import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { badinhWard } from '../../../test/dossiers.js';
import { PDF_BYTES } from '../../../test/files.js';
import { createTestApp } from '../../../test/helpers.js';
import { connectedClient } from '../../../test/integration.js';
import { afterFile } from '../../../test/cleanup.js';
import { createBaseApp, type App } from '../../platform/http.js';
import { webPages } from '../../web/pages.js';
import { registerClientAuth } from './client-auth.js';
import { syncRoutes } from './sync-routes.js';

/**
 * The status sync route as a connected system calls it: behind the hub's own authentication
 * (a bearer token with the dossiers:sync scope), mounted here as the hub mounts its routes.
 */
let api: App;
let ward: string;
let token: string;
let catalogOnly: string;

beforeAll(async () => {
  const { app: portal, db, modules, config } = await createTestApp();
  ward = await badinhWard(db);
  api = await createBaseApp({ config, db, changes: modules.changes, web: webPages, logger: false });
  await api.register(async (scope) => {
    registerClientAuth(scope, {
      tokens: modules.integration.tokens,
      clients: modules.integration.clients,
    });
    await scope.register(syncRoutes, { sync: modules.dossiers.sync });
  });
  await api.ready();
  afterFile(() => api.close());
  token = await (await connectedClient(portal, db, { allowedAgencies: [ward] })).token();
  const reader = await connectedClient(portal, db, {
    allowedAgencies: [ward],
    scopes: ['catalog:read'],
  });
  catalogOnly = await reader.token();
});

const item = (code: string, n = 1) => ({
  eventId: `${code}-${n}`,
  at: '2026-11-20T02:00:00Z',
  code,
  status: 2,
  procedureCode: '1.001193',
  agencyCode: ward,
  channel: 1,
  applicant: { name: 'Nguyễn Văn An', idNumber: '001089012345' },
  receivedAt: '2026-11-20T02:00:00Z',
});

const push = (payload: string, type = 'application/json', bearer = token) =>
  api.inject({
    method: 'POST',
    url: '/api/v1/integration/dossiers/events',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': type },
    payload,
  });

describe('POST /api/v1/integration/dossiers/events', () => {
  it('takes a JSON array, one object, or NDJSON, and answers what it did', async () => {
    const array = await push(JSON.stringify([item('R-0001'), item('R-0001'), item('R-0002')]));
    expect(array.statusCode, array.body).toBe(200);
    expect(array.json()).toEqual({ accepted: 2, duplicates: 1, refused: [] });
    const one = await push(JSON.stringify(item('R-0003')));
    expect(one.json()).toEqual({ accepted: 1, duplicates: 0, refused: [] });
    const ndjson = [item('R-0004'), '', { ...item('R-0004', 2), agencyCode: 'KHONG-CO' }]
      .map((i) => (i === '' ? '' : JSON.stringify(i)))
      .join('\n');
    const lines = await push(`${ndjson}\n`, 'application/x-ndjson');
    expect(lines.statusCode, lines.body).toBe(200);
    expect(lines.json()).toMatchObject({
      accepted: 1,
      refused: [{ index: 1, eventId: 'R-0004-2', code: 'unknown_agency' }],
    });
  });

  it('refuses what is not a batch, a line that is not JSON, and more than 1,000 items', async () => {
    const text = await push('"42"');
    expect(text.statusCode).toBe(400);
    expect(text.json()).toMatchObject({ code: 'not_a_batch' });
    const broken = await push(`${JSON.stringify(item('R-0005'))}\n{oops`, 'application/x-ndjson');
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({
      code: 'malformed_ndjson',
      title: expect.stringContaining('Dòng 2'),
    });
    const many = Array.from({ length: 1001 }, (_, n) => ({ eventId: `m-${n}` }));
    const tooMany = await push(JSON.stringify(many));
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json()).toMatchObject({ code: 'too_many_items' });
    expect((await push('[]', 'text/plain')).statusCode).toBe(415);
  });

  it('answers 401 without a token and 403 without the dossiers:sync scope', async () => {
    const body = JSON.stringify([item('R-0006')]);
    expect((await push(body, 'application/json', 'nope')).statusCode).toBe(401);
    const scoped = await push(body, 'application/json', catalogOnly);
    expect(scoped.statusCode).toBe(403);
    expect(scoped.json()).toMatchObject({ code: 'insufficient_scope' });
  });
});

describe('POST /api/v1/integration/dossiers/results', () => {
  const upload = (data: Buffer, type: string) =>
    api.inject({
      method: 'POST',
      url: '/api/v1/integration/dossiers/results',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      payload: data,
    });

  it('keeps a result file checked by content, for events to name by its SHA-256', async () => {
    const stored = await upload(PDF_BYTES, 'application/octet-stream');
    expect(stored.statusCode, stored.body).toBe(201);
    const { sha256 } = stored.json<{ sha256: string }>();
    expect(stored.json()).toEqual({
      sha256,
      size: PDF_BYTES.length,
      contentType: 'application/pdf',
    });
    const named = await push(
      JSON.stringify({
        ...item('R-0007'),
        status: 10,
        results: [{ fileName: 'ket-qua.pdf', sha256 }],
      }),
    );
    expect(named.json()).toEqual({ accepted: 1, duplicates: 0, refused: [] });
    const html = await upload(Buffer.from('<html><script>x</script></html>'), 'application/pdf');
    expect(html.statusCode).toBe(422);
    expect(html.json()).toMatchObject({ code: 'invalid_file' });
  });

  it('refuses a file over the limit, whether its length is declared or not, and an empty one', async () => {
    const tooBig = Buffer.concat([PDF_BYTES, Buffer.alloc(10 * 1_048_576)]);
    const declared = await upload(tooBig, 'application/pdf');
    expect(declared.statusCode).toBe(413);
    expect(declared.json()).toMatchObject({ code: 'payload_too_large' });
    // Sent as a stream, in chunks of a megabyte, with no length: counted as it comes.
    const chunks = [PDF_BYTES, ...Array.from({ length: 11 }, () => Buffer.alloc(1_048_576))];
    const streamed = await api.inject({
      method: 'POST',
      url: '/api/v1/integration/dossiers/results',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
      payload: Readable.from(chunks),
    });
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json()).toMatchObject({ code: 'payload_too_large' });
    const empty = await upload(Buffer.alloc(0), 'application/pdf');
    expect(empty.statusCode).toBe(422);
    expect(empty.json()).toMatchObject({
      code: 'invalid_file',
      errors: [{ field: 'body', message: expect.any(String) }],
    });
  });
});
