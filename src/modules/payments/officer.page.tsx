import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';
import {
  DataTable,
  ErrorSummary,
  Tag,
  TextField,
  type SummaryError,
} from '../../web/components.js';
import {
  formatDate,
  formatDateTime,
  formatMoney,
  type MessageKey,
} from '../../platform/i18n/index.js';
import type { DailyTotal } from './reconciliation.js';

export interface OfficerPayment {
  id: string;
  number: string;
  description: string;
  payerName: string;
  status: string;
  amount: number;
  refunded: number;
  /** Sent back with a refund: a form sent twice refunds once. */
  version: number;
  paidAt: Date | null;
  flag: string | null;
  /** An approver of the agency paid may give money back. */
  refundable: boolean;
}

export interface OfficerMismatch {
  id: string;
  provider: string;
  day: string;
  kind: string;
  reference: string;
  portalAmount: number;
  providerAmount: number;
}

const useMoney = () => {
  const { locale } = usePage();
  return (amount: number) => formatMoney(locale, amount);
};

/** What an approver typed in a refund form the portal refused, shown again as typed. */
export interface TypedRefund {
  paymentId: string;
  amount: string;
  reason: string;
}

/**
 * An approver's form to give back part or all of what is left of a payment. Refused, it
 * keeps what was typed (never the whole remainder in its place) and says beside each field
 * what was wrong.
 */
function RefundForm({
  payment: p,
  csrf,
  typed,
  errors,
}: {
  payment: OfficerPayment;
  csrf: string;
  typed: TypedRefund | null;
  errors: SummaryError[];
}) {
  const { t } = usePage();
  const mine = typed?.paymentId === p.id ? typed : null;
  const errorOf = (id: string) => errors.find((e) => e.field === id)?.message;
  return (
    <form method="post" action={`/backoffice/payments/${p.id}/refunds`} class="inline-form">
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="version" value={String(p.version)} />
      <TextField
        id={`refund-${p.id}-amount`}
        name="amount"
        label={t('payments.officer.refundAmount')}
        value={mine ? mine.amount : String(p.amount - p.refunded)}
        error={errorOf(`refund-${p.id}-amount`)}
        attributes={{ inputMode: 'numeric', maxLength: 20 }}
      />
      <TextField
        id={`refund-${p.id}-reason`}
        name="reason"
        label={t('payments.officer.refundReason')}
        value={mine ? mine.reason : ''}
        error={errorOf(`refund-${p.id}-reason`)}
        attributes={{ maxLength: 500 }}
      />
      <button type="submit" class="button button-secondary" data-once>
        {t('payments.officer.refund')}
      </button>
    </form>
  );
}

function RecentPayments({
  payments,
  csrf,
  typed,
  errors,
}: {
  payments: OfficerPayment[];
  csrf: string;
  typed: TypedRefund | null;
  errors: SummaryError[];
}) {
  const { t } = usePage();
  const money = useMoney();
  return (
    <section aria-labelledby="payments-heading">
      <h2 id="payments-heading">{t('payments.officer.recent')}</h2>
      {payments.length === 0 ? <p>{t('payments.officer.none')}</p> : null}
      {payments.map((p) => (
        <article key={p.id} class="card" aria-labelledby={`payment-${p.id}`}>
          <h3 id={`payment-${p.id}`}>
            {p.number} · {money(p.amount)}
          </h3>
          <p>
            <Tag tone={p.flag ? 'warning' : 'neutral'}>
              {t(`payments.status.${p.status}` as MessageKey)}
            </Tag>{' '}
            {p.flag ? <Tag tone="warning">{t(`payments.flag.${p.flag}` as MessageKey)}</Tag> : null}
          </p>
          <p>
            {p.payerName} — {p.description}
            {p.paidAt ? ` (${formatDateTime(p.paidAt)})` : ''}
            {p.refunded > 0 ? ` — ${t('payments.refunded')}: ${money(p.refunded)}` : ''}
          </p>
          {p.refundable ? (
            <RefundForm payment={p} csrf={csrf} typed={typed} errors={errors} />
          ) : null}
        </article>
      ))}
    </section>
  );
}

