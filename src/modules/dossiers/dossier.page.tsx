import { Detail } from '../../web/components.js';
import { Layout } from '../../web/layout.js';
import { useName, usePage, useText } from '../../web/context.js';
import { formatDateTime, formatMoney, type MessageKey } from '../../platform/i18n/index.js';
import type { Text } from '../forms/index.js';
import { STATUS } from './codes.js';
import { StatusTag, type Named } from './parts.js';

interface DossierEvent {
  at: Date;
  action: string;
  status: number;
  note: string | null;
  details: { number?: number; items?: string[] } | null;
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
  events: DossierEvent[];
  csrf: string;
}

/** The heading, or the confirmation just after submitting, and what was just done. */
function Heading(props: DossierPageProps) {
  const { t } = usePage();
  return (
    <>
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
    </>
  );
}

/** Status, procedure, agency, applicant and dates. */
function Summary(props: DossierPageProps) {
  const { t } = usePage();
  const name = useName();
  return (
    <dl class="summary-list">
      <Detail term={t('dossier.statusLabel')}>
        <StatusTag status={props.status} />
      </Detail>
      <Detail term={t('dossier.procedure')}>
        <a href={`/procedures/${props.procedure.code}`}>{name(props.procedure)}</a>
      </Detail>
      <Detail term={t('dossier.agency')}>{name(props.agency)}</Detail>
      <Detail term={t('dossier.applicant')}>{props.applicantName}</Detail>
      <Detail term={t('dossier.submittedAt')}>{formatDateTime(props.submittedAt)}</Detail>
      <Detail term={t('dossier.dueAt')}>{formatDateTime(props.dueAt)}</Detail>
      {props.trackingNumber ? (
        <Detail term={t('dossier.trackingNumber')}>{props.trackingNumber}</Detail>
      ) : null}
    </dl>
  );
}

/** What happened, oldest first, with the refusal and apology slips to open. */
function Timeline({ code, events }: { code: string; events: DossierEvent[] }) {
  const { t } = usePage();
  const base = `/api/v1/dossiers/${encodeURIComponent(code)}`;
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('dossier.timeline')}</h2>
      <ol class="timeline">
        {events.map((e, i) => (
          <li key={i}>
            <p class="meta">{formatDateTime(e.at)}</p>
            <p>
              {t(`dossier.action.${e.action}` as MessageKey)} <StatusTag status={e.status} />
            </p>
            {e.note ? <p class="hint">{e.note}</p> : null}
            {e.action === 'refuse' ? (
              <p>
                <a href={`${base}/refusal.pdf`}>{t('dossier.refusalLink')}</a>
              </p>
            ) : null}
            {e.action === 'apology' && e.details?.number ? (
              <p>
                <a href={`${base}/apologies/${e.details.number}.pdf`}>
                  {t('backoffice.apology')} (PDF)
                </a>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The files filed, each under its field's label, and the answers given. */
function FilesAndAnswers(props: Pick<DossierPageProps, 'files' | 'answers'>) {
  const { t } = usePage();
  const text = useText();
  return (
    <>
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
    </>
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

/** The fee the agency waits for, item by item, and the way to pay it. */
function FeeNotice({ code, fee }: { code: string; fee: NonNullable<DossierPageProps['fee']> }) {
  const { t, locale } = usePage();
  return (
    <section aria-labelledby="fee-heading" class="notice notice-warning">
      <h2 id="fee-heading">{t('dossier.fee.title')}</h2>
      <ul>
        {fee.items.map((item, i) => (
          <li key={i}>
            {item.name}: {formatMoney(locale, item.amount)}
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href={`/payments/new?dossier=${encodeURIComponent(code)}`}>
          {t('dossier.fee.pay', { amount: formatMoney(locale, fee.amount) })}
        </a>
      </p>
    </section>
  );
}

/** Withdrawing, while nobody has started on the dossier. */
function WithdrawForm({ code, csrf }: { code: string; csrf: string }) {
  const { t } = usePage();
  return (
    <section aria-labelledby="withdraw-heading">
      <h2 id="withdraw-heading">{t('dossier.withdraw')}</h2>
      <p class="hint">{t('dossier.withdrawHint')}</p>
      <form method="post" action={`/dossiers/${encodeURIComponent(code)}/withdraw`}>
        <input type="hidden" name="csrf" value={csrf} />
        <div class="field">
          <label for="reason">{t('dossier.withdrawReason')}</label>
          <textarea id="reason" name="reason" rows={2} maxLength={500}></textarea>
        </div>
        <button type="submit" class="button button-secondary">
          {t('dossier.withdraw')}
        </button>
      </form>
    </section>
  );
}

/** A submitted dossier as its owner sees it: status, dates, receipt, timeline, answers. */
export function DossierPage(props: DossierPageProps) {
  const { t } = usePage();
  return (
    <Layout
      title={`${t('dossier.code')} ${props.code}`}
      breadcrumbs={[
        { href: '/my/dossiers', label: t('dossier.mine.title') },
        { label: props.code },
      ]}
    >
      <Heading {...props} />
      <Summary {...props} />
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
      <ul>
        {props.status === STATUS.returned ? (
          <li>
            <a href={`/my/ratings/${encodeURIComponent(props.code)}`}>
              {t('ratings.mine.rate', { code: props.code })}
            </a>
          </li>
        ) : null}
        <li>
          <a href={`/feedback/new?dossier=${encodeURIComponent(props.code)}`}>
            {t('feedback.aboutDossier')}
          </a>
        </li>
      </ul>
      <Timeline code={props.code} events={props.events} />
      <FilesAndAnswers files={props.files} answers={props.answers} />
      {props.status === STATUS.supplementRequested ? <SupplementForm {...props} /> : null}
      {props.fee ? <FeeNotice code={props.code} fee={props.fee} /> : null}
      {props.status === STATUS.submitted ? (
        <WithdrawForm code={props.code} csrf={props.csrf} />
      ) : null}
    </Layout>
  );
}
