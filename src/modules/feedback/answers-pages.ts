import { h } from 'preact';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import type { SummaryError } from '../../web/components.js';
import type { PublishedAnswers } from './answers.js';
import {
  MAX_QUERY_LENGTH,
  searchAnswers,
  answerDetail,
  type AnswerSearch,
  type Namer,
} from './answers-http.js';
import { AnswerPage, AnswersPage } from './answers.page.js';

/** Pages take any query string: what is wrong in it is shown to the person, not a 400 JSON. */
const LooseQuery = Type.Record(Type.String(), Type.String());
type Query = Record<string, string | undefined>;
const page = {
  schema: { hide: true, querystring: LooseQuery },
  config: { access: 'public' as const },
};

/** The search a page's query string asks for; what is wrong in it is the person's to fix. */
function readQuery(query: Query, request: FastifyRequest) {
  const errors: SummaryError[] = [];
  const q = query.q?.trim();
  if (q && q.length > MAX_QUERY_LENGTH) {
    errors.push({
      field: 'q',
      message: request.t('errors.field.tooLongNamed', {
        field: request.t('answers.search.label'),
        limit: MAX_QUERY_LENGTH,
      }),
    });
  }
  const pick = (key: string) => query[key]?.trim().slice(0, 40) || undefined;
  const input: AnswerSearch = {
    q: q || undefined,
    agency: pick('agency'),
    field: pick('field'),
    procedure: pick('procedure'),
    cursor: query.cursor?.slice(0, 200) || undefined,
  };
  return { input, errors };
}

/** The service's refusal of a filter, pointed at the page's own inputs. */
function summaryErrors(error: unknown, request: FastifyRequest): SummaryError[] {
  if (!(error instanceof ProblemError) || error.status !== 400) throw error;
  return error.fieldErrors.map((e) => ({
    field: e.field === 'cursor' ? 'q' : `filter-${e.field}`,
    message: request.t(e.messageKey, e.params),
  }));
}

/** The public answers' pages: the search, and one answer. */
export function answersPageRoutes(
  app: App,
  { answers, namer }: { answers: PublishedAnswers; namer: Namer },
) {
  app.get('/answers', page, async (request, reply) => {
    const query = request.query as Query;
    const { input, errors } = readQuery(query, request);
    let result = null;
    if (errors.length === 0) {
      try {
        result = await searchAnswers(answers, namer, input);
      } catch (error) {
        errors.push(...summaryErrors(error, request));
      }
    }
    const values = answers.filterValues();
    const [agencies, fields] = await Promise.all([
      Promise.all(values.agencies.map((code) => namer.agency(code))),
      Promise.all(values.fields.map((code) => namer.field(code))),
    ]);
    const props = {
      query,
      errors,
      result,
      agencies,
      fields: fields.flatMap((field) => field ?? []),
    };
    return reply.page(h(AnswersPage, props), errors.length > 0 ? 400 : 200);
  });

  app.get<{ Params: { code: string } }>(
    '/answers/:code',
    { schema: { hide: true }, config: { access: 'public' } },
    async (request, reply) => {
      const row = await answers.byCode(request.params.code.slice(0, 40));
      if (!row) throw new ProblemError(404, 'not_found', 'answers.notFound');
      return reply.page(h(AnswerPage, { answer: await answerDetail(namer, row) }));
    },
  );
}
