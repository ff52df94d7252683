import { describe, expect, it } from 'vitest';
import { createTestApp, settableClock } from '../../../test/helpers.js';
import { officerWithRoles, sessionCookie, simulatedCitizen } from '../../../test/sessions.js';
import { TEST_IDENTITIES } from '../identity/index.js';
import type { CallLogged, TicketChanged } from './index.js';
import { SupportRepository } from './repository.js';
import { TicketService } from './tickets.js';

// A Friday, 10:00 in Vietnam: the answer's time target runs over the weekend to Monday.
const clock = settableClock('2026-12-04T03:00:00Z');
const { app, db, modules } = await createTestApp({ clock });
const HELP_DESK = '000.00.00.G17';
// Accounts; each request signs in afresh at the clock's time (sessions last 12 hours).
const support = await officerWithRoles(db, 'Vũ Thị Mai', HELP_DESK, ['support']);
const receiver = await officerWithRoles(db, 'Trần Văn Khoa', HELP_DESK, ['receiver']);
const an = await simulatedCitizen(db, 0);
const binh = await simulatedCitizen(db, 1);

const ticketChanges: TicketChanged[] = [];
const calls: CallLogged[] = [];
modules.support.onTicketChanged((event) => ticketChanges.push(event));
modules.support.onCallLogged((event) => calls.push(event));

/** Each request from a client of its own: the contact form's limit is tested on its own. */
let client = 0;
const headers = async (who?: string) => ({
  ...(who ? { cookie: await sessionCookie(db, who, clock.now()) } : {}),
});
const get = async (url: string, who?: string) =>
  app.inject({ method: 'GET', url, headers: await headers(who) });
const send = async (method: 'POST' | 'PUT', url: string, payload: unknown, who?: string) =>
  app.inject({
    method,
    url,
    headers: { 'content-type': 'application/json', ...(await headers(who)) },
    payload: JSON.stringify(payload),
    remoteAddress: `10.0.${Math.floor(++client / 250)}.${client % 250}`,
  });
const post = (url: string, payload: unknown, who?: string) => send('POST', url, payload, who);

const search = async (q: string, lang = 'vi') => {
  const answer = await get(`/api/v1/help/articles?q=${encodeURIComponent(q)}&lang=${lang}`);
  expect(answer.statusCode).toBe(200);
  return answer.json<{ total: number; corrected: string | null; items: { slug: string }[] }>();
};

const ticket = {
  topic: 'payments',
  procedureCode: '2.002511',
  subject: 'Đã trừ tiền nhưng chưa cập nhật',
  message:
    'Tôi thanh toán tiền điện lúc 9 giờ, ngân hàng đã trừ tiền nhưng hồ sơ vẫn báo chưa nộp.',
};

