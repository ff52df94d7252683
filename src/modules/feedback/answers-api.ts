import { Type } from '@sinclair/typebox';
import { notFound, ProblemSchema } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import type { PublishedAnswers } from './answers.js';
import {
  answerDetail,
  DEFAULT_LIMIT,
  MAX_LIMIT,
  MAX_QUERY_LENGTH,
  searchAnswers,
  type Namer,
} from './answers-http.js';

const tags = ['feedback'];
const Code = (description: string) => Type.String({ maxLength: 40, description });
const NamedSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
});
const MaybeNamed = Type.Union([NamedSchema, Type.Null()]);

const AnswerSearchQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: MAX_QUERY_LENGTH,
        description: 'Words to find; diacritics and small typos are tolerated',
      }),
    ),
    agency: Type.Optional(Code('Code of the agency that answered')),
    field: Type.Optional(Code('Field (lĩnh vực) code')),
    procedure: Type.Optional(Code('Procedure code, e.g. 1.001193')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const common = {
  code: Type.String(),
  kind: Type.String({ description: 'regulation, procedure, dossier or conduct' }),
  title: Type.String(),
  agency: NamedSchema,
  field: MaybeNamed,
  answeredAt: Type.String({ format: 'date-time' }),
};

const REDACTED_NOTE =
  'Personal data was removed before publication; each piece removed reads `[redacted]`.';

const AnswerListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      ...common,
      procedureCode: Type.Union([Type.String(), Type.Null()]),
      excerpt: Type.String({ description: `The question's beginning. ${REDACTED_NOTE}` }),
    }),
  ),
  total: Type.Integer(),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  correctedQuery: Type.Union([Type.String(), Type.Null()], {
    description: '`q` with its misspelt words corrected, as searched (null when none were)',
  }),
});

const AnswerDetailSchema = Type.Object({
  ...common,
  question: Type.String({ description: REDACTED_NOTE }),
  answer: Type.String({ description: REDACTED_NOTE }),
  procedure: MaybeNamed,
  publishedAt: Type.String({ format: 'date-time' }),
});

/** The public answers' API: search, and one answer. Nothing kept: answers come at any time. */
export function answersApiRoutes(
  app: App,
  { answers, namer }: { answers: PublishedAnswers; namer: Namer },
) {
  app.get(
    '/api/v1/feedback/answers',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Search answered feedback published with personal data removed',
        querystring: AnswerSearchQuery,
        response: { 200: AnswerListSchema, 400: ProblemSchema },
      },
    },
    async (request) => searchAnswers(answers, namer, request.query),
  );

  app.get(
    '/api/v1/feedback/answers/:code',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'A published answer: the question and the agency’s answer',
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        response: { 200: AnswerDetailSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const row = await answers.byCode(request.params.code);
      if (!row) throw notFound('answers.notFound');
      return answerDetail(namer, row);
    },
  );
}
