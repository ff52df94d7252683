import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import { ProblemError } from '../../platform/errors.js';
import type { CatalogService } from '../catalog/index.js';
import type { CounterIntake, DossierService } from '../dossiers/index.js';
import type { IdentityService } from '../identity/index.js';
import type { Answers, Field, FormDefinition, ScalarValue } from '../forms/index.js';
import { FORM_DEFINITIONS } from '../forms/index.js';
import type { FieldEnvironment, Place } from '../forms/index.js';
import type { FormService } from '../forms/index.js';
import { allFields, fieldDomId, readSectionInput, type RawInput } from '../forms/index.js';
import { registerIntake } from './intake.js';
import { IntakeFormPage, IntakeStartPage } from './intake.page.js';
import { actorOf, type Actor } from '../identity/index.js';
import type { BackofficeService } from './service.js';

type Query = Record<string, string | undefined>;

type ApplicantKey = 'name' | 'idNumber' | 'phone';

/**
 * The form's fields the applicant box stands for (a business's name and enterprise code, or
 * a person's name and personal ID, and the phone): typed once, in the box.
 */
function applicantFields(form: FormDefinition): Map<string, ApplicantKey> {
  const fields = allFields(form);
  const business = fields.some((f) => f.prefill === 'enterpriseCode');
  const sources: Partial<Record<string, ApplicantKey>> = business
    ? { businessName: 'name', enterpriseCode: 'idNumber', phone: 'phone' }
    : { name: 'name', personalId: 'idNumber', phone: 'phone' };
  const map = new Map<string, ApplicantKey>();
  for (const field of fields) {
    const key = field.prefill && sources[field.prefill];
    if (key && ![...map.values()].includes(key)) map.set(field.id, key);
  }
  return map;
}

/**
 * The counter's pages: an officer with the receiver role registers a dossier handed in at
 * the counter or sent by post, typing the form's answers (files and the signed declaration
 * are on paper). Plain forms; the page is re-shown with what was typed when anything is
 * wrong, so nothing typed is lost.
 */
