import { beforeAll, describe, expect, it } from 'vitest';
import { CALLERS, outcomeOf, send, type Outgoing } from './authorization/http.js';
import { keyOf, parseMatrix, type Row } from './authorization/matrix.js';
import { FILED_DAY, buildWorld, pdfForm, statementOf, type World } from './authorization/world.js';

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
 * Where a route changes things, a probe of A's and agency 1's state is read around each S
 * and D call: it must read the same after (so O2 acting "for their own agency" with agency
 * 1's order, mismatch or grant in the request has changed nothing of agency 1's).
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
POST    /api/v1/dossier-lookup                                     A  A  A  A  A  A
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
# Payments: the payer's own; obligations are found by their code by any signed-in payer,
# shown in full to their payer only (B sees the name masked and not what it is for).
GET     /api/v1/bills/{code}                                       D  A  S  D  D  D
POST    /api/v1/payments                                           D  A  D  D  D  D
GET     /api/v1/payments/{id}                                      D  A  D  D  D  D
GET     /api/v1/payments/{id}/receipt.pdf                          D  A  D  D  D  D
# Money of agency 1: its officers (refunds and settling: its approvers).
POST    /api/v1/payments/{id}/refunds                              D  D  D  A  D  D
GET     /api/v1/payments/totals                                    D  D  D  A  S  A
GET     /api/v1/payments/mismatches                                D  D  D  A  S  A
POST    /api/v1/payments/mismatches/{id}/resolution                D  D  D  A  D  D
# Any approver reconciles a day and imports the collection account's statement, for their
# own agencies only: O2's run of agency 1's day and O2's import of a line naming agency 1's
# order leave agency 1's mismatches and order as they were (test/authorization/reconciliation.test.ts).
POST    /api/v1/payments/reconciliations                           D  D  D  A  S  D
POST    /api/v1/payments/statements                                D  D  D  A  S  D
# Only the provider, by its signature: no session gets in.
POST    /api/v1/payments/callbacks/{provider}                      D  D  D  D  D  D
# The integration hub. The portal's administrators register and watch connected systems
# (none of the six is one); connected systems call with a bearer token, which no session is.
GET     /api/v1/integration/messages                               D  D  D  D  D  D
POST    /api/v1/integration/token                                  D  D  D  D  D  D
GET     /api/v1/integration/clients                                D  D  D  D  D  D
POST    /api/v1/integration/clients                                D  D  D  D  D  D
GET     /api/v1/integration/clients/{id}                           D  D  D  D  D  D
PUT     /api/v1/integration/clients/{id}                           D  D  D  D  D  D
POST    /api/v1/integration/clients/{id}/suspend                   D  D  D  D  D  D
POST    /api/v1/integration/clients/{id}/reactivate                D  D  D  D  D  D
POST    /api/v1/integration/clients/{id}/keys                      D  D  D  D  D  D
DELETE  /api/v1/integration/clients/{id}/keys/{kid}                D  D  D  D  D  D
GET     /api/v1/integration/clients/{id}/agencies                  D  D  D  D  D  D
POST    /api/v1/integration/clients/{id}/agencies                  D  D  D  D  D  D
DELETE  /api/v1/integration/clients/{id}/agencies/{code}           D  D  D  D  D  D
GET     /api/v1/integration/admin/webhooks/subscriptions           D  D  D  D  D  D
GET     /api/v1/integration/admin/webhooks/subscriptions/{id}/attempts D  D  D  D  D  D
POST    /api/v1/integration/admin/webhooks/subscriptions/{id}/messages/{messageId}/replay D  D  D  D  D  D
GET     /api/v1/integration/me                                     D  D  D  D  D  D
GET     /api/v1/integration/deliveries                             D  D  D  D  D  D
GET     /api/v1/integration/deliveries/{id}                        D  D  D  D  D  D
POST    /api/v1/integration/deliveries/{id}/ack                    D  D  D  D  D  D
GET     /api/v1/integration/files/{token}                          D  D  D  D  D  D
POST    /api/v1/integration/dossiers/events                        D  D  D  D  D  D
POST    /api/v1/integration/dossiers/results                       D  D  D  D  D  D
GET     /api/v1/integration/catalog/procedures                     D  D  D  D  D  D
GET     /api/v1/integration/catalog/agencies                       D  D  D  D  D  D
POST    /api/v1/integration/webhooks/subscriptions                 D  D  D  D  D  D
GET     /api/v1/integration/webhooks/subscriptions                 D  D  D  D  D  D
GET     /api/v1/integration/webhooks/subscriptions/{id}            D  D  D  D  D  D
PATCH   /api/v1/integration/webhooks/subscriptions/{id}            D  D  D  D  D  D
DELETE  /api/v1/integration/webhooks/subscriptions/{id}            D  D  D  D  D  D
POST    /api/v1/integration/webhooks/subscriptions/{id}/secret     D  D  D  D  D  D
POST    /api/v1/integration/webhooks/subscriptions/{id}/enable     D  D  D  D  D  D
POST    /api/v1/integration/webhooks/subscriptions/{id}/disable    D  D  D  D  D  D
GET     /api/v1/integration/webhooks/subscriptions/{id}/messages   D  D  D  D  D  D
GET     /api/v1/integration/webhooks/subscriptions/{id}/messages/{messageId} D  D  D  D  D  D
GET     /api/v1/integration/webhooks/subscriptions/{id}/attempts   D  D  D  D  D  D
POST    /api/v1/integration/webhooks/subscriptions/{id}/messages/{messageId}/replay D  D  D  D  D  D
# Ratings: a citizen's own invitations and ratings; an agency's for those who may see them
# (its administrator without the dossiers' codes).
GET     /api/v1/ratings                                            D  A  S  D  D  D
GET     /api/v1/ratings/{code}                                     D  A  D  D  D  D
POST    /api/v1/ratings/{code}                                     D  A  D  D  D  D
PUT     /api/v1/ratings/{code}                                     D  A  D  D  D  D
GET     /api/v1/ratings/agencies                                   D  D  D  A  D  S
# The sandbox connected system's own registration, with the development stand-ins only:
# open to anyone there (here refused for its unknown province, so nothing is registered).
POST    /api/v1/integration/sandbox/systems                        A  A  A  A  A  A
# Help: the knowledge base and the contact form are public; a person's tickets are theirs;
# the desk is support staff's (none of the six is).
GET     /api/v1/help/articles                                      A  A  A  A  A  A
GET     /api/v1/help/articles/{id}                                 A  A  A  A  A  A
POST    /api/v1/help/tickets                                       A  A  A  A  A  A
GET     /api/v1/help/tickets/mine                                  D  A  S  S  S  S
GET     /api/v1/help/tickets/mine/{id}                             D  A  D  D  D  D
POST    /api/v1/help/tickets/mine/{id}/replies                     D  A  D  D  D  D
GET     /api/v1/help/tickets                                       D  D  D  D  D  D
GET     /api/v1/help/tickets/{id}                                  D  D  D  D  D  D
POST    /api/v1/help/tickets/{id}/actions                          D  D  D  D  D  D
POST    /api/v1/help/calls                                         D  D  D  D  D  D
GET     /api/v1/help/calls                                         D  D  D  D  D  D
GET     /api/v1/help/figures                                       D  D  D  D  D  D
GET     /api/v1/help/articles/all                                  D  D  D  D  D  D
POST    /api/v1/help/articles                                      D  D  D  D  D  D
PUT     /api/v1/help/articles/{id}                                 D  D  D  D  D  D
# Feedback: a sender's own items (officers send none); the agency holding one handles it.
POST    /api/v1/feedback                                           D  A  A  D  D  D
GET     /api/v1/feedback                                           D  A  S  D  D  D
GET     /api/v1/feedback/{code}                                    D  A  D  D  D  D
GET     /api/v1/feedback/{code}/files/{id}                         D  A  D  D  D  D
POST    /api/v1/feedback/{code}/reply                              D  A  D  D  D  D
POST    /api/v1/feedback/{code}/withdraw                           D  A  D  D  D  D
GET     /api/v1/feedback/handling                                  D  D  D  A  S  D
GET     /api/v1/feedback/handling/{code}                           D  D  D  A  D  D
GET     /api/v1/feedback/handling/{code}/files/{id}                D  D  D  A  D  D
POST    /api/v1/feedback/handling/{code}/steps                     D  D  D  A  D  D
# Answers published with personal data removed: anyone's to read.
GET     /api/v1/feedback/answers                                   A  A  A  A  A  A
GET     /api/v1/feedback/answers/{code}                            A  A  A  A  A  A
# The service index's public statistics: anyone's to read.
GET     /api/v1/statistics/ranking                                 A  A  A  A  A  A
GET     /api/v1/statistics/places/{unit}                           A  A  A  A  A  A
GET     /api/v1/statistics/agencies/{code}                         A  A  A  A  A  A
GET     /api/v1/statistics/nation                                  A  A  A  A  A  A
GET     /api/v1/statistics/trend/{scope}                           A  A  A  A  A  A
GET     /api/v1/statistics/definitions                             A  A  A  A  A  A
GET     /api/v1/statistics/live                                    A  A  A  A  A  A
# The leaders' dashboard: approvers and administrators, each of their own agency's figures.
GET     /api/v1/backoffice/dashboard                               D  D  D  A  S  A
`);

/** How a route is called: its path's parameters, query and body, and what must not leak. */
type Spec = Omit<Outgoing, 'method' | 'url'> & {
  params?: Record<string, string | number>;
  query?: Record<string, string>;
  /** More strings than A's own that an S answer must not contain. */
  secrets?: string[];
  /** What an S or D caller must leave as it was: read before and after their call. */
  untouched?: () => Promise<unknown>;
};

/**
 * How the integration hub's routes are called: bodies that pass their schemas, so that what
 * answers is who may call (a connected system's routes refuse before reading any body).
 */
function integrationRequests(): Record<string, (w: World) => Spec> {
  const id = '00000000-0000-4000-8000-000000000001';
  const client = {
    name: 'Hệ thống thử',
    ownerAgencyCode: '000.00.01.H01',
    contactName: 'Trần Văn Kết Nối',
    contactEmail: 'ketnoi@example.vn',
    scopes: ['catalog:read'],
    allowedAgencies: [],
  };
  const jwk = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' };
  const hub = '/api/v1/integration';
  const subscription = `${hub}/webhooks/subscriptions/{id}`;
  const plain =
    (params: Record<string, string> = {}) =>
    () => ({ params });
  return {
    [`GET ${hub}/messages`]: plain(),
    [`POST ${hub}/token`]: () => ({
      raw: 'grant_type=client_credentials',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
    [`GET ${hub}/clients`]: plain(),
    [`POST ${hub}/clients`]: () => ({ json: client }),
    [`GET ${hub}/clients/{id}`]: plain({ id }),
    [`PUT ${hub}/clients/{id}`]: () => ({ params: { id }, json: { ...client, version: 0 } }),
    [`POST ${hub}/clients/{id}/suspend`]: () => ({ params: { id }, json: { reason: 'Thử' } }),
    [`POST ${hub}/clients/{id}/reactivate`]: plain({ id }),
    [`POST ${hub}/clients/{id}/keys`]: () => ({ params: { id }, json: { jwk } }),
    [`DELETE ${hub}/clients/{id}/keys/{kid}`]: plain({ id, kid: 'k1' }),
    [`GET ${hub}/clients/{id}/agencies`]: plain({ id }),
    [`POST ${hub}/clients/{id}/agencies`]: (w) => ({
      params: { id },
      json: { agencyCode: w.agency1 },
    }),
    [`DELETE ${hub}/clients/{id}/agencies/{code}`]: (w) => ({
      params: { id, code: w.agency1 },
    }),
    [`GET ${hub}/admin/webhooks/subscriptions`]: plain(),
    [`GET ${hub}/admin/webhooks/subscriptions/{id}/attempts`]: plain({ id }),
    [`POST ${hub}/admin/webhooks/subscriptions/{id}/messages/{messageId}/replay`]: plain({
      id,
      messageId: 'msg_1',
    }),
    [`GET ${hub}/me`]: plain(),
    [`GET ${hub}/deliveries`]: plain(),
    [`GET ${hub}/deliveries/{id}`]: plain({ id }),
    [`POST ${hub}/deliveries/{id}/ack`]: plain({ id }),
    [`GET ${hub}/files/{token}`]: plain({ token: 'x'.repeat(72) }),
    [`POST ${hub}/dossiers/events`]: () => ({ json: [] }),
    [`POST ${hub}/dossiers/results`]: plain(),
    [`GET ${hub}/catalog/procedures`]: plain(),
    [`GET ${hub}/catalog/agencies`]: plain(),
    [`POST ${hub}/webhooks/subscriptions`]: () => ({
      json: { url: 'https://example.vn/hook', events: ['catalog.changed'] },
    }),
    [`GET ${hub}/webhooks/subscriptions`]: plain(),
    [`GET ${subscription}`]: plain({ id }),
    [`PATCH ${subscription}`]: () => ({ params: { id }, json: {} }),
    [`DELETE ${subscription}`]: plain({ id }),
    [`POST ${subscription}/secret`]: plain({ id }),
    [`POST ${subscription}/enable`]: plain({ id }),
    [`POST ${subscription}/disable`]: plain({ id }),
    [`GET ${subscription}/messages`]: plain({ id }),
    [`GET ${subscription}/messages/{messageId}`]: plain({ id, messageId: 'msg_1' }),
    [`GET ${subscription}/attempts`]: plain({ id }),
    [`POST ${subscription}/messages/{messageId}/replay`]: plain({ id, messageId: 'msg_1' }),
    [`POST ${hub}/sandbox/systems`]: () => ({
      json: { name: 'Hệ thống thử', provinceCode: 'ZZ', jwk },
    }),
  };
}

/** An answer published about A's feedback (made once the world is). */
const PUBLISHED_ANSWER = 'TL-2026-000001';

async function publishAnswer(w: World) {
  await w.db.query(
    `WITH item AS (
       INSERT INTO feedback_items (code, kind, owner_id, sent_by, sender_name, agency_code, title,
         body, publish_consent, status, answer_text, answered_at, created_at, updated_at)
       VALUES ('PAKN-2026-900001', 'procedure', $1, $1, 'A', $2, 'Giấy phép', 'Hỏi', true,
         'answered', 'Đáp', now(), now(), now())
       RETURNING id)
     INSERT INTO published_answers (feedback_id, code, kind, agency_code, title, question,
       answer, answered_at, published_at)
     SELECT id, $3, 'procedure', $2, 'Giấy phép', 'Hỏi', 'Đáp', now(), now() FROM item`,
    [w.ids.citizenA, w.agency1, PUBLISHED_ANSWER],
  );
}

/** A's feedback at agency 1, answered by O1 with a signed PDF (made once the world is). */
let feedbackOfA: { code: string; file: string };
const feedbackState = (w: World) =>
  w.db.query('SELECT status, version FROM feedback_items WHERE code = $1', [feedbackOfA.code]);

async function sendFeedback(w: World) {
  const sent = await w.as<{ code: string; version: number }>(
    w.callers.citizenA,
    {
      method: 'POST',
      url: '/api/v1/feedback',
      json: {
        kind: 'conduct',
        agencyCode: w.agency1,
        title: 'Thái độ phục vụ',
        body: 'Cán bộ một cửa không hướng dẫn đầy đủ giấy tờ cần nộp.',
        publishConsent: false,
      },
    },
    201,
  );
  const step = (json: Record<string, unknown>) =>
    w.as<{ version: number }>(
      w.callers.officer1,
      { method: 'POST', url: `/api/v1/feedback/handling/${sent.code}/steps`, json },
      200,
    );
  const accepted = await step({ action: 'accept', version: sent.version });
  await step({
    action: 'answer',
    version: accepted.version,
    text: 'Ủy ban nhân dân phường đã nhắc nhở cán bộ và niêm yết danh mục giấy tờ.',
    signedPdf: true,
  });
  const [file] = await w.db.query<{ id: string }>(
    `SELECT f.id FROM feedback_files f JOIN feedback_items i ON i.id = f.feedback_id
     WHERE i.code = $1`,
    [sent.code],
  );
  feedbackOfA = { code: sent.code, file: file!.id };
}

/** How the feedback routes are called: steps with a stale version change nothing. */
function feedbackRequests(): Record<string, (w: World) => Spec> {
  const item = () => ({ params: { code: feedbackOfA.code } });
  const file = () => ({ params: { code: feedbackOfA.code, id: feedbackOfA.file } });
  const stale = (w: World, json: Record<string, unknown>) => ({
    ...item(),
    json: { version: 999, ...json },
    untouched: () => feedbackState(w),
  });
  return {
    'POST /api/v1/feedback': (w) => ({
      json: {
        kind: 'conduct',
        agencyCode: w.agency1,
        title: 'Phản ánh thử',
        body: 'Nội dung phản ánh đủ dài để được tiếp nhận.',
        publishConsent: false,
      },
    }),
    'GET /api/v1/feedback': () => ({ secrets: [feedbackOfA.code] }),
    'GET /api/v1/feedback/{code}': item,
    'GET /api/v1/feedback/{code}/files/{id}': file,
    'POST /api/v1/feedback/{code}/reply': (w) => stale(w, { text: 'Thêm thông tin' }),
    'POST /api/v1/feedback/{code}/withdraw': (w) => stale(w, {}),
    'GET /api/v1/feedback/handling': () => ({ secrets: [feedbackOfA.code] }),
    'GET /api/v1/feedback/handling/{code}': item,
    'GET /api/v1/feedback/handling/{code}/files/{id}': file,
    'POST /api/v1/feedback/handling/{code}/steps': (w) => stale(w, { action: 'close' }),
  };
}

/** A's help ticket (made once the world is), and how the help routes are called. */
let ticketOfA: string;
const ticketState = (w: World) =>
  w.db.query('SELECT status, version FROM support_tickets WHERE id = $1', [ticketOfA]);

function helpRequests(): Record<string, (w: World) => Spec> {
  const ticket = { topic: 'payments', subject: 'Phí chưa cập nhật', message: 'Đã trừ tiền.' };
  const article = { topic: 'other', titleVi: 'Hỏi', bodyVi: 'Đáp', titleEn: 'Q', bodyEn: 'A' };
  const mine = () => ({ params: { id: ticketOfA }, secrets: [ticketOfA] });
  return {
    'GET /api/v1/help/articles': () => ({ query: { q: 'giay phep lai xe' } }),
    'GET /api/v1/help/articles/{id}': () => ({
      params: { id: 'doi-giay-phep-lai-xe-truc-tuyen-o-dau' },
    }),
    'POST /api/v1/help/tickets': () => ({
      json: { ...ticket, name: 'Người hỏi', phone: '0912345678' },
    }),
    'GET /api/v1/help/tickets/mine': () => ({ secrets: [ticketOfA] }),
    'GET /api/v1/help/tickets/mine/{id}': mine,
    'POST /api/v1/help/tickets/mine/{id}/replies': (w) => ({
      ...mine(),
      json: { body: 'Thêm thông tin' },
      untouched: () => ticketState(w),
    }),
    'GET /api/v1/help/tickets': () => ({}),
    'GET /api/v1/help/tickets/{id}': mine,
    'POST /api/v1/help/tickets/{id}/actions': (w) => ({
      ...mine(),
      json: { action: 'take', version: 0 },
      untouched: () => ticketState(w),
    }),
    'POST /api/v1/help/calls': () => ({
      json: { channel: 'phone', topic: 'other', outcome: 'answered', durationSeconds: 60 },
    }),
    'GET /api/v1/help/calls': () => ({}),
    'GET /api/v1/help/figures': () => ({}),
    'GET /api/v1/help/articles/all': () => ({}),
    'POST /api/v1/help/articles': () => ({ json: article }),
    'PUT /api/v1/help/articles/{id}': () => ({
      params: { id: 'doi-giay-phep-lai-xe-truc-tuyen-o-dau' },
      json: { ...article, version: 0, action: 'edit' },
    }),
  };
}

/** Answers to every criterion of a rating. */
const RATING = { onTime: true, visits: 0, conduct: 5, feesAsAnnounced: true, overall: 4 };

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
  'POST /api/v1/dossier-lookup': (w) => ({ json: { code: w.dossier, idNumber: w.personalIdA } }),
  'GET /api/v1/agencies/{code}/role-grants': (w) => ({ params: { code: w.agency1 } }),
  'POST /api/v1/agencies/{code}/role-grants': (w) => ({
    params: { code: w.agency1 },
    json: { email: w.spareOfficerEmail, role: 'processor' },
    untouched: () => grantsOfAgency1(w),
  }),
  'DELETE /api/v1/agencies/{code}/role-grants/{accountId}/{role}': (w) => ({
    params: { code: w.agency1, accountId: w.ids.spareOfficer, role: 'receiver' },
    untouched: () => grantsOfAgency1(w),
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
    untouched: () =>
      w.db.query(`SELECT steps FROM processing_workflows WHERE agency_code = $1`, [w.agency1]),
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
    json: { amount: 1_000_000_000, reason: 'Thu nhầm', version: 0 },
    untouched: () => orderState(w, w.paidOrder.id),
  }),
  'GET /api/v1/payments/totals': (w) => ({
    query: { from: FILED_DAY, to: FILED_DAY },
    secrets: [w.agency1],
  }),
  'GET /api/v1/payments/mismatches': (w) => ({ secrets: [w.agency1] }),
  'POST /api/v1/payments/mismatches/{id}/resolution': (w) => ({
    params: { id: w.mismatch },
    json: { resolution: 'Ngân hàng xác nhận số tiền chuyển thiếu' },
    untouched: () => openMismatchesOfAgency1(w),
  }),
  // The day agency 1's orders were paid (its mismatch settled by the row above): O2's run
  // of it must leave agency 1's mismatches as they are; O1's finds the wrong amount again.
  'POST /api/v1/payments/reconciliations': (w) => ({
    json: { day: FILED_DAY },
    untouched: () => openMismatchesOfAgency1(w),
  }),
  // A line naming agency 1's open order (short, so O1's import, after O2's, flags it and
  // pays nothing): O2's must not even record it.
  'POST /api/v1/payments/statements': (w) => ({
    csv: statementOf(w.wrongOrder, 1, 'FT26342999', FILED_DAY),
    untouched: () => orderState(w, w.wrongOrder.id),
  }),
  'GET /api/v1/ratings': () => ({}),
  'GET /api/v1/ratings/{code}': (w) => ({ params: { code: w.dossier } }),
  'POST /api/v1/ratings/{code}': (w) => ({
    params: { code: w.dossier },
    json: RATING,
    untouched: () => ratingOf(w, w.dossier),
  }),
  'PUT /api/v1/ratings/{code}': (w) => ({
    params: { code: w.dossier },
    json: { ...RATING, overall: 2 },
    untouched: () => ratingOf(w, w.dossier),
  }),
  'GET /api/v1/ratings/agencies': (w) => ({ query: { agency: w.agency1 } }),
  ...integrationRequests(),
  ...helpRequests(),
  ...feedbackRequests(),
  'GET /api/v1/feedback/answers': () => ({ query: { q: 'giay phep' } }),
  'GET /api/v1/feedback/answers/{code}': () => ({ params: { code: PUBLISHED_ANSWER } }),
  'GET /api/v1/statistics/ranking': () => ({ query: { kind: 'province' } }),
  'GET /api/v1/statistics/places/{unit}': () => ({ params: { unit: 'province:01' } }),
  'GET /api/v1/statistics/agencies/{code}': (w) => ({ params: { code: w.agency1 } }),
  'GET /api/v1/statistics/nation': () => ({}),
  'GET /api/v1/statistics/trend/{scope}': () => ({ params: { scope: 'province:01' } }),
  'GET /api/v1/statistics/definitions': () => ({}),
  'GET /api/v1/statistics/live': () => ({}),
  'GET /api/v1/backoffice/dashboard': () => ({}),
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
GET     /bills?code={bill}                                         D  A  S  D  D  D
GET     /backoffice                                                D  D  D  A  S  D
GET     /backoffice/dossiers/{dossier}                             D  D  D  A  D  D
GET     /backoffice/dossiers/{dossier}/files/{dossierFile}         D  D  D  A  D  D
GET     /backoffice/intake                                         D  D  D  A  S  D
# Payers' names with their dossiers' codes: not for an administrator, who works no dossier.
GET     /backoffice/payments                                       D  D  D  A  S  D
GET     /my/ratings                                                D  A  S  D  D  D
GET     /my/ratings/{dossier}                                      D  A  D  D  D  D
GET     /backoffice/ratings                                        D  D  D  A  S  S
GET     /backoffice/dashboard                                      D  D  D  A  S  A
GET     /backoffice/dashboard?agency={agency1}                     D  D  D  A  D  A
GET     /lookup?code={dossier}&idNumber={personalIdA}              A  A  A  A  A  A
# The integration hub's administration: the portal's administrators only.
GET     /admin/integration/clients                                 D  D  D  D  D  D
GET     /admin/integration/clients/new                             D  D  D  D  D  D
GET     /admin/integration/agencies                                D  D  D  D  D  D
GET     /admin/integration/messages                                D  D  D  D  D  D
GET     /admin/integration/webhooks                                D  D  D  D  D  D
GET     /feedback/new                                              D  A  A  D  D  D
GET     /my/feedback                                               D  A  S  D  D  D
GET     /my/feedback/{feedback}                                    D  A  D  D  D  D
GET     /backoffice/feedback                                       D  D  D  A  S  D
GET     /backoffice/feedback/{feedback}                            D  D  D  A  D  D
GET     /my/help                                                   D  A  S  S  S  S
GET     /my/help/{ticket}                                          D  A  D  D  D  D
GET     /backoffice/help                                           D  D  D  D  D  D
`);

