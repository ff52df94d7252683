import { beforeAll, describe, expect, it } from 'vitest';
import { CALLERS, outcomeOf, send, type Outgoing } from './authorization/http.js';
import { keyOf, parseMatrix, type Row } from './authorization/matrix.js';
import { FILED_DAY, buildWorld, pdfForm, type World } from './authorization/world.js';

/*
 * Who may do what, route by route, tried for real: every route of the API (as its OpenAPI
 * document lists them) and the pages that show a person's data, each called by six people
 * against things owned by citizen A and by agency 1, A's ward:
 *
 *   anon  nobody signed in
 *   A     citizen A, who filed the dossiers, keeps the documents and made the payments
 *   B     citizen B, another citizen
 *   O1    an officer of agency 1 (receiver, processor and approver there)
 *   O2    an officer of agency 2, another ward (the same three roles there)
 *   adm   agency 1's administrator (agency_admin only: manages roles and workflows, works
 *         no dossiers and sees no applicant's)
 *
 * A = allowed through; S = allowed, but the answer names nothing of A's; D = denied with
 * 401, 403 or 404 (404 for what exists but is not the caller's, so it stays unrevealed).
 */
const API = parseMatrix(`
# method path                                                    anon A  B  O1 O2 adm
GET     /api/v1/me                                                 D  A  S  S  S  S
GET     /api/v1/me/notifications                                   D  A  S  S  S  S
# The catalog, the calendar and the lookup (code and ID number together) are public.
GET     /api/v1/procedures                                         A  A  A  A  A  A
GET     /api/v1/procedures/suggestions                             A  A  A  A  A  A
GET     /api/v1/procedures/{code}                                  A  A  A  A  A  A
GET     /api/v1/agencies                                           A  A  A  A  A  A
GET     /api/v1/agencies/{code}                                    A  A  A  A  A  A
GET     /api/v1/fields                                             A  A  A  A  A  A
GET     /api/v1/admin-units/provinces                              A  A  A  A  A  A
GET     /api/v1/admin-units/provinces/{code}/communes              A  A  A  A  A  A
GET     /api/v1/calendar/{year}                                    A  A  A  A  A  A
GET     /api/v1/dossier-lookup                                     A  A  A  A  A  A
# Roles of agency 1: its administrator only.
GET     /api/v1/agencies/{code}/role-grants                        D  D  D  D  D  A
POST    /api/v1/agencies/{code}/role-grants                        D  D  D  D  D  A
DELETE  /api/v1/agencies/{code}/role-grants/{accountId}/{role}     D  D  D  D  D  A
# A citizen's own dossiers, drafts and documents (officers use the back office's routes).
POST    /api/v1/dossiers                                           D  A  A  D  D  D
GET     /api/v1/dossiers                                           D  A  S  D  D  D
PATCH   /api/v1/dossiers/{id}                                      D  A  D  D  D  D
POST    /api/v1/dossiers/{id}/attachments                          D  A  D  D  D  D
POST    /api/v1/dossiers/{id}/submit                               D  A  D  D  D  D
GET     /api/v1/dossiers/{code}                                    D  A  D  D  D  D
GET     /api/v1/dossiers/{code}/receipt.pdf                        D  A  D  D  D  D
POST    /api/v1/dossiers/{code}/withdraw                           D  A  D  D  D  D
POST    /api/v1/dossiers/{code}/supplement                         D  A  D  D  D  D
GET     /api/v1/me/documents                                       D  A  S  D  D  D
# Notices of refusal and apology slips: the applicant, and the agency that handled it.
GET     /api/v1/dossiers/{code}/refusal.pdf                        D  A  D  A  D  D
GET     /api/v1/dossiers/{code}/apologies/{number}.pdf             D  A  D  A  D  D
# The back office: officers of the agency the dossier is at.
GET     /api/v1/backoffice/dossiers                                D  D  D  A  S  D
GET     /api/v1/backoffice/dossiers/{code}                         D  D  D  A  D  D
POST    /api/v1/backoffice/dossiers/{code}/actions                 D  D  D  A  D  D
POST    /api/v1/backoffice/dossiers/{code}/assignment              D  D  D  A  D  D
POST    /api/v1/backoffice/dossiers/{code}/apologies               D  D  D  A  D  D
POST    /api/v1/backoffice/intake                                  D  D  D  A  D  D
GET     /api/v1/backoffice/workflows/{procedureCode}               D  D  D  A  D  A
PUT     /api/v1/backoffice/workflows/{procedureCode}               D  D  D  D  D  A
# Payments: the payer's own; obligations are found by their code by any signed-in payer.
GET     /api/v1/bills/{code}                                       D  A  A  D  D  D
POST    /api/v1/payments                                           D  A  D  D  D  D
GET     /api/v1/payments/{id}                                      D  A  D  D  D  D
GET     /api/v1/payments/{id}/receipt.pdf                          D  A  D  D  D  D
# Money of agency 1: its officers (refunds and settling: its approvers).
POST    /api/v1/payments/{id}/refunds                              D  D  D  A  D  D
GET     /api/v1/payments/totals                                    D  D  D  A  S  A
GET     /api/v1/payments/mismatches                                D  D  D  A  S  A
POST    /api/v1/payments/mismatches/{id}/resolution                D  D  D  A  D  D
# Any approver reconciles a day and imports the collection account's statement; what a
# statement confirms is limited to the importer's agencies (tested below).
POST    /api/v1/payments/reconciliations                           D  D  D  A  A  D
POST    /api/v1/payments/statements                                D  D  D  A  A  D
# Only the provider, by its signature: no session gets in.
POST    /api/v1/payments/callbacks/{provider}                      D  D  D  D  D  D
`);

