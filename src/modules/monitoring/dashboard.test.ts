import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db.js';
import { createTestApp, settableClock } from '../../../test/helpers.js';
import { badinhWard } from '../../../test/dossiers.js';
import { officerWithRoles, sessionCookie, simulatedCitizen } from '../../../test/sessions.js';
import type { Dashboard } from './dashboard.js';

/**
 * The leaders' dashboard over HTTP (issue 17, items 5 and 6), on known rows: at 10:00 on
 * Wednesday 2 December 2026 (Vietnam), the Ba Đình ward holds two overdue dossiers, one due
 * on Thursday (within two working days) and one due in ten days (not soon); one overdue but
 * waiting on its applicant (its clock stopped) and one returned are not counted. Hà Nội's
 * People's Committee holds one overdue dossier of its own. The ward has two open feedback
 * items, one past its deadline; the index's totals give it 1 late of 4 resolved this year,
 * and its procedure 2.001009 three ratings averaging 3.0 (0.5 on the 0–1 scale); two synced
 * dossiers are wrong (an impossible transition; returned without a date of return).
 */
const NOW = new Date('2026-12-02T03:00:00Z');
const DAY = 86_400_000;
const clock = settableClock(NOW.toISOString());
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let ward: string;
let committee: string;
const cookies: Record<'receiver' | 'approver' | 'leader' | 'admin', string> = {
  receiver: '',
  approver: '',
  leader: '',
  admin: '',
};

async function dossier(db: Database, agency: string, status: number, dueAt: Date, owner: string) {
  await db.query(
    `INSERT INTO dossiers (code, owner_id, filed_by, procedure_code, procedure_version, agency_code,
       handling_agency_code, channel, status, answers, applicant_name, applicant_id_number,
       created_at, updated_at, submitted_at, due_at)
     VALUES ($1, $2, $2, '2.001009', 1, $3, $3, 2, $4, '{}', 'Công dân', '001090000001',
       $5, $5, $5, $6)`,
    [
      `T-${randomUUID().slice(0, 8)}`,
      owner,
      agency,
      status,
      new Date(NOW.getTime() - 5 * DAY),
      dueAt,
    ],
  );
}

async function feedback(db: Database, agency: string, dueAt: Date, owner: string) {
  await db.query(
    `INSERT INTO feedback_items (code, kind, owner_id, sent_by, sender_name, agency_code, title, body,
       publish_consent, status, deadline_kind, due_at, created_at, updated_at)
     VALUES ($1, 'procedure', $2, $2, 'Công dân', $3, 'Hỏi', 'Nội dung', false, 'in_progress',
       'answer', $4, $5, $5)`,
    [`PA-${randomUUID().slice(0, 8)}`, owner, agency, dueAt, new Date(NOW.getTime() - 10 * DAY)],
  );
}

async function synced(db: Database, agency: string, status: number, flag: boolean) {
  await db.query(
    `INSERT INTO synced_dossiers (code, client_id, procedure_code, agency_code, channel, applicant_name,
       applicant_id_number, status, last_event_at, received_at, due_at, returned_at, flag_count,
       last_flag, last_flag_at, created_at, updated_at)
     VALUES ($1, $2, '2.001009', $3, 1, 'Công dân', '001090000001', $4, $5, $5, $6, NULL, $7, $8, $9, $5, $5)`,
    [
      `S-${randomUUID().slice(0, 8)}`,
      randomUUID(),
      agency,
      status,
      new Date(NOW.getTime() - 2 * DAY),
      new Date(NOW.getTime() + 3 * DAY),
      flag ? 1 : 0,
      flag ? 'impossible_transition: 10 → 4' : null,
      flag ? new Date(NOW.getTime() - DAY) : null,
    ],
  );
}

beforeAll(async () => {
  ctx = await createTestApp({ clock });
  const { db } = ctx;
  ward = await badinhWard(db);
  const [ppc] = await db.query<{ code: string }>(
    `SELECT code FROM agencies WHERE kind = 'province_people_committee' AND province_code = '01'`,
  );
  committee = ppc!.code;
  const { id: citizen } = await simulatedCitizen(db);
  const at = (days: number) => new Date(NOW.getTime() + days * DAY);
  await dossier(db, ward, 2, at(-1), citizen);
  await dossier(db, ward, 2, at(-3), citizen);
  await dossier(db, ward, 2, at(1), citizen);
  await dossier(db, ward, 2, at(10), citizen);
  await dossier(db, ward, 5, at(-2), citizen);
  await dossier(db, ward, 10, at(-4), citizen);
  await dossier(db, committee, 6, at(-1), citizen);
  await feedback(db, ward, at(-1), citizen);
  await feedback(db, ward, at(3), citizen);
  await synced(db, ward, 4, true);
  await synced(db, ward, 10, false);
  await synced(db, ward, 4, false);
  await db.query(
    `INSERT INTO monitoring_totals (period, scope, metric, value) VALUES
       ('2026', $1, 'resolved', 4), ('2026', $1, 'resolved_late', 1), ('2026-12', $1, 'resolved', 2)`,
    [`agency:${ward}`],
  );
  await db.query(
    `INSERT INTO monitoring_counts (agency_code, day, procedure_code, channel, metric, value) VALUES
       ($1, '2026-11-20', '2.001009', 0, 'rated', 3), ($1, '2026-11-20', '2.001009', 0, 'rating_points_milli', 1500)`,
    [ward],
  );
  const session = async (agency: string, roles: string[]) =>
    sessionCookie(db, await officerWithRoles(db, 'Lãnh đạo', agency, roles), NOW);
  cookies.receiver = await session(ward, ['receiver', 'processor']);
  cookies.approver = await session(ward, ['approver']);
  cookies.leader = await session(committee, ['approver']);
  cookies.admin = await session(ward, ['agency_admin']);
});

