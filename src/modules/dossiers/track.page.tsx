import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';
import { DataTable, ErrorSummary, Tag, type SummaryError } from '../../web/components.js';
import {
  formatDate,
  formatDateTime,
  formatMoney,
  type MessageKey,
} from '../../platform/i18n/index.js';
import { vietnamDate } from '../../platform/clock.js';
import type { Text } from '../forms/index.js';
import { DOCUMENT_TYPES, isDocumentType } from '../forms/index.js';

const useText = () => {
  const { locale } = usePage();
  return (text: Text) => (locale === 'en' ? text.en : text.vi);
};

const statusTone = (status: number) =>
  status === 0
    ? 'neutral'
    : status === 7 || status === 3 || status === 8
      ? 'warning'
      : status >= 9
        ? 'success'
        : 'info';

export function StatusTag({ status }: { status: number }) {
  const { t } = usePage();
  return <Tag tone={statusTone(status)}>{t(`dossier.status.${status}` as MessageKey)}</Tag>;
}

interface Named {
  code: string;
  name: string;
  nameEn: string;
}

export interface DossierPageProps {
  code: string;
  status: number;
  procedure: Named;
  agency: Named;
  applicantName: string;
  submittedAt: Date;
  dueAt: Date;
  files: { documentId: string; fileName: string; label: Text }[];
  answers: { label: Text; value: string }[];
  resultDocumentId: string | null;
  trackingNumber: string | null;
  justSubmitted: boolean;
  withdrawn: boolean;
  supplemented: boolean;
  version: number;
  /** The fee the agency asked for, while it waits for it. */
  fee: { amount: number; items: { name: string; amount: number }[] } | null;
  /** Files the applicant may add while the agency waits for a supplement. */
  attachmentFields: { id: string; label: Text }[];
  events: {
    at: Date;
    action: string;
    status: number;
    note: string | null;
    details: { number?: number; items?: string[] } | null;
  }[];
  csrf: string;
}