/** How a route is called: its path's parameters, query and body, and what must not leak. */
type Spec = Omit<Outgoing, 'method' | 'url'> & {
  params?: Record<string, string | number>;
  query?: Record<string, string>;
  /** More strings than A's own that an S answer must not contain. */
  secrets?: string[];
};

/** A version nobody has: an action a caller is let through to is refused, not done. */
const STALE = 999_999;

const API_REQUESTS: Record<string, (w: World) => Spec> = {
  'GET /api/v1/me': () => ({}),
  'GET /api/v1/me/notifications': () => ({}),
  'GET /api/v1/procedures': () => ({ query: { q: 'chung thuc ban sao' } }),
  'GET /api/v1/procedures/suggestions': () => ({ query: { q: 'chung thuc' } }),
  'GET /api/v1/procedures/{code}': () => ({ params: { code: '2.001009' } }),
  'GET /api/v1/agencies': () => ({ query: { province: '01' } }),
  'GET /api/v1/agencies/{code}': (w) => ({ params: { code: w.agency1 } }),
  'GET /api/v1/fields': () => ({}),
  'GET /api/v1/admin-units/provinces': () => ({}),
  'GET /api/v1/admin-units/provinces/{code}/communes': () => ({ params: { code: '01' } }),
  'GET /api/v1/calendar/{year}': () => ({ params: { year: 2026 } }),
  'GET /api/v1/dossier-lookup': (w) => ({ query: { code: w.dossier, idNumber: w.personalIdA } }),
  'GET /api/v1/agencies/{code}/role-grants': (w) => ({ params: { code: w.agency1 } }),
  'POST /api/v1/agencies/{code}/role-grants': (w) => ({
    params: { code: w.agency1 },
    json: { email: w.spareOfficerEmail, role: 'processor' },
  }),
  'DELETE /api/v1/agencies/{code}/role-grants/{accountId}/{role}': (w) => ({
    params: { code: w.agency1, accountId: w.ids.spareOfficer, role: 'receiver' },
  }),
  'POST /api/v1/dossiers': (w) => ({
    json: { procedureCode: '2.001009', agencyCode: w.agency1 },
  }),
  'GET /api/v1/dossiers': () => ({}),
  'PATCH /api/v1/dossiers/{id}': (w) => ({
    params: { id: w.draft },
    json: { answers: { copies: 2 } },
  }),
  'POST /api/v1/dossiers/{id}/attachments': (w) => ({
    params: { id: w.draft },
    form: () => pdfForm('original', 'ban-chinh.pdf'),
  }),
  'POST /api/v1/dossiers/{id}/submit': (w) => ({ params: { id: w.draft } }),
  'GET /api/v1/dossiers/{code}': (w) => ({ params: { code: w.dossier } }),
  'GET /api/v1/dossiers/{code}/receipt.pdf': (w) => ({ params: { code: w.dossier } }),
  'POST /api/v1/dossiers/{code}/withdraw': (w) => ({
    params: { code: w.withdrawable },
    json: { reason: 'Đã có bản sao giấy' },
  }),
  'POST /api/v1/dossiers/{code}/supplement': (w) => ({
    params: { code: w.dossier },
    json: { version: STALE },
  }),
  'GET /api/v1/me/documents': () => ({}),
  'GET /api/v1/dossiers/{code}/refusal.pdf': (w) => ({ params: { code: w.refused } }),
  'GET /api/v1/dossiers/{code}/apologies/{number}.pdf': (w) => ({
    params: { code: w.late, number: 1 },
  }),
  // Asking for agency 1's inbox by name: only its own officers get its dossiers.
  'GET /api/v1/backoffice/dossiers': (w) => ({ query: { agency: w.agency1 } }),
  'GET /api/v1/backoffice/dossiers/{code}': (w) => ({ params: { code: w.dossier } }),
  'POST /api/v1/backoffice/dossiers/{code}/actions': (w) => ({
    params: { code: w.dossier },
    json: { action: 'receive', version: STALE },
  }),
  'POST /api/v1/backoffice/dossiers/{code}/assignment': (w) => ({
    params: { code: w.dossier },
    json: { accountId: w.ids.officer1, version: STALE },
  }),
  'POST /api/v1/backoffice/dossiers/{code}/apologies': (w) => ({
    params: { code: w.dossier },
    json: { reason: 'Thiếu cán bộ', newDueDate: '2026-12-10', version: STALE },
  }),
  'POST /api/v1/backoffice/intake': (w) => ({
    // An ID number that is none: refused after the role check, before anything is written.
    json: {
      procedureCode: '2.001009',
      agencyCode: w.agency1,
      channel: 1,
      applicant: { name: 'Phạm Thị Mai', idNumber: 'không có' },
      answers: {},
    },
  }),
  'GET /api/v1/backoffice/workflows/{procedureCode}': (w) => ({
    params: { procedureCode: '2.001009' },
    query: { agency: w.agency1 },
  }),
  'PUT /api/v1/backoffice/workflows/{procedureCode}': (w) => ({
    params: { procedureCode: '2.001009' },
    // No steps: refused as invalid once the caller may edit, so nothing changes.
    json: { agencyCode: w.agency1, steps: [] },
  }),
  'GET /api/v1/bills/{code}': (w) => ({ params: { code: w.bill } }),
  'POST /api/v1/payments': (w) => ({
    json: { dossierCode: w.feeDossier, provider: 'vietqr' },
  }),
  'GET /api/v1/payments/{id}': (w) => ({ params: { id: w.paidOrder.id } }),
  'GET /api/v1/payments/{id}/receipt.pdf': (w) => ({ params: { id: w.paidOrder.id } }),
  'POST /api/v1/payments/{id}/refunds': (w) => ({
    params: { id: w.paidOrder.id },
    // More than was paid: refused once the caller may refund, so no money moves.
    json: { amount: 1_000_000_000, reason: 'Thu nhầm' },
  }),
  'GET /api/v1/payments/totals': (w) => ({
    query: { from: FILED_DAY, to: FILED_DAY },
    secrets: [w.agency1],
  }),
  'GET /api/v1/payments/mismatches': (w) => ({ secrets: [w.agency1] }),
  'POST /api/v1/payments/mismatches/{id}/resolution': (w) => ({
    params: { id: w.mismatch },
    json: { resolution: 'Ngân hàng xác nhận số tiền chuyển thiếu' },
  }),
  // A day with nothing to compare, so the run leaves agency 1's open mismatch alone.
  'POST /api/v1/payments/reconciliations': () => ({ json: { day: '2026-01-05' } }),
  'POST /api/v1/payments/statements': () => ({
    csv: 'booked_at,amount,description,bank_reference\n',
  }),
  'POST /api/v1/payments/callbacks/{provider}': (w) => ({
    params: { provider: 'sandbox-bank' },
    json: { reference: w.paidOrder.number, status: 'succeeded', amount: w.paidOrder.amount },
  }),
};

