import { beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type CookieClient } from '../../../test/browser-client.js';
import { badinhWard, fileCertifiedCopy } from '../../../test/dossiers.js';
import { PDF_BYTES } from '../../../test/files.js';
import { settableClock, startTestServer } from '../../../test/helpers.js';
import { adminCookie, connectedClient } from '../../../test/integration.js';
import { officerWithRoles, sessionCookie } from '../../../test/sessions.js';
import { LEASE_SECONDS } from './delivery-queue.js';
import { FILE_LINK_SECONDS } from './file-links.js';

const clock = settableClock(new Date().toISOString());
const later = (seconds: number) => {
  clock.instant = new Date(clock.instant.getTime() + seconds * 1000);
};

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Client = Awaited<ReturnType<typeof connectedClient>>;
let server: Server;
let an: CookieClient;
let ward: string;
let elsewhere: string;
let admin: string;
let receiver: string;
/** Receives the ward's dossiers; the same ward allowed but not connected; another agency only. */
let system: Client;
let bystander: Client;
let stranger: Client;

interface Delivery {
  id: string;
  attempt: number;
  leasedUntil: string | null;
  dossier: {
    code: string;
    procedure: { code: string };
    agency: { code: string };
    channel: number;
    status: number;
    applicant: { name: string; idNumber: string; email: string | null };
    answers: Record<string, unknown>;
    submittedAt: string;
    dueAt: string;
    fees: { amount: number; paid: boolean }[];
    attachments: {
      fileName: string;
      sha256: string;
      size: number;
      url: string;
      expiresAt: string;
    }[];
  };
}

/** A call as a connected system, with a token fresh for the portal's clock. */
async function as(client: Client, method: 'GET' | 'POST', url: string) {
  const token = await client.token();
  return server.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });
}
const pull = async (client: Client) => {
  const answer = await as(client, 'GET', '/api/v1/integration/deliveries?limit=50');
  expect(answer.statusCode, answer.body).toBe(200);
  return (answer.json() as { items: Delivery[] }).items;
};
const pathOf = (url: string) => new URL(url).pathname;

const adminCall = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
  server.app.inject({
    method,
    url,
    headers: { cookie: admin, ...(payload ? { 'content-type': 'application/json' } : {}) },
    ...(payload ? { payload: payload as Record<string, unknown> } : {}),
  });
const mark = (client: Client, agencyCode: string) =>
  adminCall('POST', `/api/v1/integration/clients/${client.clientId}/agencies`, { agencyCode });

/** The delivery the submission made, once its after-commit listener has run. */
async function deliveryOf(code: string) {
  for (let i = 0; i < 100; i++) {
    const [row] = await server.db.query<{ id: string }>(
      'SELECT id FROM deliveries WHERE dossier_code = $1',
      [code],
    );
    if (row) return row.id;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return null;
}

/** The receiving officer's action on a dossier, at the version the back office shows. */
async function receive(code: string) {
  const headers = { cookie: receiver, accept: 'application/json' };
  const shown = await server.app.inject({ url: `/api/v1/backoffice/dossiers/${code}`, headers });
  const { version } = shown.json() as { version: number };
  return server.app.inject({
    method: 'POST',
    url: `/api/v1/backoffice/dossiers/${code}/actions`,
    headers: { ...headers, 'content-type': 'application/json' },
    payload: { action: 'receive', version },
  });
}

beforeAll(async () => {
  server = await startTestServer({
    clock,
    env: { SUBMISSION_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_PER_MINUTE: '10000' },
  });
  an = await signInAs(server.base, 'vneid-001');
  ward = await badinhWard(server.db);
  const [other] = await server.db.query<{ code: string }>(
    `SELECT code FROM agencies WHERE kind = 'commune_people_committee' AND code <> $1 LIMIT 1`,
    [ward],
  );
  elsewhere = other!.code;
  admin = await adminCookie(server.db);
  receiver = await sessionCookie(
    server.db,
    await officerWithRoles(server.db, 'Trần Văn Khoa', ward, ['receiver', 'processor']),
    clock.now(),
  );
  const client = (name: string, allowedAgencies: string[]) =>
    connectedClient(server.app, server.db, {
      publicUrl: server.base,
      scopes: ['dossiers:receive'],
      allowedAgencies,
      name,
      clock,
    });
  system = await client('Một cửa điện tử Hà Nội', [ward]);
  bystander = await client('Hệ thống khác của phường', [ward]);
  stranger = await client('Một cửa tỉnh khác', [elsewhere]);
});

describe('connected agencies', () => {
  it('are marked by administrators, for a system allowed the agency, one system each', async () => {
    const marked = await mark(system, ward);
    expect(marked.statusCode, marked.body).toBe(201);
    expect((await mark(system, ward)).statusCode).toBe(200);
    const taken = await mark(bystander, ward);
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'agency_connected_elsewhere' });
    const notAllowed = await mark(stranger, ward);
    expect(notAllowed.statusCode).toBe(422);
    expect(notAllowed.json()).toMatchObject({ errors: [{ field: 'agencyCode' }] });
    const listed = await adminCall(
      'GET',
      `/api/v1/integration/clients/${system.clientId}/agencies`,
    );
    expect((listed.json() as { items: { agencyCode: string }[] }).items).toEqual([
      expect.objectContaining({ agencyCode: ward, clientId: system.clientId }),
    ]);
    // Not for the systems themselves, nor for anyone but an administrator.
    expect(
      (await as(system, 'GET', `/api/v1/integration/clients/${system.clientId}/agencies`))
        .statusCode,
    ).toBe(401);
  });
});

