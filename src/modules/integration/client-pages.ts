import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JWK } from 'jose';
import { ProblemError } from '../../platform/errors.js';
import { assertFormToken } from '../../platform/forms.js';
import type { App } from '../../platform/http.js';
import type { MessageKey, Translate } from '../../platform/i18n/index.js';
import type { CatalogService } from '../catalog/index.js';
import { actorOf } from '../identity/index.js';
import { ClientPage, type ClientPageProps } from './client.page.js';
import {
  BLANK_CLIENT,
  checkClient,
  FormBodySchema,
  isFormError,
  one,
  readClient,
  readJwk,
  readRegistration,
  serviceErrors,
  type FormBody,
  type FormError,
} from './client-form.js';
import type { ClientFields } from './client-repository.js';
import { publicKeyOf, type ClientService } from './client-service.js';
import {
  ClientsPage,
  clientPath,
  LIST_PATH,
  NewClientPage,
  RegisteredPage,
  type AgencyName,
} from './clients.page.js';

interface Deps {
  clients: ClientService;
  catalog: CatalogService;
  publicUrl: string;
}

/** What a redirect after a change may say it did (`?done=`), and nothing else. */
const DONE = ['registered', 'updated', 'suspended', 'reactivated', 'keyAdded', 'keyRetired'];

/** Pages' forms carry the session's token; anything else is refused (403). */
async function checkFormToken(request: FastifyRequest) {
  if (request.method === 'POST') {
    assertFormToken(request.viewer?.csrfToken, one(request.body as FormBody, 'csrf'));
  }
}

const admins = { config: { access: 'system_admin' as const }, preHandler: checkFormToken };
const page = {
  ...admins,
  schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
};
const form = { ...admins, schema: { hide: true, body: FormBodySchema } };

type Outcome = Partial<Pick<ClientPageProps, 'notice' | 'errors' | 'typed' | 'reason' | 'jwk'>>;

const required = (t: Translate, field: string, label: MessageKey): FormError => ({
  field,
  message: `${t(label)}: ${t('errors.field.required')}`,
});

/**
 * The administrators' pages for connected systems: the list, registering one (its secret
 * shown once, in development), and one system's page to change it, suspend or reactivate
 * it, and add and retire its keys. Every form refused comes back as typed with a summary.
 */
