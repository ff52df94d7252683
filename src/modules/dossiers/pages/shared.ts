import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../../../platform/errors.js';
import { assertFormToken } from '../../../platform/forms.js';
import type { Translate } from '../../../platform/i18n/index.js';
import type { SummaryError } from '../../../web/components.js';
import type { CatalogService } from '../../catalog/index.js';
import {
  fieldDomId,
  type Answers,
  type Field,
  type FieldProblem,
  type Place,
} from '../../forms/index.js';
import type { IdentityService } from '../../identity/index.js';
import { applicantFor, type Applicant } from '../applicant.js';

/** What the dossiers' page plugins share: the applicant's guard, errors, places. */

/** A page's query string or a plain form's body, before it is read. */
export type Query = Record<string, string | undefined>;

const hide = { hide: true };

/** The schema of a page that reads its query string (pages stay out of the API's document). */
export const queryPage = { ...hide, querystring: Type.Record(Type.String(), Type.String()) };

/**
 * A page's `:id`, a UUID: anything else is refused (400) before it reaches the database.
 * The length excludes the `urn:uuid:` form, which the format allows and PostgreSQL does not.
 */
const idPage = { params: Type.Object({ id: Type.String({ format: 'uuid', maxLength: 36 }) }) };

/** A form's token must be the one its page was drawn with. */
export const checkCsrf = (request: FastifyRequest, token: unknown) =>
  assertFormToken(request.viewer?.csrfToken, token);

const applicants = new WeakMap<FastifyRequest, Applicant>();

/** Who files, as the pages' guard found them. */
export function applicantOf(request: FastifyRequest): Applicant {
  const who = applicants.get(request);
  if (!who) throw new Error('route without requireApplicant');
  return who;
}

/**
 * The options of every page of a person's own dossiers and documents. Before each: a
 * sign-in (the access sends anyone else to sign in), an account that files, and on form
 * posts the form's token (multipart forms carry it among their parts, checked once those
 * are read).
 */
export function citizenPages(identity: IdentityService) {
  async function requireApplicant(request: FastifyRequest) {
    const who = await applicantFor(identity, request.session!, request.locale);
    if (!who) throw new ProblemError(403, 'not_applicant', 'errors.notApplicant');
    if (request.method === 'POST' && !request.isMultipart()) {
      checkCsrf(request, (request.body as Query | undefined)?.csrf);
    }
    applicants.set(request, who);
  }
  const citizen = { config: { access: 'citizen' as const }, preHandler: requireApplicant };
  return {
    own: { schema: hide, ...citizen },
    /** A plain form of single texts: none at all, or a name twice, is a 400, not a crash. */
    ownForm: { schema: { ...hide, body: Type.Record(Type.String(), Type.String()) }, ...citizen },
    ownWithQuery: { schema: queryPage, ...citizen },
    /** A page of one of the person's drafts or documents, by its `:id`. */
    ownById: { schema: { ...hide, ...idPage }, ...citizen },
    ownByIdWithQuery: { schema: { ...queryPage, ...idPage }, ...citizen },
  };
}

/** A rule's problem as a person reads it, with the field's label in their language. */
export function problemMessage(t: Translate, problem: FieldProblem): string {
  return t(`form.error.${problem.problem}`, {
    field: problem.label.vi,
    fieldEn: problem.label.en,
    limit: problem.limit ?? '',
  });
}

/** Service errors about fields (422) as summary entries; anything else goes on up. */
export function fieldErrorsOf(error: unknown, t: Translate): SummaryError[] {
  if (!(error instanceof ProblemError) || error.status !== 422) throw error;
  return error.fieldErrors.map((e) => ({
    field: fieldDomId(e.field),
    message: t(e.messageKey, e.params),
  }));
}

const placeOf = (p: { code: string; name: string; nameEn: string }): Place => ({
  code: p.code,
  name: p.name,
  nameEn: p.nameEn,
});

/** Every province, and the communes of those given (codes that are not one are skipped). */
export async function places(catalog: CatalogService, codes: string[]) {
  const provinces = (await catalog.listProvinces()).map(placeOf);
  const communes: Record<string, Place[]> = {};
  for (const code of new Set(codes.filter((c) => /^\d{2}$/.test(c)))) {
    communes[code] = (await catalog.listCommunes(code).catch(() => [])).map(placeOf);
  }
  return { provinces, communes };
}

/** The provinces that address answers name, so their communes can be listed. */
export const provincesIn = (fields: Field[], answers: Answers) =>
  fields.flatMap((f) => {
    const value = answers[f.id] as { province?: string } | undefined;
    return f.type === 'address' && value?.province ? [value.province] : [];
  });

/** Places by code, to show an address's province and commune by name. */
export async function placesByCode(catalog: CatalogService, fields: Field[], answers: Answers) {
  const { provinces, communes } = await places(catalog, provincesIn(fields, answers));
  return new Map([...provinces, ...Object.values(communes).flat()].map((p) => [p.code, p]));
}
