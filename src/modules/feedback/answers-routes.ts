import { h } from 'preact';
import type { App } from '../../platform/http.js';
import type { CatalogService, ProcedureExtra } from '../catalog/index.js';
import type { PublishedAnswers } from './answers.js';
import { answersApiRoutes } from './answers-api.js';
import { Namer } from './answers-http.js';
import { answersPageRoutes } from './answers-pages.js';
import { ProcedureAnswers } from './answers.page.js';

/** Answers a procedure's page lists; the rest are a link away. */
const ON_PROCEDURE_PAGE = 5;

/** The public answers' API and pages (registered by the feedback module's routes). */
export function answersRoutes(app: App, answers: PublishedAnswers, catalog: CatalogService) {
  const deps = { answers, namer: new Namer(catalog) };
  answersApiRoutes(app, deps);
  answersPageRoutes(app, deps);
}

/**
 * The section "Questions answered about this procedure" of the procedure's page, from
 * memory; none for a procedure nobody's answered question is about.
 */
export function procedureAnswersSection(answers: PublishedAnswers): ProcedureExtra {
  return {
    id: 'answers',
    heading: 'answers.procedure.section',
    render(procedureCode) {
      const { items, total } = answers.forProcedure(procedureCode, ON_PROCEDURE_PAGE);
      return items.length > 0 ? h(ProcedureAnswers, { procedureCode, items, total }) : null;
    },
  };
}
