import type { Clock } from '../../src/platform/clock.js';
import { IdentityRepository } from '../../src/modules/identity/repository.js';
import { TEST_IDENTITIES } from '../../src/modules/identity/test-identities.js';
import { createTestApp } from '../helpers.js';
import { officerWithRoles, sessionCookie } from '../sessions.js';
import { badinhWard } from '../dossiers.js';
import { PDF_BYTES } from '../files.js';
import { CALLERS, expectStatus, type Caller, type CallerName, type Outgoing } from './http.js';

/** Tuesday 24 November 2026, 09:00 in Vietnam: everything is filed and paid then. */
export const FILED_AT = new Date('2026-11-24T02:00:00Z');
/** Two weeks later (Tuesday 8 December, 09:00): the dossiers filed above are late. */
export const CHECKED_AT = new Date('2026-12-08T02:00:00Z');
export const FILED_DAY = '2026-11-24';

export type App = Awaited<ReturnType<typeof createTestApp>>['app'];
export type Db = Awaited<ReturnType<typeof createTestApp>>['db'];

export interface Order {
  id: string;
  number: string;
  amount: number;
}

/**
 * Everything the authorization tests call routes against: data owned by citizen A (Nguyễn
 * Văn An) and by agency 1 (his ward, Ba Đình), and the six callers signed in.
 */
export interface World {
  app: App;
  db: Db;
  clock: Clock & { set(at: Date): void };
  agency1: string;
  agency2: string;
  callers: Record<CallerName, Caller>;
  ids: Record<CallerName | 'spareOfficer', string>;
  spareOfficerEmail: string;
  personalIdA: string;
  /** A submitted certified copy (status 1) of A's at agency 1, and the file it came with. */
  dossier: string;
  dossierFile: string;
  /** Submitted, kept for the withdraw route (withdrawing it changes it). */
  withdrawable: string;
  /** Refused by agency 1: its refusal notice exists. */
  refused: string;
  /** Late, with apology slip number 1. */
  late: string;
  /** Received, a fee asked and paid (paidOrder), a second fee asked and not paid (wrongOrder). */
  feeDossier: string;
  paidOrder: Order;
  /** Paid with the wrong amount: a reconciliation mismatch of agency 1 names it. */
  wrongOrder: Order;
  mismatch: string;
  /** A's draft, with a file that is in A's document store. */
  draft: string;
  document: string;
  /** An obligation of A's at the sandbox issuer (a traffic fine). */
  bill: string;
  /** Strings only A, agency 1's officers (and the public lookup) may ever see. */
  secretsOfA: string[];
  /** Sends as a caller and insists on the status (for setting up). */
  as<T>(who: Caller, out: Outgoing, status: number): Promise<T>;
  /** A certified copy A files at agency 1, received and a fee asked of it: its code. */
  fileWithFee(amount: number): Promise<string>;
  /** A pays a dossier's fee by VietQR transfer: the order, still to be paid. */
  payByQr(dossierCode: string): Promise<Order>;
}

/** A collection account statement (CSV) with one credit naming an order's number. */
export const statementOf = (order: Order, amount: number, reference: string, day: string) =>
  `booked_at,amount,description,bank_reference\n${day}T09:00:00+07:00,${amount},"MC ${order.number}",${reference}\n`;

/** One of the simulator's people as a portal citizen, as a national sign-in leaves them. */
async function citizen(db: Db, sub: string): Promise<{ id: string; personalId: string }> {
  const person = TEST_IDENTITIES.find((p) => p.sub === sub)!;
  const { id } = await new IdentityRepository(db).upsertCitizen({
    subject: sub,
    personalId: person.personalId,
    name: person.name,
    birthDate: person.birthDate,
    gender: person.gender,
    address: {
      street_address: person.address.line,
      locality: person.address.communeCode,
      region: person.address.provinceCode,
      country: 'VN',
    },
    phone: person.phone,
    email: person.email,
    verifiedFields: ['personal_id', 'name', 'birth_date', 'gender', 'address'],
  });
  return { id, personalId: person.personalId };
}

