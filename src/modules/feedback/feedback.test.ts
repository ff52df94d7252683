import { beforeAll, describe, expect, it } from 'vitest';
import { settableClock, startTestServer } from '../../../test/helpers.js';
import { signInAs, type CookieClient } from '../../../test/browser-client.js';
import { officerWithRoles, sessionCookie, simulatedCitizen } from '../../../test/sessions.js';
import { badinhWard, fileCertifiedCopy } from '../../../test/dossiers.js';
import type { Database } from '../../platform/db.js';

/*
 * Feedback through the API on a real server: sent about a dossier, forwarded, accepted,
 * asked about, answered with a signed PDF; deadlines on the working calendar, forwarding
 * limits (one forward allowed here), escalation, merging, rejection, and who sees what.
 */

// Tuesday 24 November 2026, 09:00 in Vietnam.
const NOW = '2026-11-24T02:00:00.000Z';
const clock = settableClock(NOW);
const JUSTICE = '000.00.01.H01'; // Sở Tư pháp thành phố Hà Nội
const INTERIOR = '000.00.07.H01'; // Sở Nội vụ thành phố Hà Nội

let base: string;
let db: Database;
let modules: Awaited<ReturnType<typeof startTestServer>>['modules'];
let an: CookieClient;
let other: string;
let ward: string;
let wardOfficer: string;
let wardOfficerId: string;
let wardLeaderId: string;
let justiceOfficer: string;
let dossierCode: string;

interface Item {
  code: string;
  status: string;
  version: number;
  agencyCode: string;
  deadline: string | null;
  dueAt: string | null;
  escalatedAt: string | null;
  forwardCount: number;
  answer: string | null;
  senderName?: string;
  timeline: { action: string; status: string; toAgency: string | null; note: string | null }[];
  files: { id: string; purpose: string; mediaType: string }[];
  mergedInto: { code: string; answer: string | null } | null;
  code_?: never;
  errors?: { field: string }[];
  total: number;
  items: Item[];
}

type Caller = CookieClient | string;

