import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import { sendPrivateFile } from '../../platform/http.js';
import { ProblemError } from '../../platform/errors.js';
import { assertFormToken } from '../../platform/forms.js';
import type { Translate } from '../../platform/i18n/index.js';
import type { SummaryError } from '../../web/components.js';
import type { CatalogService } from '../catalog/index.js';
import { StepUpPage, SubmitPage } from './submit.page.js';
import type { IdentityService } from '../identity/index.js';
import type { Answers, Field, FormDefinition, ScalarValue, Text } from '../forms/index.js';
import { displayValue, type FieldEnvironment, type Place } from '../forms/index.js';
import {
  allFields,
  checkFields,
  fieldDomId,
  isVisible,
  PROBLEMS,
  readSectionInput,
  type FieldProblem,
} from '../forms/index.js';
import { applicantFor, type Applicant } from './applicant.js';
import { fileTooLarge, readMultipart } from './multipart.js';
import type { DossierService } from './service.js';
import type { DocumentStore } from './document-store.js';
import { ReviewPage, SectionPage, StartPage } from './fill.page.js';
import { DocumentsPage, DossierPage, LookupPage, MyDossiersPage } from './track.page.js';

type Query = Record<string, string | undefined>;

const BROWSER_MESSAGES = ['errors.summaryTitle', 'dossier.autosaved', 'dossier.uploading'] as const;
const LooseQuery = Type.Record(Type.String(), Type.String());
const hide = { hide: true };

/** A rule's problem as a person reads it, with the field's label in their language. */
export function problemMessage(t: Translate, problem: FieldProblem): string {
  return t(`form.error.${problem.problem}`, {
    field: problem.label.vi,
    fieldEn: problem.label.en,
    limit: problem.limit ?? '',
  });
}

/** Service errors about fields (422) as summary entries; anything else goes on up. */
function fieldErrorsOf(error: unknown, t: Translate): SummaryError[] {
  if (!(error instanceof ProblemError) || error.status !== 422) throw error;
  return error.fieldErrors.map((e) => ({
    field: fieldDomId(e.field),
    message: t(e.messageKey, e.params),
  }));
}

/** A draft's attached files, listed under the field each was given for. */
function filesByField(
  attachments: { field_id: string; document_id: string; file_name: string; size: number }[],
) {
  const byField: FieldEnvironment['attached'] = {};
  for (const a of attachments) {
    (byField[a.field_id] ??= []).push({
      documentId: a.document_id,
      fileName: a.file_name,
      size: a.size,
    });
  }
  return byField;
}

const placeOf = (p: { code: string; name: string; nameEn: string }): Place => ({
  code: p.code,
  name: p.name,
  nameEn: p.nameEn,
});

/** Labels of group rows name the row: "Người cùng đăng ký 2: Họ và tên". */
function labelled(form: FormDefinition, problem: FieldProblem): FieldProblem {
  const [groupId, row] = problem.path.split('.');
  if (row === undefined) return problem;
  const group = allFields(form).find((f) => f.id === groupId);
  if (group?.type !== 'group') return problem;
  const n = Number(row) + 1;
  return {
    ...problem,
    label: {
      vi: `${group.itemLabel.vi} ${n}: ${problem.label.vi}`,
      en: `${group.itemLabel.en} ${n}: ${problem.label.en}`,
    },
  };
}