describe('a dossier filed online for a connected agency', () => {
  let code: string;
  let delivery: Delivery;

  it('is in its system’s pull, whole, leased for a while', async () => {
    code = await fileCertifiedCopy(an, ward);
    expect(await deliveryOf(code)).not.toBeNull();
    const items = await pull(system);
    delivery = items.find((d) => d.dossier.code === code)!;
    expect(delivery).toBeDefined();
    expect(delivery.attempt).toBe(1);
    expect(Date.parse(delivery.leasedUntil!)).toBe(clock.now().getTime() + LEASE_SECONDS * 1000);
    expect(delivery.dossier).toMatchObject({
      procedure: { code: '2.001009' },
      agency: { code: ward },
      channel: 2,
      status: 1,
      applicant: { name: 'Nguyễn Văn An' },
      answers: { documentName: 'Bằng tốt nghiệp đại học', copies: 1 },
    });
    expect(delivery.dossier.applicant.idNumber).toMatch(/^\d{12}$/);
    expect(delivery.dossier.attachments).toEqual([
      expect.objectContaining({ fileName: 'bang-dai-hoc.pdf', size: PDF_BYTES.length }),
    ]);
    // Leased: the next pull does not hand it out again.
    expect((await pull(system)).map((d) => d.dossier.code)).not.toContain(code);
  });

  it('is never shown to another system, nor its delivery and files', async () => {
    for (const other of [bystander, stranger]) {
      expect((await pull(other)).map((d) => d.dossier.code)).not.toContain(code);
      expect(
        (await as(other, 'POST', `/api/v1/integration/deliveries/${delivery.id}/ack`)).statusCode,
      ).toBe(404);
      expect(
        (await as(other, 'GET', `/api/v1/integration/deliveries/${delivery.id}`)).statusCode,
      ).toBe(404);
      const file = await as(other, 'GET', pathOf(delivery.dossier.attachments[0]!.url));
      expect(file.statusCode).toBe(404);
    }
  });

  it('gives its files by a short-lived link: the exact bytes, then nothing', async () => {
    const { url } = delivery.dossier.attachments[0]!;
    const file = await as(system, 'GET', pathOf(url));
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.equals(PDF_BYTES)).toBe(true);
    // Changed by one character, it is no link at all.
    const forged = pathOf(url).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await as(system, 'GET', forged)).statusCode).toBe(404);
    later(FILE_LINK_SECONDS);
    const expired = await as(system, 'GET', pathOf(url));
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toMatchObject({ code: 'link_expired' });
    // Read again, the delivery has new links (and its lease is left as it was).
    const again = (
      await as(system, 'GET', `/api/v1/integration/deliveries/${delivery.id}`)
    ).json() as Delivery;
    expect(again.attempt).toBe(1);
    const fresh = await as(system, 'GET', pathOf(again.dossier.attachments[0]!.url));
    expect(fresh.rawPayload.equals(PDF_BYTES)).toBe(true);
  });

  it('is delivered again after the lease until acknowledged, then no more', async () => {
    // The lease (5 minutes) ended during the link's 10.
    const again = (await pull(system)).find((d) => d.dossier.code === code);
    expect(again).toMatchObject({ id: delivery.id, attempt: 2 });
    const ack = await as(system, 'POST', `/api/v1/integration/deliveries/${delivery.id}/ack`);
    expect(ack.statusCode, ack.body).toBe(200);
    const first = ack.json() as { acknowledgedAt: string };
    expect(first).toMatchObject({ id: delivery.id, dossierCode: code });
    later(60);
    const twice = await as(system, 'POST', `/api/v1/integration/deliveries/${delivery.id}/ack`);
    expect(twice.json()).toEqual(first);
    later(LEASE_SECONDS + 1);
    expect((await pull(system)).map((d) => d.dossier.code)).not.toContain(code);
  });

  it('is left by the portal’s back office to the connected system', async () => {
    const refused = await receive(code);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'processed_in_connected_system' });
    expect((refused.json() as { title: string }).title).toContain('Một cửa điện tử Hà Nội');
  });
});

