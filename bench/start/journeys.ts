import { randomUUID } from 'node:crypto';
import { CookieClient, signInAs } from '../../test/browser-client.js';

/*
 * The README's journeys over HTTP, as a newcomer tries them on a fresh portal: browse the
 * catalog, sign in with the simulator, file a judicial record certificate at the Hà Nội
 * justice department, pay its fee at the sandbox bank, and the demo officers take it from
 * receipt to the result. What memory the portal holds afterwards is what bench:start reports.
 */

const JUSTICE = '000.00.01.H01'; // Sở Tư pháp thành phố Hà Nội
const RECORD_ANSWERS = {
  recordType: '1',
  purpose: 'Bổ sung hồ sơ xin việc',
  residences: [{ from: '09/2007', to: '11/2026', place: 'Phường Ba Đình, Hà Nội' }],
  declaration: true,
};
/** The README's demo officers for this journey, all with its password. */
const OFFICERS = [
  'canbo.tuphap@hanoi.example.vn',
  'canbo.congan@hanoi.example.vn',
  'lanhdao.tuphap@hanoi.example.vn',
];
const PASSWORD = 'MotCua@2026';
const PAYING_ACCOUNT = '9704000000000018'; // the sandbox bank's account that pays at once
/** The actions that move a dossier on, in the order a dossier meets them. */
const PROGRESS = ['receive', 'forward', 'approve', 'return_result'];
const RESULT_RETURNED = 10;
/** Idempotency keys of this run: journeys run again on one portal are new requests. */
const RUN = randomUUID();

async function expectOk(response: Response, what: string): Promise<Response> {
  if (response.status >= 400) {
    throw new Error(`${what}: ${response.status} ${(await response.text()).slice(0, 300)}`);
  }
  return response;
}

async function api<T>(client: CookieClient, method: string, path: string, body?: unknown) {
  const response = await client.request(path, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method === 'POST' ? { 'idempotency-key': `${RUN} ${path}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await expectOk(response, `${method} ${path}`);
  return (await response.json()) as T;
}

async function get(client: CookieClient, path: string) {
  const response = await expectOk(await client.request(path), `GET ${path}`);
  return response.text();
}

const hidden = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

/** Pages and API answers anyone reads, searching as the README suggests. */
async function browseCatalog(base: string) {
  const visitor = new CookieClient(base);
  for (const path of [
    '/',
    '/procedures?q=giay+phep+lai+xe',
    '/procedures?q=dang+ky+kaisinh',
    '/procedures/1.001193',
    '/procedures/2.000505',
    '/agencies',
    `/agencies/${JUSTICE}`,
    '/api/v1/procedures?q=ho+chieu&limit=3',
  ]) {
    await get(visitor, path);
  }
}

/** The code of the newest one-time code mailed to `email`, from the development mailbox. */
async function oneTimeCode(base: string, email: string): Promise<string> {
  const mailbox = await get(new CookieClient(base), '/dev/mailbox');
  const mail = mailbox.split('<li').find((item) => item.includes(email));
  const code = mail ? /<h2>[^<]*?(\d{6})/.exec(mail)?.[1] : undefined;
  if (!code) throw new Error(`no one-time code for ${email} in the mailbox`);
  return code;
}

/** A portal account's sign-in: password, then the one-time code from the mailbox. */
async function signInOfficer(base: string, email: string): Promise<CookieClient> {
  const officer = new CookieClient(base);
  const form = await get(officer, '/auth/sign-in?returnTo=/backoffice');
  const sent = await officer.postForm('/auth/local', {
    csrf: hidden(form, 'csrf'),
    identifier: email,
    password: PASSWORD,
    returnTo: '/backoffice',
  });
  const codePath = sent.headers.get('location');
  if (sent.status !== 303 || !codePath) throw new Error(`${email}: password refused`);
  const codePage = await get(officer, codePath);
  const signedIn = await officer.postForm('/auth/local/code', {
    csrf: hidden(codePage, 'csrf'),
    challenge: new URL(codePath, base).searchParams.get('challenge') ?? '',
    channel: 'email',
    code: await oneTimeCode(base, email),
    returnTo: '/backoffice',
  });
  if (signedIn.status !== 303) throw new Error(`${email}: one-time code refused`);
  await get(officer, '/backoffice');
  return officer;
}

/** A judicial record certificate filed online; answers its code. */
async function fileDossier(citizen: CookieClient): Promise<string> {
  const draft = await api<{ id: string }>(citizen, 'POST', '/api/v1/dossiers', {
    procedureCode: '2.000505',
    agencyCode: JUSTICE,
  });
  await api(citizen, 'PATCH', `/api/v1/dossiers/${draft.id}`, { answers: RECORD_ANSWERS });
  const filed = await api<{ code: string }>(citizen, 'POST', `/api/v1/dossiers/${draft.id}/submit`);
  await get(citizen, `/dossiers/${encodeURIComponent(filed.code)}`);
  await get(citizen, `/api/v1/dossiers/${encodeURIComponent(filed.code)}/receipt.pdf`);
  return filed.code;
}

/** Its fee, at the sandbox bank; then the e-receipt. */
async function pay(citizen: CookieClient, code: string) {
  const order = await api<{ id: string; redirectUrl: string }>(
    citizen,
    'POST',
    '/api/v1/payments',
    {
      dossierCode: code,
      provider: 'sandbox-bank',
    },
  );
  const confirmed = await fetch(order.redirectUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account: PAYING_ACCOUNT, action: 'confirm' }),
  });
  if (confirmed.status !== 303) throw new Error(`the sandbox bank answered ${confirmed.status}`);
  await get(citizen, `/api/v1/payments/${order.id}/receipt.pdf`);
}

interface Detail {
  status: number;
  version: number;
  actions: string[];
}

/** The officers move the dossier on, each when it is theirs, until its result is returned. */
async function processDossier(officers: CookieClient[], code: string) {
  const path = `/api/v1/backoffice/dossiers/${encodeURIComponent(code)}`;
  for (let turn = 0; turn < 20; turn++) {
    let moved = false;
    for (const officer of officers) {
      const response = await officer.request(path, { headers: { accept: 'application/json' } });
      if (response.status === 404) continue; // not at this officer's agency now
      const detail = (await (await expectOk(response, `GET ${path}`)).json()) as Detail;
      if (detail.status === RESULT_RETURNED) return;
      const action = PROGRESS.find((a) => detail.actions.includes(a));
      if (!action) continue;
      await api(officer, 'POST', `${path}/actions`, { action, version: detail.version });
      await get(officer, `/backoffice/dossiers/${encodeURIComponent(code)}`);
      moved = true;
      break;
    }
    if (!moved) throw new Error(`no demo officer could move ${code} on`);
  }
  throw new Error(`${code} did not reach its result`);
}

/** Every journey, one after another, as one newcomer would. */
export async function readmeJourneys(base: string) {
  await browseCatalog(base);
  const citizen = await signInAs(base, 'vneid-001');
  const code = await fileDossier(citizen);
  await pay(citizen, code);
  const officers: CookieClient[] = [];
  for (const email of OFFICERS) officers.push(await signInOfficer(base, email));
  await processDossier(officers, code);
  await get(citizen, `/dossiers/${encodeURIComponent(code)}`);
  await get(citizen, '/my/documents');
}
