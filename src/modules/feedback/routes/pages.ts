import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { ProblemError } from '../../../platform/errors.js';
import { assertFormToken } from '../../../platform/forms.js';
import type { App } from '../../../platform/http.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import type { SummaryError } from '../../../web/components.js';
import type { CatalogService } from '../../catalog/index.js';
import {
  readMultipart,
  requireApplicant,
  type Applicant,
  type DossierService,
} from '../../dossiers/index.js';
import type { IdentityService } from '../../identity/index.js';
import { MyFeedbackPage, MyItemPage } from '../mine.page.js';
import { EMPTY_FORM, SendPage, type SendForm } from '../send.page.js';
import type { FeedbackService } from '../service.js';
import { sendFile } from './api.js';
import { agencyNames, Code, FileParams, LooseForm, problemsOf } from './page-shared.js';

export interface FeedbackPageDeps {
  feedback: FeedbackService;
  dossiers: DossierService;
  catalog: CatalogService;
  identity: IdentityService;
  clock: { now(): Date };
  maxFileBytes: number;
  sendsPerMinute: number;
}

const LABELS: Record<string, MessageKey> = {
  kind: 'feedback.kind',
  title: 'feedback.field.title',
  body: 'feedback.field.body',
  procedureCode: 'feedback.field.procedureCode',
  dossierCode: 'feedback.field.dossierCode',
  agencyCode: 'feedback.field.agencyCode',
  provinceCode: 'feedback.field.provinceCode',
  communeCode: 'feedback.field.provinceCode',
  place: 'feedback.field.place',
  files: 'feedback.field.files',
  text: 'feedback.replyText',
};

