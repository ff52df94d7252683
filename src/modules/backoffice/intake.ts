import { ProblemError } from '../../platform/errors.js';
import type { Answers } from '../forms/definition.js';
import { ENTERPRISE_CODE, isPersonalId } from '../forms/rules.js';
import type { DossierService } from '../dossiers/service.js';
import type { IdentityService } from '../identity/service.js';
import type { Actor, BackofficeService } from './service.js';

export interface IntakeInput {
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
  deps: { backoffice: BackofficeService; identity: IdentityService; dossiers: DossierService },
  actor: Actor,
  input: IntakeInput,
) {
  if (!deps.backoffice.rolesAt(actor, input.agencyCode).includes('receiver')) {
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
  if (problems.length > 0) {
    throw new ProblemError(
      422,
      'invalid_applicant',
      'errors.invalidAnswers',
      { count: problems.length },
      problems,
    );
  }
  const ownerId = await deps.identity.accountForIntake({ ...input.applicant, name, idNumber });
  return deps.dossiers.intake({
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
