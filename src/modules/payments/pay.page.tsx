import { Layout } from '../../web/layout.js';
import { usePage, useText } from '../../web/context.js';
import { Detail, ErrorSummary, type SummaryError, Tag } from '../../web/components.js';
import {
  formatDate,
  formatDateTime,
  formatMoney,
  type MessageKey,
} from '../../platform/i18n/index.js';
import { isFinished, type PaymentStatus } from './states.js';

interface Item {
  name: string;
  amount: number;
}

function Items({ items, amount }: { items: Item[]; amount: number }) {
  const { t, locale } = usePage();
  return (
    <table class="data-table">
      <caption class="visually-hidden">{t('payments.items')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('payments.item')}</th>
          <th scope="col" class="numeric">
            {t('payments.amount')}
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item, i) => (
          <tr key={i}>
            <td>{item.name}</td>
            <td class="numeric">{formatMoney(locale, item.amount)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('payments.total')}</th>
          <td class="numeric">
            <strong>{formatMoney(locale, amount)}</strong>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

export interface Payable {
  /** `dossier` or `bill`, and its code: what the form sends back. */
  kind: 'dossier' | 'bill';
  code: string;
  description: string;
  payee: string;
  payerName: string;
  items: Item[];
  amount: number;
  dueDate: string | null;
}

/** What is owed, and how to pay it: the providers the agency takes. */
export function PayPage(props: {
  payable: Payable;
  providers: { code: string; name: { vi: string; en: string } }[];
  csrf: string;
  errors: SummaryError[];
}) {
  const { t, locale } = usePage();
  const text = useText();
  const { payable } = props;
  return (
    <Layout title={t('payments.pay.title')} breadcrumbs={[{ label: t('payments.pay.title') }]}>
      <h1>{t('payments.pay.title')}</h1>
      <ErrorSummary errors={props.errors} />
      <dl class="summary-list">
        <Detail term={t(payable.kind === 'dossier' ? 'dossier.code' : 'payments.billCode')}>
          {payable.code}
        </Detail>
        <Detail term={t('payments.receipt.for')}>{payable.description}</Detail>
        <Detail term={t('payments.receipt.payer')}>{payable.payerName}</Detail>
        <Detail term={t('payments.receipt.payee')}>{payable.payee}</Detail>
        {payable.dueDate ? (
          <Detail term={t('payments.dueDate')}>{formatDate(payable.dueDate)}</Detail>
        ) : null}
      </dl>
      <Items items={payable.items} amount={payable.amount} />
      <form method="post" action="/payments" class="stack">
        <input type="hidden" name="csrf" value={props.csrf} />
        <input
          type="hidden"
          name={payable.kind === 'dossier' ? 'dossierCode' : 'billCode'}
          value={payable.code}
        />
        <fieldset class="field" id="f-provider" tabIndex={-1}>
          <legend>{t('payments.provider')}</legend>
          {props.providers.map((p, i) => (
            <p class="radio" key={p.code}>
              <input
                id={`provider-${p.code}`}
                type="radio"
                name="provider"
                value={p.code}
                checked={i === 0}
              />{' '}
              <label for={`provider-${p.code}`}>{text(p.name)}</label>
            </p>
          ))}
        </fieldset>
        <button type="submit" class="button">
          {t('payments.pay.button', { amount: formatMoney(locale, payable.amount) })}
        </button>
      </form>
    </Layout>
  );
}

const TONE: Record<PaymentStatus, 'neutral' | 'success' | 'info' | 'warning'> = {
  pending: 'info',
  succeeded: 'success',
  failed: 'warning',
  expired: 'warning',
  partially_refunded: 'success',
  refunded: 'neutral',
};

interface PaymentView {
  id: string;
  number: string;
  status: PaymentStatus;
  failureCode: string | null;
  description: string;
  payee: string;
  items: Item[];
  amount: number;
  refunded: number;
  providerName: { vi: string; en: string };
  expiresAt: Date;
  paidAt: Date | null;
}

interface TransferAccount {
  image: string;
  bank: string;
  account: string;
  holder: string;
}

/** Where to transfer to (VietQR): the code, the account, and the order's number as content. */
function TransferCode({ number, qr }: { number: string; qr: TransferAccount }) {
  const { t } = usePage();
  return (
    <section aria-labelledby="qr-heading">
      <h2 id="qr-heading">{t('payments.qr.title')}</h2>
      <p>{t('payments.qr.intro')}</p>
      <img src={qr.image} width={240} height={240} alt={t('payments.qr.alt', { number })} />
      <dl class="summary-list">
        <Detail term={t('payments.qr.bank')}>{qr.bank}</Detail>
        <Detail term={t('payments.qr.account')}>
          {qr.account} ({qr.holder})
        </Detail>
        <Detail term={t('payments.qr.content')}>
          <strong>{number}</strong>
        </Detail>
      </dl>
    </section>
  );
}

/** What the payment is for, to whom, through which provider, and what was given back. */
function PaymentSummary({ order }: { order: PaymentView }) {
  const { t, locale } = usePage();
  const text = useText();
  return (
    <dl class="summary-list">
      <Detail term={t('payments.receipt.for')}>{order.description}</Detail>
      <Detail term={t('payments.receipt.payee')}>{order.payee}</Detail>
      <Detail term={t('payments.provider')}>{text(order.providerName)}</Detail>
      {order.refunded > 0 ? (
        <Detail term={t('payments.refunded')}>{formatMoney(locale, order.refunded)}</Detail>
      ) : null}
    </dl>
  );
}

/** One payment: its state, the transfer code while waiting, the receipt once paid. */
export function PaymentPage(props: {
  order: PaymentView;
  qr: TransferAccount | null;
  /** Where to try again after a failure: the same fee or obligation. */
  retry: string | null;
  receipt: boolean;
}) {
  const { t, locale } = usePage();
  const { order } = props;
  const open = !isFinished(order.status);
  return (
    <Layout
      title={`${t('payments.number')} ${order.number}`}
      breadcrumbs={[{ label: `${t('payments.number')} ${order.number}` }]}
    >
      <h1>
        {t('payments.number')} {order.number}
      </h1>
      <p>
        <Tag tone={TONE[order.status]}>{t(`payments.status.${order.status}` as MessageKey)}</Tag>
        {order.failureCode ? (
          <span class="hint"> {t(`payments.failure.${order.failureCode}` as MessageKey)}</span>
        ) : null}
      </p>
      {order.status === 'succeeded' || order.status === 'partially_refunded' ? (
        <div class="panel panel-success" role="status">
          <p>
            {t('payments.paid', {
              amount: formatMoney(locale, order.amount),
              at: formatDateTime(order.paidAt!),
            })}
          </p>
        </div>
      ) : null}
      {props.receipt ? (
        <p>
          <a class="button" href={`/api/v1/payments/${order.id}/receipt.pdf`}>
            {t('payments.receipt.download')}
          </a>
        </p>
      ) : null}
      {open && props.qr ? <TransferCode number={order.number} qr={props.qr} /> : null}
      {open ? (
        <p class="hint">{t('payments.expiresAt', { at: formatDateTime(order.expiresAt) })}</p>
      ) : null}
      <PaymentSummary order={order} />
      <Items items={order.items} amount={order.amount} />
      {props.retry ? (
        <p>
          <a class="button" href={props.retry}>
            {t('payments.retry')}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

/** Find an obligation by its code (a fine, a tax notice, a bill) to pay it. */
export function BillLookupPage(props: {
  code: string;
  errors: SummaryError[];
  found: Payable | null;
  paid: boolean;
  /** Not the asker's own: the name is masked and what it is for left out. */
  limited?: boolean;
}) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('payments.bills.title')} breadcrumbs={[{ label: t('payments.bills.title') }]}>
      <h1>{t('payments.bills.title')}</h1>
      <p class="lead">{t('payments.bills.intro')}</p>
      <ErrorSummary errors={props.errors} />
      <form method="get" action="/bills" class="inline-form">
        <div class="field">
          <label for="f-code">{t('payments.billCode')}</label>
          <input
            id="f-code"
            name="code"
            type="text"
            maxLength={30}
            value={props.code}
            autocomplete="off"
          />
        </div>
        <button type="submit" class="button">
          {t('payments.bills.find')}
        </button>
      </form>
      {props.found ? (
        <section aria-labelledby="bill-heading">
          <h2 id="bill-heading">{props.found.description}</h2>
          {props.limited ? <p class="notice">{t('payments.bills.limited')}</p> : null}
          <dl class="summary-list">
            <Detail term={t('payments.receipt.payer')}>{props.found.payerName}</Detail>
            <Detail term={t('payments.receipt.payee')}>{props.found.payee}</Detail>
            <Detail term={t('payments.amount')}>{formatMoney(locale, props.found.amount)}</Detail>
          </dl>
          {props.paid ? (
            <p class="notice" role="status">
              {t('payments.bills.paid')}
            </p>
          ) : (
            <p>
              <a class="button" href={`/payments/new?bill=${encodeURIComponent(props.found.code)}`}>
                {t('payments.bills.pay')}
              </a>
            </p>
          )}
        </section>
      ) : null}
    </Layout>
  );
}