const pagePlaceholders = (w: World): Record<string, string> => ({
  dossier: w.dossier,
  draft: w.draft,
  document: w.document,
  dossierFile: w.dossierFile,
  feeDossier: w.feeDossier,
  paidOrder: w.paidOrder.id,
  personalIdA: w.personalIdA,
  bill: w.bill,
  ticket: ticketOfA,
  feedback: feedbackOfA.code,
  agency1: w.agency1,
});

/** Probes of agency 1's things that a caller denied them, or acting for their own, must not change. */
const grantsOfAgency1 = (w: World) =>
  w.db.query(
    `SELECT account_id, role FROM role_grants WHERE agency_code = $1 ORDER BY account_id, role`,
    [w.agency1],
  );
const openMismatchesOfAgency1 = (w: World) =>
  w.db.query(
    `SELECT id::text FROM reconciliation_mismatches
     WHERE resolved_at IS NULL AND payee_agency_code = $1 ORDER BY id`,
    [w.agency1],
  );
const ratingOf = (w: World, code: string) =>
  w.db.query('SELECT overall, changed_at FROM ratings WHERE dossier_code = $1', [code]);
const orderState = (w: World, id: string) =>
  w.db.query(
    `SELECT o.status, o.refunded_amount::text, o.flag,
       (SELECT count(*)::int FROM bank_statement_lines l WHERE l.order_number = o.number) AS lines
     FROM payment_orders o WHERE o.id = $1`,
    [id],
  );

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
 * the row denies go first, then those let through for their own things only: one let
 * through in full may change what it touched (withdraw a dossier, settle a mismatch, pay an
 * order), and the others must find it as it was.
 */