export function dossierPageRoutes(
  app: App,
  dossiers: DossierService,
  documents: DocumentStore,
  deps: { catalog: CatalogService; identity: IdentityService },
  limits: { maxFileBytes: number },
) {
  const { catalog, identity } = deps;

  const checkCsrf = (request: FastifyRequest, token: unknown) =>
    assertFormToken(request.viewer?.csrfToken, token);

  /**
   * Before every page of a person's own dossiers: a sign-in (else off to sign in), an
   * account that files, and on form posts the form's token (multipart forms carry it among
   * their parts, checked once those are read).
   */
  async function requireApplicant(request: FastifyRequest) {
    const who = await applicantFor(identity, request.session!, request.locale);
    if (!who) throw new ProblemError(403, 'not_applicant', 'errors.notApplicant');
    if (request.method === 'POST' && !request.isMultipart()) {
      checkCsrf(request, (request.body as Query | undefined)?.csrf);
    }
    applicants.set(request, who);
  }
  const applicants = new WeakMap<FastifyRequest, Applicant>();
  const applicantOf = (request: FastifyRequest): Applicant => {
    const who = applicants.get(request);
    if (!who) throw new Error('route without requireApplicant');
    return who;
  };
  const citizen = { config: { access: 'citizen' as const }, preHandler: requireApplicant };
  const own = { schema: hide, ...citizen };
  const ownWithQuery = { schema: { ...hide, querystring: LooseQuery }, ...citizen };

  async function places(codes: string[]) {
    const provinces = (await catalog.listProvinces()).map(placeOf);
    const communes: Record<string, Place[]> = {};
    for (const code of new Set(codes.filter((c) => /^\d{2}$/.test(c)))) {
      communes[code] = (await catalog.listCommunes(code).catch(() => [])).map(placeOf);
    }
    return { provinces, communes };
  }

  const provincesIn = (fields: Field[], answers: Answers) =>
    fields.flatMap((f) => {
      const value = answers[f.id] as { province?: string } | undefined;
      return f.type === 'address' && value?.province ? [value.province] : [];
    });

  async function fieldEnvironment(
    who: Applicant,
    view: Awaited<ReturnType<DossierService['draft']>>,
    fields: Field[],
    errors: Record<string, string>,
  ): Promise<FieldEnvironment> {
    const { provinces, communes } = await places(provincesIn(fields, view.answers));
    const attached = filesByField(view.attachments);
    const store: FieldEnvironment['store'] = {};
    for (const d of await documents.documents(who)) {
      (store[d.document_type] ??= []).push({
        documentId: d.id,
        fileName: d.file_name,
        size: d.size,
        createdAt: d.created_at,
      });
    }
    const locked = new Set(
      allFields(view.form)
        .filter((f) => f.prefill && who.verified[f.prefill] !== undefined)
        .map((f) => f.id),
    );
    return {
      answers: view.answers,
      errors,
      provinces,
      communes,
      locked,
      attached,
      store,
      maxFileMb: Math.round(limits.maxFileBytes / 1_048_576),
    };
  }

  async function renderSection(
    request: FastifyRequest,
    reply: FastifyReply,
    who: Applicant,
    id: string,
    sectionId: string,
    summary: SummaryError[],
    status = 200,
  ) {
    const view = await dossiers.draft(who, id);
    if (view.row.status !== 0) return reply.redirect(`/dossiers/${view.row.code}`, 303);
    const index = view.form.sections.findIndex((s) => s.id === sectionId);
    if (index < 0) throw new ProblemError(404, 'not_found', 'errors.notFound');
    const section = view.form.sections[index]!;
    const byField: Record<string, string> = {};
    for (const e of summary) byField[e.field.replace(/^f-/, '').replace(/-/g, '.')] = e.message;
    const env = await fieldEnvironment(who, view, section.fields, byField);
    const query = request.query as Query;
    return reply.page(
      h(SectionPage, {
        draftId: id,
        procedure: view.procedure,
        agencyName: request.locale === 'en' ? view.agency.nameEn : view.agency.name,
        form: view.form,
        index,
        env,
        errors: summary,
        csrf: request.viewer?.csrfToken ?? '',
        savedAt: query.saved ? view.row.updated_at : null,
        browserRules: {
          messages: Object.fromEntries(
            [...BROWSER_MESSAGES, ...PROBLEMS.map((p) => `form.error.${p}` as const)].map((key) => [
              key,
              request.t(key),
            ]),
          ),
          today: dossiers.ruleContext(who, view.form).today,
          locked: [...env.locked],
          answers: Object.fromEntries(
            Object.entries(view.answers).filter(([id]) => !section.fields.some((f) => f.id === id)),
          ),
        },
      }),
      status,
    );
  }

  // Filing starts here: where the dossier goes, drafts to resume (or, without an online
  // form, what to prepare for the counter).
  app.get<{ Params: { code: string }; Querystring: Query }>(
    '/procedures/:code/submit',
    ownWithQuery,
    async (request, reply) => {
      const { procedure, form } = await dossiers.fileable(request.params.code);
      if (procedure.status !== 'active' || procedure.serviceLevel === 'information') {
        return reply.redirect(`/procedures/${procedure.code}`);
      }
      const who = applicantOf(request);
      if (who.assuranceLevel < procedure.requiredAssuranceLevel) {
        const here = encodeURIComponent(request.url);
        return reply.page(
          h(StepUpPage, { procedure, signInUrl: `/auth/login?level=2&returnTo=${here}` }),
          403,
        );
      }
      if (!form) return reply.page(h(SubmitPage, { procedure }));
      return renderStart(request, reply, who, procedure.code, request.query, []);
    },
  );

  async function renderStart(
    request: FastifyRequest,
    reply: FastifyReply,
    who: Applicant,
    code: string,
    query: Query,
    errors: SummaryError[],
  ) {
    const { procedure } = await dossiers.fileable(code);
    const refs = procedure.agencies.implementing ?? [];
    const fixed = refs.find((r) => r.code);
    const communeLevel = refs.some((r) => r.kind?.startsWith('commune_'));
    const home = who.prefill.address as { province?: string; commune?: string } | undefined;
    const { provinces, communes } = await places([query.province ?? home?.province ?? '']);
    const province =
      provinces.find((p) => p.code === query.province)?.code ??
      provinces.find((p) => p.code === home?.province)?.code ??
      provinces[0]!.code;
    const inProvince = communes[province] ?? (await places([province])).communes[province] ?? [];
    const commune =
      inProvince.find((c) => c.code === query.commune)?.code ??
      inProvince.find((c) => c.code === home?.commune)?.code ??
      inProvince[0]?.code ??
      '';
    return reply.page(
      h(StartPage, {
        procedure,
        refs,
        choice: fixed ? 'fixed' : communeLevel ? 'commune' : 'province',
        fixedAgency: fixed ? (request.locale === 'en' ? fixed.nameEn : fixed.name) : null,
        provinces,
        communes: inProvince,
        province,
        commune,
        drafts: (await dossiers.draftsFor(who, procedure.code)).map((d) => ({
          id: d.id,
          updatedAt: d.updated_at,
        })),
        errors,
        csrf: request.viewer?.csrfToken ?? '',
      }),
      errors.length > 0 ? 422 : 200,
    );
  }

  app.post<{ Params: { code: string }; Body: Query }>(
    '/procedures/:code/submit',
    own,
    async (request, reply) => {
      const who = applicantOf(request);
      const { procedure } = await dossiers.fileable(request.params.code);
      const refs = procedure.agencies.implementing ?? [];
      let agencyCode: string | undefined;
      if (!refs.some((r) => r.code)) {
        const ref = refs[0];
        const agency = ref?.kind?.startsWith('commune_')
          ? await catalog.communeAgency(request.body.commune ?? '', ref.kind)
          : ref?.kind
            ? await catalog.localAgency(request.body.province ?? '', {
                kind: ref.kind,
                sector: ref.sector,
              })
            : null;
        agencyCode = agency?.code ?? '';
      }
      try {
        const view = await dossiers.createDraft(who, { procedureCode: procedure.code, agencyCode });
        return reply.redirect(
          `/dossiers/drafts/${view.row.id}/sections/${view.form.sections[0]!.id}`,
          303,
        );
      } catch (error) {
        const errors = fieldErrorsOf(error, request.t).map((e) => ({ ...e, field: 'province' }));
        return renderStart(request, reply, who, procedure.code, request.body, errors);
      }
    },
  );

  // A draft opens where it was left: the first section with something still to answer.
  app.get<{ Params: { id: string } }>('/dossiers/drafts/:id', own, async (request, reply) => {
    const who = applicantOf(request);
    const view = await dossiers.draft(who, request.params.id);
    if (view.row.status !== 0) return reply.redirect(`/dossiers/${view.row.code}`, 303);
    const pending = view.form.sections.find((s) =>
      view.problems.some((p) => s.fields.some((f) => f.id === p.path.split('.')[0])),
    );
    return reply.redirect(
      pending
        ? `/dossiers/drafts/${view.row.id}/sections/${pending.id}`
        : `/dossiers/drafts/${view.row.id}/review`,
      303,
    );
  });

  app.get<{ Params: { id: string; section: string }; Querystring: Query }>(
    '/dossiers/drafts/:id/sections/:section',
    ownWithQuery,
    async (request, reply) => {
      const who = applicantOf(request);
      return renderSection(request, reply, who, request.params.id, request.params.section, []);
    },
  );

  app.post<{ Params: { id: string; section: string } }>(
    '/dossiers/drafts/:id/sections/:section',
    own,
    async (request, reply) => {
      const who = applicantOf(request);
      const { id, section: sectionId } = request.params;
      const { fields, files, oversize, text } = await readMultipart(request, limits.maxFileBytes);
      checkCsrf(request, text('csrf'));
      const view = await dossiers.draft(who, id);
      if (view.row.status !== 0) return reply.redirect(`/dossiers/${view.row.code}`, 303);
      const section = view.form.sections.find((s) => s.id === sectionId);
      if (!section) throw new ProblemError(404, 'not_found', 'errors.notFound');
      const here = `/dossiers/drafts/${id}/sections/${section.id}`;

      // What was typed is saved first, whatever else happens: nothing entered is lost.
      const answers = readSectionInput(section, fields);
      const locked = new Set(
        section.fields.filter((f) => f.prefill && who.verified[f.prefill] !== undefined),
      );
      for (const field of locked) delete answers[field.id];
      const action = text('action') ?? 'continue';
      const [verb, target = '', extra = ''] = action.split(':');
      const group = section.fields.find((f) => f.id === target && f.type === 'group');
      if (group && Array.isArray(answers[group.id])) {
        const rows = answers[group.id] as Record<string, ScalarValue>[];
        if (verb === 'add') rows.push({});
        if (verb === 'remove') rows.splice(Number(extra), 1);
      }
      await dossiers.saveAnswers(who, id, answers, { strict: false, fields: section.fields });

      const uploadErrors: SummaryError[] = oversize.flatMap((name) =>
        fieldErrorsOf(fileTooLarge(name.replace(/^file\./, ''), limits.maxFileBytes), request.t),
      );
      for (const file of files) {
        const fieldId = file.fieldName.replace(/^file\./, '');
        try {
          await documents.upload(who, id, fieldId, file);
        } catch (error) {
          uploadErrors.push(...fieldErrorsOf(error, request.t));
        }
      }
      if (verb === 'reuse') {
        try {
          await documents.reuse(who, id, target, extra);
        } catch (error) {
          uploadErrors.push(...fieldErrorsOf(error, request.t));
        }
      }
      if (verb === 'detach') await documents.removeAttachment(who, id, target, extra);
      if (uploadErrors.length === 0) {
        if (['add', 'remove', 'reuse', 'detach', 'refresh'].includes(verb ?? '')) {
          return reply.redirect(`${here}#${fieldDomId(target || section.fields[0]!.id)}`, 303);
        }
        if (verb === 'later') return reply.redirect(`/my/dossiers?saved=${id}`, 303);
      }

      const after = await dossiers.draft(who, id);
      const problems = checkFields(
        section.fields,
        after.answers,
        dossiers.ruleContext(who, after.form),
      ).map((p) => labelled(after.form, p));
      const summary = [
        ...uploadErrors,
        ...problems
          .filter((p) => !uploadErrors.some((u) => u.field === fieldDomId(p.path)))
          .map((p) => ({ field: fieldDomId(p.path), message: problemMessage(request.t, p) })),
      ];
      // "Later" still stops for a refused file: the person must know it was not kept.
      if (summary.length > 0 && (verb !== 'later' || uploadErrors.length > 0)) {
        return renderSection(request, reply, who, id, section.id, summary, 422);
      }
      if (verb === 'later') return reply.redirect(`/my/dossiers?saved=${id}`, 303);
      const next = view.form.sections[view.form.sections.indexOf(section) + 1];
      return reply.redirect(
        next ? `/dossiers/drafts/${id}/sections/${next.id}` : `/dossiers/drafts/${id}/review`,
        303,
      );
    },
  );

  /** Saves what is typed as it is typed (the browser's script), unchecked. */
  app.post<{ Params: { id: string }; Body: Record<string, string | string[] | undefined> }>(
    '/dossiers/drafts/:id/autosave',
    own,
    async (request, reply) => {
      const who = applicantOf(request);
      const view = await dossiers.draft(who, request.params.id);
      const section = view.form.sections.find((s) => s.id === request.body.section);
      if (!section) throw new ProblemError(404, 'not_found', 'errors.notFound');
      const answers = readSectionInput(section, request.body);
      for (const field of section.fields) {
        if (field.prefill && who.verified[field.prefill] !== undefined) delete answers[field.id];
        // Rows are added and removed by the buttons; typing never changes how many there are.
        if (field.type === 'group') delete answers[field.id];
      }
      await dossiers.autosave(who, request.params.id, answers);
      return reply.status(204).send();
    },
  );

  async function renderReview(
    request: FastifyRequest,
    reply: FastifyReply,
    who: Applicant,
    id: string,
    extra: SummaryError[] = [],
  ) {
    const view = await dossiers.draft(who, id);
    if (view.row.status !== 0) return reply.redirect(`/dossiers/${view.row.code}`, 303);
    const sectionOf = (path: string) =>
      view.form.sections.find((s) => s.fields.some((f) => f.id === path.split('.')[0]));
    const errors = [
      ...extra,
      ...view.problems.map((p) => {
        const problem = labelled(view.form, p);
        return {
          field: fieldDomId(p.path),
          message: problemMessage(request.t, problem),
          href: `/dossiers/drafts/${id}/sections/${sectionOf(p.path)?.id ?? ''}#${fieldDomId(p.path)}`,
        };
      }),
    ];
    const { provinces, communes } = await places(provincesIn(allFields(view.form), view.answers));
    const attached = filesByField(view.attachments);
    return reply.page(
      h(ReviewPage, {
        draftId: id,
        procedure: view.procedure,
        agencyName: request.locale === 'en' ? view.agency.nameEn : view.agency.name,
        form: view.form,
        answers: view.answers,
        attached,
        places: new Map([...provinces, ...Object.values(communes).flat()].map((p) => [p.code, p])),
        errors,
        csrf: request.viewer?.csrfToken ?? '',
      }),
      errors.length > 0 && extra.length > 0 ? 422 : 200,
    );
  }

  app.get<{ Params: { id: string } }>(
    '/dossiers/drafts/:id/review',
    own,
    async (request, reply) => {
      const who = applicantOf(request);
      return renderReview(request, reply, who, request.params.id);
    },
  );

  app.post<{ Params: { id: string }; Body: Query }>(
    '/dossiers/drafts/:id/submit',
    own,
    async (request, reply) => {
      const who = applicantOf(request);
      try {
        const result = await dossiers.submit(who, request.params.id);
        return reply.redirect(`/dossiers/${encodeURIComponent(result.code)}?submitted=1`, 303);
      } catch (error) {
        if (error instanceof ProblemError && error.status === 422) {
          return renderReview(request, reply, who, request.params.id, [
            { field: 'submit', message: request.t('dossier.fixBeforeSubmit'), href: '#main' },
          ]);
        }
        throw error;
      }
    },
  );

  app.get<{ Querystring: Query }>('/my/dossiers', ownWithQuery, async (request, reply) => {
    const who = applicantOf(request);
    const all = await dossiers.list(who);
    return reply.page(
      h(MyDossiersPage, {
        drafts: all
          .filter((d) => d.row.status === 0)
          .map((d) => ({
            id: d.row.id,
            procedure: { code: d.row.procedure_code, ...d.procedure },
            updatedAt: d.row.updated_at,
          })),
        submitted: all
          .filter((d) => d.row.status > 0)
          .map((d) => ({
            code: d.row.code!,
            procedure: { code: d.row.procedure_code, ...d.procedure },
            status: d.row.status,
            submittedAt: d.row.submitted_at!,
            dueAt: d.row.due_at!,
          })),
        savedDraft: Boolean(request.query.saved),
      }),
    );
  });

  app.get<{ Params: { code: string }; Querystring: Query }>(
    '/dossiers/:code',
    ownWithQuery,
    async (request, reply) => {
      const who = applicantOf(request);
      const view = await dossiers.byCode(who, request.params.code);
      const fields = allFields(view.form);
      const { provinces, communes } = await places(provincesIn(fields, view.row.answers));
      const placeMap = new Map(
        [...provinces, ...Object.values(communes).flat()].map((p) => [p.code, p]),
      );
      const text = (t: Text) => (request.locale === 'en' ? t.en : t.vi);
      const words = {
        yes: request.t('dossier.yes'),
        no: request.t('dossier.no'),
        none: request.t('dossier.noAnswer'),
      };
      return reply.page(
        h(DossierPage, {
          code: view.row.code!,
          status: view.row.status,
          procedure: view.procedure,
          agency: view.agency,
          applicantName: view.row.applicant_name ?? '',
          submittedAt: view.row.submitted_at!,
          dueAt: view.row.due_at!,
          files: view.attachments.map((a) => ({
            documentId: a.document_id,
            fileName: a.file_name,
            label: fields.find((f) => f.id === a.field_id)?.label ?? {
              vi: a.field_id,
              en: a.field_id,
            },
          })),
          answers: fields
            .filter(
              (f) =>
                f.type !== 'attachment' && f.type !== 'group' && isVisible(f, view.row.answers),
            )
            .map((f) => ({
              label: f.label,
              value: displayValue(f, view.row.answers[f.id], text, placeMap, words),
            })),
          events: view.events,
          resultDocumentId: view.row.result_document_id,
          trackingNumber: view.row.result_tracking_number,
          justSubmitted: request.query.submitted === '1',
          withdrawn: request.query.withdrawn === '1',
          supplemented: request.query.supplemented === '1',
          version: view.row.version,
          fee: view.fee,
          attachmentFields: fields
            .filter((f) => f.type === 'attachment')
            .map((f) => ({ id: f.id, label: f.label })),
          csrf: request.viewer?.csrfToken ?? '',
        }),
      );
    },
  );

  app.post<{ Params: { code: string }; Body: Query }>(
    '/dossiers/:code/withdraw',
    own,
    async (request, reply) => {
      const who = applicantOf(request);
      await dossiers.withdraw(who, request.params.code, request.body.reason?.trim() || null);
      return reply.redirect(
        `/dossiers/${encodeURIComponent(request.params.code)}?withdrawn=1`,
        303,
      );
    },
  );

  app.get<{ Querystring: Query }>(
    '/lookup',
    {
      schema: { ...hide, querystring: LooseQuery },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const code = (request.query.code ?? '').trim().slice(0, 60);
      const idNumber = (request.query.idNumber ?? '').trim().slice(0, 20);
      const errors: SummaryError[] = [];
      let result = null;
      if (code && idNumber) {
        try {
          result = await dossiers.lookup(code, idNumber);
        } catch (error) {
          if (!(error instanceof ProblemError) || error.status !== 404) throw error;
          errors.push({ field: 'code', message: request.t(error.messageKey) });
        }
      } else if (idNumber && !code) {
        errors.push({ field: 'code', message: request.t('errors.field.required') });
      } else if (code && request.query.idNumber !== undefined) {
        errors.push({ field: 'idNumber', message: request.t('errors.field.required') });
      }
      return reply.page(
        h(LookupPage, { code, idNumber, errors, result }),
        errors.length > 0 ? 404 : 200,
      );
    },
  );

  app.get<{ Querystring: Query }>('/my/documents', ownWithQuery, async (request, reply) => {
    const who = applicantOf(request);
    return reply.page(
      h(DocumentsPage, {
        documents: (await documents.documents(who)).map((d) => ({
          id: d.id,
          documentType: d.document_type,
          fileName: d.file_name,
          size: d.size,
          createdAt: d.created_at,
        })),
        deleted: request.query.deleted === '1',
        csrf: request.viewer?.csrfToken ?? '',
      }),
    );
  });

  app.get<{ Params: { id: string } }>('/my/documents/:id', own, async (request, reply) => {
    const who = applicantOf(request);
    const { document, data } = await documents.documentFile(who, request.params.id);
    return sendPrivateFile(reply, {
      contentType: document.content_type,
      fileName: document.file_name,
      data: data,
    });
  });

  app.post<{ Params: { id: string }; Body: Query }>(
    '/my/documents/:id/delete',
    own,
    async (request, reply) => {
      const who = applicantOf(request);
      await documents.deleteDocument(who, request.params.id);
      return reply.redirect('/my/documents?deleted=1', 303);
    },
  );
}
