import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/db.js';
import { invalidField } from '../../platform/errors.js';
import { TextSearch, type CatalogService } from '../catalog/index.js';
import { PublishedAnswersRepository, type PublishedAnswerRow } from './answers-repository.js';
import { redact, type PersonalData } from './redact.js';
import { excerptOf, Excerpts } from './answers-excerpts.js';

export type { PublishedAnswerRow } from './answers-repository.js';

/**
 * What the feedback service gives when an item is answered and its sender agreed to
 * publication: the item's own fields, and what is known of the sender, removed from the
 * texts wherever written.
 */
export interface PublishInput {
  feedbackId: string;
  kind: string;
  /** The agency that answered. */
  agencyCode: string;
  procedureCode: string | null;
  fieldCode: string | null;
  title: string;
  question: string;
  answer: string;
  answeredAt: Date;
  personal: PersonalData;
}

/** What searching and lists keep of each answer in memory (not its texts). */
export interface AnswerSummary {
  code: string;
  kind: string;
  title: string;
  agencyCode: string;
  procedureCode: string | null;
  fieldCode: string | null;
  answeredAt: Date;
}

/** A summary as held, with where its excerpt is. */
interface HeldSummary extends AnswerSummary {
  excerpt: { at: number; length: number };
}

export interface AnswerSearchInput {
  q?: string | undefined;
  agency?: string | undefined;
  field?: string | undefined;
  procedure?: string | undefined;
  offset: number;
  limit: number;
}

export interface AnswerSearchResult {
  items: AnswerSummary[];
  total: number;
  /** The query as searched when its misspelt words were corrected, else null. */
  correctedQuery: string | null;
}

export const PROCEDURE_CODE = /^\d\.\d{6}$/;
/** Rows read at a time while loading at start. */
const BATCH = 5_000;

const summaryOf = (row: PublishedAnswerRow, excerpt: HeldSummary['excerpt']): HeldSummary => ({
  code: row.code,
  kind: row.kind,
  title: row.title,
  agencyCode: row.agency_code,
  procedureCode: row.procedure_code,
  fieldCode: row.field_code,
  answeredAt: row.answered_at,
  excerpt,
});

/**
 * The answers published with personal data removed, and their search: every answer is in
 * memory (its summary, and its words in a `TextSearch`), so searching and the procedures'
 * pages ask the database nothing; an answer's full text is read when it is opened.
 */
export class PublishedAnswers {
  private readonly repository: PublishedAnswersRepository;
  private readonly index = new TextSearch();
  private readonly summaries = new Map<string, HeldSummary>();
  private readonly excerptTexts = new Excerpts();
  private readonly listeners = new Set<() => void>();
  private readonly publishedListeners = new Set<(code: string) => void>();
  /** The agencies and fields answers were published by and in, for the search's filters. */
  private readonly agencyCodes = new Set<string>();
  private readonly fieldCodes = new Set<string>();
  private loading: Promise<void> | undefined;

  constructor(
    db: Database,
    private readonly clock: Clock,
    private readonly catalog: CatalogService,
  ) {
    this.repository = new PublishedAnswersRepository(db);
  }

  /**
   * Publishes an answer in the caller's transaction, its texts without personal data; it is
   * searchable once the transaction commits.
   */
  async publish(tx: Queryable, input: PublishInput): Promise<PublishedAnswerRow> {
    const row = await this.repository.insert(tx, {
      feedback_id: input.feedbackId,
      kind: input.kind,
      agency_code: input.agencyCode,
      procedure_code: input.procedureCode,
      field_code: input.fieldCode,
      title: redact(input.title, input.personal),
      question: redact(input.question, input.personal),
      answer: redact(input.answer, input.personal),
      answered_at: input.answeredAt,
      published_at: this.clock.now(),
    });
    tx.afterCommit(() => this.added(row));
    return row;
  }

  /** Puts a committed answer in the search, and tells who shows answers (procedure pages). */
  added(row: PublishedAnswerRow): void {
    this.put(row);
    if (row.procedure_code !== null) this.changed();
    for (const listener of this.publishedListeners) listener(row.code);
  }

  /** Tells `listener` the code of every answer published here, once committed. */
  onPublished(listener: (code: string) => void): void {
    this.publishedListeners.add(listener);
  }

