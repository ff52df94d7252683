import { invalidField } from '../../platform/errors.js';
import type { CatalogService } from '../catalog/index.js';
import type { AnswerSummary, PublishedAnswerRow, PublishedAnswers } from './answers.js';

/** What the public answers' pages and API share: reading a search, naming what answers hold. */

export const MAX_QUERY_LENGTH = 200;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 50;
/** How deep a search may be paged: past that, more words or a filter find it sooner. */
const MAX_OFFSET = 10_000;

export interface Named {
  code: string;
  name: string;
  nameEn: string;
}

export interface AnswerSearch {
  q?: string | undefined;
  agency?: string | undefined;
  field?: string | undefined;
  procedure?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** One answer in a list of results. */
export interface AnswerItem {
  code: string;
  kind: string;
  title: string;
  agency: Named;
  procedureCode: string | null;
  field: Named | null;
  answeredAt: string;
  excerpt: string;
}

export interface AnswerResults {
  items: AnswerItem[];
  total: number;
  nextCursor: string | null;
  correctedQuery: string | null;
}

/** A published answer, whole, as the public sees it. */
export interface AnswerDetail extends Omit<AnswerItem, 'excerpt' | 'procedureCode'> {
  question: string;
  answer: string;
  procedure: Named | null;
  publishedAt: string;
}

/** Cursors are opaque: a base64url offset into the ordered results. */
const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

function decodeCursor(cursor: string): number {
  const match = /^o:(\d{1,6})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const offset = match ? Number(match[1]) : 0;
  if (offset <= 0 || offset > MAX_OFFSET) throw invalidField('cursor', 'errors.field.badCursor');
  return offset;
}

/** Names by code, as the catalog gives them; an agency it no longer knows by its code. */
export class Namer {
  constructor(private readonly catalog: CatalogService) {}

  async agency(code: string): Promise<Named> {
    const agency = await this.catalog.agency(code).catch(() => null);
    return { code, name: agency?.name ?? code, nameEn: agency?.nameEn ?? code };
  }

  async field(code: string | null): Promise<Named | null> {
    const field = code === null ? undefined : await this.catalog.findField(code);
    return field ? { code: field.code, name: field.name, nameEn: field.nameEn } : null;
  }

  async procedure(code: string | null): Promise<Named | null> {
    if (code === null) return null;
    const procedure = await this.catalog.getProcedure(code).catch(() => null);
    return procedure ? { code, name: procedure.name, nameEn: procedure.nameEn } : null;
  }
}

/** A search of the published answers, a page of them with names and excerpts. */
export async function searchAnswers(
  answers: PublishedAnswers,
  namer: Namer,
  input: AnswerSearch,
): Promise<AnswerResults> {
  const offset = input.cursor ? decodeCursor(input.cursor) : 0;
  const limit = input.limit ?? DEFAULT_LIMIT;
  const found = await answers.search({ ...input, offset, limit });
  const items = await Promise.all(
    found.items.map(async (item) => ({
      ...(await summaryNames(namer, item)),
      procedureCode: item.procedureCode,
      excerpt: answers.excerpt(item),
    })),
  );
  const next = offset + items.length;
  return {
    items,
    total: found.total,
    nextCursor: next < found.total && next <= MAX_OFFSET ? encodeCursor(next) : null,
    correctedQuery: found.correctedQuery,
  };
}

async function summaryNames(namer: Namer, item: AnswerSummary) {
  return {
    code: item.code,
    kind: item.kind,
    title: item.title,
    agency: await namer.agency(item.agencyCode),
    field: await namer.field(item.fieldCode),
    answeredAt: item.answeredAt.toISOString(),
  };
}

export async function answerDetail(namer: Namer, row: PublishedAnswerRow): Promise<AnswerDetail> {
  return {
    code: row.code,
    kind: row.kind,
    title: row.title,
    question: row.question,
    answer: row.answer,
    agency: await namer.agency(row.agency_code),
    field: await namer.field(row.field_code),
    procedure: await namer.procedure(row.procedure_code),
    answeredAt: row.answered_at.toISOString(),
    publishedAt: row.published_at.toISOString(),
  };
}
