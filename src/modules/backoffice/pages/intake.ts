import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import type { CatalogService } from '../../catalog/index.js';
import type { CounterIntake, DossierService } from '../../dossiers/index.js';
import {
  allFields,
  fieldDomId,
  readSectionInput,
  type Answers,
  type Field,
  type FieldEnvironment,
  type FormDefinition,
  type FormService,
  type Place,
  type RawInput,
  type ScalarValue,
} from '../../forms/index.js';
import { actorOf, type Applicants } from '../../identity/index.js';
import { applicantFields, intakeChoices, registerIntake, type ApplicantKey } from '../intake.js';
import { IntakeFormPage, IntakeStartPage } from '../intake.page.js';
import { officerOnly, officerPage, type Query } from '../http-shared.js';

type IntakeDeps = {
  catalog: CatalogService;
  applicants: Applicants;
  dossiers: DossierService;
  intake: CounterIntake;
  forms: FormService;
};

/** What the counter's form holds: where and how it came, who brought it, the answers. */
interface IntakeForm {
  procedure: string;
  agency: string;
  channel: string;
  applicant: Record<ApplicantKey, string>;
  answers: Answers;
}

type Problem = { path: string; message: string };

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

/** A posted field's value (the first, if sent more than once), or ''. */
const firstOf = (body: RawInput, key: string) => {
  const value = body[key];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};

/** The form as posted: its hidden choices, the applicant box and each section's answers. */
function readIntakeForm(body: RawInput, form: FormDefinition | null): IntakeForm {
  const one = (key: string) => firstOf(body, key);
  const answers: Answers = {};
  for (const section of form?.sections ?? []) {
    Object.assign(
      answers,
      readSectionInput({ ...section, fields: typedFields(section.fields) }, body),
    );
  }
  return {
    procedure: one('procedure'),
    agency: one('agency'),
    channel: one('channel'),
    applicant: {
      name: one('applicant.name'),
      idNumber: one('applicant.idNumber'),
      phone: one('applicant.phone'),
    },
    answers,
  };
}

/** Adds or removes a group's row (`add:<group>`, `remove:<group>:<index>`), as its buttons ask. */
function changeRows(answers: Answers, verb: string, target: string, extra: string) {
  const rows = answers[target];
  if (Array.isArray(rows) && (verb === 'add' || verb === 'remove')) {
    const table = rows as Record<string, ScalarValue>[];
    if (verb === 'add') table.push({});
    else table.splice(Number(extra), 1);
  }
}

/** The communes of the provinces chosen in the form's addresses, for their selects. */
async function communesOf(catalog: CatalogService, form: FormDefinition, answers: Answers) {
  const communes: Record<string, Place[]> = {};
  for (const field of allFields(form)) {
    const province = (answers[field.id] as { province?: string } | undefined)?.province;
    if (field.type === 'address' && province && /^\d{2}$/.test(province)) {
      communes[province] = (await catalog.listCommunes(province)).map(placeOf);
    }
  }
  return communes;
}

/** The form's fields as the page draws them: the answers so far, places, and problems. */
async function fieldEnvironment(
  catalog: CatalogService,
  form: FormDefinition,
  input: IntakeForm,
  problems: Problem[],
): Promise<FieldEnvironment> {
  return {
    answers: input.answers,
    errors: Object.fromEntries(problems.map((p) => [p.path, p.message])),
    provinces: (await catalog.listProvinces()).map(placeOf),
    communes: await communesOf(catalog, form, input.answers),
    locked: new Set(),
    attached: {},
    store: {},
    maxFileMb: 0,
  };
}

/**
 * The counter's form for the procedure and agency chosen, with what was typed and what is
 * wrong with it; the first step again if the officer may not take that procedure there.
 */
async function renderForm(
  deps: IntakeDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  input: IntakeForm,
  problems: Problem[],
  status = 200,
) {
  const { agencies, procedures } = await intakeChoices(deps, actorOf(request));
  const procedure = procedures.find((p) => p.code === input.procedure);
  const agency = agencies.find((a) => a.code === input.agency);
  if (!procedure || !agency || !procedure.agencies.includes(agency.code)) {
    const errors = [{ field: 'procedure', message: request.t('intake.notHere') }];
    return reply.page(h(IntakeStartPage, { agencies, procedures, errors }), 422);
  }
  const form = await deps.forms.formFor(procedure.code, procedure.version);
  if (!form) throw new ProblemError(422, 'not_online', 'errors.procedureNotOnline');
  const env = await fieldEnvironment(deps.catalog, form, input, problems);
  const boxed = applicantFields(form);
  return reply.page(
    h(IntakeFormPage, {
      procedure,
      agency,
      channel: input.channel === '3' ? 3 : 1,
      form,
      fields: typedFields(form.sections.flatMap((s) => s.fields)).filter((f) => !boxed.has(f.id)),
      applicant: input.applicant,
      env,
      errors: problems.map((p) => ({ field: fieldDomId(p.path), message: p.message })),
      csrf: request.viewer?.csrfToken ?? '',
    }),
    status,
  );
}

/** Registers the dossier typed in, or shows the form again with its problems. */
async function register(
  deps: IntakeDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  input: IntakeForm,
  boxed: Map<string, ApplicantKey>,
) {
  for (const [fieldId, key] of boxed) {
    input.answers[fieldId] = input.applicant[key].replace(
      key === 'name' ? /^\s+|\s+$/g : /\s/g,
      '',
    );
  }
  try {
    const row = await registerIntake(deps, actorOf(request), {
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
    const problems = error.fieldErrors.map((e) => ({
      // A problem with a field the box stands for is shown at the box.
      path: boxed.has(e.field) ? `applicant.${boxed.get(e.field)}` : e.field,
      message: applicantMessage(request, e.field) ?? request.t(e.messageKey, e.params),
    }));
    return renderForm(deps, request, reply, input, problems, 422);
  }
}

/**
 * The counter's pages: an officer with the receiver role registers a dossier handed in at
 * the counter or sent by post, typing the form's answers (files and the signed declaration
 * are on paper). Plain forms; the page is re-shown with what was typed when anything is
 * wrong, so nothing typed is lost.
 */
export async function intakePages(app: App, deps: IntakeDeps) {
  app.get<{ Querystring: Query }>('/backoffice/intake', officerPage, async (request, reply) => {
    const { agencies, procedures } = await intakeChoices(deps, actorOf(request));
    if (agencies.length === 0) throw new ProblemError(403, 'role_missing', 'errors.roleMissing');
    return reply.page(h(IntakeStartPage, { agencies, procedures, errors: [] }));
  });

  app.get<{ Querystring: Query }>('/backoffice/intake/form', officerPage, async (request, reply) =>
    renderForm(
      deps,
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

  app.post<{ Body: RawInput }>('/backoffice/intake/form', officerOnly, async (request, reply) => {
    const body = request.body;
    const procedure = await deps.catalog.getProcedure(firstOf(body, 'procedure')).catch(() => null);
    const form = procedure ? await deps.forms.formFor(procedure.code, procedure.version) : null;
    const input = readIntakeForm(body, form);
    // Group rows are added and removed by their buttons, the page shown again.
    const [verb = '', target = '', extra = ''] = firstOf(body, 'action').split(':');
    changeRows(input.answers, verb, target, extra);
    if (verb !== 'register') return renderForm(deps, request, reply, input, []);
    return register(deps, request, reply, input, form ? applicantFields(form) : new Map());
  });
}
