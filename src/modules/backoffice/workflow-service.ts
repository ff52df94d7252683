import { audit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { invalidFields, ProblemError } from '../../platform/errors.js';
import type { CatalogService } from '../catalog/index.js';
import type { ResolvedStep } from '../dossiers/index.js';
import { can, type Actor } from '../identity/index.js';
import {
  DEFAULT_WORKFLOW,
  SEEDED_WORKFLOWS,
  validateWorkflow,
  type AgencyRef,
  type StepDefinition,
} from './workflow.js';
import { WorkflowRepository } from './workflow-repository.js';

type Agency = Awaited<ReturnType<CatalogService['agency']>>;

const PROVINCE_KINDS = ['province_department', 'province_people_committee'];
const COMMUNE_KINDS = ['commune_people_committee', 'commune_police'];

/** Where the workflow in force comes from: the agency's own, the national one, or built in. */
type WorkflowSource = 'agency' | 'national' | 'default';

/**
 * Processing steps as stored data: the national workflow of a procedure and any agency's
 * own (which wins for that agency's dossiers), resolved to concrete agencies per dossier.
 */
export class WorkflowService {
  private readonly repository: WorkflowRepository;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly catalog: CatalogService,
  ) {
    this.repository = new WorkflowRepository(db);
  }

  /** The steps a procedure's dossiers follow at an agency, and where they are configured. */
  async definitionFor(
    procedureCode: string,
    agencyCode: string,
  ): Promise<{ steps: StepDefinition[]; source: WorkflowSource }> {
    const row = await this.repository.inForce(procedureCode, agencyCode);
    if (!row) return { steps: DEFAULT_WORKFLOW, source: 'default' };
    return { steps: row.steps, source: row.agency_code ? 'agency' : 'national' };
  }

  /** The agency a step's reference means for a dossier received at `receiving`. */
  private async agencyFor(ref: AgencyRef | undefined, receiving: Agency) {
    if (!ref) return receiving;
    if ('code' in ref) return this.catalog.agency(ref.code).catch(() => null);
    if (PROVINCE_KINDS.includes(ref.kind) && receiving.provinceCode) {
      return this.catalog.localAgency(receiving.provinceCode, {
        kind: ref.kind,
        sector: ref.sector ?? null,
      });
    }
    if (COMMUNE_KINDS.includes(ref.kind) && receiving.communeCode) {
      return this.catalog.communeAgency(receiving.communeCode, ref.kind);
    }
    return null;
  }

  /** The steps with the agency of each, or 422 naming the steps whose agency does not exist. */
  async resolve(steps: StepDefinition[], receivingCode: string): Promise<ResolvedStep[]> {
    const receiving = await this.catalog.agency(receivingCode);
    const resolved: ResolvedStep[] = [];
    const problems: { field: string; messageKey: 'workflow.error.agency' }[] = [];
    for (const [i, step] of steps.entries()) {
      const agency = await this.agencyFor(step.agency, receiving);
      if (!agency) {
        problems.push({ field: `steps.${i}.agency`, messageKey: 'workflow.error.agency' });
        continue;
      }
      resolved.push({
        code: step.code,
        name: step.name,
        role: step.role,
        department: step.department ?? null,
        agencyCode: agency.code,
        agencyName: agency.name,
      });
    }
    if (problems.length > 0) throw invalidFields('workflow_invalid', problems);
    return resolved;
  }

  /** The workflow a dossier takes when it enters processing. */
  async resolvedFor(procedureCode: string, agencyCode: string) {
    return this.resolve((await this.definitionFor(procedureCode, agencyCode)).steps, agencyCode);
  }

  /**
   * The workflow in force at an agency with the agency of each step, for those who work or
   * administer there (403 for anyone else).
   */
  async inForceAt(actor: Actor, procedureCode: string, agencyCode: string) {
    const agency = { type: 'agency' as const, code: agencyCode };
    if (!can(actor, 'agency.work', agency) && !can(actor, 'workflows.edit', agency)) {
      throw new ProblemError(403, 'role_missing', 'errors.roleMissing');
    }
    const { steps, source } = await this.definitionFor(procedureCode, agencyCode);
    return { steps, source, resolved: await this.resolve(steps, agencyCode) };
  }

  /**
   * Sets an agency's own workflow for a procedure (its agency_admin does, else 403), after
   * checking the steps and that every step's agency exists for that agency's dossiers. Audited.
   */
  async save(
    actor: Actor,
    procedureCode: string,
    agencyCode: string,
    steps: StepDefinition[],
  ): Promise<ResolvedStep[]> {
    if (!can(actor, 'workflows.edit', { type: 'agency', code: agencyCode })) {
      throw new ProblemError(403, 'role_missing', 'errors.roleMissing');
    }
    const actorId = actor.accountId;
    await this.catalog.getProcedure(procedureCode);
    const problems = validateWorkflow(steps);
    if (problems.length > 0) throw invalidFields('workflow_invalid', problems);
    const resolved = await this.resolve(steps, agencyCode);
    const before = await this.definitionFor(procedureCode, agencyCode);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await this.repository
        .with(tx)
        .saveAgency({ procedureCode, agencyCode, steps, at: now, by: actorId });
      await audit(tx, {
        at: now,
        actorId,
        action: 'workflow.save',
        resourceType: 'procedure',
        resourceId: `${procedureCode}@${agencyCode}`,
        before: before.steps,
        after: steps,
      });
    });
    return resolved;
  }

  /** Adds the seeded national workflows that are missing, for the procedures in the catalog. */
  async seed(): Promise<void> {
    for (const { procedureCode, steps } of SEEDED_WORKFLOWS) {
      if (await this.inCatalog(procedureCode)) {
        await this.repository.addNational(procedureCode, steps);
      }
    }
  }

  private async inCatalog(procedureCode: string): Promise<boolean> {
    try {
      await this.catalog.getProcedure(procedureCode);
      return true;
    } catch (error) {
      if (error instanceof ProblemError && error.status === 404) return false;
      throw error;
    }
  }
}
