import { usePage, useText } from '../../web/context.js';
import { Tag } from '../../web/components.js';
import { formatDateTime, formatMoney, type MessageKey } from '../../platform/i18n/index.js';
import { StatusTag, type ResolvedStep } from '../dossiers/index.js';

/** A fee asked of the dossier, and the payment orders made for it. */
export interface Fee {
  amount: number;
  items: { name: string; amount: number }[];
  requested_at: Date;
  paid: boolean;
  orders: { id: string; number: string; status: string; amount: number; refunded: number }[];
}

/** The fees asked, paid or waiting, with their orders and refunds. */
export function FeesSection({ fees }: { fees: Fee[] }) {
  const { t, locale } = usePage();
  return (
    <section aria-labelledby="fees-heading">
      <h2 id="fees-heading">{t('backoffice.fees')}</h2>
      <ul class="file-list">
        {fees.map((fee, i) => (
          <li key={i}>
            {fee.items.map((item) => item.name).join(', ')}: {formatMoney(locale, fee.amount)}{' '}
            <Tag tone={fee.paid ? 'success' : 'warning'}>
              {t(fee.paid ? 'backoffice.feePaid' : 'backoffice.feeWaiting')}
            </Tag>
            {fee.orders.length > 0 ? (
              <ul>
                {fee.orders.map((o) => (
                  <li key={o.id}>
                    {o.number}: {t(`payments.status.${o.status}` as MessageKey)}
                    {o.refunded > 0
                      ? ` (${t('payments.refunded')} ${formatMoney(locale, o.refunded)})`
                      : ''}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The processing steps, the current one (`here`) marked, each with where it is handled. */
export function WorkflowSection({ workflow, here }: { workflow: ResolvedStep[]; here: number }) {
  const { t } = usePage();
  const text = useText();
  return (
    <section aria-labelledby="workflow-heading">
      <h2 id="workflow-heading">{t('backoffice.workflow')}</h2>
      <ol class="steps">
        {workflow.map((step, i) => (
          <li key={step.code} aria-current={i === here ? 'step' : undefined}>
            <strong>{text(step.name)}</strong>
            {i === here ? (
              <>
                {' '}
                <Tag tone="info">{t('backoffice.workflow.current')}</Tag>
              </>
            ) : null}
            <br />
            <span class="hint">
              {step.department ? `${text(step.department)}, ` : ''}
              {step.agencyName}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The files it came with, opened inline. */
export function FilesSection(props: {
  code: string;
  files: { documentId: string; fileName: string; label: string }[];
}) {
  const { t } = usePage();
  return (
    <section aria-labelledby="files-heading">
      <h2 id="files-heading">{t('backoffice.files')}</h2>
      <ul class="file-list">
        {props.files.map((f) => (
          <li key={f.documentId}>
            {f.label}:{' '}
            <a
              href={`/backoffice/dossiers/${encodeURIComponent(props.code)}/files/${f.documentId}`}
            >
              {f.fileName}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The form's answers, as the applicant gave them. */
export function AnswersSection({ answers }: { answers: { label: string; value: string }[] }) {
  const { t } = usePage();
  return (
    <section aria-labelledby="answers-heading">
      <h2 id="answers-heading">{t('backoffice.answers')}</h2>
      <dl class="summary-list">
        {answers.map((a, i) => (
          <div key={i}>
            <dt>{a.label}</dt>
            <dd>{a.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** What happened to it, oldest first. */
export function HistorySection(props: {
  history: { at: Date; action: string; status: number; note: string | null }[];
}) {
  const { t } = usePage();
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t('backoffice.history')}</h2>
      <ol class="timeline">
        {props.history.map((e, i) => (
          <li key={i}>
            <p class="meta">{formatDateTime(e.at)}</p>
            <p>
              {t(`dossier.action.${e.action}` as MessageKey)} <StatusTag status={e.status} />
            </p>
            {e.note ? <p class="hint">{e.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
