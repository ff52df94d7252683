import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import type { App } from '../../../platform/http.js';
import { sendPrivateStream } from '../../../platform/http.js';
import type { IdentityService } from '../../identity/index.js';
import { SYNC_CODE } from '../sync-items.js';
import type { SyncedDossiers } from '../sync-view.js';
import { SyncedDossierPage } from '../synced-dossier.page.js';
import { safeFileName } from '../uploads.js';
import { applicantOf, citizenPages } from './shared.js';

const Code = Type.String({ pattern: SYNC_CODE, maxLength: 60 });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });

/**
 * A dossier filed at an agency, as its system reports it, for the person whose verified ID
 * number it names (anyone else: 404): its page, and its result documents to download.
 */
export async function syncedPages(
  app: App,
  opts: { synced: SyncedDossiers; identity: IdentityService },
) {
  const { synced } = opts;
  const { own } = citizenPages(opts.identity);

  app.get<{ Params: { code: string } }>(
    '/dossiers/synced/:code',
    { ...own, schema: { ...own.schema, params: Type.Object({ code: Code }) } },
    async (request, reply) => {
      const { row, procedure, agency, events } = await synced.view(
        applicantOf(request),
        request.params.code,
      );
      return reply.page(
        h(SyncedDossierPage, {
          code: row.code,
          status: row.status,
          procedure,
          agency,
          applicantName: row.applicant_name,
          channel: row.channel,
          receivedAt: row.received_at,
          dueAt: row.due_at,
          returnedAt: row.returned_at,
          fees: row.fees,
          supplements: row.supplements,
          results: row.results.map((r) => ({
            ...r,
            fileName: safeFileName(r.fileName, r.contentType),
          })),
          events,
        }),
      );
    },
  );

  app.get<{ Params: { code: string; sha256: string } }>(
    '/dossiers/synced/:code/results/:sha256',
    { ...own, schema: { ...own.schema, params: Type.Object({ code: Code, sha256: Sha256 }) } },
    async (request, reply) => {
      const { file, content } = await synced.resultFile(
        applicantOf(request),
        request.params.code,
        request.params.sha256,
      );
      return sendPrivateStream(reply, {
        contentType: file.contentType,
        fileName: safeFileName(file.fileName, file.contentType),
        content,
      });
    },
  );
}