/** An approver's form to settle a mismatch, saying how. */
function SettleForm({ mismatch: m, csrf }: { mismatch: OfficerMismatch; csrf: string }) {
  const { t } = usePage();
  return (
    <form method="post" action={`/backoffice/payments/mismatches/${m.id}`} class="inline-form">
      <input type="hidden" name="csrf" value={csrf} />
      <div class="field">
        <label for={`mismatch-${m.id}`}>{t('payments.officer.resolution')}</label>
        <input id={`mismatch-${m.id}`} name="resolution" type="text" maxLength={500} />
      </div>
      <button type="submit" class="button button-secondary">
        {t('payments.officer.settle')}
      </button>
    </form>
  );
}

function Mismatches(props: { mismatches: OfficerMismatch[]; canSettle: boolean; csrf: string }) {
  const { t } = usePage();
  const money = useMoney();
  return (
    <section aria-labelledby="mismatches-heading">
      <h2 id="mismatches-heading">{t('payments.officer.mismatches')}</h2>
      {props.mismatches.length === 0 ? (
        <p>{t('payments.officer.noMismatches')}</p>
      ) : (
        <ul class="file-list">
          {props.mismatches.map((m) => (
            <li key={m.id}>
              {formatDate(m.day)} · {m.provider} · {m.reference}:{' '}
              {t(`payments.mismatch.${m.kind}` as MessageKey)} ({t('payments.officer.portal')}{' '}
              {money(m.portalAmount)}, {t('payments.officer.providerSays')}{' '}
              {money(m.providerAmount)})
              {props.canSettle ? <SettleForm mismatch={m} csrf={props.csrf} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The daily totals. The heading names the table and the box it scrolls in (a region, so that
 * keyboard users reach it): said once, not again by a caption, and no second region of the
 * same name around it.
 */
function Totals({ totals, range }: { totals: DailyTotal[]; range: { from: string; to: string } }) {
  const { t } = usePage();
  const money = useMoney();
  const headers = [
    t('payments.officer.day'),
    t('payments.receipt.payee'),
    t('payments.officer.count'),
    t('payments.officer.collected'),
    t('payments.refunded'),
  ];
  return (
    <section>
      <h2 id="totals-heading">{t('payments.officer.totals')}</h2>
      <p>
        <a href={`/api/v1/payments/totals?from=${range.from}&to=${range.to}&format=csv`}>
          {t('payments.officer.csv')}
        </a>
      </p>
      <DataTable caption={{ headingId: 'totals-heading' }} headers={headers}>
        {totals.map((row) => (
          <tr key={`${row.day}-${row.agencyCode}`}>
            <td>{formatDate(row.day)}</td>
            <td>{row.agencyName}</td>
            <td>{row.payments}</td>
            <td>{money(row.collected)}</td>
            <td>{money(row.refunded)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** The agency's money: payments (refunds), reconciliation mismatches, daily totals. */
export function OfficerPaymentsPage(props: {
  payments: OfficerPayment[];
  mismatches: OfficerMismatch[];
  totals: DailyTotal[];
  range: { from: string; to: string };
  canSettle: boolean;
  csrf: string;
  notice: string | null;
  errors: SummaryError[];
  /** What was typed in the refund form the portal just refused, if it did. */
  typed: TypedRefund | null;
}) {
  const { t } = usePage();
  return (
    <Layout
      title={t('payments.officer.title')}
      breadcrumbs={[
        { href: '/backoffice', label: t('backoffice.title') },
        { label: t('payments.officer.title') },
      ]}
    >
      <h1>{t('payments.officer.title')}</h1>
      <ErrorSummary errors={props.errors} />
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <RecentPayments
        payments={props.payments}
        csrf={props.csrf}
        typed={props.typed}
        errors={props.errors}
      />
      <Mismatches mismatches={props.mismatches} canSettle={props.canSettle} csrf={props.csrf} />
      <Totals totals={props.totals} range={props.range} />
    </Layout>
  );
}