describe('unmarking an agency', () => {
  it('takes back what the system has not acknowledged; the back office has its dossiers again', async () => {
    const waiting = await fileCertifiedCopy(an, ward);
    expect(await deliveryOf(waiting)).not.toBeNull();
    const unmarked = await adminCall(
      'DELETE',
      `/api/v1/integration/clients/${system.clientId}/agencies/${ward}`,
    );
    expect(unmarked.statusCode, unmarked.body).toBe(200);
    expect(unmarked.json()).toEqual({ recalled: 1 });
    expect((await pull(system)).map((d) => d.dossier.code)).not.toContain(waiting);
    expect((await receive(waiting)).statusCode).toBe(200);
    // Filed now, a dossier is the back office's from the start.
    const after = await fileCertifiedCopy(an, ward);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await deliveryOf(after)).toBeNull();
    expect((await receive(after)).statusCode).toBe(200);
    expect(
      (await adminCall('DELETE', `/api/v1/integration/clients/${system.clientId}/agencies/${ward}`))
        .statusCode,
    ).toBe(404);
  });
});

describe('the sweep', () => {
  it('delivers a dossier whose delivery was lost between its commit and its listener', async () => {
    later(1);
    expect((await mark(system, ward)).statusCode).toBe(201);
    later(1);
    const code = await fileCertifiedCopy(an, ward);
    const id = await deliveryOf(code);
    expect(id).not.toBeNull();
    // As if the process had stopped between the submission's commit and its delivery.
    await server.db.query('DELETE FROM deliveries WHERE dossier_code = $1', [code]);
    expect((await pull(system)).map((d) => d.dossier.code)).not.toContain(code);
    expect(await server.modules.integration.deliveries.sweep()).toBe(1);
    expect(await server.modules.integration.deliveries.sweep()).toBe(0);
    const made = await deliveryOf(code);
    // Never pulled, it cannot be acknowledged yet.
    const early = await as(system, 'POST', `/api/v1/integration/deliveries/${made}/ack`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'delivery_not_handed_out' });
    expect((await pull(system)).map((d) => d.dossier.code)).toContain(code);
  });
});

describe('the administrators’ page', () => {
  it('marks and unmarks with forms, saying what it did', async () => {
    // Pages answer at the portal's own address (others are sent there).
    const headers = { cookie: admin, host: new URL(server.base).host };
    const page = await server.app.inject({ url: '/admin/integration/agencies', headers });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Một cửa điện tử Hà Nội');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const post = (url: string, fields: Record<string, string>) =>
      server.app.inject({
        method: 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
    const fields = { clientId: system.clientId, agencyCode: ward };
    expect((await post('/admin/integration/agencies/remove', fields)).statusCode).toBe(403);
    const removed = await post('/admin/integration/agencies/remove', { ...fields, csrf });
    expect(removed.statusCode).toBe(303);
    const shown = await server.app.inject({ url: removed.headers.location as string, headers });
    expect(shown.body).toContain('Đã bỏ đánh dấu');
    const refused = await post('/admin/integration/agencies', {
      ...fields,
      clientId: stranger.clientId,
      csrf,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('không được nhận hồ sơ của cơ quan');
    const marked = await post('/admin/integration/agencies', { ...fields, csrf });
    expect(marked.statusCode).toBe(303);
    const after = await server.app.inject({ url: marked.headers.location as string, headers });
    expect(after.body).toContain('Đã đánh dấu');
  });
});
