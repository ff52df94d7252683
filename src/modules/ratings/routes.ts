import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { PROBLEM_RESPONSES, ProblemError } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { actorOf } from '../identity/index.js';
import { COMMENT_MAX, VISITS_MAX } from './criteria.js';
import { RATING_STATES } from './lifecycle.js';
import type { OfficerRatings } from './officer-view.js';
import type { InvitationView, RatingService } from './service.js';

const tags = ['ratings'];

export const MONTH = '^[0-9]{4}-(0[1-9]|1[0-2])$';
export const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 60 }) });

/** The answers: types are checked here (400), values and what is missing by the rules (422). */
const RatingInput = Type.Object(
  {
    onTime: Type.Optional(Type.Boolean({ description: 'The result came on time' })),
    visits: Type.Optional(
      Type.Integer({
        description: `Times the person came or re-submitted: 0–${VISITS_MAX} (or more)`,
      }),
    ),
    conduct: Type.Optional(
      Type.Integer({ description: 'Officers’ conduct, 1 (poor) to 5 (very good)' }),
    ),
    feesAsAnnounced: Type.Optional(Type.Boolean({ description: 'Fees were as announced' })),
    overall: Type.Optional(Type.Integer({ description: 'Overall satisfaction, 1 to 5' })),
    comment: Type.Optional(Type.Union([Type.String({ maxLength: COMMENT_MAX * 4 }), Type.Null()])),
    anonymous: Type.Optional(
      Type.Boolean({ description: 'Officers see the rating without anything naming the person' }),
    ),
  },
  { additionalProperties: false },
);

const Answers = {
  onTime: Type.Boolean(),
  visits: Type.Integer(),
  conduct: Type.Integer(),
  feesAsAnnounced: Type.Boolean(),
  overall: Type.Integer(),
  comment: Type.Union([Type.String(), Type.Null()]),
};

const OwnRating = Type.Object({
  ...Answers,
  anonymous: Type.Boolean(),
  givenAt: Type.String({ format: 'date-time' }),
  changedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  changeableUntil: Type.String({ format: 'date-time' }),
});

const Invitation = Type.Object({
  dossierCode: Type.String(),
  source: Type.String({ description: 'portal, or synced (from a connected system)' }),
  procedureCode: Type.String(),
  agencyCode: Type.String(),
  returnedAt: Type.String({ format: 'date-time' }),
  invitedAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({ format: 'date-time', description: 'The last moment to rate' }),
  state: Type.String({ description: RATING_STATES.join(', ') }),
  rating: Type.Union([OwnRating, Type.Null()]),
});

export const invitationDto = (v: InvitationView) => ({
  dossierCode: v.dossier_code,
  source: v.source,
  procedureCode: v.procedure_code,
  agencyCode: v.agency_code,
  returnedAt: v.returned_at.toISOString(),
  invitedAt: v.invited_at.toISOString(),
  closesAt: v.closes_at.toISOString(),
  state: v.state,
  rating: v.rating
    ? {
        onTime: v.rating.on_time,
        visits: v.rating.visits,
        conduct: v.rating.conduct,
        feesAsAnnounced: v.rating.fees_as_announced,
        overall: v.rating.overall,
        comment: v.rating.comment,
        anonymous: v.rating.anonymous,
        givenAt: v.rating.given_at.toISOString(),
        changedAt: v.rating.changed_at?.toISOString() ?? null,
        changeableUntil: v.rating.changeable_until.toISOString(),
      }
    : null,
});

const AverageFigures = Type.Object({
  count: Type.Integer(),
  onTime: Type.Number({ description: 'share of "on time", 0–1' }),
  visits: Type.Number(),
  conduct: Type.Number(),
  feesAsAnnounced: Type.Number({ description: 'share of "as announced", 0–1' }),
  overall: Type.Number(),
});

const OfficerRatingDto = Type.Object({
  anonymous: Type.Boolean(),
  procedureCode: Type.String(),
  month: Type.String({ description: 'YYYY-MM, the month it was first given' }),
  ...Answers,
  dossierCode: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description:
        'Only when not anonymous; null for an officer who works no dossiers at the agency',
    }),
  ),
  givenAt: Type.Optional(Type.String({ description: 'Only when not anonymous' })),
  changedAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

const AgencyRatingsDto = Type.Object({
  agencies: Type.Array(Type.String(), { description: 'The agencies whose ratings are counted' }),
  month: Type.Union([Type.String(), Type.Null()]),
  averages: AverageFigures,
  procedures: Type.Array(Type.Object({ procedureCode: Type.String(), averages: AverageFigures })),
  ratings: Type.Array(OfficerRatingDto),
});