describe('the knowledge base', () => {
  it('is found with or without diacritics and through a typo, in the page’s language', async () => {
    const exact = await search('giấy phép lái xe');
    expect(exact.total).toBeGreaterThan(0);
    const slug = exact.items[0]!.slug;
    expect(slug).toBe('doi-giay-phep-lai-xe-truc-tuyen-o-dau');
    expect((await search('giay phep lai xe')).items[0]!.slug).toBe(slug);
    const typo = await search('giay phep lia xe');
    expect(typo.items[0]!.slug).toBe(slug);
    expect(typo.corrected).toBe('giay phep lai xe');
    expect((await search('driving licence', 'en')).items[0]!.slug).toBe(slug);
    expect((await search('driving licence', 'vi')).total).toBe(0);
  });

  it('is filtered by topic and read by slug or id; an unknown one is 404', async () => {
    const byTopic = await get('/api/v1/help/articles?topic=payments');
    const items = byTopic.json<{ items: { id: string; topic: string; slug: string }[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((a) => a.topic === 'payments')).toBe(true);
    const bySlug = await get(`/api/v1/help/articles/${items[0]!.slug}`);
    const byId = await get(`/api/v1/help/articles/${items[0]!.id}`);
    expect(bySlug.json()).toEqual(byId.json());
    expect((await get('/api/v1/help/articles/khong-co')).statusCode).toBe(404);
  });

  it('refuses hostile queries as problem details', async () => {
    for (const query of ['q=' + 'a'.repeat(201), 'topic=nope', 'limit=1000', 'offset=-1', 'x=1']) {
      const answer = await get(`/api/v1/help/articles?${query}`);
      expect(answer.statusCode, query).toBe(400);
      expect(answer.headers['content-type']).toContain('application/problem+json');
    }
  });
});

describe('the contact form’s API', () => {
  it('opens a ticket for someone not signed in, due 8 working hours later (Monday)', async () => {
    const answer = await post('/api/v1/help/tickets', {
      ...ticket,
      name: 'Lê Thị Hoa',
      email: 'hoa@example.vn',
    });
    expect(answer.statusCode).toBe(201);
    const made = answer.json<{ code: string; status: string; dueAt: string; id: string }>();
    expect(made.code).toMatch(/^HT-261204-[A-Z2-9]{6}$/);
    expect(made.status).toBe('open');
    expect(made.dueAt).toBe('2026-12-07T03:00:00.000Z');
    expect(ticketChanges.at(-1)).toMatchObject({
      code: made.code,
      action: 'open',
      topic: 'payments',
    });
    // Nobody's account: nobody reads it through the API but support staff.
    expect((await get(`/api/v1/help/tickets/mine/${made.id}`, an.id)).statusCode).toBe(404);
  });

  it('draws another code when the one drawn was given already', async () => {
    // Another topic and no procedure: the weekly figures below count only the others.
    const unrelated = { topic: 'results', subject: ticket.subject, message: ticket.message };
    const given = await post('/api/v1/help/tickets', {
      ...unrelated,
      name: 'Lê Thị Hoa',
      phone: '0912345678',
    });
    expect(given.statusCode).toBe(201);
    const draws = [given.json<{ code: string }>().code, 'HT-261204-ZZZZ22'];
    const tickets = new TicketService(
      db,
      clock,
      {
        repository: new SupportRepository(db),
        catalog: modules.catalog.service,
        calendar: modules.calendar.service,
        notifications: modules.notifications.service,
      },
      () => draws.shift()!,
    );
    const made = await tickets.open(
      { ...unrelated, name: 'Đỗ Văn Nam', phone: '0987654321' },
      null,
      'vi',
    );
    expect(made.code).toBe('HT-261204-ZZZZ22');
    expect(draws).toEqual([]);
    const [found] = await db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM support_tickets WHERE code = ANY($1)`,
      [[given.json<{ code: string }>().code, made.code]],
    );
    expect(found?.count).toBe(2);
  });

  it('needs a way to answer someone not signed in, and checks every field', async () => {
    const unreachable = await post('/api/v1/help/tickets', { ...ticket, name: 'Hoa' });
    expect(unreachable.statusCode).toBe(422);
    const fields = (r: typeof unreachable) =>
      r.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields(unreachable)).toEqual(['email']);
    const wrong = await post('/api/v1/help/tickets', {
      ...ticket,
      procedureCode: '9.999999',
      subject: '   ',
      email: 'not-an-address',
      phone: '12345',
    });
    expect(wrong.statusCode).toBe(422);
    expect(fields(wrong).sort()).toEqual(['email', 'name', 'phone', 'procedureCode', 'subject']);
  });

  it('refuses what is not a ticket before reading it', async () => {
    const cases: [unknown, number][] = [
      [{ ...ticket, name: 'A', email: 'a@b.vn', admin: true }, 400],
      [{ ...ticket, topic: 'everything', name: 'A', email: 'a@b.vn' }, 400],
      [{ ...ticket, message: 'x'.repeat(5001), name: 'A', email: 'a@b.vn' }, 400],
      [{ ...ticket, message: 'nul\u0000', name: 'A', email: 'a@b.vn' }, 400],
      [[ticket], 400],
    ];
    for (const [payload, status] of cases) {
      expect((await post('/api/v1/help/tickets', payload)).statusCode).toBe(status);
    }
    const form = await app.inject({
      method: 'POST',
      remoteAddress: '10.1.0.1',
      url: '/api/v1/help/tickets',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'topic=other',
    });
    expect(form.statusCode).toBe(415);
  });
});

describe('the contact form’s limit', () => {
  it('opens at most 10 tickets a minute from one client', async () => {
    const from = (n: number) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/help/tickets',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          ...ticket,
          procedureCode: undefined,
          topic: 'other',
          name: 'A',
          email: `a${n}@b.vn`,
        }),
        remoteAddress: '10.2.0.1',
      });
    const answers = [];
    for (let n = 0; n < 11; n++) answers.push((await from(n)).statusCode);
    expect(answers).toEqual([...Array<number>(10).fill(201), 429]);
  });
});

describe('a signed-in person’s tickets and the support desk', () => {
  it('links the ticket to the account; the desk answers; the person reads it and writes again', async () => {
    const opened = await post('/api/v1/help/tickets', ticket, an.id);
    expect(opened.statusCode).toBe(201);
    const mine = opened.json<{ id: string; code: string; version: number; contact: unknown }>();
    expect(mine.contact).toEqual({
      name: an.name,
      email: TEST_IDENTITIES[0]!.email,
      phone: TEST_IDENTITIES[0]!.phone,
    });
    const list = await get('/api/v1/help/tickets/mine', an.id);
    expect(list.json<{ items: { id: string }[] }>().items.map((t) => t.id)).toEqual([mine.id]);
    // Another person's ticket does not exist for them.
    expect((await get(`/api/v1/help/tickets/mine/${mine.id}`, binh.id)).statusCode).toBe(404);
    const replyAsBinh = await post(
      `/api/v1/help/tickets/mine/${mine.id}/replies`,
      { body: 'x' },
      binh.id,
    );
    expect(replyAsBinh.statusCode).toBe(404);

    const act = (action: string, version: number, body?: string) =>
      post(`/api/v1/help/tickets/${mine.id}/actions`, { action, version, body }, support);
    const taken = await act('take', mine.version);
    expect(taken.json()).toMatchObject({
      status: 'in_progress',
      dueAt: '2026-12-07T03:00:00.000Z',
    });
    const noted = await act('note', taken.json<{ version: number }>().version, 'Đã hỏi ngân hàng');
    expect(noted.statusCode).toBe(200);
    // The version the agent saw is stale now: nothing changes.
    expect((await act('resolve', mine.version, 'Trả lời')).statusCode).toBe(409);
    const answer = 'Ngân hàng đã xác nhận, khoản phí được ghi nhận lúc 14:00.';
    const resolved = await act('resolve', noted.json<{ version: number }>().version, answer);
    expect(resolved.json()).toMatchObject({ status: 'resolved', dueAt: null });
    const [notice] = await db.query<{ body: string }>(
      `SELECT body FROM notifications WHERE account_id = $1 AND template = 'help_ticket_answered'
       AND channel = 'in_app'`,
      [an.id],
    );
    expect(notice!.body).toContain(answer);

    const seen = await get(`/api/v1/help/tickets/mine/${mine.id}`, an.id);
    const timeline = seen.json<{ timeline: { kind: string; body: string; author: unknown }[] }>()
      .timeline;
    expect(timeline.map((e) => e.kind)).toEqual(['message', 'status', 'reply']);
    expect(timeline.at(-1)).toMatchObject({ body: answer, author: null });

    // Not helped: the person writes again, and support owes an answer by the next target.
    clock.instant = new Date('2026-12-07T08:00:00Z');
    const again = await post(
      `/api/v1/help/tickets/mine/${mine.id}/replies`,
      { body: 'Vẫn chưa thấy.' },
      an.id,
    );
    expect(again.json()).toMatchObject({ status: 'open', dueAt: '2026-12-08T08:00:00.000Z' });
    const full = await get(`/api/v1/help/tickets/${mine.id}`, support);
    const kinds = full.json<{ timeline: { kind: string; author: string | null }[] }>().timeline;
    expect(kinds.map((e) => e.kind)).toEqual(['message', 'status', 'note', 'reply', 'message']);
    expect(kinds[3]!.author).toBe('Vũ Thị Mai');
    expect(ticketChanges.filter((e) => e.ticketId === mine.id).map((e) => e.action)).toEqual([
      'open',
      'take',
      'note',
      'resolve',
      'person_reply',
    ]);
    clock.instant = new Date('2026-12-04T03:00:00Z');
  });

  it('lists the desk’s tickets overdue first; closed ones refuse every action', async () => {
    clock.instant = new Date('2026-12-10T03:00:00Z');
    const late = await post('/api/v1/help/tickets', { ...ticket, subject: 'Mới' }, binh.id);
    const desk = await get('/api/v1/help/tickets', support);
    const items = desk.json<{ items: { id: string; overdue: boolean }[] }>().items;
    expect(items.length).toBeGreaterThan(1);
    expect(items[0]!.overdue).toBe(true);
    expect(items.at(-1)!.overdue).toBe(false);
    expect(items.findIndex((t) => t.id === late.json<{ id: string }>().id)).toBeGreaterThan(0);
    const { id, version } = late.json<{ id: string; version: number }>();
    const asked = await post(
      `/api/v1/help/tickets/${id}/actions`,
      { action: 'ask', version, body: 'Mã giao dịch?' },
      support,
    );
    const closed = await post(
      `/api/v1/help/tickets/${id}/actions`,
      { action: 'close', version: version + 1 },
      support,
    );
    expect([asked.statusCode, closed.json<{ status: string }>().status]).toEqual([200, 'closed']);
    for (const action of ['take', 'resolve', 'reopen', 'note']) {
      const refused = await post(
        `/api/v1/help/tickets/${id}/actions`,
        { action, version: version + 2, body: 'x' },
        support,
      );
      expect(refused.json<{ code: string }>().code, action).toBe('invalid_transition');
    }
    const fromPerson = await post(
      `/api/v1/help/tickets/${id}/actions`,
      { action: 'person_reply', version: version + 2, body: 'x' },
      support,
    );
    expect(fromPerson.statusCode).toBe(400);
    clock.instant = new Date('2026-12-04T03:00:00Z');
  });

  it('is support staff’s only: other officers 403, people 403, nobody 401', async () => {
    for (const url of ['/api/v1/help/tickets', '/api/v1/help/calls', '/api/v1/help/figures']) {
      expect((await get(url, receiver)).statusCode, url).toBe(403);
      expect((await get(url, an.id)).statusCode, url).toBe(403);
      expect((await get(url)).statusCode, url).toBe(401);
    }
    expect((await get('/api/v1/help/tickets/mine')).statusCode).toBe(401);
    expect((await get('/api/v1/help/tickets/not-a-uuid', support)).statusCode).toBe(404);
  });
});

describe('the hotline’s log and the weekly figures', () => {
  it('logs calls with the caller’s account when their ID number is known, and counts them', async () => {
    const call = {
      channel: 'phone',
      topic: 'sign_in',
      outcome: 'answered',
      durationSeconds: 270,
      summary: 'Hướng dẫn đăng nhập bằng VNeID',
    };
    const known = await post(
      '/api/v1/help/calls',
      { ...call, idNumber: TEST_IDENTITIES[0]!.personalId },
      support,
    );
    expect(known.statusCode).toBe(201);
    expect(known.json()).toMatchObject({
      accountId: an.id,
      agent: 'Vũ Thị Mai',
      durationSeconds: 270,
    });
    expect(calls.at(-1)).toMatchObject({
      channel: 'phone',
      topic: 'sign_in',
      durationSeconds: 270,
    });
    const chat = { ...call, channel: 'chat', topic: 'payments', procedureCode: '2.002511' };
    expect((await post('/api/v1/help/calls', chat, support)).statusCode).toBe(201);
    const unknown = await post(
      '/api/v1/help/calls',
      { ...call, idNumber: '001099999999' },
      support,
    );
    expect(unknown.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
      'idNumber',
    ]);
    for (const bad of [
      { ...call, durationSeconds: -1 },
      { ...call, durationSeconds: 86_401 },
      { ...call, channel: 'fax' },
    ]) {
      expect((await post('/api/v1/help/calls', bad, support)).statusCode).toBe(400);
    }
    expect((await post('/api/v1/help/calls', call, receiver)).statusCode).toBe(403);

    const week = await get('/api/v1/help/figures?week=2026-12-02', support);
    const figures = week.json<{
      week: { from: string; to: string };
      byTopic: { key: string; phone: number; chat: number; tickets: number }[];
      byProcedure: { key: string | null; chat: number; tickets: number }[];
    }>();
    expect(figures.week).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(figures.byTopic.find((r) => r.key === 'sign_in')).toMatchObject({ phone: 1, chat: 0 });
    const payments = figures.byTopic.find((r) => r.key === 'payments')!;
    expect(payments).toMatchObject({ chat: 1, tickets: 2 });
    expect(figures.byProcedure.find((r) => r.key === '2.002511')).toMatchObject({
      chat: 1,
      tickets: 2,
    });
    const next = await get('/api/v1/help/figures?week=2026-12-09', support);
    expect(next.json<{ byTopic: { tickets: number }[] }>().byTopic).toEqual([
      expect.objectContaining({ key: 'payments', tickets: 1 }),
    ]);
    expect((await get('/api/v1/help/figures?week=tuesday', support)).statusCode).toBe(400);
  });
});

describe('writing the knowledge base', () => {
  const article = {
    topic: 'results',
    procedureCodes: ['1.001193'],
    titleVi: 'Nhận bản điện tử giấy khai sinh ở đâu?',
    bodyVi: 'Bản điện tử có trong Kho dữ liệu của bạn sau khi hồ sơ trả kết quả.',
    titleEn: 'Where do I get the electronic birth certificate?',
    bodyEn: 'The electronic copy is in your data store once the dossier’s result is returned.',
  };

  it('drafts are unseen until published; a stale edit is refused; withdrawn ones leave the search', async () => {
    const made = await post('/api/v1/help/articles', article, support);
    expect(made.statusCode).toBe(201);
    const { id, slug, version } = made.json<{ id: string; slug: string; version: number }>();
    expect(slug).toBe('nhan-ban-dien-tu-giay-khai-sinh-o-dau');
    expect((await get(`/api/v1/help/articles/${slug}`)).statusCode).toBe(404);
    expect((await search('kho du lieu khai sinh')).total).toBe(0);
    const put = (body: unknown) => send('PUT', `/api/v1/help/articles/${id}`, body, support);
    const published = await put({ ...article, version, action: 'publish' });
    expect(published.json()).toMatchObject({ status: 'published', version: version + 1 });
    expect((await search('kho du lieu khai sinh')).items.map((a) => a.slug)).toEqual([slug]);
    expect((await put({ ...article, version, action: 'edit' })).statusCode).toBe(409);
    const withdrawn = await put({ ...article, version: version + 1, action: 'unpublish' });
    expect(withdrawn.json()).toMatchObject({ status: 'draft' });
    expect((await search('kho du lieu khai sinh')).total).toBe(0);
    expect((await put({ ...article, version: version + 2, action: 'unpublish' })).statusCode).toBe(
      409,
    );
    const unknown = await post(
      '/api/v1/help/articles',
      { ...article, procedureCodes: ['1.0'], titleEn: '' },
      support,
    );
    expect(
      unknown
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['procedureCodes', 'titleEn']);
    expect((await post('/api/v1/help/articles', article, receiver)).statusCode).toBe(403);
    expect((await post('/api/v1/help/articles', article)).statusCode).toBe(401);
  });
});
