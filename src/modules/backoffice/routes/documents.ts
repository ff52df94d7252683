import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { notFound, PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import { sendPrivateFile } from '../../../platform/http.js';
import { actorOf } from '../../identity/index.js';
import type { DossierAccess } from '../access.js';
import type { DossierPapers } from '../documents.js';
import { CodeParams } from '../http-shared.js';

/**
 * The notices a dossier's applicant and its agency open as PDFs: the refusal, and each
 * apology slip. They are the applicant's documents, so they sit under their dossier's path.
 */
export async function documentRoutes(
  app: App,
  opts: { access: DossierAccess; papers: DossierPapers },
) {
  const { access, papers } = opts;

  /** The applicant reaches their own dossier, an officer one of their agency's: else 404. */
  async function mayRead(request: FastifyRequest, code: string) {
    if (!(await access.mayView(actorOf(request), code))) {
      throw notFound('errors.dossierNotFound');
    }
  }

  app.get(
    '/api/v1/dossiers/:code/refusal.pdf',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['dossiers'],
        summary: 'The notice of refusal of my dossier, or of my agency’s (PDF)',
        params: CodeParams,
        produces: ['application/pdf'],
        response: { 200: Type.Any(), ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      await mayRead(request, code);
      return sendPrivateFile(reply, {
        contentType: 'application/pdf',
        fileName: `tu-choi-${code}.pdf`,
        data: await papers.refusalPdf(code, request.locale),
      });
    },
  );

  app.get(
    '/api/v1/dossiers/:code/apologies/:number.pdf',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['dossiers'],
        summary: 'An apology slip of my dossier, or of my agency’s (PDF)',
        params: Type.Object({
          code: Type.String({ maxLength: 60 }),
          number: Type.Integer({ minimum: 1 }),
        }),
        produces: ['application/pdf'],
        response: { 200: Type.Any(), ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const { code, number } = request.params;
      await mayRead(request, code);
      return sendPrivateFile(reply, {
        contentType: 'application/pdf',
        fileName: `xin-loi-${number}-${code}.pdf`,
        data: await papers.apologyPdf(code, number, request.locale),
      });
    },
  );
}