async function call(who: Caller, method: string, path: string, body?: unknown) {
  const init = {
    method,
    headers: {
      accept: 'application/json',
      ...(typeof who === 'string' ? { cookie: who } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
  const response =
    typeof who === 'string' ? await fetch(base + path, init) : await who.request(path, init);
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: (text.startsWith('{') ? JSON.parse(text) : {}) as Item & { code: string },
    text,
  };
}

const send = (who: Caller, body: Record<string, unknown>) =>
  call(who, 'POST', '/api/v1/feedback', {
    title: 'Hồ sơ chứng thực bị trả chậm',
    body: 'Hồ sơ của tôi đã quá hạn trả kết quả mà không nhận được thư xin lỗi nào.',
    publishConsent: true,
    ...body,
  });

const step = (who: string, code: string, body: Record<string, unknown>) =>
  call(who, 'POST', `/api/v1/feedback/handling/${code}/steps`, body);

beforeAll(async () => {
  ({ base, db, modules } = await startTestServer({
    clock,
    env: {
      SUBMISSION_RATE_LIMIT_PER_MINUTE: '1000',
      RATE_LIMIT_PER_MINUTE: '10000',
      FEEDBACK_MAX_FORWARDS: '1',
    },
  }));
  an = await signInAs(base, 'vneid-001');
  other = await sessionCookie(db, (await simulatedCitizen(db, 1)).id);
  ward = await badinhWard(db);
  const officer = async (name: string, at: string, roles: string[]) => {
    const id = await officerWithRoles(db, name, at, roles);
    return { id, cookie: await sessionCookie(db, id, new Date(NOW)) };
  };
  ({ id: wardOfficerId, cookie: wardOfficer } = await officer('Trần Văn Khoa', ward, [
    'receiver',
    'processor',
  ]));
  wardLeaderId = (await officer('Nguyễn Thị Lan', ward, ['approver'])).id;
  justiceOfficer = (await officer('Phạm Minh Châu', JUSTICE, ['processor'])).cookie;
  dossierCode = await fileCertifiedCopy(an, ward);
});

describe('feedback about a dossier, from sending to the answer', () => {
  let code: string;

  it('goes to the dossier’s agency with the triage deadline on the working calendar', async () => {
    const sent = await send(an, { kind: 'dossier', dossierCode });
    expect(sent.status).toBe(201);
    code = sent.body.code;
    expect(code).toMatch(/^PAKN-2026-\d{6}$/);
    expect(sent.body).toMatchObject({ status: 'submitted', agencyCode: ward, deadline: 'triage' });
    // Received Tuesday 24/11 before closing: 5 working days later is Tuesday 1/12, at closing.
    expect(sent.body.dueAt!.slice(0, 10)).toBe('2026-12-01');
  });

  it('is nobody else’s to read: another citizen and another agency get 404', async () => {
    expect((await call(other, 'GET', `/api/v1/feedback/${code}`)).status).toBe(404);
    expect((await call(justiceOfficer, 'GET', `/api/v1/feedback/handling/${code}`)).status).toBe(
      404,
    );
    const mine = await call(an, 'GET', `/api/v1/feedback/${code}`);
    expect(mine.status).toBe(200);
    expect(mine.body.senderName).toBeUndefined();
  });

  it('is forwarded with a reason, and then belongs to the other agency alone', async () => {
    const seen = await call(wardOfficer, 'GET', `/api/v1/feedback/handling/${code}`);
    expect(seen.body.senderName).toBe('Nguyễn Văn An');
    const noReason = await step(wardOfficer, code, {
      action: 'forward',
      version: seen.body.version,
      toAgency: JUSTICE,
    });
    expect(noReason.status).toBe(422);
    const forwarded = await step(wardOfficer, code, {
      action: 'forward',
      version: seen.body.version,
      toAgency: JUSTICE,
      text: 'Thuộc thẩm quyền của Sở Tư pháp',
    });
    expect(forwarded.status).toBe(200);
    expect(forwarded.body).toMatchObject({ agencyCode: JUSTICE, forwardCount: 1 });
    expect((await call(wardOfficer, 'GET', `/api/v1/feedback/handling/${code}`)).status).toBe(404);
  });

  it('is not forwarded back, nor past the limit, nor once accepted', async () => {
    const item = (await call(justiceOfficer, 'GET', `/api/v1/feedback/handling/${code}`)).body;
    const back = await step(justiceOfficer, code, {
      action: 'forward',
      version: item.version,
      toAgency: ward,
      text: 'Trả lại phường',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(409);
    expect(back.body.code).toBe('already_held');
    const onward = await step(justiceOfficer, code, {
      action: 'forward',
      version: item.version,
      toAgency: INTERIOR,
      text: 'Chuyển tiếp',
    });
    expect(onward.status).toBe(409);
    expect(onward.body.code).toBe('forward_limit');
  });

  it('is accepted, asked about, replied to, and answered with a signed PDF', async () => {
    let item = (await call(justiceOfficer, 'GET', `/api/v1/feedback/handling/${code}`)).body;
    item = (await step(justiceOfficer, code, { action: 'accept', version: item.version })).body;
    expect(item).toMatchObject({ status: 'in_progress', deadline: 'answer' });
    // A dossier's handling is answered within 10 working days: Tuesday 8/12.
    expect(item.dueAt!.slice(0, 10)).toBe('2026-12-08');
    const late = await step(justiceOfficer, code, {
      action: 'forward',
      version: item.version,
      toAgency: INTERIOR,
      text: 'Không thuộc thẩm quyền',
    });
    expect(late.status).toBe(409);
    item = (
      await step(justiceOfficer, code, {
        action: 'ask_more',
        version: item.version,
        text: 'Xin cho biết ngày hẹn trả kết quả ghi trên giấy tiếp nhận.',
      })
    ).body;
    expect(item).toMatchObject({ status: 'awaiting_sender', dueAt: null });
    const replied = await call(an, 'POST', `/api/v1/feedback/${code}/reply`, {
      version: item.version,
      text: 'Ngày hẹn là 20/11/2026.',
    });
    expect(replied.body).toMatchObject({ status: 'in_progress', deadline: 'answer' });
    const answered = await step(justiceOfficer, code, {
      action: 'answer',
      version: replied.body.version,
      text: 'Sở Tư pháp đã yêu cầu Ủy ban nhân dân phường trả kết quả và gửi thư xin lỗi ông Nguyễn Văn An.',
      signedPdf: true,
    });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('answered');
  });

  it('shows the sender the answer, its signed PDF and the whole timeline', async () => {
    const mine = (await call(an, 'GET', `/api/v1/feedback/${code}`)).body;
    expect(mine.answer).toContain('thư xin lỗi');
    expect(mine.timeline.map((e) => e.action)).toEqual([
      'submit',
      'forward',
      'accept',
      'ask_more',
      'reply',
      'answer',
    ]);
    const pdf = mine.files.find((f) => f.purpose === 'answer')!;
    const file = await call(an, 'GET', `/api/v1/feedback/${code}/files/${pdf.id}`);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/pdf');
    expect(file.text.startsWith('%PDF')).toBe(true);
    expect(file.text).toContain('/ByteRange');
    expect((await call(other, 'GET', `/api/v1/feedback/${code}/files/${pdf.id}`)).status).toBe(404);
  });
});

describe('escalation of what is overdue', () => {
  it('tells the agency’s leaders once, and puts the item first in the inbox', async () => {
    const sent = await send(an, { kind: 'procedure', procedureCode: '2.001009', agencyCode: ward });
    expect(sent.status).toBe(201);
    expect(await modules.feedback.handling.escalateOverdue()).toBe(0);
    clock.instant = new Date('2026-12-02T03:00:00.000Z');
    try {
      expect(await modules.feedback.handling.escalateOverdue()).toBe(1);
      expect(await modules.feedback.handling.escalateOverdue()).toBe(0);
      const told = await db.query<{ subject: string }>(
        `SELECT subject FROM notifications WHERE account_id = $1 AND channel = 'in_app'`,
        [wardLeaderId],
      );
      expect(told.map((m) => m.subject)).toEqual([
        `Phản ánh, kiến nghị ${sent.body.code} đã quá hạn xử lý`,
      ]);
      // A session of today's (the one made at the start has expired by now).
      const officer = await sessionCookie(db, wardOfficerId, clock.instant);
      const listed = await call(officer, 'GET', '/api/v1/feedback/handling');
      expect(listed.status, listed.text).toBe(200);
      const inbox = listed.body;
      expect(inbox.items[0]).toMatchObject({ code: sent.body.code });
      expect(inbox.items[0]!.escalatedAt).not.toBeNull();
      // Accepting starts a new deadline and clears the escalation.
      const accepted = await step(officer, sent.body.code, {
        action: 'accept',
        version: inbox.items[0]!.version,
      });
      expect(accepted.body.escalatedAt).toBeNull();
    } finally {
      clock.instant = new Date(NOW);
    }
  });
});

describe('duplicates, spam and withdrawal', () => {
  it('merges a duplicate into the main item, whose answer its sender then reads', async () => {
    const main = (await send(an, { kind: 'conduct', agencyCode: ward })).body;
    const duplicate = (await send(other, { kind: 'conduct', agencyCode: ward })).body;
    const elsewhere = (await send(other, { kind: 'conduct', agencyCode: JUSTICE })).body;
    const wrong = await step(wardOfficer, duplicate.code, {
      action: 'merge',
      version: duplicate.version,
      mergeInto: elsewhere.code,
    });
    expect(wrong.status).toBe(422);
    const merged = await step(wardOfficer, duplicate.code, {
      action: 'merge',
      version: duplicate.version,
      mergeInto: main.code,
    });
    expect(merged.body.status).toBe('merged');
    const item = (await step(wardOfficer, main.code, { action: 'accept', version: main.version }))
      .body;
    const answered = await step(wardOfficer, main.code, {
      action: 'answer',
      version: item.version,
      text: 'Ủy ban nhân dân phường đã nhắc nhở cán bộ tiếp nhận và chấn chỉnh thái độ phục vụ.',
    });
    expect(answered.body.status).toBe('answered');
    const seen = (await call(other, 'GET', `/api/v1/feedback/${duplicate.code}`)).body;
    expect(seen.mergedInto).toMatchObject({ code: main.code });
    expect(seen.mergedInto!.answer).toContain('chấn chỉnh');
  });

  it('rejects spam with a reason, and lets the sender withdraw what is open', async () => {
    const spam = (await send(other, { kind: 'conduct', agencyCode: ward })).body;
    const bare = await step(wardOfficer, spam.code, { action: 'reject', version: spam.version });
    expect(bare.status).toBe(422);
    const rejected = await step(wardOfficer, spam.code, {
      action: 'reject',
      version: spam.version,
      text: 'Nội dung quảng cáo, không phải phản ánh',
    });
    expect(rejected.body.status).toBe('rejected');
    const again = await step(wardOfficer, spam.code, {
      action: 'accept',
      version: rejected.body.version,
    });
    expect(again.status).toBe(409);
    const open = (await send(other, { kind: 'conduct', agencyCode: ward })).body;
    const stale = await call(other, 'POST', `/api/v1/feedback/${open.code}/withdraw`, {
      version: open.version + 1,
    });
    expect(stale.status).toBe(409);
    const withdrawn = await call(other, 'POST', `/api/v1/feedback/${open.code}/withdraw`, {
      version: open.version,
    });
    expect(withdrawn.body.status).toBe('withdrawn');
  });
});

describe('what a sender must give', () => {
  it('names every problem at its field, and refuses others’ dossiers and unknown codes', async () => {
    const short = await send(an, { kind: 'regulation', title: 'Ơ', body: 'ngắn' });
    expect(short.status).toBe(422);
    expect(short.body.errors!.map((e) => e.field).sort()).toEqual(['agencyCode', 'body', 'title']);
    const notMine = await send(other, { kind: 'dossier', dossierCode });
    expect(notMine.status).toBe(422);
    expect(notMine.body.errors!.map((e) => e.field)).toEqual(['dossierCode']);
    const unknown = await send(an, { kind: 'procedure', procedureCode: '9.999999' });
    expect(unknown.body.errors!.map((e) => e.field)).toEqual(['procedureCode']);
    expect((await send(an, { kind: 'rumour' })).status).toBe(400);
    expect((await send(an, { kind: 'regulation', agencyCode: JUSTICE, extra: 1 })).status).toBe(
      400,
    );
  });

  it('asks an officer who works no agency’s feedback for nothing: 403', async () => {
    const admin = await sessionCookie(
      db,
      await officerWithRoles(db, 'Quản trị', ward, ['agency_admin']),
    );
    expect((await call(admin, 'GET', '/api/v1/feedback/handling')).status).toBe(403);
    expect((await call(an, 'GET', '/api/v1/feedback/handling')).status).toBe(403);
  });
});