const CERTIFIED_COPY = {
  documentName: 'Bằng tốt nghiệp đại học',
  documentIssuer: 'Trường Đại học Bách khoa Hà Nội',
  documentDate: '2011-07-15',
  copies: 1,
  declaration: true,
};

export const pdfForm = (field: string, fileName: string) => {
  const form = new FormData();
  form.set('field', field);
  form.set('file', new Blob([new Uint8Array(PDF_BYTES)]), fileName);
  return form;
};

export async function buildWorld(): Promise<World> {
  let now = FILED_AT;
  const clock = { now: () => now, set: (at: Date) => void (now = at) };
  const { app, db } = await createTestApp({
    clock,
    env: {
      IDP_SIMULATOR: 'true',
      RATE_LIMIT_PER_MINUTE: '100000',
      SUBMISSION_RATE_LIMIT_PER_MINUTE: '100000',
    },
  });
  const agency1 = await badinhWard(db);
  const [other] = await db.query<{ code: string }>(
    `SELECT code FROM agencies WHERE kind = 'commune_people_committee' AND province_code = '01'
       AND code <> $1 ORDER BY code LIMIT 1`,
    [agency1],
  );
  const agency2 = other!.code;

  const a = await citizen(db, 'vneid-001');
  const b = await citizen(db, 'vneid-002');
  const working = ['receiver', 'processor', 'approver'];
  const ids = {
    anon: '',
    citizenA: a.id,
    citizenB: b.id,
    officer1: await officerWithRoles(db, 'Trần Văn Khoa', agency1, working),
    officer2: await officerWithRoles(db, 'Lê Văn Bình', agency2, working),
    admin1: await officerWithRoles(db, 'Lê Thu Trang', agency1, ['agency_admin']),
    // Whose role the admin's revoke route takes away, and grants again.
    spareOfficer: await officerWithRoles(db, 'Đỗ Văn Dự', agency1, ['receiver']),
  };
  const [spare] = await db.query<{ email: string }>('SELECT email FROM accounts WHERE id = $1', [
    ids.spareOfficer,
  ]);

  const signIn = async (): Promise<Record<CallerName, Caller>> => {
    const entries = await Promise.all(
      CALLERS.map(async (name, i): Promise<[CallerName, Caller]> => [
        name,
        {
          name,
          cookie: name === 'anon' ? null : await sessionCookie(db, ids[name], now),
          ip: `10.0.0.${i + 1}`,
        },
      ]),
    );
    return Object.fromEntries(entries) as Record<CallerName, Caller>;
  };
  let callers = await signIn();
  const as = <T>(who: CallerName | Caller, out: Outgoing, status: number) =>
    expectStatus<T>(app, typeof who === 'string' ? callers[who] : who, out, status);

  // A files certified copies at the ward, through the same API as the portal's pages.
  const startDraft = async (answers: Record<string, unknown>) => {
    const draft = await as<{ id: string }>(
      'citizenA',
      {
        method: 'POST',
        url: '/api/v1/dossiers',
        json: { procedureCode: '2.001009', agencyCode: agency1 },
      },
      201,
    );
    await as(
      'citizenA',
      { method: 'PATCH', url: `/api/v1/dossiers/${draft.id}`, json: { answers } },
      200,
    );
    const attached = await as<{ documentId: string }>(
      'citizenA',
      {
        method: 'POST',
        url: `/api/v1/dossiers/${draft.id}/attachments`,
        form: () => pdfForm('original', 'bang-dai-hoc.pdf'),
      },
      201,
    );
    return { id: draft.id, document: attached.documentId };
  };
  const file = async () => {
    const draft = await startDraft(CERTIFIED_COPY);
    const submitted = await as<{ code: string }>(
      'citizenA',
      { method: 'POST', url: `/api/v1/dossiers/${draft.id}/submit` },
      200,
    );
    return { code: submitted.code, document: draft.document };
  };
  const act = async (code: string, body: Record<string, unknown>) => {
    const { version } = await as<{ version: number }>(
      'officer1',
      { method: 'GET', url: `/api/v1/backoffice/dossiers/${code}` },
      200,
    );
    return as<{ status: number }>(
      'officer1',
      {
        method: 'POST',
        url: `/api/v1/backoffice/dossiers/${code}/actions`,
        json: { ...body, version },
      },
      200,
    );
  };
  const payByQr = (dossierCode: string) =>
    as<Order>(
      'citizenA',
      { method: 'POST', url: '/api/v1/payments', json: { dossierCode, provider: 'vietqr' } },
      201,
    );
  const statement = (order: Order, amount: number, reference: string) =>
    as<{ applied: number }>(
      'officer1',
      {
        method: 'POST',
        url: '/api/v1/payments/statements',
        csv: statementOf(order, amount, reference, FILED_DAY),
      },
      200,
    );
  const fileWithFee = async (amount: number) => {
    const { code } = await file();
    await act(code, { action: 'receive' });
    await act(code, {
      action: 'request_payment',
      fee: [{ name: 'Lệ phí chứng thực bản sao điện tử', amount }],
    });
    return code;
  };

  const main = await file();
  const withdrawable = await file();
  const refused = await file();
  await act(refused.code, { action: 'refuse', reason: 'Bản chụp bản chính không đọc được' });
  const late = await file();
  const feeDossier = await fileWithFee(2_000);
  const paidOrder = await payByQr(feeDossier);
  if ((await statement(paidOrder, 2_000, 'FT26328001')).applied !== 1) throw new Error('not paid');
  await act(feeDossier, {
    action: 'request_payment',
    fee: [{ name: 'Phí cấp thêm bản sao', amount: 3_000 }],
  });
  const wrongOrder = await payByQr(feeDossier);
  await statement(wrongOrder, 1_000, 'FT26328002');
  await as(
    'officer1',
    { method: 'POST', url: '/api/v1/payments/reconciliations', json: { day: FILED_DAY } },
    200,
  );
  const { items: mismatches } = await as<{ items: { id: string; orderId: string | null }[] }>(
    'officer1',
    { method: 'GET', url: '/api/v1/payments/mismatches' },
    200,
  );
  const mismatch = mismatches.find((m) => m.orderId === wrongOrder.id);
  if (!mismatch) throw new Error(`no mismatch for the wrong amount: ${JSON.stringify(mismatches)}`);
  // Not declared truthful yet, so submitting it (as the matrix tries) is refused, not done.
  const { declaration: _unticked, ...undeclared } = CERTIFIED_COPY;
  const draft = await startDraft(undeclared);

  // Two weeks on: sessions from then have timed out, so everyone signs in again.
  clock.set(CHECKED_AT);
  callers = await signIn();
  const { version } = await as<{ version: number; late: boolean }>(
    'officer1',
    { method: 'GET', url: `/api/v1/backoffice/dossiers/${late.code}` },
    200,
  );
  await as(
    'officer1',
    {
      method: 'POST',
      url: `/api/v1/backoffice/dossiers/${late.code}/apologies`,
      json: { reason: 'Thiếu cán bộ chứng thực', newDueDate: '2026-12-10', version },
    },
    201,
  );
  const { items: notices } = await as<{ items: unknown[] }>(
    'citizenA',
    { method: 'GET', url: '/api/v1/me/notifications' },
    200,
  );
  if (notices.length === 0) throw new Error('A has no notifications to keep from others');

  const codes = [main, withdrawable, refused, late].map((d) => d.code);
  return {
    app,
    db,
    clock,
    agency1,
    agency2,
    callers,
    ids,
    spareOfficerEmail: spare!.email,
    personalIdA: a.personalId,
    dossier: main.code,
    dossierFile: main.document,
    withdrawable: withdrawable.code,
    refused: refused.code,
    late: late.code,
    feeDossier,
    paidOrder,
    wrongOrder,
    mismatch: mismatch.id,
    draft: draft.id,
    document: draft.document,
    bill: 'VPHC26NAVAUMF6',
    secretsOfA: [
      ...codes,
      feeDossier,
      main.document,
      draft.id,
      draft.document,
      paidOrder.id,
      paidOrder.number,
      wrongOrder.id,
      wrongOrder.number,
      a.personalId,
      'Nguyễn Văn An',
    ],
    as: (who, out, status) => as(who, out, status),
    fileWithFee,
    payByQr,
  };
}