/** A submitted dossier as its owner sees it: status, dates, receipt, timeline, answers. */
export function DossierPage(props: DossierPageProps) {
  const { t, locale } = usePage();
  const text = useText();
  const name = (n: Named) => (locale === 'en' ? n.nameEn : n.name);
  return (
    <Layout
      title={`${t('dossier.code')} ${props.code}`}
      breadcrumbs={[
        { href: '/my/dossiers', label: t('dossier.mine.title') },
        { label: props.code },
      ]}
    >
      {props.justSubmitted ? (
        <div class="panel-success" role="status">
          <h1>{t('dossier.submitted.title')}</h1>
          <p>
            {t('dossier.code')}: <strong class="code">{props.code}</strong>
          </p>
          <p>{t('dossier.submitted.next')}</p>
        </div>
      ) : (
        <h1>
          {t('dossier.code')} {props.code}
        </h1>
      )}
      {props.supplemented ? (
        <p class="notice" role="status">
          {t('dossier.supplement.sent')}
        </p>
      ) : null}
      {props.withdrawn ? (
        <p class="notice" role="status">
          {t('dossier.withdrawn')}
        </p>
      ) : null}
      <dl class="summary-list">
        <div>
          <dt>{t('dossier.statusLabel')}</dt>
          <dd>
            <StatusTag status={props.status} />
          </dd>
        </div>
        <div>
          <dt>{t('dossier.procedure')}</dt>
          <dd>
            <a href={`/procedures/${props.procedure.code}`}>{name(props.procedure)}</a>
          </dd>
        </div>
        <div>
          <dt>{t('dossier.agency')}</dt>
          <dd>{name(props.agency)}</dd>
        </div>
        <div>
          <dt>{t('dossier.applicant')}</dt>
          <dd>{props.applicantName}</dd>
        </div>
        <div>
          <dt>{t('dossier.submittedAt')}</dt>
          <dd>{formatDateTime(props.submittedAt)}</dd>
        </div>
        <div>
          <dt>{t('dossier.dueAt')}</dt>
          <dd>{formatDateTime(props.dueAt)}</dd>
        </div>
        {props.trackingNumber ? (
          <div>
            <dt>{t('dossier.trackingNumber')}</dt>
            <dd>{props.trackingNumber}</dd>
          </div>
        ) : null}
      </dl>
      <p>
        <a
          class="button"
          href={`/api/v1/dossiers/${encodeURIComponent(props.code)}/receipt.pdf`}
          download
        >
          {t('dossier.receipt')}
        </a>
      </p>
      {props.resultDocumentId ? (
        <p>
          <a class="button" href={`/my/documents/${props.resultDocumentId}`}>
            {t('dossier.result')}
          </a>
        </p>
      ) : null}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('dossier.timeline')}</h2>
        <ol class="timeline">
          {props.events.map((e, i) => (
            <li key={i}>
              <p class="meta">{formatDateTime(e.at)}</p>
              <p>
                {t(`dossier.action.${e.action}` as MessageKey)} <StatusTag status={e.status} />
              </p>
              {e.note ? <p class="hint">{e.note}</p> : null}
              {e.action === 'refuse' ? (
                <p>
                  <a href={`/api/v1/dossiers/${encodeURIComponent(props.code)}/refusal.pdf`}>
                    {t('dossier.refusalLink')}
                  </a>
                </p>
              ) : null}
              {e.action === 'apology' && e.details?.number ? (
                <p>
                  <a
                    href={`/api/v1/dossiers/${encodeURIComponent(props.code)}/apologies/${e.details.number}.pdf`}
                  >
                    {t('backoffice.apology')} (PDF)
                  </a>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="files-heading">
        <h2 id="files-heading">{t('dossier.documents')}</h2>
        <ul class="file-list">
          {props.files.map((f) => (
            <li key={f.documentId}>
              {text(f.label)}: <a href={`/my/documents/${f.documentId}`}>{f.fileName}</a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="answers-heading">
        <h2 id="answers-heading">{t('dossier.answers')}</h2>
        <dl class="summary-list">
          {props.answers.map((a, i) => (
            <div key={i}>
              <dt>{text(a.label)}</dt>
              <dd>{a.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {props.status === 5 ? <SupplementForm {...props} /> : null}
      {props.fee ? (
        <section aria-labelledby="fee-heading" class="notice notice-warning">
          <h2 id="fee-heading">{t('dossier.fee.title')}</h2>
          <ul>
            {props.fee.items.map((item, i) => (
              <li key={i}>
                {item.name}: {formatMoney(locale, item.amount)}
              </li>
            ))}
          </ul>
          <p>
            <a class="button" href={`/payments/new?dossier=${encodeURIComponent(props.code)}`}>
              {t('dossier.fee.pay', { amount: formatMoney(locale, props.fee.amount) })}
            </a>
          </p>
        </section>
      ) : null}
      {props.status === 1 ? (
        <section aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">{t('dossier.withdraw')}</h2>
          <p class="hint">{t('dossier.withdrawHint')}</p>
          <form method="post" action={`/dossiers/${encodeURIComponent(props.code)}/withdraw`}>
            <input type="hidden" name="csrf" value={props.csrf} />
            <div class="field">
              <label for="reason">{t('dossier.withdrawReason')}</label>
              <textarea id="reason" name="reason" rows={2} maxLength={500}></textarea>
            </div>
            <button type="submit" class="button button-secondary">
              {t('dossier.withdraw')}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

/** What the agency asked for, and the form to send it (files, a note) back. */
function SupplementForm(props: DossierPageProps) {
  const { t } = usePage();
  const text = useText();
  const request = [...props.events].reverse().find((e) => e.action === 'request_supplement');
  return (
    <section aria-labelledby="supplement-heading" class="notice notice-warning">
      <h2 id="supplement-heading">{t('dossier.supplement.title')}</h2>
      {request?.note ? <p>{request.note}</p> : null}
      <ul>
        {(request?.details?.items ?? []).map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
      <form
        method="post"
        action={`/dossiers/${encodeURIComponent(props.code)}/supplement`}
        enctype="multipart/form-data"
      >
        <input type="hidden" name="csrf" value={props.csrf} />
        <input type="hidden" name="version" value={String(props.version)} />
        <div class="field">
          <label for="supplement-field">{t('dossier.supplement.kind')}</label>
          <select id="supplement-field" name="field">
            {props.attachmentFields.map((f) => (
              <option key={f.id} value={f.id}>
                {text(f.label)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="supplement-file">{t('dossier.upload')}</label>
          <input id="supplement-file" name="file" type="file" accept="application/pdf,image/*" />
        </div>
        <div class="field">
          <label for="supplement-note">{t('dossier.supplement.note')}</label>
          <textarea id="supplement-note" name="note" rows={2} maxLength={2000}></textarea>
        </div>
        <button type="submit" class="button">
          {t('dossier.supplement.send')}
        </button>
      </form>
    </section>
  );
}

export function MyDossiersPage(props: {
  drafts: { id: string; procedure: Named; updatedAt: Date }[];
  submitted: { code: string; procedure: Named; status: number; submittedAt: Date; dueAt: Date }[];
  savedDraft: boolean;
}) {
  const { t, locale } = usePage();
  const name = (n: Named) => (locale === 'en' ? n.nameEn : n.name);
  const empty = props.drafts.length === 0 && props.submitted.length === 0;
  return (
    <Layout title={t('dossier.mine.title')} breadcrumbs={[{ label: t('dossier.mine.title') }]}>
      <h1>{t('dossier.mine.title')}</h1>
      {props.savedDraft ? (
        <p class="notice" role="status">
          {t('dossier.savedAt', { at: formatDateTime(new Date()) })}
        </p>
      ) : null}
      {empty ? (
        <p class="empty">
          {t('dossier.mine.empty')} <a href="/procedures">{t('nav.procedures')}</a>
        </p>
      ) : null}
      {props.drafts.length > 0 ? (
        <section aria-labelledby="drafts-heading">
          <h2 id="drafts-heading">{t('dossier.mine.drafts')}</h2>
          <ul class="link-list">
            {props.drafts.map((d) => (
              <li key={d.id}>
                <a href={`/dossiers/drafts/${d.id}`}>
                  {t('dossier.mine.continue', { name: name(d.procedure) })}
                </a>{' '}
                <span class="hint">
                  {t('dossier.updatedAt')} {formatDateTime(d.updatedAt)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {props.submitted.length > 0 ? (
        <section aria-labelledby="submitted-heading">
          <h2 id="submitted-heading">{t('dossier.mine.submitted')}</h2>
          <DataTable
            caption={t('dossier.mine.submitted')}
            headers={[
              t('dossier.code'),
              t('dossier.procedure'),
              t('dossier.statusLabel'),
              t('dossier.submittedAt'),
              t('dossier.dueAt'),
            ]}
          >
            {props.submitted.map((d) => (
              <tr key={d.code}>
                <td>
                  <a href={`/dossiers/${encodeURIComponent(d.code)}`}>{d.code}</a>
                </td>
                <td>{name(d.procedure)}</td>
                <td>
                  <StatusTag status={d.status} />
                </td>
                <td>{formatDateTime(d.submittedAt)}</td>
                <td>{formatDate(vietnamDate(d.dueAt))}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      ) : null}
      <p>
        <a href="/my/documents">{t('nav.documents')}</a>
      </p>
    </Layout>
  );
}

export function LookupPage(props: {
  code: string;
  idNumber: string;
  errors: SummaryError[];
  result: {
    code: string;
    status: number;
    procedure: Named;
    agency: Named;
    submittedAt: Date;
    dueAt: Date;
    updatedAt: Date;
  } | null;
}) {
  const { t, locale } = usePage();
  const name = (n: Named) => (locale === 'en' ? n.nameEn : n.name);
  const invalid = (field: string) =>
    props.errors.some((e) => e.field === field) ? 'true' : undefined;
  return (
    <Layout title={t('lookup.title')} breadcrumbs={[{ label: t('lookup.title') }]}>
      <h1>{t('lookup.title')}</h1>
      <ErrorSummary errors={props.errors} />
      <p>{t('lookup.intro')}</p>
      <form method="get" action="/lookup" novalidate>
        <div class="field">
          <label for="code">{t('lookup.code')}</label>
          <p class="hint" id="code-hint">
            {t('lookup.codeHint')}
          </p>
          <input
            id="code"
            name="code"
            type="text"
            maxLength={60}
            value={props.code}
            aria-describedby="code-hint"
            aria-invalid={invalid('code')}
            autoComplete="off"
          />
        </div>
        <div class="field">
          <label for="idNumber">{t('lookup.idNumber')}</label>
          <input
            id="idNumber"
            name="idNumber"
            type="text"
            inputMode="numeric"
            maxLength={20}
            value={props.idNumber}
            aria-invalid={invalid('idNumber')}
            autoComplete="off"
          />
        </div>
        <button type="submit" class="button">
          {t('lookup.button')}
        </button>
      </form>
      {props.result ? (
        <section aria-labelledby="result-heading">
          <h2 id="result-heading">{t('lookup.result')}</h2>
          <dl class="summary-list">
            <div>
              <dt>{t('dossier.code')}</dt>
              <dd>{props.result.code}</dd>
            </div>
            <div>
              <dt>{t('dossier.statusLabel')}</dt>
              <dd>
                <StatusTag status={props.result.status} />
              </dd>
            </div>
            <div>
              <dt>{t('dossier.procedure')}</dt>
              <dd>{name(props.result.procedure)}</dd>
            </div>
            <div>
              <dt>{t('dossier.agency')}</dt>
              <dd>{name(props.result.agency)}</dd>
            </div>
            <div>
              <dt>{t('dossier.submittedAt')}</dt>
              <dd>{formatDateTime(props.result.submittedAt)}</dd>
            </div>
            <div>
              <dt>{t('dossier.dueAt')}</dt>
              <dd>{formatDateTime(props.result.dueAt)}</dd>
            </div>
          </dl>
        </section>
      ) : null}
    </Layout>
  );
}

export function DocumentsPage(props: {
  documents: {
    id: string;
    documentType: string;
    fileName: string;
    size: number;
    createdAt: Date;
  }[];
  deleted: boolean;
  csrf: string;
}) {
  const { t, locale } = usePage();
  const text = useText();
  const size = (bytes: number) =>
    new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 }).format(
      bytes / 1024,
    ) + ' KB';
  return (
    <Layout title={t('documents.title')} breadcrumbs={[{ label: t('documents.title') }]}>
      <h1>{t('documents.title')}</h1>
      {props.deleted ? (
        <p class="notice" role="status">
          {t('documents.deleted')}
        </p>
      ) : null}
      <p>{t('documents.intro')}</p>
      {props.documents.length === 0 ? (
        <p class="empty">{t('documents.empty')}</p>
      ) : (
        <DataTable
          caption={t('documents.title')}
          headers={[
            t('documents.type'),
            t('documents.name'),
            t('documents.size'),
            t('documents.added'),
            t('documents.actions'),
          ]}
        >
          {props.documents.map((d) => (
            <tr key={d.id}>
              <td>
                {isDocumentType(d.documentType)
                  ? text(DOCUMENT_TYPES[d.documentType])
                  : d.documentType}
              </td>
              <td>
                <a
                  href={`/my/documents/${d.id}`}
                  aria-label={t('documents.view', { name: d.fileName })}
                >
                  {d.fileName}
                </a>
              </td>
              <td>{size(d.size)}</td>
              <td>{formatDate(vietnamDate(d.createdAt))}</td>
              <td>
                <form method="post" action={`/my/documents/${d.id}/delete`} class="inline">
                  <input type="hidden" name="csrf" value={props.csrf} />
                  <button type="submit" class="button-secondary">
                    {t('documents.delete', { name: d.fileName })}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}
