import { Detail } from '../../web/components.js';
import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';
import { formatMoney, type MessageKey } from '../../platform/i18n/index.js';

/** The sandbox bank's hosted page: the payer picks a test account and confirms or cancels. */
export function SandboxBankPage(props: {
  reference: string;
  orderNumber: string;
  amount: number;
  open: boolean;
  accounts: { number: string; behaviour: string }[];
}) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('sandboxBank.title')} breadcrumbs={[{ label: t('sandboxBank.title') }]}>
      <h1>{t('sandboxBank.title')}</h1>
      <p class="lead">{t('sandboxBank.intro')}</p>
      <dl class="summary-list">
        <Detail term={t('payments.number')}>{props.orderNumber}</Detail>
        <Detail term={t('payments.amount')}>{formatMoney(locale, props.amount)}</Detail>
      </dl>
      {props.open ? (
        <form method="post" action={`/sandbox-bank/pay/${props.reference}`} class="stack">
          <fieldset class="field">
            <legend>{t('sandboxBank.account')}</legend>
            {props.accounts.map((a, i) => (
              <p class="radio" key={a.number}>
                <input
                  id={`account-${a.number}`}
                  type="radio"
                  name="account"
                  value={a.number}
                  checked={i === 0}
                />{' '}
                <label for={`account-${a.number}`}>
                  {a.number} — {t(`sandboxBank.behaviour.${a.behaviour}` as MessageKey)}
                </label>
              </p>
            ))}
          </fieldset>
          <div class="button-row">
            <button type="submit" name="action" value="confirm" class="button">
              {t('sandboxBank.confirm')}
            </button>
            <button type="submit" name="action" value="cancel" class="button button-secondary">
              {t('sandboxBank.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <p>{t('sandboxBank.done')}</p>
      )}
    </Layout>
  );
}