/*
 * Pages that show a person's data (they are not in the OpenAPI document). Placeholders in
 * braces are filled from the data below.
 */
const PAGES = parseMatrix(`
# method path                                                    anon A  B  O1 O2 adm
GET     /my/dossiers                                               D  A  S  D  D  D
GET     /dossiers/{dossier}                                        D  A  D  D  D  D
GET     /dossiers/drafts/{draft}                                   D  A  D  D  D  D
GET     /dossiers/drafts/{draft}/review                            D  A  D  D  D  D
GET     /my/documents                                              D  A  S  D  D  D
GET     /my/documents/{document}                                   D  A  D  D  D  D
GET     /notifications                                             D  A  S  S  S  S
GET     /account                                                   D  A  S  S  S  S
GET     /payments/new?dossier={feeDossier}                         D  A  D  D  D  D
GET     /payments/{paidOrder}                                      D  A  D  D  D  D
GET     /payments/{paidOrder}/return                               D  A  D  D  D  D
GET     /backoffice                                                D  D  D  A  S  D
GET     /backoffice/dossiers/{dossier}                             D  D  D  A  D  D
GET     /backoffice/dossiers/{dossier}/files/{dossierFile}         D  D  D  A  D  D
GET     /backoffice/intake                                         D  D  D  A  S  D
# Payers' names with their dossiers' codes: not for an administrator, who works no dossier.
GET     /backoffice/payments                                       D  D  D  A  S  D
GET     /lookup?code={dossier}&idNumber={personalIdA}              A  A  A  A  A  A
`);

