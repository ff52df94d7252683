import { invalidFields, ProblemError } from '../../platform/errors.js';
import type { CatalogService } from '../catalog/index.js';
import type { CounterIntake, DossierService } from '../dossiers/index.js';
import {
  allFields,
  ENTERPRISE_CODE,
  FORM_DEFINITIONS,
  isPersonalId,
  type Answers,
  type FormDefinition,
} from '../forms/index.js';
import type { Actor, Applicants } from '../identity/index.js';
import { agenciesOf, rolesAt } from './access.js';

interface IntakeInput {
  procedureCode: string;
  agencyCode: string;
  channel: 1 | 3;
  applicant: { name: string; idNumber: string; phone?: string | undefined };
  answers: Answers;
}

/**
 * Registers a dossier an officer took in at the counter or by post, for the API and the
 * page alike: the receiver role at the agency, a valid personal ID or enterprise code, the
 * applicant's account found or made, then the dossier, received at once.
 */
export async function registerIntake(
  deps: { applicants: Applicants; intake: CounterIntake },
  actor: Actor,
  input: IntakeInput,
) {
  if (!rolesAt(actor, input.agencyCode).includes('receiver')) {
    throw new ProblemError(403, 'role_missing', 'errors.roleMissing');
  }
  const idNumber = input.applicant.idNumber.replace(/\s/g, '');
  const name = input.applicant.name.trim();
  const problems = [
    ...(name ? [] : [{ field: 'applicant.name', messageKey: 'errors.field.required' as const }]),
    ...(isPersonalId(idNumber) || ENTERPRISE_CODE.test(idNumber)
      ? []
      : [{ field: 'applicant.idNumber', messageKey: 'errors.field.badFormat' as const }]),
  ];
  if (problems.length > 0) throw invalidFields('invalid_applicant', problems);
  const ownerId = await deps.applicants.accountForIntake({ ...input.applicant, name, idNumber });
  return deps.intake.file({
    officerId: actor.accountId,
    ownerId,
    applicantName: name,
    applicantIdNumber: idNumber,
    procedureCode: input.procedureCode,
    agencyCode: input.agencyCode,
    channel: input.channel,
    answers: input.answers,
  });
}

/** The agencies where the officer receives, and the online procedures each may take in. */
export async function intakeChoices(
  deps: { catalog: CatalogService; dossiers: DossierService },
  actor: Actor,
) {
  const agencies = await Promise.all(
    agenciesOf(actor)
      .filter((code) => rolesAt(actor, code).includes('receiver'))
      .map((code) => deps.catalog.agency(code)),
  );
  const procedures = [];
  for (const { procedureCode } of FORM_DEFINITIONS) {
    const procedure = await deps.catalog.getProcedure(procedureCode).catch(() => null);
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

/** What the applicant box at the counter asks: a name, an ID number, a phone. */
export type ApplicantKey = 'name' | 'idNumber' | 'phone';

/**
 * The form's fields the applicant box stands for (a business's name and enterprise code, or
 * a person's name and personal ID, and the phone): typed once, in the box.
 */
export function applicantFields(form: FormDefinition): Map<string, ApplicantKey> {
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