export async function clientPages(app: App, { clients, catalog, publicUrl }: Deps) {
  const agencyName = (code: string): Promise<AgencyName> =>
    catalog.agency(code).then(
      (a) => ({ name: a.name, nameEn: a.nameEn }),
      () => null,
    );

  /** What only the service knows (agencies that exist, addresses that parse), for fields
   * the form itself found nothing wrong with. */
  async function serviceCheck(fields: ClientFields, errors: FormError[], t: Translate) {
    const inError = new Set(errors.map((e) => e.field));
    try {
      await clients.check({
        ownerAgencyCode: fields.ownerAgencyCode,
        allowedAgencies: inError.has('allowedAgencies') ? [] : fields.allowedAgencies,
        allowedAddresses: inError.has('allowedAddresses') ? [] : fields.allowedAddresses,
      });
      return [];
    } catch (error) {
      return serviceErrors(error, t).filter((e) => !inError.has(e.field));
    }
  }

  /** The public key typed in a form, checked as the service will take it. */
  async function typedKey(text: string, t: Translate): Promise<JWK | FormError> {
    if (text.trim() === '') return required(t, 'jwk', 'integration.field.jwk');
    const jwk = readJwk(text, t);
    if (isFormError(jwk)) return jwk;
    try {
      await publicKeyOf(jwk);
      return jwk;
    } catch (error) {
      return serviceErrors(error, t)[0]!;
    }
  }

  async function showClient(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    outcome: Outcome = {},
    status = 200,
  ) {
    const client = await clients.get(id);
    const [keys, owner] = await Promise.all([
      clients.keys(client.id),
      agencyName(client.ownerAgencyCode),
    ]);
    return reply.page(
      h(ClientPage, {
        client,
        owner,
        keys,
        tokenEndpoint: `${publicUrl}/api/v1/integration/token`,
        csrf: request.viewer?.csrfToken ?? '',
        notice: outcome.notice ?? null,
        errors: outcome.errors ?? [],
        typed: outcome.typed ?? null,
        reason: outcome.reason ?? '',
        jwk: outcome.jwk ?? '',
      }),
      status,
    );
  }

  const done = (reply: FastifyReply, id: string, what: (typeof DONE)[number]) =>
    reply.redirect(`${clientPath(id)}?done=${what}`, 303);

  app.get(LIST_PATH, page, async (_request, reply) => {
    const [list, keyCounts] = await Promise.all([clients.list(), clients.keyCounts()]);
    const items = await Promise.all(
      list.map(async (client) => ({
        client,
        owner: await agencyName(client.ownerAgencyCode),
        keys: keyCounts.get(client.id) ?? 0,
      })),
    );
    return reply.page(h(ClientsPage, { items }));
  });

  const newPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    typed = BLANK_CLIENT,
    errors: FormError[] = [],
  ) =>
    reply.page(
      h(NewClientPage, {
        typed,
        errors,
        csrf: request.viewer?.csrfToken ?? '',
        secretsAllowed: clients.secretsAllowed,
      }),
      errors.length > 0 ? 422 : 200,
    );

  app.get(`${LIST_PATH}/new`, page, (request, reply) => newPage(request, reply));

  app.post<{ Body: FormBody }>(LIST_PATH, form, async (request, reply) => {
    const { t } = request;
    const typed = readRegistration(request.body);
    const { fields, errors } = checkClient(typed, t);
    errors.push(...(await serviceCheck(fields, errors, t)));
    const key = typed.jwk.trim() === '' ? null : await typedKey(typed.jwk, t);
    if (isFormError(key)) errors.push(key);
    if (errors.length > 0 || isFormError(key)) return newPage(request, reply, typed, errors);
    const actor = actorOf(request);
    let made: Awaited<ReturnType<ClientService['register']>>;
    try {
      made = await clients.register(actor.accountId, fields, { secret: typed.secret });
    } catch (error) {
      return newPage(request, reply, typed, serviceErrors(error, t));
    }
    if (key) await clients.addKey(actor.accountId, made.client.id, key);
    if (made.secret) {
      return reply.page(h(RegisteredPage, { client: made.client, secret: made.secret }), 201);
    }
    return done(reply, made.client.id, 'registered');
  });

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>(
    `${LIST_PATH}/:id`,
    page,
    (request, reply) => {
      const what = request.query.done ?? '';
      const notice = DONE.includes(what)
        ? request.t(`integration.done.${what}` as MessageKey)
        : null;
      return showClient(request, reply, request.params.id, { notice });
    },
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    `${LIST_PATH}/:id`,
    form,
    async (request, reply) => {
      const { t } = request;
      const { id } = request.params;
      const typed = readClient(request.body);
      const { fields, errors } = checkClient(typed, t);
      errors.push(...(await serviceCheck(fields, errors, t)));
      if (errors.length > 0) return showClient(request, reply, id, { typed, errors }, 422);
      const version = Number(one(request.body, 'version'));
      try {
        await clients.update(
          actorOf(request).accountId,
          id,
          Number.isSafeInteger(version) ? version : -1,
          fields,
        );
      } catch (error) {
        if (error instanceof ProblemError && error.code === 'version_conflict') {
          // Their changes stay in the form; the details above show the system as it is now.
          const conflict = { field: 'edit', message: t('integration.error.conflict') };
          return showClient(request, reply, id, { typed, errors: [conflict] }, 409);
        }
        const refused = serviceErrors(error, t);
        return showClient(request, reply, id, { typed, errors: refused }, 422);
      }
      return done(reply, id, 'updated');
    },
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    `${LIST_PATH}/:id/suspend`,
    form,
    async (request, reply) => {
      const { t } = request;
      const { id } = request.params;
      const reason = one(request.body, 'reason').trim();
      const label = 'integration.field.reason';
      const error =
        reason === ''
          ? required(t, 'reason', label)
          : reason.length > 500
            ? {
                field: 'reason',
                message: `${t(label)}: ${t('errors.field.tooLong', { limit: 500 })}`,
              }
            : null;
      if (error) return showClient(request, reply, id, { errors: [error], reason }, 422);
      await clients.suspend(actorOf(request).accountId, id, reason);
      return done(reply, id, 'suspended');
    },
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    `${LIST_PATH}/:id/reactivate`,
    form,
    async (request, reply) => {
      await clients.reactivate(actorOf(request).accountId, request.params.id);
      return done(reply, request.params.id, 'reactivated');
    },
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    `${LIST_PATH}/:id/keys`,
    form,
    async (request, reply) => {
      const { t } = request;
      const { id } = request.params;
      const text = one(request.body, 'jwk');
      const key = await typedKey(text, t);
      try {
        if (isFormError(key)) throw key;
        await clients.addKey(actorOf(request).accountId, id, key);
      } catch (error) {
        const refused = isFormError(error)
          ? error
          : error instanceof ProblemError && error.code === 'key_exists'
            ? { field: 'jwk', message: t(error.messageKey, error.params) }
            : serviceErrors(error, t)[0]!;
        const status = error instanceof ProblemError && error.status === 409 ? 409 : 422;
        return showClient(request, reply, id, { errors: [refused], jwk: text }, status);
      }
      return done(reply, id, 'keyAdded');
    },
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    `${LIST_PATH}/:id/keys/retire`,
    form,
    async (request, reply) => {
      const { id } = request.params;
      const kid = one(request.body, 'kid');
      await clients.get(id);
      try {
        await clients.retireKey(actorOf(request).accountId, id, kid);
      } catch (error) {
        if (!(error instanceof ProblemError) || error.status !== 404) throw error;
        // Retired meanwhile (or the form sent twice): said, rather than an error page.
        const gone = {
          field: 'keys-heading',
          message: request.t('integration.error.keyGone', { kid }),
        };
        return showClient(request, reply, id, { errors: [gone] }, 409);
      }
      return done(reply, id, 'keyRetired');
    },
  );
}
