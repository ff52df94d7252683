import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { PROBLEM_RESPONSES, ProblemError } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import { actorOf, agenciesWhere, type Permission } from '../../identity/index.js';
import { HTTP } from '../http-status.js';
import { totalsCsv, type ReconciliationService } from '../reconciliation.js';
import { tags, type PaymentsRouteDeps } from './shared.js';

// A calendar day of this portal's time: year 0 or 9999 would pass \d{4} and then name an
// instant PostgreSQL cannot read, and 2026-02-30 would roll over to March.
const DAY = Type.String({ format: 'date', pattern: '^(19|20)\\d{2}-\\d{2}-\\d{2}$' });

const Totals = Type.Object({
  items: Type.Array(
    Type.Object({
      day: Type.String(),
      agencyCode: Type.String(),
      agencyName: Type.String(),
      payments: Type.Integer(),
      collected: Type.Integer(),
      refunded: Type.Integer(),
    }),
  ),
});

const Mismatches = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      provider: Type.String(),
      day: Type.String(),
      kind: Type.String(),
      reference: Type.String(),
      orderId: Type.Union([Type.String(), Type.Null()]),
      agencyCode: Type.Union([Type.String(), Type.Null()]),
      portalAmount: Type.Integer(),
      providerAmount: Type.Integer(),
    }),
  ),
});

const Runs = Type.Object({
  runs: Type.Array(
    Type.Object({ provider: Type.String(), matched: Type.Integer(), mismatches: Type.Integer() }),
  ),
});

/** Officers see their agencies' money; system administrators all of it. */
function moneyOfficer(request: FastifyRequest, permission: Permission) {
  const actor = actorOf(request);
  const agencies = agenciesWhere(actor, permission);
  if (agencies !== 'all' && agencies.length === 0) {
    throw new ProblemError(HTTP.forbidden, 'role_missing', 'errors.roleMissing');
  }
  return { actor, agencies };
}

const schemas = {
  totals: {
    tags,
    summary: 'Per agency per day: payments, money collected and refunded (JSON or CSV)',
    querystring: Type.Object(
      {
        from: DAY,
        to: DAY,
        format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
      },
      { additionalProperties: false },
    ),
    response: { 200: Type.Union([Totals, Type.String()]), ...PROBLEM_RESPONSES },
  },
  mismatches: {
    tags,
    summary: 'What the daily reconciliation found not to agree, still open',
    response: { 200: Mismatches, ...PROBLEM_RESPONSES },
  },
  resolution: {
    tags,
    summary: 'Settle a mismatch, saying how (a refund made, a report corrected)',
    params: Type.Object({ id: Type.String({ maxLength: 20 }) }),
    body: Type.Object(
      { resolution: Type.String({ maxLength: 2000 }) },
      { additionalProperties: false },
    ),
    response: { 204: Type.Null(), ...PROBLEM_RESPONSES },
  },
  reconcile: {
    tags,
    summary:
      'Reconcile a day now, for the agencies where the caller approves (the job does yesterday, for all, every morning)',
    body: Type.Object({ day: DAY }, { additionalProperties: false }),
    response: { 200: Runs, ...PROBLEM_RESPONSES },
  },
  statements: {
    tags,
    // The bank's export as it is: the one body this API takes that is not JSON.
    consumes: ['text/csv'],
    summary:
      'Import the collection account’s statement (CSV: booked at, amount, content, bank reference)',
    response: {
      200: Type.Object({
        lines: Type.Integer(),
        added: Type.Integer(),
        applied: Type.Integer(),
        notMatched: Type.Array(Type.Integer(), {
          description:
            'Line numbers naming no order of the importer’s agencies (another agency’s, none, or unknown): not recorded',
        }),
      }),
      ...PROBLEM_RESPONSES,
    },
  },
};

/**
 * The agencies' money through the API: totals (JSON or CSV), what reconciliation found not
 * to agree and its settling, a day reconciled on request, and the bank statement's import.
 */
export async function reconciliationRoutes(app: App, { reconciliation }: PaymentsRouteDeps) {
  const officers = { config: { access: 'signed_in' as const } };

  app.get(
    '/api/v1/payments/totals',
    { ...officers, schema: schemas.totals },
    async (request, reply) => {
      const { agencies } = moneyOfficer(request, 'payments.totals');
      const { from, to, format } = request.query;
      const rows = await reconciliation.totals(agencies, from, to);
      if (format !== 'csv') return { items: rows };
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="thu-phi-${from}-${to}.csv"`)
        .send(totalsCsv(rows));
    },
  );

  app.get(
    '/api/v1/payments/mismatches',
    { ...officers, schema: schemas.mismatches },
    async (request) => {
      const { agencies } = moneyOfficer(request, 'payments.totals');
      const rows = await reconciliation.mismatches(agencies);
      return {
        items: rows.map((m) => ({
          id: m.id,
          provider: m.provider,
          day: m.day,
          kind: m.kind,
          reference: m.reference,
          orderId: m.order_id,
          agencyCode: m.payee_agency_code,
          portalAmount: m.portal_amount,
          providerAmount: m.provider_amount,
        })),
      };
    },
  );

  app.post(
    '/api/v1/payments/mismatches/:id/resolution',
    { ...officers, schema: schemas.resolution },
    async (request, reply) => {
      const { actor } = moneyOfficer(request, 'payments.settle');
      await reconciliation.resolve(actor, request.params.id, request.body.resolution);
      return reply.status(HTTP.noContent).send(null);
    },
  );

  app.post(
    '/api/v1/payments/reconciliations',
    { ...officers, schema: schemas.reconcile },
    async (request) => {
      // An approver compares their own agencies' orders; system administrators every one.
      const { agencies } = moneyOfficer(request, 'payments.settle');
      return { runs: await reconciliation.reconcile(request.body.day, agencies) };
    },
  );

  // Statements come as CSV text, read as it is: the parser is this route's alone.
  await app.register(statementRoutes, { reconciliation });
}

async function statementRoutes(
  app: App,
  { reconciliation }: { reconciliation: ReconciliationService },
) {
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  app.post(
    '/api/v1/payments/statements',
    { config: { access: 'signed_in' }, schema: schemas.statements },
    async (request) => {
      // What a statement confirms is limited to the agencies where the importer approves.
      const { actor, agencies } = moneyOfficer(request, 'payments.settle');
      const csv = typeof request.body === 'string' ? request.body : '';
      return reconciliation.importStatement(csv, { accountId: actor.accountId, agencies });
    },
  );
}
