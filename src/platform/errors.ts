import { Type } from '@sinclair/typebox';
import type { MessageKey, MessageParams } from './i18n/index.js';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * An error a person or client can act on. It becomes RFC 9457 problem details on the API
 * and an error page or summary on pages; `code` is stable and `messageKey` is translated.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly params: MessageParams = {},
    readonly fieldErrors: { field: string; messageKey: MessageKey; params?: MessageParams }[] = [],
    /** Problem-details extension members, such as the current state with a 409. */
    readonly extensions: {
      current?: Record<string, unknown>;
      /** The OAuth 2.0 error code (RFC 6749), where an OAuth client reads the answer. */
      error?: string;
    } = {},
  ) {
    super(code);
  }
}

export const notFound = (messageKey: MessageKey = 'errors.notFound', params?: MessageParams) =>
  new ProblemError(404, 'not_found', messageKey, params);

export const invalidField = (field: string, messageKey: MessageKey, params?: MessageParams) =>
  new ProblemError(400, 'validation_failed', 'errors.validation', {}, [
    { field, messageKey, ...(params ? { params } : {}) },
  ]);

/** Answers that break rules (422), every field named with what is wrong with it. */
export const invalidFields = (
  code: string,
  errors: { field: string; messageKey: MessageKey; params?: MessageParams }[],
) => new ProblemError(422, code, 'errors.invalidAnswers', { count: errors.length }, errors);

/** RFC 9457 problem details, as every error on the API is answered. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    detail: Type.Optional(Type.String()),
    instance: Type.String(),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
    ),
    current: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'With a 409 on a changed resource: its state now',
      }),
    ),
    error: Type.Optional(
      Type.String({ description: 'At the token endpoint: the OAuth 2.0 error code (RFC 6749)' }),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' },
);

/**
 * The problem answers an API route documents: every route may answer the client's mistakes
 * (400), a missing or insufficient sign-in (401, 403), what it cannot find or may not show
 * (404), a state that changed (409) and answers that break rules (422).
 */
export const PROBLEM_RESPONSES = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
