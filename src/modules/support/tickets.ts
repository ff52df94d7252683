import { randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/db.js';
import { ProblemError, notFound } from '../../platform/errors.js';
import type { Locale } from '../../platform/i18n/index.js';
import type { CalendarService } from '../calendar/index.js';
import type { CatalogService } from '../catalog/index.js';
import { EMAIL, PHONE } from '../forms/index.js';
import type { NotificationService } from '../notifications/index.js';
import { Checks, knownProcedure } from './checks.js';
import { Listeners } from '../../platform/listeners.js';
import type { TicketChanged } from './events.js';
import { answerOwed, nextTicketState, type TicketAction, type TicketState } from './lifecycle.js';
import type { EntryRow, SupportRepository, TicketRow } from './repository.js';
import { isTopic } from './topics.js';

/**
 * The time target: support answers within 8 working hours (one working day) of receiving a
 * message, counted on the working calendar; it runs again from each later message.
 */
export const ANSWER_TARGET = { value: 8, unit: 'working_hours' } as const;

/** A ticket resolved, or waiting for the person, this long without a word is closed. */
export const QUIET_DAYS = 7;

export const SUBJECT_MAX = 200;
export const MESSAGE_MAX = 5000;
const NAME_MAX = 100;

/** What the contact form sends. */
export interface TicketInput {
  topic?: string | undefined;
  procedureCode?: string | undefined;
  subject?: string | undefined;
  message?: string | undefined;
  name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
}

/** Who sends it when signed in: the ticket is theirs, their contact details known. */
export interface Sender {
  accountId: string;
  name: string;
  email: string | null;
  phone: string | null;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Five taken codes in a row would mean a broken random source, not bad luck. */
const CODE_DRAWS = 5;

/** HT + the Vietnam day + 6 random characters: told to the person, said on the phone. */
function ticketCode(now: Date): string {
  const day = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(2, 10).replace(/-/g, '');
  const random = [...randomBytes(6)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return `HT-${day}-${random}`;
}

/** What listeners are told of a ticket's change. */
const changeOf = (ticket: TicketRow, action: TicketChanged['action']): TicketChanged => ({
  ticketId: ticket.id,
  code: ticket.code,
  topic: ticket.topic,
  procedureCode: ticket.procedure_code,
  action,
  status: ticket.status,
  at: ticket.updated_at,
});

/** Support tickets: opened by the contact form, worked by support staff through their lifecycle. */
export class TicketService {
  readonly changed = new Listeners<TicketChanged>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: {
      repository: SupportRepository;
      catalog: CatalogService;
      calendar: CalendarService;
      notifications: NotificationService;
    },
    private readonly newCode: (now: Date) => string = ticketCode,
  ) {}

  private async dueFrom(now: Date): Promise<Date> {
    return (await this.deps.calendar.calendar()).dueAt(now, ANSWER_TARGET);
  }

  /**
   * Codes are random, so one already given comes up now and then (on about one day in twenty
   * at 10,000 tickets a day): it is drawn again, not refused.
   */
  private async insertWithFreshCode(
    tx: Queryable,
    now: Date,
    ticket: Omit<Parameters<SupportRepository['insertTicket']>[1], 'code'>,
  ): Promise<TicketRow> {
    for (let draw = 1; draw <= CODE_DRAWS; draw++) {
      const row = await this.deps.repository.insertTicket(tx, {
        ...ticket,
        code: this.newCode(now),
      });
      if (row) return row;
    }
    throw new Error(`no free ticket code in ${CODE_DRAWS} draws`);
  }

  /** Opens a ticket from the contact form (signed in or not) and answers it. */
  async open(input: TicketInput, sender: Sender | null, locale: Locale): Promise<TicketRow> {
    const checks = new Checks();
    const topic = checks.oneOf('topic', input.topic, isTopic);
    const procedureCode = await knownProcedure(
      checks,
      this.deps.catalog,
      'procedureCode',
      (input.procedureCode ?? '').slice(0, 40),
    );
    const subject = checks.required('subject', input.subject, SUBJECT_MAX);
    const message = checks.required('message', input.message, MESSAGE_MAX);
    const name = sender?.name ?? checks.required('name', input.name, NAME_MAX);
    const email = checks.optional('email', input.email, 254) ?? sender?.email ?? null;
    const phone =
      checks.optional('phone', input.phone?.replace(/[\s.]/g, ''), 20) ?? sender?.phone ?? null;
    if (email && !EMAIL.test(email)) checks.add('email', 'errors.field.badFormat');
    if (phone && !PHONE.test(phone)) checks.add('phone', 'errors.field.badFormat');
    // Someone not signed in is answered by email or SMS: one of them is needed.
    if (!sender && !email && !phone) checks.add('email', 'support.contact.reachable');
    checks.done('invalid_ticket');
    const now = this.clock.now();
    const dueAt = await this.dueFrom(now);
    const ticket = await this.db.transaction(async (tx) => {
      const row = await this.insertWithFreshCode(tx, now, {
        topic,
        procedure_code: procedureCode,
        subject,
        message,
        contact_name: name,
        contact_email: email,
        contact_phone: phone,
        account_id: sender?.accountId ?? null,
        locale,
        status: 'open',
        due_at: dueAt,
        created_at: now,
      });
      await this.deps.repository.addEntry(tx, {
        ticket_id: row.id,
        at: now,
        kind: 'message',
        author_id: sender?.accountId ?? null,
        body: message,
        from_status: null,
        to_status: 'open',
      });
      this.changed.after(tx, changeOf(row, 'open'));
      return row;
    });
    return ticket;
  }

  /** A person's own tickets. */
  mine(accountId: string): Promise<TicketRow[]> {
    return this.deps.repository.ticketsOf(accountId, 100);
  }

  /** A person's own ticket and what they may see of its timeline; 404 if not theirs. */
  async own(accountId: string, id: string) {
    const ticket = await this.find(id);
    if (ticket.account_id !== accountId) throw notFound();
    const entries = (await this.deps.repository.entriesOf(ticket.id)).filter(
      (e) => e.kind !== 'note',
    );
    return { ticket, entries };
  }

  /** The person writes again on their own ticket. */
  async reply(accountId: string, id: string, body: string | undefined): Promise<TicketRow> {
    await this.own(accountId, id);
    return this.change(id, null, 'person_reply', body, accountId);
  }

  /** The desk's tickets in these states, overdue first. */
  desk(states: TicketState[]): Promise<TicketRow[]> {
    return this.deps.repository.deskTickets(states, this.clock.now(), 200);
  }

  /** A ticket and its whole timeline, notes included (support staff only). */
  async full(id: string): Promise<{ ticket: TicketRow; entries: EntryRow[] }> {
    const ticket = await this.find(id);
    return { ticket, entries: await this.deps.repository.entriesOf(ticket.id) };
  }

  /** A support agent's action; `version` is the one they saw (409 if it changed since). */
  act(agentId: string, id: string, version: number, action: TicketAction, body?: string) {
    // The person's own action is never an agent's.
    if (action === 'person_reply') {
      throw new ProblemError(409, 'invalid_transition', 'support.refused.transition');
    }
    return this.change(id, version, action, body, agentId);
  }

  /** Closes the tickets quiet for QUIET_DAYS (the daily job); answers how many. */
  async closeQuiet(): Promise<number> {
    const since = new Date(this.clock.now().getTime() - QUIET_DAYS * 86_400_000);
    const quiet = await this.deps.repository.quietTickets(
      ['resolved', 'waiting_for_person'],
      since,
    );
    let closed = 0;
    for (const id of quiet) {
      try {
        await this.change(id, null, 'close', undefined, null);
        closed += 1;
      } catch (error) {
        // The person wrote meanwhile: the ticket is open again, not to be closed.
        if (!(error instanceof ProblemError) || error.status !== 409) throw error;
      }
    }
    return closed;
  }

  private async find(id: string): Promise<TicketRow> {
    const ticket = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.deps.repository.findTicket(this.db, id)
      : null;
    if (!ticket) throw notFound();
    return ticket;
  }

  private async change(
    id: string,
    version: number | null,
    action: TicketAction,
    text: string | undefined,
    /** Null for the portal itself (the job that closes quiet tickets). */
    authorId: string | null,
  ): Promise<TicketRow> {
    const checks = new Checks();
    const needsText = ['ask', 'resolve', 'note', 'person_reply'].includes(action);
    const body = needsText
      ? checks.required('body', text, MESSAGE_MAX)
      : checks.optional('body', text, MESSAGE_MAX);
    checks.done('invalid_reply');
    const now = this.clock.now();
    const nextDue = await this.dueFrom(now);
    const ticket = await this.db.transaction(async (tx) => {
      const before = (await this.deps.repository.findTicket(tx, id, true))!;
      if (version !== null && before.version !== version) {
        throw new ProblemError(409, 'version_conflict', 'support.refused.changed');
      }
      const status = nextTicketState(before.status, action);
      if (!status) throw new ProblemError(409, 'invalid_transition', 'support.refused.transition');
      const after = await this.deps.repository.updateTicket(tx, before.id, {
        status,
        // The target keeps running while still owed; a new message starts it again.
        due_at: answerOwed(status) ? (answerOwed(before.status) ? before.due_at : nextDue) : null,
        assigned_to:
          action === 'person_reply' ? before.assigned_to : (before.assigned_to ?? authorId),
        resolved_at: status === 'resolved' ? now : before.resolved_at,
        updated_at: now,
      });
      await this.record(tx, before, after, action, body, authorId, now);
      if (action === 'ask' || action === 'resolve') await this.notify(tx, after, body ?? '');
      this.changed.after(tx, changeOf(after, action));
      return after;
    });
    return ticket;
  }

  private async record(
    tx: Queryable,
    before: TicketRow,
    after: TicketRow,
    action: TicketAction,
    body: string | null,
    authorId: string | null,
    at: Date,
  ) {
    const kinds: Partial<Record<TicketAction, EntryRow['kind']>> = {
      ask: 'reply',
      resolve: 'reply',
      note: 'note',
      person_reply: 'message',
    };
    await this.deps.repository.addEntry(tx, {
      ticket_id: after.id,
      at,
      kind: kinds[action] ?? 'status',
      author_id: authorId,
      body,
      from_status: before.status,
      to_status: after.status,
    });
  }

  /**
   * Tells the person support answered: in the portal and by their chosen channel when the
   * ticket is their account's, else at the address they gave (the answer is in the message).
   */
  private async notify(tx: Queryable, ticket: TicketRow, answer: string) {
    const message = {
      template: 'help_ticket_answered' as const,
      locale: ticket.locale,
      values: { code: ticket.code, subject: ticket.subject, answer },
    };
    const { notifications } = this.deps;
    if (ticket.account_id) return notifications.notifyAccount(tx, ticket.account_id, message);
    const [channel, recipient] = ticket.contact_email
      ? (['email', ticket.contact_email] as const)
      : (['sms', ticket.contact_phone!] as const);
    try {
      await notifications.enqueue(tx, { channel, recipient, ...message });
    } catch (error) {
      // An address past its hour's share: the answer stays on the ticket all the same.
      if (!(error instanceof ProblemError) || error.status !== 429) throw error;
    }
  }
}
