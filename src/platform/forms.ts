import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from './errors.js';

/** Where a person who must sign in first is sent, coming back here afterwards. */
export const signInUrl = (returnTo: string) =>
  `/auth/sign-in?returnTo=${encodeURIComponent(returnTo)}`;

export const redirectToSignIn = (request: FastifyRequest, reply: FastifyReply) =>
  reply.redirect(signInUrl(request.url), 303);

/** A form's token must match the one the page was rendered with; else the form is refused. */
export function assertFormToken(expected: string | null | undefined, given: unknown): void {
  if (!expected || given !== expected) throw new ProblemError(403, 'csrf_failed', 'errors.csrf');
}
