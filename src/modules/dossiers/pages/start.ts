import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http.js';
import { localName } from '../../../platform/i18n/index.js';
import type { SummaryError } from '../../../web/components.js';
import type { AgencyRef, CatalogService } from '../../catalog/index.js';
import type { IdentityService } from '../../identity/index.js';
import type { Applicant } from '../applicant.js';
import { StartPage } from '../start.page.js';
import type { DossierService } from '../service.js';
import { StepUpPage, SubmitPage } from '../submit.page.js';
import { applicantOf, citizenPages, fieldErrorsOf, places, type Query } from './shared.js';

interface StartOptions {
  dossiers: DossierService;
  catalog: CatalogService;
  identity: IdentityService;
}

/**
 * The places to choose the agency by, the person's home first: from the query when the
 * province was just changed, else from their address, else the first of each list.
 */
async function startPlaces(catalog: CatalogService, who: Applicant, query: Query) {
  const home = who.prefill.address as { province?: string; commune?: string } | undefined;
  const { provinces, communes } = await places(catalog, [query.province ?? home?.province ?? '']);
  const province =
    provinces.find((p) => p.code === query.province)?.code ??
    provinces.find((p) => p.code === home?.province)?.code ??
    provinces[0]!.code;
  const inProvince =
    communes[province] ?? (await places(catalog, [province])).communes[province] ?? [];
  const commune =
    inProvince.find((c) => c.code === query.commune)?.code ??
    inProvince.find((c) => c.code === home?.commune)?.code ??
    inProvince[0]?.code ??
    '';
  return { provinces, communes: inProvince, province, commune };
}

/**
 * The agency a new dossier goes to, when the procedure names a kind of agency rather than
 * one: the one of that kind in the province or commune chosen ('' when there is none).
 */
async function chosenAgency(catalog: CatalogService, refs: AgencyRef[], body: Query) {
  if (refs.some((r) => r.code)) return undefined;
  const ref = refs[0];
  const agency = ref?.kind?.startsWith('commune_')
    ? await catalog.communeAgency(body.commune ?? '', ref.kind)
    : ref?.kind
      ? await catalog.localAgency(body.province ?? '', { kind: ref.kind, sector: ref.sector })
      : null;
  return agency?.code ?? '';
}

/**
 * Filing starts here: where the dossier goes, drafts to resume (or, without an online form,
 * what to prepare for the counter).
 */
export async function startPages(app: App, opts: StartOptions) {
  const { dossiers, catalog } = opts;
  const { ownForm, ownWithQuery } = citizenPages(opts.identity);

  async function renderStart(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    query: Query,
    errors: SummaryError[],
  ) {
    const who = applicantOf(request);
    const { procedure } = await dossiers.fileable(code);
    const refs = procedure.agencies.implementing ?? [];
    const fixed = refs.find((r) => r.code);
    const communeLevel = refs.some((r) => r.kind?.startsWith('commune_'));
    const drafts = await dossiers.draftsFor(who, procedure.code);
    return reply.page(
      h(StartPage, {
        procedure,
        refs,
        choice: fixed ? 'fixed' : communeLevel ? 'commune' : 'province',
        fixedAgency: fixed ? localName(request.locale, fixed) : null,
        ...(await startPlaces(catalog, who, query)),
        drafts: drafts.map((d) => ({ id: d.id, updatedAt: d.updated_at })),
        errors,
        csrf: request.viewer?.csrfToken ?? '',
      }),
      errors.length > 0 ? 422 : 200,
    );
  }

  app.get<{ Params: { code: string }; Querystring: Query }>(
    '/procedures/:code/submit',
    ownWithQuery,
    async (request, reply) => {
      const { procedure, form } = await dossiers.fileable(request.params.code);
      if (procedure.status !== 'active' || procedure.serviceLevel === 'information') {
        return reply.redirect(`/procedures/${procedure.code}`);
      }
      if (applicantOf(request).assuranceLevel < procedure.requiredAssuranceLevel) {
        const here = encodeURIComponent(request.url);
        return reply.page(
          h(StepUpPage, { procedure, signInUrl: `/auth/login?level=2&returnTo=${here}` }),
          403,
        );
      }
      if (!form) return reply.page(h(SubmitPage, { procedure }));
      return renderStart(request, reply, procedure.code, request.query, []);
    },
  );

  app.post<{ Params: { code: string }; Body: Query }>(
    '/procedures/:code/submit',
    ownForm,
    async (request, reply) => {
      const who = applicantOf(request);
      const { procedure } = await dossiers.fileable(request.params.code);
      const refs = procedure.agencies.implementing ?? [];
      const agencyCode = await chosenAgency(catalog, refs, request.body);
      try {
        const view = await dossiers.createDraft(who, { procedureCode: procedure.code, agencyCode });
        const first = view.form.sections[0]!.id;
        return reply.redirect(`/dossiers/drafts/${view.row.id}/sections/${first}`, 303);
      } catch (error) {
        const errors = fieldErrorsOf(error, request.t).map((e) => ({ ...e, field: 'province' }));
        return renderStart(request, reply, procedure.code, request.body, errors);
      }
    },
  );
}
