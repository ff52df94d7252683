import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import type { IdentityService } from '../../identity/index.js';
import type { DocumentStore } from '../document-store.js';
import { requireApplicant, tags } from './shared.js';

const Document = Type.Object({
  id: Type.String({ format: 'uuid' }),
  documentType: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  source: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

const documentDto = (d: Awaited<ReturnType<DocumentStore['documents']>>[number]) => ({
  id: d.id,
  documentType: d.document_type,
  fileName: d.file_name,
  contentType: d.content_type,
  size: d.size,
  sha256: d.sha256,
  source: d.source,
  createdAt: d.created_at.toISOString(),
});

/** A citizen's personal document store over the API. */
export async function documentRoutes(
  app: App,
  opts: { documents: DocumentStore; identity: IdentityService },
) {
  const { documents, identity } = opts;

  app.get(
    '/api/v1/me/documents',
    {
      config: { access: 'citizen' },
      schema: {
        tags,
        summary: 'My personal document store',
        querystring: Type.Object({ type: Type.Optional(Type.String({ maxLength: 50 })) }),
        response: { 200: Type.Object({ items: Type.Array(Document) }), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const who = await requireApplicant(request, identity);
      return { items: (await documents.documents(who, request.query.type)).map(documentDto) };
    },
  );
}
