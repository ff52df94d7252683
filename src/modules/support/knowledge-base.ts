import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { ProblemError, notFound } from '../../platform/errors.js';
import type { Locale } from '../../platform/i18n/index.js';
import { TextSearch, type CatalogService } from '../catalog/index.js';
import { Checks, knownProcedure } from './checks.js';
import { Listeners } from '../../platform/listeners.js';
import type { ArticleChanged } from './events.js';
import { nextArticleState, type ArticleAction } from './lifecycle.js';
import type { ArticleRow, ArticleText, SupportRepository } from './repository.js';
import { isTopic, type Topic } from './topics.js';

export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;
export const PROCEDURES_MAX = 10;

/** An article as an editor sends it: texts as typed, procedure codes separated by commas. */
export interface ArticleInput {
  topic?: string | undefined;
  procedureCodes?: string | string[] | undefined;
  titleVi?: string | undefined;
  bodyVi?: string | undefined;
  titleEn?: string | undefined;
  bodyEn?: string | undefined;
}

/** An address from a title: lower-case words without diacritics, joined by hyphens. */
export function slugOf(title: string): string {
  const folded = title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return folded.slice(0, 80).replace(/-+$/, '') || 'bai-viet';
}

/** The search index's document for an article in one language. */
const documentOf = (article: ArticleRow, lang: Locale) => ({
  id: `${article.id}:${lang}`,
  title: lang === 'vi' ? article.title_vi : article.title_en,
  body: lang === 'vi' ? article.body_vi : article.body_en,
  tags: { lang, topic: article.topic },
  sortKey: article.updated_at.getTime(),
});

/**
 * The knowledge base: questions and answers in Vietnamese and English that support staff
 * write and publish, found with the catalog's text search. The published articles are kept
 * in an index in memory, loaded at start and changed as each article is.
 */
export class KnowledgeBase {
  private index = new TextSearch();
  /** The published articles, for the procedures' pages (drawn from memory). */
  private published = new Map<string, ArticleRow>();
  private loaded: Promise<void> | null = null;
  readonly changed = new Listeners<ArticleChanged>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: { repository: SupportRepository; catalog: CatalogService },
  ) {}

  /** Loads the published articles into the index (again, when a load failed). */
  warm(): Promise<void> {
    this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = null;
      throw error;
    });
    return this.loaded;
  }

  /** Loads the index afresh (after articles were written outside this service: the seed). */
  reload(): Promise<void> {
    this.index = new TextSearch();
    this.published = new Map();
    this.loaded = null;
    return this.warm();
  }

  private async load(): Promise<void> {
    for (const article of await this.deps.repository.articles(true)) this.put(article);
  }

  private put(article: ArticleRow): void {
    if (article.status === 'published') this.published.set(article.id, article);
    else this.published.delete(article.id);
    for (const lang of ['vi', 'en'] as const) {
      const id = `${article.id}:${lang}`;
      if (article.status === 'published') this.index.put(documentOf(article, lang));
      else this.index.remove(id);
    }
  }

  /** Published articles matching the words, in the language asked for. */
  async search(query: {
    q: string;
    lang: Locale;
    topic?: Topic | undefined;
    offset: number;
    limit: number;
  }) {
    await this.warm();
    const tags = { lang: query.lang, ...(query.topic ? { topic: query.topic } : {}) };
    const hits = this.index.search({ q: query.q, tags, offset: query.offset, limit: query.limit });
    const ids = hits.ids.map((id) => id.slice(0, id.indexOf(':')));
    const rows = new Map((await this.deps.repository.articlesByIds(ids)).map((a) => [a.id, a]));
    const articles = ids.map((id) => rows.get(id)).filter((a): a is ArticleRow => Boolean(a));
    return { total: hits.total, corrected: hits.corrected, articles };
  }

  /** The newest published articles about a procedure, from memory (none before `warm`). */
  forProcedure(procedureCode: string, limit: number): ArticleRow[] {
    return [...this.published.values()]
      .filter((a) => a.procedure_codes.includes(procedureCode))
      .sort((a, b) => b.updated_at.getTime() - a.updated_at.getTime())
      .slice(0, limit);
  }

  /** A published article by id or slug (drafts too for support staff); 404 otherwise. */
  async article(idOrSlug: string, withDrafts = false): Promise<ArticleRow> {
    const article =
      idOrSlug.length <= 120 ? await this.deps.repository.findArticle(idOrSlug) : null;
    if (!article || (article.status !== 'published' && !withDrafts)) throw notFound();
    return article;
  }

  /** Every article, drafts included: the editor's list. */
  all(): Promise<ArticleRow[]> {
    return this.deps.repository.articles(false);
  }

  /** A new draft. */
  async create(authorId: string, input: ArticleInput): Promise<ArticleRow> {
    const text = await this.checked(input);
    const slug = await this.freeSlug(slugOf(text.titleVi));
    const at = this.clock.now();
    return this.db.transaction((tx) =>
      this.deps.repository.insertArticle(tx, { ...text, slug, authorId, at }),
    );
  }

  /**
   * Saves an edit and, with `publish` or `unpublish`, moves the article through its
   * lifecycle; `version` is the one the editor saw (409 when it has changed since).
   */
  async update(
    editorId: string,
    id: string,
    version: number,
    action: ArticleAction,
    input: ArticleInput,
  ): Promise<ArticleRow> {
    const before = await this.article(id, true);
    const status = nextArticleState(before.status, action);
    if (!status) throw new ProblemError(409, 'invalid_transition', 'support.refused.transition');
    const text = await this.checked(input);
    const at = this.clock.now();
    const after = await this.db.transaction(async (tx) => {
      const row = await this.deps.repository.updateArticle(tx, before.id, version, {
        ...text,
        status,
        editorId,
        at,
      });
      // What the public sees changed: a published article, or one no longer published.
      if (row && (row.status === 'published' || before.status === 'published')) {
        this.changed.after(tx, { articleId: row.id, slug: row.slug, status: row.status, at });
      }
      return row;
    });
    if (!after) throw new ProblemError(409, 'version_conflict', 'support.refused.changed');
    if (this.loaded) this.put(after);
    return after;
  }

  private async checked(input: ArticleInput): Promise<ArticleText> {
    const checks = new Checks();
    const topic = checks.oneOf('topic', input.topic, isTopic);
    const text = {
      titleVi: checks.required('titleVi', input.titleVi, TITLE_MAX),
      bodyVi: checks.required('bodyVi', input.bodyVi, BODY_MAX),
      titleEn: checks.required('titleEn', input.titleEn, TITLE_MAX),
      bodyEn: checks.required('bodyEn', input.bodyEn, BODY_MAX),
    };
    const given = Array.isArray(input.procedureCodes)
      ? input.procedureCodes
      : (input.procedureCodes ?? '').split(/[\s,;]+/);
    const codes = [...new Set(given.map((c) => c.trim()).filter(Boolean))];
    const procedureCodes: string[] = [];
    if (codes.length > PROCEDURES_MAX) {
      checks.add('procedureCodes', 'errors.field.outOfRange');
    } else {
      for (const code of codes) {
        const known = await knownProcedure(checks, this.deps.catalog, 'procedureCodes', code);
        if (known) procedureCodes.push(known);
      }
    }
    checks.done('invalid_article');
    return { topic, procedureCodes, ...text };
  }

  /** The slug, or with -2, -3 … when another article has it. */
  private async freeSlug(base: string): Promise<string> {
    const taken = new Set(await this.deps.repository.slugsLike(base));
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    return slug;
  }
}
