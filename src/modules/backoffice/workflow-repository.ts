import type { Queryable } from '../../platform/db.js';
import type { StepDefinition } from './workflow.js';

/** A stored workflow: an agency's own, or the national one (no agency). */
interface WorkflowRow {
  agency_code: string | null;
  steps: StepDefinition[];
}

/** The back office's SQL for processing workflows (`processing_workflows`, its own table). */
export class WorkflowRepository {
  constructor(private readonly db: Queryable) {}

  with(tx: Queryable) {
    return new WorkflowRepository(tx);
  }

  /** The workflow in force at an agency: its own, else the national one. */
  async inForce(procedureCode: string, agencyCode: string): Promise<WorkflowRow | undefined> {
    const rows = await this.db.query<WorkflowRow>(
      `SELECT agency_code, steps FROM processing_workflows
       WHERE procedure_code = $1 AND (agency_code = $2 OR agency_code IS NULL)
       ORDER BY agency_code NULLS LAST LIMIT 1`,
      [procedureCode, agencyCode],
    );
    return rows[0];
  }

  /** Sets an agency's own workflow for a procedure. */
  async saveAgency(entry: {
    procedureCode: string;
    agencyCode: string;
    steps: StepDefinition[];
    at: Date;
    by: string;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO processing_workflows (procedure_code, agency_code, steps, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (procedure_code, coalesce(agency_code, ''))
       DO UPDATE SET steps = excluded.steps, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by`,
      [entry.procedureCode, entry.agencyCode, JSON.stringify(entry.steps), entry.at, entry.by],
    );
  }

  /** Adds a procedure's national workflow unless it has one. */
  async addNational(procedureCode: string, steps: StepDefinition[]): Promise<void> {
    await this.db.query(
      `INSERT INTO processing_workflows (procedure_code, agency_code, steps, updated_at)
       VALUES ($1, NULL, $2, now())
       ON CONFLICT (procedure_code, coalesce(agency_code, '')) DO NOTHING`,
      [procedureCode, JSON.stringify(steps)],
    );
  }
}
