import { ProblemError } from '../../platform/errors.js';
import { assertFormToken } from '../../platform/forms.js';
import type { App } from '../../platform/http.js';
import {
  applicantFor,
  fileTooLarge,
  readMultipart,
  type DocumentStore,
  type DossierService,
} from '../dossiers/index.js';
import type { IdentityService } from '../identity/index.js';

/**
 * The applicant's side of a supplement request, on their dossier's page: a file (optional)
 * and a note, sent back. It is the applicant's, not the back office's (the officers' pages
 * are in `pages/`): it waits here to move to the dossiers module.
 */
export async function supplementPages(
  app: App,
  deps: {
    identity: IdentityService;
    dossiers: DossierService;
    documents: DocumentStore;
    maxFileBytes: number;
  },
) {
  const { maxFileBytes } = deps;

  app.post<{ Params: { code: string } }>(
    '/dossiers/:code/supplement',
    { schema: { hide: true, consumes: ['multipart/form-data'] }, config: { access: 'citizen' } },
    async (request, reply) => {
      const who = await applicantFor(deps.identity, request.session!, request.locale);
      if (!who) throw new ProblemError(403, 'not_applicant', 'errors.notApplicant');
      const { code } = request.params;
      const { files, oversize, text } = await readMultipart(request, maxFileBytes);
      assertFormToken(request.viewer?.csrfToken, text('csrf'));
      const view = await deps.dossiers.byCode(who, code);
      if (oversize.length > 0) throw fileTooLarge(text('field') ?? 'file', maxFileBytes);
      const file = files[0];
      if (file) await deps.documents.upload(who, view.row.id, text('field') ?? '', file);
      await deps.dossiers.supplement(who, code, {
        version: Number(text('version')),
        note: text('note'),
      });
      return reply.redirect(`/dossiers/${encodeURIComponent(code)}?supplemented=1`, 303);
    },
  );
}
