import { beforeAll, describe, expect, it } from 'vitest';
import { settableClock, startTestServer } from '../../../test/helpers.js';
import { signInAs, type CookieClient } from '../../../test/browser-client.js';
import { officerWithRoles, sessionCookie } from '../../../test/sessions.js';
import { badinhWard } from '../../../test/dossiers.js';
import type { Database } from '../../platform/db.js';
import type { FeedCursor, StatisticsFeed } from '../../platform/feeds.js';
import type { FeedbackFact } from './statistics.js';

/*
 * The feedback's statistics feed on a real server: items sent, escalated, accepted and
 * answered through the API and the escalation job, as the monitoring index reads them.
 */

// Tuesday 24 November 2026, 09:00 in Vietnam.
const NOW = '2026-11-24T02:00:00.000Z';
const LATER = '2026-12-02T03:00:00.000Z';
const clock = settableClock(NOW);

let base: string;
let db: Database;
let modules: Awaited<ReturnType<typeof startTestServer>>['modules'];
let feed: StatisticsFeed<FeedbackFact>;
let an: CookieClient;
let ward: string;
let officerId: string;

beforeAll(async () => {
  const server = await startTestServer({
    clock,
    env: { SUBMISSION_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_PER_MINUTE: '10000' },
  });
  ({ base, db, modules } = server);
  feed = modules.feedback.statistics;
  an = await signInAs(base, 'vneid-001');
  ward = await badinhWard(server.db);
  officerId = await officerWithRoles(server.db, 'Trần Văn Khoa', ward, ['receiver', 'processor']);
});

interface Item {
  code: string;
  version: number;
  status: string;
}

async function send(body: Record<string, unknown>): Promise<Item> {
  const response = await an.request('/api/v1/feedback', {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Thủ tục chứng thực bản sao chưa rõ',
      body: 'Trang thủ tục không ghi rõ phí chứng thực từ trang thứ ba trở đi tính thế nào.',
      publishConsent: false,
      ...body,
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Item;
}

/** The ward's officer at the handling API, with a session made at the clock's time. */
async function handling(method: string, path: string, body?: unknown): Promise<Item> {
  const response = await fetch(`${base}/api/v1/feedback/handling/${path}`, {
    method,
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      cookie: await sessionCookie(db, officerId, clock.now()),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const item = (await response.json()) as Item;
  expect(response.status, JSON.stringify(item)).toBe(200);
  return item;
}

const step = (code: string, body: Record<string, unknown>) =>
  handling('POST', `${code}/steps`, body);

/** Every key from `cursor` to the end, two at a time, and the cursor it ended at. */
async function drain(cursor: FeedCursor | null) {
  const keys: string[] = [];
  for (;;) {
    const answer = await feed.changed(cursor, 2);
    if (answer.keys.length === 0) {
      expect(answer.cursor).toBe(cursor);
      return { keys, cursor };
    }
    keys.push(...answer.keys);
    cursor = answer.cursor;
  }
}

describe('the feedback’s feed', () => {
  let overdue: Item;
  let answered: Item;
  let cursor: FeedCursor | null;

  it('answers nothing before an item is sent, then every item sent, from the start', async () => {
    expect(await feed.changed(null, 10)).toEqual({ keys: [], cursor: null });
    overdue = await send({ kind: 'procedure', procedureCode: '2.001009', agencyCode: ward });
    answered = await send({ kind: 'conduct', agencyCode: ward });
    const read = await drain(null);
    expect(read.keys).toEqual([overdue.code, answered.code]);
    cursor = read.cursor;
  });

  it('finds an item again after a step, once however many events the steps wrote', async () => {
    const accepted = await step(answered.code, { action: 'accept', version: answered.version });
    await step(answered.code, {
      action: 'answer',
      version: accepted.version,
      text: 'Phường đã nhắc nhở công chức tiếp nhận và xin lỗi ông Nguyễn Văn An.',
    });
    const answer = await feed.changed(cursor, 10);
    expect(answer.keys).toEqual([answered.code]);
    const [fact] = await feed.facts([answered.code]);
    expect(fact).toEqual({
      code: answered.code,
      kind: 'conduct',
      agencyCode: ward,
      procedureCode: null,
      status: 'answered',
      createdAt: new Date(NOW),
      dueAt: null,
      answeredAt: new Date(NOW),
      answerAgencyCode: ward,
      wentOverdue: false,
    });
    cursor = answer.cursor;
  });

  it('says an item went overdue once escalated, though accepting it clears the escalation', async () => {
    clock.instant = new Date(LATER);
    try {
      expect(await modules.feedback.handling.escalateOverdue()).toBe(1);
      expect((await drain(cursor)).keys).toEqual([overdue.code]);
      const [escalated] = await feed.facts([overdue.code]);
      expect(escalated).toMatchObject({ status: 'submitted', wentOverdue: true });
      const { version } = await handling('GET', overdue.code);
      await step(overdue.code, { action: 'accept', version });
    } finally {
      clock.instant = new Date(NOW);
    }
    const [fact] = await feed.facts([overdue.code]);
    expect(fact).toMatchObject({
      code: overdue.code,
      kind: 'procedure',
      procedureCode: '2.001009',
      status: 'in_progress',
      answeredAt: null,
      wentOverdue: true,
    });
    expect(fact!.dueAt).not.toBeNull();
  });

  it('pages every item in code order', async () => {
    const all = await feed.keys(null, 100);
    expect(all).toEqual([overdue.code, answered.code].sort());
    expect(await feed.keys(null, 1)).toEqual([all[0]]);
    expect(await feed.keys(all[0]!, 5)).toEqual([all[1]]);
    expect(await feed.facts(['PAKN-2026-999999'])).toEqual([]);
  });
});
