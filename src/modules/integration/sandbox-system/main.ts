/**
 * The sandbox connected system, beside a running portal (README, "A connected system"):
 *
 *   npm run connected-system -- --province 01 [--portal http://localhost:3000]
 *     [--step-seconds 5] [--tick-seconds 2] [--duplicates 0.1] [--reorder 0.1]
 *     [--failures 0.05] [--supplements 0.3] [--counter-every 5] [--take-over]
 *
 * It registers itself through the portal's development registration (development stand-ins
 * only), keeps its key and client id in `data/connected-system-<province>.json` so a restart
 * is the same system, then pulls, processes and pushes until stopped with Ctrl+C.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { PortalClient } from './portal-client.js';
import { SandboxSystem } from './system.js';

interface Saved {
  portal: string;
  clientId: string;
  kid: string;
  privateJwk: JWK;
  audience: string;
  agencies: string[];
  applicants: { name: string; idNumber: string }[];
}

const { values } = parseArgs({
  options: {
    portal: { type: 'string', default: 'http://localhost:3000' },
    province: { type: 'string' },
    name: { type: 'string' },
    state: { type: 'string' },
    'step-seconds': { type: 'string', default: '5' },
    'tick-seconds': { type: 'string', default: '2' },
    duplicates: { type: 'string', default: '0.1' },
    reorder: { type: 'string', default: '0.1' },
    failures: { type: 'string', default: '0.05' },
    supplements: { type: 'string', default: '0.3' },
    'counter-every': { type: 'string', default: '5' },
    'take-over': { type: 'boolean', default: false },
  },
});

function share(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`--${name} must be between 0 and 1`);
  return n;
}

async function register(portal: string, province: string): Promise<Saved> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `sandbox-${province}-${Date.now()}`;
  const answer = await fetch(`${portal}/api/v1/integration/sandbox/systems`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      name: values.name ?? `Hệ thống một cửa điện tử tỉnh ${province} (thử nghiệm)`,
      provinceCode: province,
      jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' },
      takeOver: values['take-over'],
    }),
  });
  const text = await answer.text();
  if (answer.status !== 201) throw new Error(`registration refused: ${answer.status} ${text}`);
  const body = JSON.parse(text) as Omit<Saved, 'portal' | 'kid' | 'privateJwk'>;
  return { ...body, portal, kid, privateJwk: await exportJWK(privateKey) };
}

async function main() {
  const province = values.province;
  if (!province) throw new Error('--province is required (a province code, e.g. 01)');
  const statePath = values.state ?? `data/connected-system-${province}.json`;
  const saved: Saved = await readFile(statePath, 'utf8').then(
    (text) => JSON.parse(text) as Saved,
    async () => {
      const made = await register(values.portal, province);
      await mkdir(dirname(statePath), { recursive: true });
      await writeFile(statePath, JSON.stringify(made, null, 2), { mode: 0o600 });
      return made;
    },
  );
  const privateKey = (await importJWK(saved.privateJwk, 'ES256')) as CryptoKey;
  const client = new PortalClient(
    values.portal,
    saved.clientId,
    { kid: saved.kid, privateKey },
    saved.audience,
  );
  const system = new SandboxSystem(client, {
    stepMs: Number(values['step-seconds']) * 1000,
    duplicates: share('duplicates', values.duplicates),
    reorder: share('reorder', values.reorder),
    failures: share('failures', values.failures),
    supplements: share('supplements', values.supplements),
    counterEvery: Number(values['counter-every']),
    agencies: saved.agencies,
    applicants: saved.applicants,
    random: Math.random,
  });
  console.log(
    `connected system ${saved.clientId} for ${saved.agencies.length} agencies of province ${province}; Ctrl+C stops it`,
  );
  for (;;) {
    try {
      const report = await system.tick();
      if (report.delivered + report.sent + report.lost + report.counterDossiers > 0) {
        const answer = report.answer;
        console.log(
          `${new Date().toISOString()} delivered ${report.delivered}, counter dossiers ${report.counterDossiers}, events sent ${report.sent} (lost ${report.lost})${answer ? `: accepted ${answer.accepted}, duplicates ${answer.duplicates}, refused ${answer.refused.length}` : ''}`,
        );
      }
    } catch (error) {
      console.error(`${new Date().toISOString()} ${(error as Error).message}; trying again`);
    }
    await new Promise((resolve) => setTimeout(resolve, Number(values['tick-seconds']) * 1000));
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