const pagePlaceholders = (w: World): Record<string, string> => ({
  dossier: w.dossier,
  draft: w.draft,
  document: w.document,
  dossierFile: w.dossierFile,
  feeDossier: w.feeDossier,
  paidOrder: w.paidOrder.id,
  personalIdA: w.personalIdA,
});

/** The path with its `{name}` parameters filled, and the query after it. */
function fill(path: string, values: Record<string, string | number>, query = {}): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams(query).toString();
  return search ? `${filled}?${search}` : filled;
}

/**
 * Calls every row as every caller and answers what did not go as the table says. Callers
 * the row denies go first: one let through may change what it touched (withdraw a dossier,
 * settle a mismatch), and the others must find it as it was.
 */
async function check(w: World, rows: Row[], specOf: (row: Row) => Spec): Promise<string[]> {
  const failures: string[] = [];
  for (const row of rows) {
    const spec = specOf(row);
    const { params = {}, query = {}, secrets = [], ...out } = spec;
    const url = fill(row.path, params, query);
    const order = [...CALLERS].sort(
      (a, b) => Number(row.expected[a] !== 'D') - Number(row.expected[b] !== 'D'),
    );
    for (const name of order) {
      const answer = await send(w.app, w.callers[name], { ...out, method: row.method, url });
      const expected = row.expected[name];
      const outcome = outcomeOf(answer);
      const wanted = expected === 'D' ? 'deny' : 'allow';
      const where = `${keyOf(row)} as ${name}`;
      const leaked = [...w.secretsOfA, ...secrets].filter((s) => answer.body.includes(s));
      const shows = leaked.length > 0 ? `, showing ${leaked.join(', ')}` : '';
      if (outcome !== wanted) {
        failures.push(
          `${where}: got ${answer.status} (${outcome}${shows}), expected ${wanted}: ${answer.body.slice(0, 120)}`,
        );
      } else if (expected === 'S' && leaked.length > 0) {
        failures.push(`${where}: got ${answer.status}${shows}`);
      }
    }
  }
  return failures;
}

