import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../../platform/errors.js';
import { assertFormToken } from '../../platform/forms.js';
import type { App } from '../../platform/http.js';
import type { CatalogService } from '../catalog/index.js';
import { actorOf } from '../identity/index.js';
import { AGENCIES_PATH, AgenciesPage, type ReceivingSystem } from './agencies.page.js';
import type { ClientService } from './client-service.js';
import type { DeliveryService } from './deliveries.js';

interface Deps {
  clients: ClientService;
  deliveries: DeliveryService;
  catalog: CatalogService;
}

const FormBody = Type.Object(
  {
    csrf: Type.Optional(Type.String({ maxLength: 200 })),
    clientId: Type.Optional(Type.String({ maxLength: 40 })),
    agencyCode: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);
type Body = typeof FormBody.static;
type Query = Record<string, string | undefined>;

async function checkFormToken(request: FastifyRequest) {
  if (request.method === 'POST') {
    assertFormToken(request.viewer?.csrfToken, (request.body as Body | undefined)?.csrf);
  }
}

const admins = { config: { access: 'system_admin' as const }, preHandler: checkFormToken };

/**
 * The administrators' page of connected agencies (docs/integration.md, "Dossier exchange"):
 * for each system that receives dossiers, the agencies marked as processed in it, a button to
 * unmark each and a form to mark another of its allowed agencies. A change is followed by a
 * redirect that says what it did; a refusal shows the page again with the reason.
 */
export async function agencyPages(app: App, { clients, deliveries, catalog }: Deps) {
  const named = async (code: string) => {
    const agency = await catalog.agency(code).catch(() => null);
    return { code, name: agency?.name ?? code, nameEn: agency?.nameEn ?? code };
  };

  async function systems(): Promise<ReceivingSystem[]> {
    const connected = await deliveries.load();
    const taken = new Set(connected.map((c) => c.agency_code));
    const receiving = (await clients.list()).filter((c) => c.scopes.includes('dossiers:receive'));
    return Promise.all(
      receiving.map(async (client) => ({
        id: client.id,
        name: client.name,
        suspended: client.status === 'suspended',
        connected: await Promise.all(
          connected
            .filter((c) => c.client_id === client.id)
            .map(async (c) => ({ ...(await named(c.agency_code)), since: c.since })),
        ),
        markable: await Promise.all(
          client.allowedAgencies.filter((code) => !taken.has(code)).map(named),
        ),
      })),
    );
  }

  /** What a redirect says was done, from its query: only these, with names looked up. */
  async function noticeOf(request: FastifyRequest, query: Query): Promise<string | null> {
    const agency = query.agency ? await named(query.agency) : null;
    if (!agency) return null;
    const label = `${request.locale === 'en' ? agency.nameEn : agency.name} (${agency.code})`;
    if (query.done === 'marked' && query.client) {
      const client = await clients.get(query.client).catch(() => null);
      return client
        ? request.t('integration.agencies.marked', { agency: label, system: client.name })
        : null;
    }
    const recalled = Number(query.recalled);
    if (query.done === 'unmarked' && Number.isSafeInteger(recalled) && recalled >= 0) {
      return request.t('integration.agencies.unmarked', { agency: label, recalled });
    }
    return null;
  }

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    outcome: { notice?: string | null; error?: { field: string; message: string } },
    status = 200,
  ) =>
    reply.page(
      h(AgenciesPage, {
        systems: await systems(),
        csrf: request.viewer?.csrfToken ?? '',
        notice: outcome.notice ?? null,
        errors: outcome.error ? [outcome.error] : [],
      }),
      status,
    );

  /** A refusal shown on the page, beside the system's form. */
  const refused = (request: FastifyRequest, reply: FastifyReply, body: Body, error: unknown) => {
    if (!(error instanceof ProblemError) || error.status >= 500) throw error;
    const [field] = error.fieldErrors;
    const message = field
      ? request.t(field.messageKey, field.params)
      : request.t(error.messageKey, error.params);
    return render(
      request,
      reply,
      { error: { field: `agency-${body.clientId ?? ''}`, message } },
      error.status,
    );
  };

  app.get<{ Querystring: Query }>(
    AGENCIES_PATH,
    {
      ...admins,
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) =>
      render(request, reply, { notice: await noticeOf(request, request.query) }),
  );

  app.post<{ Body: Body }>(
    AGENCIES_PATH,
    { ...admins, schema: { hide: true, body: FormBody } },
    async (request, reply) => {
      const { clientId = '', agencyCode = '' } = request.body;
      try {
        await deliveries.mark(actorOf(request).accountId, clientId, agencyCode);
      } catch (error) {
        return refused(request, reply, request.body, error);
      }
      const query = new URLSearchParams({ done: 'marked', client: clientId, agency: agencyCode });
      return reply.redirect(`${AGENCIES_PATH}?${query.toString()}`, 303);
    },
  );

  app.post<{ Body: Body }>(
    `${AGENCIES_PATH}/remove`,
    { ...admins, schema: { hide: true, body: FormBody } },
    async (request, reply) => {
      const { clientId = '', agencyCode = '' } = request.body;
      let recalled: number;
      try {
        ({ recalled } = await deliveries.unmark(actorOf(request).accountId, clientId, agencyCode));
      } catch (error) {
        return refused(request, reply, request.body, error);
      }
      const query = new URLSearchParams({
        done: 'unmarked',
        agency: agencyCode,
        recalled: String(recalled),
      });
      return reply.redirect(`${AGENCIES_PATH}?${query.toString()}`, 303);
    },
  );
}
