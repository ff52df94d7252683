import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import { ProblemError } from '../../platform/errors.js';
import { assertFormToken } from '../../platform/forms.js';
import type { App } from '../../platform/http.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { actorOf } from '../identity/index.js';
import { MyRatingsPage, RatingPage, type FormValues, type InvitationItem } from './citizen.page.js';
import type { Names } from './names.js';
import { OfficerRatingsPage } from './officer.page.js';
import type { OfficerRatings } from './officer-view.js';
import { CodeParams, MONTH } from './routes.js';
import type { InvitationView, RatingService } from './service.js';

type Query = Record<string, string | undefined>;
const LooseQuery = Type.Record(Type.String(), Type.String());

/** How many months back the officers' page offers. */
const MONTHS_OFFERED = 12;

/** The form's values of a rating given (or none yet). */
function formValues(view: InvitationView): FormValues {
  const r = view.rating;
  if (!r) return { anonymous: false };
  const yesNo = (v: boolean) => (v ? 'yes' : 'no');
  return {
    onTime: yesNo(r.on_time),
    visits: String(r.visits),
    conduct: String(r.conduct),
    feesAsAnnounced: yesNo(r.fees_as_announced),
    overall: String(r.overall),
    comment: r.comment ?? '',
    anonymous: r.anonymous,
  };
}

/** The last months, newest first ('YYYY-MM'), counted from Vietnam's today. */
export function lastMonths(now: Date, count: number): string[] {
  const [year, month] = vietnamDate(now).split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, month - 1 - i, 1));
    return d.toISOString().slice(0, 7);
  });
}

/** A person's ratings pages and the officers' page (the API is in routes.ts). */
export function ratingPages(
  app: App,
  deps: { ratings: RatingService; officers: OfficerRatings; names: Names; clock: Clock },
) {
  const { ratings, officers, names } = deps;
  const citizen = { config: { access: 'citizen' as const } };

  const item = async (v: InvitationView): Promise<InvitationItem> => ({
    code: v.dossier_code,
    procedure: await names.procedure(v.procedure_code),
    agency: await names.agency(v.agency_code),
    returnedAt: v.returned_at,
    closesAt: v.closes_at,
    state: v.state,
    changeableUntil: v.rating?.changeable_until ?? null,
  });

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    view: InvitationView,
    more: { values?: FormValues; errors?: { field: string; message: string }[]; refusal?: string },
    status = 200,
  ) =>
    reply.page(
      h(RatingPage, {
        item: await item(view),
        values: more.values ?? formValues(view),
        errors: more.errors ?? [],
        csrf: request.viewer?.csrfToken ?? '',
        notice: (request.query as Query).saved === '1' ? request.t('ratings.saved') : null,
        refusal: more.refusal ?? null,
      }),
      status,
    );

  app.get(
    '/my/ratings',
    { schema: { hide: true, querystring: LooseQuery }, ...citizen },
    async (request, reply) => {
      const mine = await ratings.mine(request.session!.accountId);
      return reply.page(h(MyRatingsPage, { items: await Promise.all(mine.map(item)) }));
    },
  );

  app.get<{ Params: { code: string } }>(
    '/my/ratings/:code',
    { schema: { hide: true, params: CodeParams, querystring: LooseQuery }, ...citizen },
    async (request, reply) =>
      render(
        request,
        reply,
        await ratings.one(request.session!.accountId, request.params.code),
        {},
      ),
  );

  app.post<{ Params: { code: string }; Body: Query }>(
    '/my/ratings/:code',
    { schema: { hide: true, params: CodeParams, body: LooseQuery }, ...citizen },
    async (request, reply) => {
      assertFormToken(request.viewer?.csrfToken, request.body.csrf);
      const accountId = request.session!.accountId;
      const { code } = request.params;
      const typed: FormValues = { ...request.body, anonymous: request.body.anonymous === 'on' };
      try {
        await ratings.give(accountId, code, request.body);
        return reply.redirect(`/my/ratings/${encodeURIComponent(code)}?saved=1`, 303);
      } catch (error) {
        if (!(error instanceof ProblemError) || ![409, 422].includes(error.status)) throw error;
        const view = await ratings.one(accountId, code);
        if (error.status === 409) {
          return render(request, reply, view, { refusal: request.t(error.messageKey) }, 409);
        }
        const errors = error.fieldErrors.map((e) => ({
          field: e.field,
          message: `${request.t(`ratings.criterion.${e.field}` as MessageKey)}: ${request.t(e.messageKey, e.params)}`,
        }));
        return render(request, reply, view, { values: typed, errors }, 422);
      }
    },
  );

  app.get<{ Querystring: Query }>(
    '/backoffice/ratings',
    { schema: { hide: true, querystring: LooseQuery }, config: { access: 'officer' as const } },
    async (request, reply) => {
      const actor = actorOf(request);
      if (officers.agenciesOf(actor).length === 0) {
        throw new ProblemError(403, 'not_officer', 'errors.notOfficer');
      }
      const month = request.query.month ?? '';
      const view = await officers.view(actor, {
        agency: request.query.agency || null,
        month: new RegExp(MONTH).test(month) ? month : null,
      });
      const months = lastMonths(deps.clock.now(), MONTHS_OFFERED);
      return reply.page(h(OfficerRatingsPage, { view, months }));
    },
  );
}