async function check(w: World, rows: Row[], specOf: (row: Row) => Spec): Promise<string[]> {
  const failures: string[] = [];
  for (const row of rows) {
    const spec = specOf(row);
    const { params = {}, query = {}, secrets = [], untouched, ...out } = spec;
    const url = fill(row.path, params, query);
    const rank = { D: 0, S: 1, A: 2 };
    const order = [...CALLERS].sort((a, b) => rank[row.expected[a]] - rank[row.expected[b]]);
    for (const name of order) {
      const expected = row.expected[name];
      const probe = untouched && expected !== 'A' ? untouched : async () => null;
      const before = JSON.stringify(await probe());
      const answer = await send(w.app, w.callers[name], { ...out, method: row.method, url });
      const after = JSON.stringify(await probe());
      if (after !== before) {
        failures.push(`${keyOf(row)} as ${name}: changed what it must not: ${before} → ${after}`);
      }
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
  // A is invited to rate A's dossier, as if its result were returned (the ratings' own row).
  await w.db.query(
    `INSERT INTO rating_invitations (dossier_code, source, agency_code, procedure_code,
       account_id, returned_at, invited_at, closes_at)
     VALUES ($1, 'portal', $2, '2.001009', $3, $4, $4, $4::timestamptz + interval '30 days')`,
    [w.dossier, w.agency1, w.ids.citizenA, w.clock.now()],
  );
  const ticket = { topic: 'payments', subject: 'Phí chưa cập nhật', message: 'Đã trừ tiền.' };
  const url = '/api/v1/help/tickets';
  const made = await w.as<{ id: string }>(
    w.callers.citizenA,
    { method: 'POST', url, json: ticket },
    201,
  );
  ticketOfA = made.id;
  await publishAnswer(w);
  await sendFeedback(w);
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