const get = (url: string, who: keyof typeof cookies, accept = 'application/json') =>
  ctx.app.inject({ url, headers: { cookie: cookies[who], accept } });

describe('who may see the dashboard', () => {
  it('refuses a receiver: 403 problem on the API, a page that says so', async () => {
    const api = await get('/api/v1/backoffice/dashboard', 'receiver');
    expect(api.statusCode).toBe(403);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ status: 403, code: 'not_leader' });
    const page = await get('/backoffice/dashboard', 'receiver', 'text/html');
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Bảng điều hành dành cho lãnh đạo cơ quan');
  });

  it('sends nobody signed in to sign in, and answers 401 on the API', async () => {
    const api = await ctx.app.inject({
      url: '/api/v1/backoffice/dashboard',
      headers: { accept: 'application/json' },
    });
    expect(api.statusCode).toBe(401);
  });

  it('does not say another agency exists for someone who does not lead it (404)', async () => {
    const other = await get(`/api/v1/backoffice/dashboard?agency=${committee}`, 'approver');
    expect(other.statusCode).toBe(404);
  });

  it('shows a ward approver their own agency, counted right', async () => {
    const response = await get('/api/v1/backoffice/dashboard', 'approver');
    expect(response.statusCode).toBe(200);
    const dashboard = response.json<Dashboard>();
    expect(dashboard.leading.code).toBe(ward);
    expect(dashboard.agencies.map((line) => line.code)).toEqual([ward]);
    expect(dashboard.agencies[0]).toMatchObject({
      overdue: 2,
      dueSoon: 1,
      feedbackOpen: 2,
      feedbackOverdue: 1,
      lateRateYear: 0.25,
      links: {
        inbox: `/backoffice?agency=${ward}&due=late`,
        feedback: '/backoffice/feedback',
        ratings: `/backoffice/ratings?agency=${ward}`,
      },
    });
    expect(dashboard.deadlines).toEqual([
      expect.objectContaining({
        overdue: 2,
        dueSoon: 1,
        procedure: expect.objectContaining({ code: '2.001009' }),
      }),
    ]);
    expect(dashboard.lateRate.year).toEqual({ period: '2026', resolved: 4, late: 1, rate: 0.25 });
    expect(dashboard.lateRate.month).toEqual({ period: '2026-12', resolved: 2, late: 0, rate: 0 });
    expect(dashboard.lowestRated).toEqual([
      expect.objectContaining({
        rated: 3,
        average: 3,
        procedure: expect.objectContaining({ code: '2.001009' }),
      }),
    ]);
    expect(dashboard.quality.total).toBe(2);
    expect(dashboard.quality.items.map((item) => item.problems)).toEqual([
      ['impossible_transition'],
      ['no_returned_at'],
    ]);
  });

  it('lets an agency administrator see it too, without links into dossiers they do not work', async () => {
    const dashboard = (await get('/api/v1/backoffice/dashboard', 'admin')).json<Dashboard>();
    expect(dashboard.agencies[0]!.links).toEqual({
      inbox: null,
      feedback: null,
      ratings: `/backoffice/ratings?agency=${ward}`,
    });
  });

  it('shows a leader of the province people committee the agencies of the province', async () => {
    const dashboard = (await get('/api/v1/backoffice/dashboard', 'leader')).json<Dashboard>();
    expect(dashboard.leading.code).toBe(committee);
    const lines = new Map(dashboard.agencies.map((line) => [line.code, line]));
    expect([...lines.keys()].sort()).toEqual([committee, ward].sort());
    expect(lines.get(ward)).toMatchObject({ overdue: 2, dueSoon: 1, links: { inbox: null } });
    expect(lines.get(committee)).toMatchObject({ overdue: 1, dueSoon: 0 });
    expect(lines.get(committee)!.links.inbox).toBe(`/backoffice?agency=${committee}&due=late`);
    expect(dashboard.quality.total).toBe(2);
  });

  it('draws the page with the counts, the work links and data quality', async () => {
    const page = await get('/backoffice/dashboard', 'approver', 'text/html');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Bảng điều hành</h1>');
    expect(page.body).toContain(`href="/backoffice?agency=${ward}&amp;procedure=2.001009"`);
    expect(page.body).toContain('Chuyển trạng thái không hợp lệ');
    expect(page.body).toContain('Thiếu ngày trả kết quả');
    expect(page.body).toContain('25%');
    const english = await get('/backoffice/dashboard?lang=en', 'approver', 'text/html');
    expect(english.body).toContain('Leaders’ dashboard');
    expect(english.body).toContain('Impossible transition');
  });

  it('links the inbox to the dashboard for those who lead, and not for a receiver', async () => {
    const leader = await get('/backoffice', 'approver', 'text/html');
    expect(leader.body).toContain('href="/backoffice/dashboard"');
    const receiver = await get('/backoffice', 'receiver', 'text/html');
    expect(receiver.body).not.toContain('href="/backoffice/dashboard"');
  });

  it('filters the inbox by agency and procedure, as the dashboard links it', async () => {
    const page = await get(`/backoffice?agency=${ward}&due=late`, 'approver', 'text/html');
    expect(page.statusCode).toBe(200);
    expect(page.body.match(/href="\/backoffice\/dossiers\/T-/g)).toHaveLength(2);
  });
});
