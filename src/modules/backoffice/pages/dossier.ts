import type { App } from '../../../platform/http.js';
import { sendPrivateStream } from '../../../platform/http.js';
import { REQUESTABLE_ACTIONS, type RequestableAction } from '../../dossiers/index.js';
import { actorOf } from '../../identity/index.js';
import { officerOnly, officerPage, type Query } from '../http-shared.js';
import { renderDossier, type DossierPageDeps } from './dossier-view.js';

/** The officer's page of a dossier, and its files. */
export async function dossierPages(app: App, deps: DossierPageDeps) {
  app.get<{ Params: { code: string }; Querystring: Query }>(
    '/backoffice/dossiers/:code',
    officerPage,
    async (request, reply) => {
      const done = REQUESTABLE_ACTIONS.includes(request.query.done as RequestableAction)
        ? request.query.done
        : null;
      return renderDossier(deps, request, reply, request.params.code, {
        done,
        registered: request.query.registered === '1',
      });
    },
  );

  app.get<{ Params: { code: string; documentId: string } }>(
    '/backoffice/dossiers/:code/files/:documentId',
    officerOnly,
    async (request, reply) => {
      const { code, documentId } = request.params;
      const { file, content } = await deps.papers.file(actorOf(request), code, documentId);
      return sendPrivateStream(reply, {
        contentType: file.content_type,
        fileName: file.file_name,
        content,
      });
    },
  );
}