export function intakePageRoutes(
  app: App,
  backoffice: BackofficeService,
  deps: {
    catalog: CatalogService;
    identity: IdentityService;
    dossiers: DossierService;
    intake: CounterIntake;
    forms: FormService;
  },
  officers: {
    config: { access: 'officer' };
    preHandler: (request: FastifyRequest) => Promise<unknown>;
  },
) {
  const { catalog } = deps;
  const options = {
    schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    ...officers,
  };

  /** The agencies where the officer receives, and the online procedures each may take in. */
  async function choices(actor: Actor) {
    const agencies = await Promise.all(
      backoffice
        .agenciesOf(actor)
        .filter((code) => backoffice.rolesAt(actor, code).includes('receiver'))
        .map((code) => catalog.agency(code)),
    );
    const procedures = [];
    for (const { procedureCode } of FORM_DEFINITIONS) {
      const procedure = await catalog.getProcedure(procedureCode).catch(() => null);
      if (!procedure) continue;
      const fits = [];
      for (const agency of agencies) {
        const ok = await deps.dossiers.resolveAgency(procedure, agency.code).then(
          () => true,
          () => false,
        );
        if (ok) fits.push(agency.code);
      }
      if (fits.length > 0) procedures.push({ ...procedure, agencies: fits });
    }
    return { agencies, procedures };
  }

  app.get<{ Querystring: Query }>('/backoffice/intake', options, async (request, reply) => {
    const { agencies, procedures } = await choices(actorOf(request));
    if (agencies.length === 0) throw new ProblemError(403, 'role_missing', 'errors.roleMissing');
    return reply.page(h(IntakeStartPage, { agencies, procedures, errors: [] }));
  });

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    input: {
      procedure: string;
      agency: string;
      channel: string;
      applicant: { name: string; idNumber: string; phone: string };
      answers: Answers;
    },
    problems: { path: string; message: string }[],
    status = 200,
  ) {
    const actor = actorOf(request);
    const { agencies, procedures } = await choices(actor);
    const procedure = procedures.find((p) => p.code === input.procedure);
    const agency = agencies.find((a) => a.code === input.agency);
    if (!procedure || !agency || !procedure.agencies.includes(agency.code)) {
      return reply.page(
        h(IntakeStartPage, {
          agencies,
          procedures,
          errors: [{ field: 'procedure', message: request.t('intake.notHere') }],
        }),
        422,
      );
    }
    const form = await deps.forms.formFor(procedure.code, procedure.version);
    if (!form) throw new ProblemError(422, 'not_online', 'errors.procedureNotOnline');
    const provinces = (await catalog.listProvinces()).map(placeOf);
    const communes: Record<string, Place[]> = {};
    for (const field of allFields(form)) {
      const province = (input.answers[field.id] as { province?: string } | undefined)?.province;
      if (field.type === 'address' && province && /^\d{2}$/.test(province)) {
        communes[province] = (await catalog.listCommunes(province)).map(placeOf);
      }
    }
    const env: FieldEnvironment = {
      answers: input.answers,
      errors: Object.fromEntries(problems.map((p) => [p.path, p.message])),
      provinces,
      communes,
      locked: new Set(),
      attached: {},
      store: {},
      maxFileMb: 0,
    };
    return reply.page(
      h(IntakeFormPage, {
        procedure,
        agency,
        channel: input.channel === '3' ? 3 : 1,
        form,
        fields: typedFields(form.sections.flatMap((s) => s.fields)).filter(
          (f) => !applicantFields(form).has(f.id),
        ),
        applicant: input.applicant,
        env,
        errors: problems.map((p) => ({ field: fieldDomId(p.path), message: p.message })),
        csrf: request.viewer?.csrfToken ?? '',
      }),
      status,
    );
  }

  app.get<{ Querystring: Query }>('/backoffice/intake/form', options, async (request, reply) =>
    render(
      request,
      reply,
      {
        procedure: request.query.procedure ?? '',
        agency: request.query.agency ?? '',
        channel: request.query.channel ?? '1',
        applicant: { name: '', idNumber: '', phone: '' },
        answers: {},
      },
      [],
    ),
  );

  app.post<{ Body: RawInput }>(
    '/backoffice/intake/form',
    { schema: { hide: true }, ...officers },
    async (request, reply) => {
      const body = request.body;
      const one = (key: string) => {
        const value = body[key];
        return (Array.isArray(value) ? value[0] : value) ?? '';
      };
      const input = {
        procedure: one('procedure'),
        agency: one('agency'),
        channel: one('channel'),
        applicant: {
          name: one('applicant.name'),
          idNumber: one('applicant.idNumber'),
          phone: one('applicant.phone'),
        },
        answers: {} as Answers,
      };
      const procedure = await catalog.getProcedure(input.procedure).catch(() => null);
      const form = procedure ? await deps.forms.formFor(procedure.code, procedure.version) : null;
      for (const section of form?.sections ?? []) {
        Object.assign(
          input.answers,
          readSectionInput({ ...section, fields: typedFields(section.fields) }, body),
        );
      }
      // Group rows are added and removed by their buttons, the page shown again.
      const [verb, target = '', extra = ''] = one('action').split(':');
      const rows = input.answers[target];
      if (Array.isArray(rows) && (verb === 'add' || verb === 'remove')) {
        const table = rows as Record<string, ScalarValue>[];
        if (verb === 'add') table.push({});
        else table.splice(Number(extra), 1);
      }
      if (verb !== 'register') return render(request, reply, input, []);
      const boxed = form ? applicantFields(form) : new Map<string, ApplicantKey>();
      for (const [fieldId, key] of boxed) {
        input.answers[fieldId] = input.applicant[key].replace(
          key === 'name' ? /^\s+|\s+$/g : /\s/g,
          '',
        );
      }
      try {
        const row = await registerIntake({ backoffice, ...deps }, actorOf(request), {
          procedureCode: input.procedure,
          agencyCode: input.agency,
          channel: input.channel === '3' ? 3 : 1,
          applicant: input.applicant,
          answers: input.answers,
        });
        return reply.redirect(
          `/backoffice/dossiers/${encodeURIComponent(row.code!)}?registered=1`,
          303,
        );
      } catch (error) {
        if (!(error instanceof ProblemError) || error.status !== 422) throw error;
        return render(
          request,
          reply,
          input,
          error.fieldErrors.map((e) => ({
            // A problem with a field the box stands for is shown at the box.
            path: boxed.has(e.field) ? `applicant.${boxed.get(e.field)}` : e.field,
            message: applicantMessage(request, e.field) ?? request.t(e.messageKey, e.params),
          })),
          422,
        );
      }
    },
  );
}

/** The fields an officer types in: files and the declaration come on paper. */
const typedFields = (fields: Field[]) =>
  fields.filter((f) => f.type !== 'attachment' && f.type !== 'declaration');

const placeOf = (p: Place): Place => ({ code: p.code, name: p.name, nameEn: p.nameEn });

/** The applicant box's problems name their field. */
function applicantMessage(request: FastifyRequest, field: string) {
  if (field === 'applicant.name') return request.t('intake.error.name');
  if (field === 'applicant.idNumber') return request.t('intake.error.idNumber');
  return undefined;
}
