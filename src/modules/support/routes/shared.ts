import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../../platform/clock.js';
import { ProblemError } from '../../../platform/errors.js';
import { assertFormToken } from '../../../platform/forms.js';
import { actorOf, agenciesWith, type IdentityService } from '../../identity/index.js';
import type { Hotline } from '../hotline.js';
import type { KnowledgeBase } from '../knowledge-base.js';
import { TICKET_STATES } from '../lifecycle.js';
import type { ArticleRow, EntryRow, TicketRow } from '../repository.js';
import type { Sender, TicketService } from '../tickets.js';
import { TOPICS } from '../topics.js';

/** What the help desk's routes and pages are given. */
export interface SupportRouteDeps {
  knowledge: KnowledgeBase;
  tickets: TicketService;
  hotline: Hotline;
  identity: IdentityService;
  clock: Clock;
}

export const tags = ['help'];

/**
 * The contact form opens tickets for anyone, as the dossier lookup is open to anyone: a few
 * a minute per client, and bodies no larger than the longest message needs.
 */
export const TICKET_LIMIT = { max: 10, timeWindow: '1 minute' };
export const FORM_BYTES = 64 * 1024;

/** A page's query string or a plain form's body, before it is read. */
export type Query = Record<string, string | undefined>;
export const LooseQuery = Type.Record(Type.String(), Type.String());

export const IdParams = Type.Object({ id: Type.String({ maxLength: 120 }) });

/** Whether the caller is support staff (holds `help.support` somewhere). */
export const isSupport = (request: FastifyRequest) =>
  request.actor !== null && agenciesWith(actorOf(request), 'help.support').length > 0;

/** A preHandler for the support desk's routes and pages: support staff only (else 403). */
export async function requireSupport(request: FastifyRequest) {
  if (!isSupport(request)) {
    throw new ProblemError(403, 'not_support', 'support.refused.notSupport');
  }
  if (request.method === 'POST' && !request.url.startsWith('/api/')) {
    assertFormToken(request.viewer?.csrfToken, (request.body as Query | undefined)?.csrf);
  }
}

/** Who sends the contact form when signed in: their account's name and contact details. */
export async function senderOf(
  request: FastifyRequest,
  identity: IdentityService,
): Promise<Sender | null> {
  if (!request.session) return null;
  const account = await identity.account(request.session);
  return account
    ? { accountId: account.id, name: account.name, email: account.email, phone: account.phone }
    : null;
}

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const TopicSchema = Type.String({ description: TOPICS.join(', ') });

export const ArticleSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  topic: TopicSchema,
  procedureCodes: Type.Array(Type.String()),
  titleVi: Type.String(),
  bodyVi: Type.String(),
  titleEn: Type.String(),
  bodyEn: Type.String(),
  status: Type.String({ description: 'draft, published' }),
  updatedAt: Type.String({ format: 'date-time' }),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  version: Type.Integer({ description: 'Send it back with a change (optimistic locking)' }),
});

export const articleDto = (a: ArticleRow) => ({
  id: a.id,
  slug: a.slug,
  topic: a.topic,
  procedureCodes: a.procedure_codes,
  titleVi: a.title_vi,
  bodyVi: a.body_vi,
  titleEn: a.title_en,
  bodyEn: a.body_en,
  status: a.status,
  updatedAt: a.updated_at.toISOString(),
  publishedAt: a.published_at?.toISOString() ?? null,
  version: a.version,
});

export const TicketSchema = Type.Object({
  id: Type.String(),
  code: Type.String({ description: 'HT-YYMMDD-XXXXXX: the code the person is given' }),
  topic: TopicSchema,
  procedureCode: Nullable(Type.String()),
  subject: Type.String(),
  message: Type.String(),
  contact: Type.Object({
    name: Type.String(),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
  }),
  status: Type.String({ description: TICKET_STATES.join(', ') }),
  dueAt: Nullable(Type.String({ format: 'date-time', description: 'When an answer is owed by' })),
  overdue: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer({ description: 'Send it back with an action (optimistic locking)' }),
});

export const isOverdue = (t: TicketRow, now: Date) => t.due_at !== null && t.due_at < now;

export const ticketDto = (t: TicketRow, now: Date) => ({
  id: t.id,
  code: t.code,
  topic: t.topic,
  procedureCode: t.procedure_code,
  subject: t.subject,
  message: t.message,
  contact: { name: t.contact_name, email: t.contact_email, phone: t.contact_phone },
  status: t.status,
  dueAt: t.due_at?.toISOString() ?? null,
  overdue: isOverdue(t, now),
  createdAt: t.created_at.toISOString(),
  updatedAt: t.updated_at.toISOString(),
  version: t.version,
});

export const EntrySchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  kind: Type.String({ description: 'message (the person), reply, note (staff only), status' }),
  author: Nullable(Type.String({ description: 'The agent’s name (support staff see it)' })),
  body: Nullable(Type.String()),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
});

/** A timeline entry; the person is not told which agent wrote. */
export const entryDto = (e: EntryRow, staff: boolean) => ({
  at: e.at.toISOString(),
  kind: e.kind,
  author: staff ? e.author_name : null,
  body: e.body,
  fromStatus: e.from_status,
  toStatus: e.to_status,
});

export const TicketWithTimeline = Type.Object({
  ticket: TicketSchema,
  timeline: Type.Array(EntrySchema),
});
