import type { MessageKey, MessageParams } from '../../platform/i18n/index.js';
import { OUTCOMES, type MessageSearch, type Outcome } from './message-log.js';

/** The administrators' search form as typed (each field a text, as a GET form sends it). */
export interface TypedFilters {
  client: string;
  requestId: string;
  from: string;
  to: string;
  status: string;
  outcome: string;
  path: string;
}

export interface FilterError {
  field: keyof TypedFilters;
  messageKey: MessageKey;
  params?: MessageParams;
}

export const MAX_PATH_FILTER = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 86_400_000;

/**
 * The instant a Vietnam calendar day starts (UTC+7 all year), from `2026-12-01` (what a date
 * input sends) or `01/12/2026` (what a person types where there is none); null if it is no day.
 */
export function dayStart(text: string): Date | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const typed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const [year, month, day] = iso
    ? [iso[1], iso[2], iso[3]].map(Number)
    : typed
      ? [typed[3], typed[2], typed[1]].map(Number)
      : [];
  if (year === undefined || month === undefined || day === undefined) return null;
  const start = new Date(Date.UTC(year, month - 1, day) - 7 * 3_600_000);
  const back = new Date(start.getTime() + 7 * 3_600_000);
  const real =
    back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day;
  return real && year >= 2000 && year <= 9999 ? start : null;
}

const isOutcome = (text: string): text is Outcome => (OUTCOMES as readonly string[]).includes(text);

/**
 * The search a page's query asks for, and what is wrong with it, field by field. Days are
 * whole Vietnam days: "to" includes its day. An unknown `before` starts from the newest.
 */
export function searchFromPage(
  query: Record<string, string | undefined>,
  clientIds: ReadonlySet<string>,
): { search: Omit<MessageSearch, 'limit'>; errors: FilterError[]; typed: TypedFilters } {
  const text = (name: keyof TypedFilters) => (query[name] ?? '').trim();
  const typed: TypedFilters = {
    client: text('client'),
    requestId: text('requestId'),
    from: text('from'),
    to: text('to'),
    status: text('status'),
    outcome: text('outcome'),
    path: text('path'),
  };
  const errors: FilterError[] = [];
  const search: Omit<MessageSearch, 'limit'> = {};
  if (typed.client) {
    if (clientIds.has(typed.client.toLowerCase())) search.clientId = typed.client.toLowerCase();
    else errors.push({ field: 'client', messageKey: 'integration.log.error.client' });
  }
  if (typed.requestId) {
    if (UUID.test(typed.requestId)) search.requestId = typed.requestId.toLowerCase();
    else errors.push({ field: 'requestId', messageKey: 'integration.log.error.requestId' });
  }
  const from = typed.from ? dayStart(typed.from) : null;
  const to = typed.to ? dayStart(typed.to) : null;
  if (typed.from && !from) errors.push({ field: 'from', messageKey: 'integration.log.error.from' });
  if (typed.to && !to) errors.push({ field: 'to', messageKey: 'integration.log.error.to' });
  if (from && to && to < from) {
    errors.push({ field: 'to', messageKey: 'integration.log.error.range' });
  }
  if (from) search.from = from;
  if (to) search.to = new Date(to.getTime() + DAY_MS);
  if (typed.status) {
    const status = Number(typed.status);
    if (/^\d{3}$/.test(typed.status) && status >= 100 && status <= 599) search.status = status;
    else errors.push({ field: 'status', messageKey: 'integration.log.error.status' });
  }
  if (typed.outcome) {
    if (isOutcome(typed.outcome)) search.outcome = typed.outcome;
    else errors.push({ field: 'outcome', messageKey: 'integration.log.error.outcome' });
  }
  if (typed.path.length > MAX_PATH_FILTER) {
    errors.push({
      field: 'path',
      messageKey: 'integration.log.error.path',
      params: { limit: MAX_PATH_FILTER },
    });
  } else if (typed.path) {
    search.path = typed.path;
  }
  const before = Number(query.before);
  if (/^\d{1,15}$/.test(query.before ?? '') && before > 0) search.before = before;
  return { search, errors, typed };
}
