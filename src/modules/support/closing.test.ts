import { describe, expect, it } from 'vitest';
import { createTestApp, settableClock } from '../../../test/helpers.js';
import { officerWithRoles, sessionCookie } from '../../../test/sessions.js';

const clock = settableClock('2026-12-01T03:00:00Z');
const { app, db, modules } = await createTestApp({ clock });
const agent = await officerWithRoles(db, 'Vũ Thị Mai', '000.00.00.G17', ['support']);

const send = async (url: string, payload: unknown, accountId?: string) =>
  app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/json',
      ...(accountId ? { cookie: await sessionCookie(db, accountId, clock.now()) } : {}),
    },
    payload: JSON.stringify(payload),
  });

/** A ticket from the contact form, taken to a state by the desk's actions. */
async function ticketThrough(actions: string[]): Promise<string> {
  const made = await send('/api/v1/help/tickets', {
    topic: 'other',
    subject: 'Hỏi',
    message: 'Câu hỏi',
    name: 'Lê Thị Hoa',
    email: 'hoa@example.vn',
  });
  const { id } = made.json<{ id: string }>();
  for (const [version, action] of actions.entries()) {
    const acted = await send(
      `/api/v1/help/tickets/${id}/actions`,
      { action, version, body: 'Trả lời' },
      agent,
    );
    expect(acted.statusCode).toBe(200);
  }
  return id;
}

const statusOf = async (id: string) =>
  (await db.query<{ status: string }>('SELECT status FROM support_tickets WHERE id = $1', [id]))[0]!
    .status;

describe('the nightly job', () => {
  it('closes tickets answered or waiting for the person a week without a word, and no other', async () => {
    const resolved = await ticketThrough(['resolve']);
    const waiting = await ticketThrough(['ask']);
    const open = await ticketThrough([]);
    clock.instant = new Date('2026-12-06T03:00:00Z');
    const recent = await ticketThrough(['resolve']);
    const job = modules.support.jobs.find((j) => j.name === 'support-close-quiet')!;
    clock.instant = new Date('2026-12-08T04:00:00Z');
    await expect(job.run()).resolves.toBe(2);
    const states = await Promise.all([resolved, waiting, open, recent].map(statusOf));
    expect(states).toEqual(['closed', 'closed', 'open', 'resolved']);
    const [entry] = await db.query<{ author_id: string | null; from_status: string }>(
      `SELECT author_id, from_status FROM support_ticket_entries
       WHERE ticket_id = $1 ORDER BY id DESC LIMIT 1`,
      [waiting],
    );
    expect(entry).toEqual({ author_id: null, from_status: 'waiting_for_person' });
    await expect(job.run()).resolves.toBe(0);
  });
});
