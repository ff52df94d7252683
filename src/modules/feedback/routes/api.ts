import { Type, type Static } from '@sinclair/typebox';
import { PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { FastifyReply } from 'fastify';
import { sendPrivateStream } from '../../../platform/http.js';
import type { App } from '../../../platform/http.js';
import { requireApplicant } from '../../dossiers/index.js';
import { actorOf, type IdentityService } from '../../identity/index.js';
import type { FeedbackHandling } from '../handling.js';
import { AGENCY_ACTIONS } from '../handling.js';
import { FEEDBACK_KINDS, FEEDBACK_STATES } from '../lifecycle.js';
import type { FeedbackRow } from '../repository.js';
import type { FeedbackService } from '../service.js';
import { LIMITS } from '../submission.js';

const tags = ['feedback'];
const iso = (d: Date | null) => d?.toISOString() ?? null;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const Code = Type.Object({ code: Type.String({ maxLength: 40 }) });
const FileParams = Type.Object({
  code: Type.String({ maxLength: 40 }),
  id: Type.String({ format: 'uuid', maxLength: 36 }),
});

/** A file of an item, to its sender or the officers handling it. */
export const sendFile = (
  reply: FastifyReply,
  { file, content }: Awaited<ReturnType<FeedbackService['fileOf']>>,
) => sendPrivateStream(reply, { contentType: file.media_type, fileName: file.file_name, content });
const Version = Type.Integer({
  minimum: 0,
  description: 'The item’s version as read (409 if it changed)',
});

const Item = Type.Object({
  code: Type.String(),
  kind: Type.Union(FEEDBACK_KINDS.map((k) => Type.Literal(k))),
  status: Type.Union(FEEDBACK_STATES.map((s) => Type.Literal(s))),
  version: Type.Integer(),
  title: Type.String(),
  body: Type.String(),
  agencyCode: Type.String({ description: 'The agency holding it now' }),
  procedureCode: Nullable(Type.String()),
  dossierCode: Nullable(Type.String()),
  fieldCode: Nullable(Type.String()),
  provinceCode: Nullable(Type.String()),
  communeCode: Nullable(Type.String()),
  place: Nullable(Type.String()),
  publishConsent: Type.Boolean(),
  deadline: Nullable(Type.Union([Type.Literal('triage'), Type.Literal('answer')])),
  dueAt: Nullable(Type.String({ format: 'date-time' })),
  escalatedAt: Nullable(Type.String({ format: 'date-time' })),
  forwardCount: Type.Integer(),
  answer: Nullable(Type.String()),
  answerAgencyCode: Nullable(Type.String()),
  answeredAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const Detailed = Type.Composite([
  Item,
  Type.Object({
    senderName: Type.Optional(Type.String({ description: 'To the officers handling it only' })),
    timeline: Type.Array(
      Type.Object({
        at: Type.String({ format: 'date-time' }),
        action: Type.String(),
        status: Type.String(),
        agencyCode: Nullable(Type.String()),
        toAgency: Nullable(Type.String()),
        note: Nullable(Type.String()),
      }),
    ),
    mergedInto: Nullable(
      Type.Object({
        code: Type.String(),
        status: Type.String(),
        answer: Nullable(Type.String()),
        answeredAt: Nullable(Type.String({ format: 'date-time' })),
      }),
    ),
    files: Type.Array(
      Type.Object({
        id: Type.String(),
        purpose: Type.Union([Type.Literal('attachment'), Type.Literal('answer')]),
        fileName: Type.String(),
        mediaType: Type.String(),
        size: Type.Integer(),
        sha256: Type.String(),
      }),
    ),
  }),
]);

const itemDto = (row: FeedbackRow): Static<typeof Item> => ({
  code: row.code,
  kind: row.kind,
  status: row.status,
  version: row.version,
  title: row.title,
  body: row.body,
  agencyCode: row.agency_code,
  procedureCode: row.procedure_code,
  dossierCode: row.dossier_code,
  fieldCode: row.field_code,
  provinceCode: row.province_code,
  communeCode: row.commune_code,
  place: row.place,
  publishConsent: row.publish_consent,
  deadline: row.deadline_kind,
  dueAt: iso(row.due_at),
  escalatedAt: iso(row.escalated_at),
  forwardCount: row.forward_count,
  answer: row.answer_text,
  answerAgencyCode: row.answer_agency_code,
  answeredAt: iso(row.answered_at),
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const detailedDto = (
  view: Awaited<ReturnType<FeedbackService['details']>>,
  forOfficer: boolean,
): Static<typeof Detailed> => ({
  ...itemDto(view.row),
  mergedInto: view.mergedInto
    ? { ...view.mergedInto, answeredAt: iso(view.mergedInto.answeredAt) }
    : null,
  ...(forOfficer ? { senderName: view.row.sender_name } : {}),
  timeline: view.events.map((e) => ({
    at: e.at.toISOString(),
    action: e.action,
    status: e.to_status,
    agencyCode: e.agency_code,
    toAgency: e.to_agency,
    note: e.note,
  })),
  files: view.files.map((f) => ({
    id: f.id,
    purpose: f.purpose,
    fileName: f.file_name,
    mediaType: f.media_type,
    size: f.size_bytes,
    sha256: f.sha256,
  })),
});

const NewItem = Type.Object(
  {
    kind: Type.Union(FEEDBACK_KINDS.map((k) => Type.Literal(k))),
    title: Type.String({ maxLength: LIMITS.title.max }),
    body: Type.String({ maxLength: LIMITS.body.max }),
    procedureCode: Type.Optional(Type.String({ maxLength: 40 })),
    dossierCode: Type.Optional(Type.String({ maxLength: 60 })),
    agencyCode: Type.Optional(Type.String({ maxLength: 40 })),
    provinceCode: Type.Optional(Type.String({ maxLength: 10 })),
    communeCode: Type.Optional(Type.String({ maxLength: 10 })),
    place: Type.Optional(Type.String({ maxLength: LIMITS.place.max })),
    publishConsent: Type.Boolean({ description: 'Whether the answer may be published' }),
  },
  { additionalProperties: false },
);

const StepBody = Type.Object(
  {
    action: Type.Union(AGENCY_ACTIONS.map((a) => Type.Literal(a))),
    version: Version,
    text: Type.Optional(
      Type.String({
        maxLength: LIMITS.body.max,
        description: 'The reason (forward, reject), the question (ask_more) or the answer',
      }),
    ),
    toAgency: Type.Optional(Type.String({ maxLength: 40, description: 'forward: the agency' })),
    mergeInto: Type.Optional(Type.String({ maxLength: 40, description: 'merge: the main item' })),
    signedPdf: Type.Optional(
      Type.Boolean({ description: 'answer: also a PDF signed by the agency' }),
    ),
  },
  { additionalProperties: false },
);

const InboxQuery = Type.Object({
  agency: Type.Optional(Type.String({ maxLength: 40 })),
  state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done')])),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000, default: 0 }),
});

/** Feedback through the API: the sender's own items, and the agencies' handling. */
export async function feedbackApi(
  app: App,
  deps: {
    feedback: FeedbackService;
    handling: FeedbackHandling;
    identity: IdentityService;
    /** Items one client may send a minute (as dossiers: SUBMISSION_RATE_LIMIT_PER_MINUTE). */
    sendsPerMinute: number;
  },
) {
  const { feedback, handling, identity } = deps;
  const sendLimit = { max: deps.sendsPerMinute, timeWindow: '1 minute' };
  const citizen = { config: { access: 'citizen' as const } };
  const officer = { config: { access: 'officer' as const } };

  app.post(
    '/api/v1/feedback',
    {
      config: { access: 'citizen', rateLimit: sendLimit },
      schema: {
        tags,
        summary: 'Send feedback or a petition; answers it with its acknowledgement code',
        body: NewItem,
        response: { 201: Item, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const who = await requireApplicant(request, identity);
      const row = await feedback.submit(who, request.body);
      return reply.code(201).send(itemDto(row));
    },
  );

  app.get(
    '/api/v1/feedback',
    {
      ...citizen,
      schema: {
        tags,
        summary: 'The caller’s own feedback, newest first',
        response: { 200: Type.Object({ items: Type.Array(Item) }), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const who = await requireApplicant(request, identity);
      return { items: (await feedback.mine(who)).map(itemDto) };
    },
  );

  app.get(
    '/api/v1/feedback/:code',
    {
      ...citizen,
      schema: {
        tags,
        summary: 'One of the caller’s items with its timeline',
        params: Code,
        response: { 200: Detailed, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const who = await requireApplicant(request, identity);
      return detailedDto(await feedback.view(who, request.params.code), false);
    },
  );

  app.get(
    '/api/v1/feedback/:code/files/:id',
    {
      ...citizen,
      schema: {
        tags,
        summary: 'An attachment, or the signed answer, of one of the caller’s items',
        params: FileParams,
        response: PROBLEM_RESPONSES,
      },
    },
    async (request, reply) => {
      const who = await requireApplicant(request, identity);
      const { code, id } = request.params;
      return sendFile(reply, await feedback.file(who, code, id));
    },
  );

  app.post(
    '/api/v1/feedback/:code/reply',
    {
      ...citizen,
      schema: {
        tags,
        summary: 'Give the information the agency asked for',
        params: Code,
        body: Type.Object(
          { version: Version, text: Type.String({ maxLength: LIMITS.body.max }) },
          { additionalProperties: false },
        ),
        response: { 200: Item, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const who = await requireApplicant(request, identity);
      return itemDto(await feedback.reply(who, request.params.code, request.body));
    },
  );

  app.post(
    '/api/v1/feedback/:code/withdraw',
    {
      ...citizen,
      schema: {
        tags,
        summary: 'Withdraw an item not yet answered',
        params: Code,
        body: Type.Object(
          { version: Version, reason: Type.Optional(Type.String({ maxLength: 1000 })) },
          { additionalProperties: false },
        ),
        response: { 200: Item, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const who = await requireApplicant(request, identity);
      return itemDto(await feedback.withdraw(who, request.params.code, request.body));
    },
  );

  app.get(
    '/api/v1/feedback/handling',
    {
      ...officer,
      schema: {
        tags,
        summary:
          'The feedback held by the caller’s agencies: open ones escalated first, then by deadline',
        querystring: InboxQuery,
        response: {
          200: Type.Object({ total: Type.Integer(), items: Type.Array(Item) }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => {
      const { agency, state, limit, offset } = request.query;
      const rows = await handling.inbox(actorOf(request), {
        agency,
        open: state !== 'done',
        limit,
        offset,
      });
      return { total: rows[0]?.total ?? 0, items: rows.map(itemDto) };
    },
  );

  app.get(
    '/api/v1/feedback/handling/:code',
    {
      ...officer,
      schema: {
        tags,
        summary: 'An item held by one of the caller’s agencies, with its sender and timeline',
        params: Code,
        response: { 200: Detailed, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const row = await handling.item(actorOf(request), request.params.code);
      return detailedDto(await feedback.details(row), true);
    },
  );

  app.get(
    '/api/v1/feedback/handling/:code/files/:id',
    {
      ...officer,
      schema: {
        tags,
        summary: 'An attachment, or the signed answer, of an item the caller’s agency holds',
        params: FileParams,
        response: PROBLEM_RESPONSES,
      },
    },
    async (request, reply) => {
      const row = await handling.item(actorOf(request), request.params.code);
      return sendFile(reply, await feedback.fileOf(row, request.params.id));
    },
  );

  app.post(
    '/api/v1/feedback/handling/:code/steps',
    {
      ...officer,
      schema: {
        tags,
        summary: 'Accept, forward, ask for more, answer, close, reject or merge an item',
        params: Code,
        body: StepBody,
        response: { 200: Item, ...PROBLEM_RESPONSES },
      },
    },
    async (request) =>
      itemDto(await handling.act(actorOf(request), request.params.code, request.body)),
  );
}