type Averages = Awaited<ReturnType<OfficerRatings['view']>>['all'];
const figures = (a: Averages) => ({
  count: a.count,
  onTime: a.on_time ?? 0,
  visits: a.visits ?? 0,
  conduct: a.conduct ?? 0,
  feesAsAnnounced: a.fees_as_announced ?? 0,
  overall: a.overall ?? 0,
});

type View = Awaited<ReturnType<OfficerRatings['view']>>;
const ratingAnswers = (r: View['named'][number] | View['anonymous'][number]) => ({
  procedureCode: r.procedure.code,
  month: r.month,
  onTime: r.onTime,
  visits: r.visits,
  conduct: r.conduct,
  feesAsAnnounced: r.feesAsAnnounced,
  overall: r.overall,
  comment: r.comment,
});

/** The officers' answer: what `OfficerRatings` gives, nothing more (docs/ratings.md). */
const agencyDto = (view: View, scope: string[]) => ({
  agencies: scope,
  month: view.month,
  averages: figures(view.all),
  procedures: view.procedures.map((p) => ({
    procedureCode: p.procedure.code,
    averages: figures(p),
  })),
  ratings: [
    ...view.named.map((r) => ({
      anonymous: false,
      ...ratingAnswers(r),
      dossierCode: r.dossierCode,
      givenAt: r.givenAt.toISOString(),
      changedAt: r.changedAt?.toISOString() ?? null,
    })),
    ...view.anonymous.map((r) => ({ anonymous: true, ...ratingAnswers(r) })),
  ],
});

const own = (summary: string, more: object) => ({
  schema: { tags, summary, ...more },
  config: { access: 'citizen' as const },
});

const accountOf = (request: FastifyRequest) => request.session!.accountId;

/** The ratings API: a person's own invitations and ratings; an agency's for its officers. */
export function ratingRoutes(app: App, deps: { ratings: RatingService; officers: OfficerRatings }) {
  const { ratings, officers } = deps;
  const one = { params: CodeParams, response: { 200: Invitation, ...PROBLEM_RESPONSES } };
  const give = {
    ...one,
    body: RatingInput,
    response: { 200: Invitation, 201: Invitation, ...PROBLEM_RESPONSES },
  };

  app.get(
    '/api/v1/ratings',
    own('My invitations to rate, with the ratings I gave', {
      response: { 200: Type.Object({ items: Type.Array(Invitation) }), ...PROBLEM_RESPONSES },
    }),
    async (request) => ({ items: (await ratings.mine(accountOf(request))).map(invitationDto) }),
  );

  app.get<{ Params: { code: string } }>(
    '/api/v1/ratings/:code',
    own('My invitation to rate a dossier, and my rating', one),
    async (request) => invitationDto(await ratings.one(accountOf(request), request.params.code)),
  );

  app.post<{ Params: { code: string }; Body: Record<string, unknown> }>(
    '/api/v1/ratings/:code',
    own('Rate a returned dossier (once: 409 when rated already)', give),
    async (request, reply) => {
      const view = await ratings.give(
        accountOf(request),
        request.params.code,
        request.body,
        'rate',
      );
      return reply.status(201).send(invitationDto(view));
    },
  );

  app.put<{ Params: { code: string }; Body: Record<string, unknown> }>(
    '/api/v1/ratings/:code',
    own('Rate a returned dossier, or change my rating while it can be changed (409 after)', give),
    async (request) =>
      invitationDto(await ratings.give(accountOf(request), request.params.code, request.body)),
  );

  app.get<{ Querystring: { agency?: string; month?: string } }>(
    '/api/v1/ratings/agencies',
    {
      schema: {
        tags,
        summary:
          'Ratings of the agencies I may see them at (or one of them): averages and the latest, anonymous ones without anything naming the person or the dossier',
        querystring: Type.Object(
          {
            agency: Type.Optional(Type.String({ maxLength: 60 })),
            month: Type.Optional(Type.String({ pattern: MONTH })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AgencyRatingsDto, ...PROBLEM_RESPONSES },
      },
      config: { access: 'officer' as const },
    },
    async (request) => {
      const actor = actorOf(request);
      const agencies = officers.agenciesOf(actor);
      if (agencies.length === 0) throw new ProblemError(403, 'not_officer', 'errors.notOfficer');
      const agency = request.query.agency ?? null;
      const view = await officers.view(actor, { agency, month: request.query.month ?? null });
      return agencyDto(view, agency ? [agency] : agencies);
    },
  );
}