/** A person's feedback pages: sending it, their list, each item, replying and withdrawing. */
export async function feedbackPages(app: App, deps: FeedbackPageDeps) {
  const { feedback, identity } = deps;
  const citizen = { config: { access: 'citizen' as const } };
  const who = (request: FastifyRequest) => requireApplicant(request, identity);

  async function sendPage(
    request: FastifyRequest,
    reply: FastifyReply,
    applicant: Applicant,
    form: SendForm,
    errors: SummaryError[] = [],
  ) {
    const dossiers = (await deps.dossiers.list(applicant)).filter((d) => d.row.code);
    return reply.page(
      h(SendPage, {
        form,
        errors,
        dossiers: dossiers.map((d) => ({
          code: d.row.code!,
          procedureName: request.locale === 'en' ? d.procedure.nameEn : d.procedure.name,
        })),
        provinces: await deps.catalog.listProvinces(),
        maxFileMb: Math.round(deps.maxFileBytes / 1_048_576),
        csrf: request.viewer?.csrfToken ?? '',
      }),
      errors.length > 0 ? 422 : 200,
    );
  }

  app.get<{ Querystring: Record<string, string> }>(
    '/feedback/new',
    { ...citizen, schema: { hide: true, querystring: LooseForm } },
    async (request, reply) => {
      const { procedure, dossier, agency } = request.query;
      return sendPage(request, reply, await who(request), {
        ...EMPTY_FORM,
        kind: dossier ? 'dossier' : procedure ? 'procedure' : '',
        procedureCode: (procedure ?? '').slice(0, 40),
        dossierCode: (dossier ?? '').slice(0, 60),
        agencyCode: (agency ?? '').slice(0, 40),
      });
    },
  );

  const upload = { hide: true, consumes: ['multipart/form-data'] };
  const sending = {
    config: {
      access: 'citizen' as const,
      rateLimit: { max: deps.sendsPerMinute, timeWindow: '1 minute' },
    },
  };
  app.post('/feedback', { ...sending, schema: upload }, async (request, reply) => {
    const applicant = await who(request);
    const { files, oversize, text } = await readMultipart(request, deps.maxFileBytes);
    assertFormToken(request.viewer?.csrfToken, text('csrf'));
    const form: SendForm = {
      kind: text('kind') ?? '',
      title: text('title') ?? '',
      body: text('body') ?? '',
      procedureCode: text('procedureCode') ?? '',
      dossierCode: text('dossierCode') ?? '',
      agencyCode: text('agencyCode') ?? '',
      provinceCode: text('provinceCode') ?? '',
      place: text('place') ?? '',
      publishConsent: text('publishConsent') === 'on',
    };
    if (oversize.length > 0) {
      const limit = Math.round(deps.maxFileBytes / 1_048_576);
      return sendPage(request, reply, applicant, form, [
        {
          field: 'files',
          message: `${request.t('feedback.field.files')}: ${request.t('dossier.error.fileTooLarge', { limit })}`,
        },
      ]);
    }
    try {
      const row = await feedback.submit(
        applicant,
        form,
        files.filter((f) => f.fieldName === 'files'),
      );
      return reply.redirect(`/my/feedback/${row.code}?done=sent`, 303);
    } catch (error) {
      const errors = problemsOf(request, error, LABELS);
      return sendPage(request, reply, applicant, form, errors);
    }
  });

  app.get('/my/feedback', { ...citizen, schema: { hide: true } }, async (request, reply) => {
    const rows = await feedback.mine(await who(request));
    const names = await agencyNames(
      deps.catalog,
      rows.map((r) => r.agency_code),
    );
    return reply.page(h(MyFeedbackPage, { rows, names, now: deps.clock.now() }));
  });

  async function itemPage(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    done: 'sent' | 'reply' | 'withdraw' | null,
    errors: SummaryError[] = [],
  ) {
    const view = await feedback.view(await who(request), code);
    const names = await agencyNames(deps.catalog, [
      view.row.agency_code,
      view.row.answer_agency_code,
      ...view.events.flatMap((e) => [e.agency_code, e.to_agency]),
    ]);
    reply.header('cache-control', 'no-store');
    return reply.page(
      h(MyItemPage, { view, names, done, errors, csrf: request.viewer?.csrfToken ?? '' }),
      errors.length > 0 ? 422 : 200,
    );
  }

  app.get<{ Params: { code: string }; Querystring: Record<string, string> }>(
    '/my/feedback/:code',
    { ...citizen, schema: { hide: true, params: Code, querystring: LooseForm } },
    async (request, reply) => {
      const done = request.query.done;
      const known = done === 'sent' || done === 'reply' || done === 'withdraw' ? done : null;
      return itemPage(request, reply, request.params.code, known);
    },
  );

  for (const action of ['reply', 'withdraw'] as const) {
    app.post<{ Params: { code: string }; Body: Record<string, string> }>(
      `/my/feedback/:code/${action}`,
      { ...citizen, schema: { hide: true, params: Code, body: LooseForm } },
      async (request, reply) => {
        assertFormToken(request.viewer?.csrfToken, request.body.csrf);
        const { code } = request.params;
        const version = Number(request.body.version);
        try {
          const applicant = await who(request);
          if (action === 'reply') {
            await feedback.reply(applicant, code, { version, text: request.body.text ?? '' });
          } else {
            await feedback.withdraw(applicant, code, { version, reason: request.body.reason });
          }
          return reply.redirect(`/my/feedback/${encodeURIComponent(code)}?done=${action}`, 303);
        } catch (error) {
          if (!(error instanceof ProblemError) || error.status === 404) throw error;
          const field = action === 'reply' ? 'text' : 'reason';
          return itemPage(request, reply, code, null, problemsOf(request, error, LABELS, field));
        }
      },
    );
  }

  app.get<{ Params: { code: string; id: string } }>(
    '/my/feedback/:code/files/:id',
    { ...citizen, schema: { hide: true, params: FileParams } },
    async (request, reply) =>
      sendFile(
        reply,
        await feedback.file(await who(request), request.params.code, request.params.id),
      ),
  );
}