  /** Every published answer not held yet (messages from other processes may have been missed). */
  async refresh(): Promise<void> {
    // Never loaded yet: the first load reads them all anyway.
    const loadedBefore = this.loading !== undefined;
    await this.warm();
    if (loadedBefore) await this.load();
  }

  /** An answer another portal process published: read, and put in the search. */
  async receive(code: string): Promise<void> {
    if (this.summaries.has(code)) return;
    const row = await this.repository.byCode(code);
    if (row && !this.summaries.has(code)) {
      this.put(row);
      if (row.procedure_code !== null) this.changed();
    }
  }

  private put(row: PublishedAnswerRow): void {
    const excerpt = this.excerptTexts.add(excerptOf(row.question));
    this.summaries.set(row.code, summaryOf(row, excerpt));
    this.agencyCodes.add(row.agency_code);
    if (row.field_code) this.fieldCodes.add(row.field_code);
    this.index.put({
      id: row.code,
      title: row.title,
      body: `${row.question}\n${row.answer}`,
      tags: {
        agency: row.agency_code,
        field: row.field_code,
        procedure: row.procedure_code,
        kind: row.kind,
      },
      sortKey: row.answered_at.getTime(),
    });
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /**
   * Called when what the procedures' pages show of answers changed: an answer about a
   * procedure was published, or the answers were loaded (pages drawn before showed none).
   */
  onChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loads every published answer into memory (at start); again only after a failure. */
  warm(): Promise<void> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    for (let after = ''; ;) {
      const rows = await this.repository.page(after, BATCH);
      for (const row of rows) {
        // One published meanwhile is in already, and newer than what was read.
        if (!this.summaries.has(row.code)) this.put(row);
      }
      if (rows.length < BATCH) break;
      after = rows.at(-1)!.code;
    }
    this.index.warm();
    this.changed();
  }

  /** Checks the filters: an agency or field the catalog does not know is the caller's mistake. */
  private async tagsFor(input: AnswerSearchInput): Promise<Record<string, string>> {
    const tags: Record<string, string> = {};
    if (input.agency) {
      if (!(await this.agencyKnown(input.agency))) {
        throw invalidField('agency', 'errors.field.unknownValue', { value: input.agency });
      }
      tags.agency = input.agency;
    }
    if (input.field) {
      if (!(await this.catalog.findField(input.field))) {
        throw invalidField('field', 'errors.field.unknownValue', { value: input.field });
      }
      tags.field = input.field;
    }
    if (input.procedure) {
      if (!PROCEDURE_CODE.test(input.procedure)) {
        throw invalidField('procedure', 'errors.answers.badProcedure');
      }
      tags.procedure = input.procedure;
    }
    return tags;
  }

  private agencyKnown(code: string): Promise<boolean> {
    return this.catalog.agency(code).then(
      () => true,
      () => false,
    );
  }

  /** Answers holding every word of `q` (diacritics and typos tolerated), filtered. */
  async search(input: AnswerSearchInput): Promise<AnswerSearchResult> {
    const tags = await this.tagsFor(input);
    await this.warm();
    const hits = this.index.search({
      q: input.q ?? '',
      tags,
      offset: input.offset,
      limit: input.limit,
    });
    return {
      items: hits.ids.map((code) => this.summaries.get(code)!),
      total: hits.total,
      correctedQuery: hits.corrected,
    };
  }

  /** The beginning of an answer's question, for a result (from memory). */
  excerpt(answer: AnswerSummary): string {
    const held = this.summaries.get(answer.code);
    return held ? this.excerptTexts.get(held.excerpt) : '';
  }

  /** A published answer, whole; undefined for a code nobody published. */
  byCode(code: string): Promise<PublishedAnswerRow | undefined> {
    return this.repository.byCode(code);
  }

  /**
   * The latest answers about a procedure, from memory (its page asks the database nothing);
   * before the answers are loaded, none.
   */
  forProcedure(code: string, limit: number): { items: AnswerSummary[]; total: number } {
    const hits = this.index.search({ q: '', tags: { procedure: code }, offset: 0, limit });
    return { items: hits.ids.map((id) => this.summaries.get(id)!), total: hits.total };
  }

  /** The agencies that published answers, and the fields they are in: the search's filters. */
  filterValues(): { agencies: string[]; fields: string[] } {
    return { agencies: [...this.agencyCodes].sort(), fields: [...this.fieldCodes].sort() };
  }
}
