import type { Answers } from '../forms/index.js';
import type { ResolvedStep, Status } from './lifecycle.js';

/* A dossier's row and its timeline's as the database holds them (repository.ts reads them). */

export interface DossierRow {
  id: string;
  code: string | null;
  owner_id: string;
  filed_by: string;
  procedure_code: string;
  procedure_version: number;
  agency_code: string;
  channel: number;
  status: number;
  answers: Answers;
  applicant_name: string | null;
  applicant_id_number: string | null;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
  due_at: Date | null;
  withdrawn_at: Date | null;
  version: number;
  /** The signed e-result, once issued (in the owner's document store). */
  result_document_id: string | null;
  /** The postal tracking number of a result sent by post. */
  result_tracking_number: string | null;
  /** The step (its code) while processing (status 4); null otherwise. */
  step: string | null;
  /** The role that takes that step (kept with it, for finding steps nobody holds). */
  step_role: string | null;
  resume_status: Status | null;
  resume_step: string | null;
  /** The steps it follows, fixed when it entered processing. */
  workflow: ResolvedStep[] | null;
  /** The agency holding it now: its step's while processing, else the receiving agency. */
  handling_agency_code: string;
  assigned_to: string | null;
  paused_at: Date | null;
  late_since: Date | null;
  finished_at: Date | null;
  outcome: 'early' | 'on_time' | 'late' | null;
  /** Read with the dossier by code: a fee asked for (or due on filing) not yet paid. */
  fee_due?: boolean;
}

export interface EventRow {
  at: Date;
  action: string;
  from_status: number | null;
  status: number;
  actor_id: string | null;
  note: string | null;
  details: Record<string, unknown> | null;
}
