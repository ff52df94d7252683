import { h } from 'preact';
import type { FastifyRequest } from 'fastify';
import { changeKeys } from '../../../platform/changes.js';
import type { App } from '../../../platform/http.js';
import { keepPersonalPage } from '../../../platform/response-cache.js';
import { localText } from '../../../platform/i18n/index.js';
import type { CatalogService } from '../../catalog/index.js';
import { allFields, displayValue, isVisible, type Text } from '../../forms/index.js';
import type { IdentityService } from '../../identity/index.js';
import { STATUS } from '../codes.js';
import { DossierPage, type DossierPageProps } from '../dossier.page.js';
import { MyDossiersPage } from '../my-dossiers.page.js';
import type { DossierService } from '../service.js';
import { verifiedIdNumber, type SyncedDossiers } from '../sync-view.js';
import { applicantOf, citizenPages, placesByCode, type Query } from './shared.js';

type Submitted = Awaited<ReturnType<DossierService['byCode']>>;

/** A submitted dossier as its page shows it: answers in words, files by field, the timeline. */
async function dossierPageProps(
  request: FastifyRequest<{ Querystring: Query }>,
  catalog: CatalogService,
  view: Submitted,
): Promise<DossierPageProps> {
  const { row } = view;
  const fields = allFields(view.form);
  const places = await placesByCode(catalog, fields, row.answers);
  const text = (t: Text) => localText(request.locale, t);
  const words = {
    yes: request.t('dossier.yes'),
    no: request.t('dossier.no'),
    none: request.t('dossier.noAnswer'),
  };
  const labelOf = (fieldId: string) =>
    fields.find((f) => f.id === fieldId)?.label ?? { vi: fieldId, en: fieldId };
  return {
    code: row.code!,
    status: row.status,
    procedure: view.procedure,
    agency: view.agency,
    applicantName: row.applicant_name ?? '',
    submittedAt: row.submitted_at!,
    dueAt: row.due_at!,
    files: view.attachments.map((a) => ({
      documentId: a.document_id,
      fileName: a.file_name,
      label: labelOf(a.field_id),
    })),
    answers: fields
      .filter((f) => f.type !== 'attachment' && f.type !== 'group' && isVisible(f, row.answers))
      .map((f) => ({
        label: f.label,
        value: displayValue(f, row.answers[f.id], text, places, words),
      })),
    events: view.events,
    resultDocumentId: row.result_document_id,
    trackingNumber: row.result_tracking_number,
    justSubmitted: request.query.submitted === '1',
    withdrawn: request.query.withdrawn === '1',
    supplemented: request.query.supplemented === '1',
    version: row.version,
    fee: view.fee,
    attachmentFields: fields
      .filter((f) => f.type === 'attachment')
      .map((f) => ({ id: f.id, label: f.label })),
    csrf: request.viewer?.csrfToken ?? '',
  };
}

/** A person's dossiers: the list, each one's page, and withdrawing one. */
export async function trackingPages(
  app: App,
  opts: {
    dossiers: DossierService;
    synced: SyncedDossiers;
    catalog: CatalogService;
    identity: IdentityService;
  },
) {
  const { dossiers, synced, catalog } = opts;
  const { ownForm, ownWithQuery } = citizenPages(opts.identity);

  const myDossiers = { ...ownWithQuery, config: { ...ownWithQuery.config, personalPage: true } };
  app.get<{ Querystring: Query }>('/my/dossiers', myDossiers, async (request, reply) => {
    const applicant = applicantOf(request);
    // Kept for a refresh until the person or their dossiers change.
    keepPersonalPage(request, [
      ...changeKeys.signedIn(applicant.accountId),
      changeKeys.owner(applicant.ownerId),
    ]);
    const { own: all, synced: elsewhere } = await synced.mine(applicant);
    const procedureOf = (d: (typeof all)[number]) => d.procedure;
    return reply.page(
      h(MyDossiersPage, {
        drafts: all
          .filter((d) => d.row.status === STATUS.draft)
          .map((d) => ({ id: d.row.id, procedure: procedureOf(d), updatedAt: d.row.updated_at })),
        submitted: all
          .filter((d) => d.row.status > STATUS.draft)
          .map((d) => ({
            code: d.row.code!,
            procedure: procedureOf(d),
            status: d.row.status,
            submittedAt: d.row.submitted_at!,
            dueAt: d.row.due_at!,
          })),
        synced: elsewhere.map((d) => ({
          code: d.row.code,
          procedure: d.procedure,
          agency: d.agency,
          status: d.row.status,
          receivedAt: d.row.received_at,
          dueAt: d.row.due_at,
        })),
        unverified: verifiedIdNumber(applicant) === null,
        savedDraft: Boolean(request.query.saved),
      }),
    );
  });

  app.get<{ Params: { code: string }; Querystring: Query }>(
    '/dossiers/:code',
    ownWithQuery,
    async (request, reply) => {
      const view = await dossiers.byCode(applicantOf(request), request.params.code);
      return reply.page(h(DossierPage, await dossierPageProps(request, catalog, view)));
    },
  );

  app.post<{ Params: { code: string }; Body: Query }>(
    '/dossiers/:code/withdraw',
    ownForm,
    async (request, reply) => {
      const { code } = request.params;
      await dossiers.withdraw(applicantOf(request), code, request.body.reason?.trim() || null);
      return reply.redirect(`/dossiers/${encodeURIComponent(code)}?withdrawn=1`, 303);
    },
  );
}
