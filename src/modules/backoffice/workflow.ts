/**
 * Processing steps per procedure: the path a received dossier takes (specialist review in a
 * department, checks at another agency, the leader's approval …). A workflow is data: the
 * national default for a procedure, or an agency's own, each step naming its role and where
 * it is handled (the receiving agency when unsaid; another agency by code, or by kind
 * relative to the receiving agency, e.g. the police of the same commune). A dossier keeps
 * the workflow resolved to concrete agencies when it enters processing, so later changes
 * never strand one in flight.
 */
import type { MessageKey } from '../../platform/i18n/index.js';
import type { Label, StepRole } from '../dossiers/index.js';

export type AgencyRef = { code: string } | { kind: string; sector?: string };

/** A step as configured. */
export interface StepDefinition {
  code: string;
  name: Label;
  role: StepRole;
  /** A department (phòng, bộ phận) of the agency handling it, shown to officers. */
  department?: Label | undefined;
  /** Where it is handled when not at the receiving agency. */
  agency?: AgencyRef | undefined;
}

export const DEFAULT_WORKFLOW: StepDefinition[] = [
  {
    code: 'review',
    name: { vi: 'Thẩm định hồ sơ', en: 'Specialist review' },
    role: 'processor',
  },
  {
    code: 'approval',
    name: { vi: 'Lãnh đạo phê duyệt', en: "Leader's approval" },
    role: 'approver',
  },
];

const STEP_CODE = /^[a-z][a-z0-9_]{0,39}$/;
const MAX_STEPS = 12;

interface WorkflowProblem {
  field: string;
  messageKey: MessageKey;
}

/**
 * Checks a workflow before it is stored: one to twelve steps with distinct codes and names,
 * known roles, and an approver last (approval is what produces the result).
 */
export function validateWorkflow(steps: readonly StepDefinition[]): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  if (steps.length === 0 || steps.length > MAX_STEPS) {
    return [{ field: 'steps', messageKey: 'workflow.error.count' }];
  }
  const seen = new Set<string>();
  steps.forEach((step, i) => {
    if (!STEP_CODE.test(step.code) || seen.has(step.code)) {
      problems.push({ field: `steps.${i}.code`, messageKey: 'workflow.error.code' });
    }
    seen.add(step.code);
    if (!step.name.vi.trim() || !step.name.en.trim()) {
      problems.push({ field: `steps.${i}.name`, messageKey: 'errors.field.required' });
    }
    const agency = step.agency as { code?: string; kind?: string } | undefined;
    if (agency && Boolean(agency.code) === Boolean(agency.kind)) {
      problems.push({ field: `steps.${i}.agency`, messageKey: 'workflow.error.agency' });
    }
    if (step.role !== 'processor' && step.role !== 'approver') {
      problems.push({ field: `steps.${i}.role`, messageKey: 'workflow.error.role' });
    }
  });
  if (steps[steps.length - 1]?.role !== 'approver') {
    problems.push({ field: `steps.${steps.length - 1}.role`, messageKey: 'workflow.error.last' });
  }
  return problems;
}

/**
 * Workflows of the procedures that need other departments or agencies (their coordinating
 * agencies in the catalog), seeded as the national defaults.
 */
export const SEEDED_WORKFLOWS: { procedureCode: string; steps: StepDefinition[] }[] = [
  {
    // Birth registration: the commune's civil-status officer checks, the commune police
    // give the child a personal ID number, the chair signs.
    procedureCode: '1.001193',
    steps: [
      {
        code: 'civil_status_review',
        name: { vi: 'Công chức tư pháp – hộ tịch kiểm tra', en: 'Civil status officer review' },
        role: 'processor',
        department: { vi: 'Bộ phận Tư pháp – Hộ tịch', en: 'Justice and civil status unit' },
      },
      {
        code: 'personal_id',
        name: { vi: 'Cấp số định danh cá nhân', en: 'Personal ID number issued' },
        role: 'processor',
        agency: { kind: 'commune_police' },
      },
      {
        code: 'approval',
        name: { vi: 'Chủ tịch UBND xã ký', en: "Commune chair's signature" },
        role: 'approver',
      },
    ],
  },
  {
    // Judicial record certificate: the records division looks it up, the provincial police
    // verify criminal records, the department's director signs.
    procedureCode: '2.000505',
    steps: [
      {
        code: 'records_review',
        name: { vi: 'Tra cứu lý lịch tư pháp', en: 'Judicial record search' },
        role: 'processor',
        department: { vi: 'Phòng Hành chính tư pháp', en: 'Judicial administration division' },
      },
      {
        code: 'police_verification',
        name: { vi: 'Xác minh thông tin án tích', en: 'Criminal record verification' },
        role: 'processor',
        agency: { kind: 'province_department', sector: 'police' },
      },
      {
        code: 'approval',
        name: { vi: 'Lãnh đạo Sở phê duyệt', en: "Director's approval" },
        role: 'approver',
      },
    ],
  },
  {
    // Single-member LLC registration: the business registration division reviews, the tax
    // office checks the tax details, the department's leader approves.
    procedureCode: '2.001610',
    steps: [
      {
        code: 'registration_review',
        name: { vi: 'Thẩm định hồ sơ đăng ký', en: 'Registration review' },
        role: 'processor',
        department: { vi: 'Phòng Đăng ký kinh doanh', en: 'Business registration division' },
      },
      {
        code: 'tax_check',
        name: { vi: 'Kiểm tra thông tin thuế', en: 'Tax information check' },
        role: 'processor',
        agency: { kind: 'province_department', sector: 'tax' },
      },
      {
        code: 'approval',
        name: { vi: 'Lãnh đạo phê duyệt', en: "Leader's approval" },
        role: 'approver',
      },
    ],
  },
];
