import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { isSyncStatus, type SyncStatus } from './sync-lifecycle.js';

/**
 * What a connected system pushes: one event of one dossier, with as much of the dossier as
 * it has (docs/dossiers.md, "Status sync"). Checked against this schema, compiled once.
 */

/** An instant with its offset (ISO 8601 / RFC 3339), parsed afterwards. */
const Instant = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
  maxLength: 40,
});
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** Codes the portal can show in an address: letters, digits, dots, dashes, underscores. */
export const SYNC_CODE = '^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$';
/** A personal ID number (12 digits) or an enterprise code (10 digits, a branch's -NNN). */
export const APPLICANT_ID = '^(\\d{12}|\\d{10}(-\\d{3})?)$';

export const SyncItem = Type.Object(
  {
    eventId: Text(100),
    at: Instant,
    code: Type.String({ pattern: SYNC_CODE }),
    status: Type.Integer({ minimum: 1, maximum: 10 }),
    procedureCode: Type.Optional(Text(30)),
    agencyCode: Type.Optional(Text(30)),
    channel: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)])),
    applicant: Type.Optional(
      Type.Object(
        { name: Text(200), idNumber: Type.String({ pattern: APPLICANT_ID }) },
        { additionalProperties: false },
      ),
    ),
    receivedAt: Type.Optional(Instant),
    dueAt: Type.Optional(Instant),
    returnedAt: Type.Optional(Instant),
    fees: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Text(200),
            amount: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }),
            paid: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    supplements: Type.Optional(
      Type.Array(
        Type.Object(
          {
            requestedAt: Instant,
            reason: Type.Optional(Type.String({ maxLength: 2000 })),
            oldDueAt: Instant,
            newDueAt: Instant,
          },
          { additionalProperties: false },
        ),
        { maxItems: 20 },
      ),
    ),
    results: Type.Optional(
      Type.Array(
        Type.Object(
          {
            fileName: Text(255),
            contentType: Type.Optional(Type.String({ maxLength: 100 })),
            sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 10 },
      ),
    ),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type SyncItem = Static<typeof SyncItem>;

const checker = TypeCompiler.Compile(SyncItem);

export interface Fee {
  name: string;
  amount: number;
  paid: boolean;
}
export interface Supplement {
  requestedAt: string;
  reason: string | null;
  oldDueAt: string;
  newDueAt: string;
}
/** A result document as a synced dossier keeps it: the type and size found on upload. */
export interface ResultFile {
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** An item that passed the schema, its times read. */
export interface ParsedItem {
  index: number;
  eventId: string;
  code: string;
  status: SyncStatus;
  at: number;
  procedureCode?: string;
  agencyCode?: string;
  channel?: 1 | 2 | 3;
  applicant?: { name: string; idNumber: string };
  receivedAt?: number;
  dueAt?: number;
  returnedAt?: number;
  fees?: Fee[];
  supplements?: Supplement[];
  /** The files named; their type and size come from the upload (sync_result_files). */
  results?: { fileName: string; sha256: string }[];
  note: string | null;
}

/** Why an item is not applied: its reason code, and what its message names. */
export interface ItemProblem {
  code:
    | 'malformed_item'
    | 'unknown_procedure'
    | 'unknown_agency'
    | 'agency_not_allowed'
    | 'incomplete_dossier'
    | 'unknown_result_file';
  params: Record<string, string>;
}

const iso = (value: string) => new Date(value).toISOString();

const malformed = (field: string): { problem: ItemProblem } => ({
  problem: { code: 'malformed_item', params: { field } },
});

/** An item checked against the schema, or why it is malformed (the first wrong field). */
export function parseItem(raw: unknown, index: number): ParsedItem | { problem: ItemProblem } {
  if (!checker.Check(raw)) return malformed(checker.Errors(raw).First()?.path || '/');
  const item = raw;
  // The pattern lets 2026-02-31 or 25:00 through: a time must also be one.
  const at = Date.parse(item.at);
  if (Number.isNaN(at)) return malformed('/at');
  for (const key of ['receivedAt', 'dueAt', 'returnedAt'] as const) {
    const value = item[key];
    if (value !== undefined && Number.isNaN(Date.parse(value))) return malformed(`/${key}`);
  }
  for (const [i, supplement] of (item.supplements ?? []).entries()) {
    for (const key of ['requestedAt', 'oldDueAt', 'newDueAt'] as const) {
      if (Number.isNaN(Date.parse(supplement[key]))) return malformed(`/supplements/${i}/${key}`);
    }
  }
  if (!isSyncStatus(item.status)) return malformed('/status');
  const parsed: ParsedItem = {
    index,
    eventId: item.eventId,
    code: item.code,
    status: item.status,
    at,
    note: item.note?.trim() || null,
  };
  if (item.procedureCode !== undefined) parsed.procedureCode = item.procedureCode;
  if (item.agencyCode !== undefined) parsed.agencyCode = item.agencyCode;
  if (item.channel !== undefined) parsed.channel = item.channel;
  if (item.applicant) {
    const name = item.applicant.name.trim();
    if (!name) return malformed('/applicant/name');
    parsed.applicant = { name, idNumber: item.applicant.idNumber };
  }
  if (item.receivedAt !== undefined) parsed.receivedAt = Date.parse(item.receivedAt);
  if (item.dueAt !== undefined) parsed.dueAt = Date.parse(item.dueAt);
  if (item.returnedAt !== undefined) parsed.returnedAt = Date.parse(item.returnedAt);
  if (item.fees) {
    parsed.fees = item.fees.map((f) => ({ name: f.name, amount: f.amount, paid: f.paid ?? false }));
  }
  if (item.supplements) {
    parsed.supplements = item.supplements.map((s) => ({
      requestedAt: iso(s.requestedAt),
      reason: s.reason?.trim() || null,
      oldDueAt: iso(s.oldDueAt),
      newDueAt: iso(s.newDueAt),
    }));
  }
  if (item.results) {
    parsed.results = item.results.map((r) => ({ fileName: r.fileName, sha256: r.sha256 }));
  }
  return parsed;
}
