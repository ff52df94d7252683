/**
 * The integration hub from end to end (issue 15, "Done when"): a dossier filed online for an
 * agency processed in a connected system is delivered to the sandbox system, which pushes
 * its progress through to a returned result, out of order, with repeats and lost pushes;
 * the citizen sees the right status and timeline, is told, and downloads the result.
 */
import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { badinhWard, fileCertifiedCopy } from '../../../test/dossiers.js';
import { startTestServer } from '../../../test/helpers.js';
import { seededRandom } from '../../../test/random.js';
import { signInAs } from '../../../test/browser-client.js';
import { PortalClient } from './sandbox-system/portal-client.js';
import { SandboxSystem, type TickReport } from './sandbox-system/system.js';

const { base, db } = await startTestServer();
const ward = await badinhWard(db);

/** The sandbox system as `npm run connected-system` registers it, for Hà Nội (01). */
async function registerSandbox() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = 'sandbox-01';
  const answer = await fetch(`${base}/api/v1/integration/sandbox/systems`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Hệ thống một cửa điện tử Hà Nội (thử nghiệm)',
      provinceCode: '01',
      jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' },
      takeOver: true,
    }),
  });
  expect(answer.status).toBe(201);
  const body = (await answer.json()) as { clientId: string; audience: string; connected: string[] };
  expect(body.connected).toContain(ward);
  return new PortalClient(base, body.clientId, { kid, privateKey }, body.audience);
}

describe('one door: a dossier processed in a connected system', () => {
  it('reaches the citizen with its status, timeline, messages and result', async () => {
    const portal = await registerSandbox();
    const citizen = await signInAs(base, 'vneid-001');
    const code = await fileCertifiedCopy(citizen, ward);

    let now = Date.now();
    const system = new SandboxSystem(portal, {
      stepMs: 60_000,
      duplicates: 0.5,
      reorder: 0.4,
      failures: 0.2,
      supplements: 1,
      counterEvery: 0,
      agencies: [],
      applicants: [],
      random: seededRandom(15),
      now: () => now,
    });
    const reports: TickReport[] = [];
    do {
      reports.push(await system.tick());
      now += 60_000;
    } while (system.pending > 0 && reports.length < 40);
    expect(system.pending).toBe(0);
    expect(reports[0]!.delivered).toBe(1);
    // The pushes were unreliable: repeats answered as duplicates, some lost and sent again.
    const answers = reports.flatMap((r) => (r.answer ? [r.answer] : []));
    expect(answers.reduce((n, a) => n + a.duplicates, 0)).toBeGreaterThan(0);
    expect(reports.reduce((n, r) => n + r.lost, 0)).toBeGreaterThan(0);
    expect(answers.flatMap((a) => a.refused)).toEqual([]);
    // Acknowledged: nothing is handed out again.
    expect(await portal.deliveries()).toEqual([]);

    const dossier = (await (
      await citizen.request(`/api/v1/dossiers/${code}`, { headers: { accept: 'application/json' } })
    ).json()) as {
      status: number;
      timeline: { action: string; status: number }[];
      resultDocumentId: string | null;
    };
    expect(dossier.status).toBe(10);
    expect(dossier.timeline.filter((e) => e.action === 'synced').map((e) => e.status)).toEqual([
      2, 4, 5, 4, 9, 10,
    ]);
    const events = await db.query<{ recorded: number; late: number; flagged: number }>(
      `SELECT count(*)::int AS recorded, count(*) FILTER (WHERE NOT applied)::int AS late,
              count(flag)::int AS flagged
       FROM dossier_sync_events WHERE dossier_code = $1`,
      [code],
    );
    // Each event once, whatever was repeated; some came after a newer one and were kept in
    // the history only, never moving the dossier back.
    expect(events[0]).toMatchObject({ recorded: 6, flagged: 0 });
    expect(events[0]!.late).toBeGreaterThan(0);

    const messages = (await (
      await citizen.request('/api/v1/me/notifications', { headers: { accept: 'application/json' } })
    ).json()) as { items: { body: string }[] };
    expect(messages.items.filter((m) => m.body.includes(code)).length).toBeGreaterThanOrEqual(2);

    expect(dossier.resultDocumentId).not.toBeNull();
    const result = await citizen.request(`/my/documents/${dossier.resultDocumentId}`);
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toContain('application/pdf');
    expect(
      Buffer.from(await result.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });
});

describe('the sandbox system’s development registration', () => {
  it('refuses a private key or an unknown province with nothing registered', async () => {
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_clients');
    const register = (body: object) =>
      fetch(`${base}/api/v1/integration/sandbox/systems`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Hệ thống thử', provinceCode: '01', ...body }),
      });
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = await register({ jwk: await exportJWK(privateKey) });
    expect(privateJwk.status).toBe(422);
    expect(await privateJwk.json()).toMatchObject({ code: 'invalid_key' });
    const nowhere = await register({ provinceCode: 'ZZ', jwk: await exportJWK(publicKey) });
    expect(nowhere.status).toBe(400);
    const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_clients');
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