let w: World;

beforeAll(async () => {
  w = await buildWorld();
});

describe('the authorization matrix of the API', () => {
  it('lists exactly the routes of the OpenAPI document, each with how to call it', async () => {
    const answer = await send(w.app, w.callers.anon, { method: 'GET', url: '/api/openapi.json' });
    const document = answer.json<{ paths: Record<string, Record<string, unknown>> }>();
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const table = API.map(keyOf);
    // A new route fails here until the table says who may call it; a removed one, too.
    expect(
      documented.filter((route) => !table.includes(route)),
      'routes the table lacks',
    ).toEqual([]);
    expect(
      table.filter((route) => !documented.includes(route)),
      'rows for routes not documented',
    ).toEqual([]);
    expect(
      table.filter((route, i) => table.indexOf(route) !== i),
      'rows given twice',
    ).toEqual([]);
    expect(
      table.filter((route) => !API_REQUESTS[route]),
      'rows without a request',
    ).toEqual([]);
    expect(
      Object.keys(API_REQUESTS).filter((route) => !table.includes(route)),
      'requests without a row',
    ).toEqual([]);
  });

  it('answers each of the six callers as the table says, route by route', async () => {
    const failures = await check(w, API, (row) => API_REQUESTS[keyOf(row)]?.(w) ?? {});
    expect(failures, `${failures.length} cells disagree:\n${failures.join('\n')}`).toEqual([]);
  });
});

describe('the authorization matrix of the pages that show a person’s data', () => {
  it('answers each of the six callers as the table says, page by page', async () => {
    const values = pagePlaceholders(w);
    const failures = await check(
      w,
      PAGES.map((row) => ({ ...row, path: fill(row.path, values) })),
      () => ({ headers: { accept: 'text/html' } }),
    );
    expect(failures, `${failures.length} cells disagree:\n${failures.join('\n')}`).toEqual([]);
  });
});

describe('beyond the table', () => {
  it('agency 1’s administrator administers no other agency', async () => {
    const admin = w.callers.admin1;
    const other = w.agency2;
    const grants = await send(w.app, admin, {
      method: 'GET',
      url: `/api/v1/agencies/${other}/role-grants`,
    });
    const grant = await send(w.app, admin, {
      method: 'POST',
      url: `/api/v1/agencies/${other}/role-grants`,
      json: { email: w.spareOfficerEmail, role: 'receiver' },
    });
    const steps = await send(w.app, admin, {
      method: 'PUT',
      url: '/api/v1/backoffice/workflows/2.001009',
      json: { agencyCode: other, steps: [] },
    });
    expect([grants.status, grant.status, steps.status]).toEqual([404, 404, 403]);
  });

  it('a citizen cannot attach another’s stored document to their own draft', async () => {
    const draft = await w.as<{ id: string }>(
      w.callers.citizenB,
      {
        method: 'POST',
        url: '/api/v1/dossiers',
        json: { procedureCode: '2.001009', agencyCode: w.agency1 },
      },
      201,
    );
    const reuse = await send(w.app, w.callers.citizenB, {
      method: 'POST',
      url: `/api/v1/dossiers/${draft.id}/attachments`,
      form: () => {
        const form = new FormData();
        form.set('field', 'original');
        form.set('documentId', w.document);
        return form;
      },
    });
    expect(reuse.status).toBe(422);
    const after = await w.as<{ attachments: unknown[] }>(
      w.callers.citizenB,
      { method: 'GET', url: `/api/v1/dossiers/${draft.id}` },
      200,
    );
    expect(after.attachments).toEqual([]);
  });
});
