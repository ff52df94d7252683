import { h } from 'preact';
import type { App } from '../../../platform/http.js';
import { sendPrivateStream } from '../../../platform/http.js';
import type { IdentityService } from '../../identity/index.js';
import type { DocumentStore } from '../document-store.js';
import { DocumentsPage } from '../documents.page.js';
import { applicantOf, citizenPages, type Query } from './shared.js';

/** A person's document store: the list, each file, and deleting one. */
export async function documentPages(
  app: App,
  opts: { documents: DocumentStore; identity: IdentityService },
) {
  const { documents } = opts;
  const { ownById, ownWithQuery } = citizenPages(opts.identity);

  app.get<{ Querystring: Query }>('/my/documents', ownWithQuery, async (request, reply) => {
    const stored = await documents.documents(applicantOf(request));
    return reply.page(
      h(DocumentsPage, {
        documents: stored.map((d) => ({
          id: d.id,
          documentType: d.document_type,
          fileName: d.file_name,
          size: d.size,
          createdAt: d.created_at,
        })),
        deleted: request.query.deleted === '1',
        csrf: request.viewer?.csrfToken ?? '',
      }),
    );
  });

  app.get<{ Params: { id: string } }>('/my/documents/:id', ownById, async (request, reply) => {
    const { document, content } = await documents.documentFile(
      applicantOf(request),
      request.params.id,
    );
    return sendPrivateStream(reply, {
      contentType: document.content_type,
      fileName: document.file_name,
      content,
    });
  });

  app.post<{ Params: { id: string }; Body: Query }>(
    '/my/documents/:id/delete',
    ownById,
    async (request, reply) => {
      await documents.deleteDocument(applicantOf(request), request.params.id);
      return reply.redirect('/my/documents?deleted=1', 303);
    },
  );
}
