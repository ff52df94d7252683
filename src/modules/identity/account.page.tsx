import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';
import { Detail, ErrorSummary, ScrollTable, type SummaryError, Tag } from '../../web/components.js';
import { formatDate, formatDateTime } from '../../platform/i18n/index.js';

export interface AccountPageProps {
  account: {
    name: string;
    maskedPersonalId: string;
    birthDate: string | null;
    address: string;
    verified: boolean;
  };
  form: { email: string; phone: string; notifyByEmail: boolean; notifyBySms: boolean };
  sessions: {
    id: string;
    current: boolean;
    createdAt: Date;
    lastSeenAt: Date;
    userAgent: string | null;
  }[];
  businesses: { id: string; enterpriseCode: string; name: string }[];
  actingFor: string | null;
  csrf: string;
  errors: SummaryError[];
  saved: boolean;
}

export function AccountPage(props: AccountPageProps) {
  const { errors, saved } = props;
  const { t } = usePage();
  return (
    <Layout title={t('account.title')} breadcrumbs={[{ label: t('account.title') }]}>
      <h1>{t('account.title')}</h1>
      <ErrorSummary errors={errors} />
      {saved ? (
        <p class="notice" role="status">
          {t('account.saved')}
        </p>
      ) : null}
      <IdentitySection account={props.account} />
      {props.businesses.length > 0 ? <BusinessesSection {...props} /> : null}
      <ContactSection {...props} />
      <SessionsSection {...props} />
    </Layout>
  );
}

/** The person as the identity provider vouched for them: shown, not changed here. */
function IdentitySection({ account }: { account: AccountPageProps['account'] }) {
  const { t } = usePage();
  return (
    <section aria-labelledby="identity-heading">
      <h2 id="identity-heading">
        {t('account.identity')}{' '}
        {account.verified ? <Tag tone="success">{t('account.verified')}</Tag> : null}
      </h2>
      {account.verified ? <p class="hint">{t('account.verifiedHint')}</p> : null}
      <dl class="summary-list">
        <Detail term={t('account.name')}>{account.name}</Detail>
        {account.maskedPersonalId ? (
          <Detail term={t('account.personalId')}>{account.maskedPersonalId}</Detail>
        ) : null}
        {account.birthDate ? (
          <Detail term={t('account.birthDate')}>{formatDate(account.birthDate)}</Detail>
        ) : null}
        {account.address ? <Detail term={t('account.address')}>{account.address}</Detail> : null}
      </dl>
    </section>
  );
}

/** The businesses the person represents, and acting for one of them or for themself. */
function BusinessesSection({ businesses, actingFor, csrf }: AccountPageProps) {
  const { t } = usePage();
  return (
    <section aria-labelledby="businesses-heading">
      <h2 id="businesses-heading">{t('account.businesses')}</h2>
      <ul class="link-list">
        {businesses.map((b) => (
          <li key={b.id}>
            {t('account.business', { name: b.name, code: b.enterpriseCode })}{' '}
            {b.id === actingFor ? (
              <Tag tone="success">{t('account.actingFor')}</Tag>
            ) : (
              <form method="post" action="/account/act-for" class="inline">
                <input type="hidden" name="csrf" value={csrf} />
                <input type="hidden" name="business" value={b.id} />
                <button type="submit" class="button button-secondary">
                  {t('account.actForBusiness', { name: b.name })}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {actingFor ? (
        <form method="post" action="/account/act-for">
          <input type="hidden" name="csrf" value={csrf} />
          <button type="submit" class="button button-secondary">
            {t('account.actForSelf')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

const CHANNELS = [
  ['notifyByEmail', 'account.notifyEmail'],
  ['notifyBySms', 'account.notifySms'],
] as const;

/** Email and phone, and whether to be told by them besides in the portal. */
function ContactSection({ form, csrf, errors }: AccountPageProps) {
  const { t } = usePage();
  const invalid = (field: string) => (errors.some((e) => e.field === field) ? 'true' : undefined);
  return (
    <section aria-labelledby="contact-heading">
      <h2 id="contact-heading">{t('account.contact')}</h2>
      <form method="post" action="/account" novalidate>
        <input type="hidden" name="csrf" value={csrf} />
        <div class="field">
          <label for="email">{t('account.email')}</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            value={form.email}
            aria-invalid={invalid('email')}
          />
        </div>
        <div class="field">
          <label for="phone">{t('account.phone')}</label>
          <p id="phone-hint" class="hint">
            {t('account.phoneHint')}
          </p>
          <input
            id="phone"
            name="phone"
            type="tel"
            autoComplete="tel"
            value={form.phone}
            aria-describedby="phone-hint"
            aria-invalid={invalid('phone')}
          />
        </div>
        <fieldset class="field">
          <legend>{t('account.notifyBy')}</legend>
          {CHANNELS.map(([name, label]) => (
            <p key={name} class="checkbox">
              <input id={name} name={name} type="checkbox" value="on" checked={form[name]} />{' '}
              <label for={name}>{t(label)}</label>
            </p>
          ))}
          <p class="hint">{t('account.inAppAlways')}</p>
        </fieldset>
        <button type="submit" class="button">
          {t('account.save')}
        </button>
      </form>
    </section>
  );
}

/** Where the person is signed in, and signing out everywhere at once. */
function SessionsSection({ sessions, csrf }: AccountPageProps) {
  const { t } = usePage();
  return (
    // Not a named section: the table's scrolling region inside already carries this name.
    <section>
      <h2 id="sessions-heading">{t('account.sessions')}</h2>
      <ScrollTable caption={t('account.sessions')} captionHidden>
        <thead>
          <tr>
            <th scope="col">{t('account.device')}</th>
            <th scope="col">{t('account.signedInAt')}</th>
            <th scope="col">{t('account.lastSeen')}</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>
                {s.userAgent ?? '—'}{' '}
                {s.current ? <Tag tone="info">{t('account.thisDevice')}</Tag> : null}
              </td>
              <td>{formatDateTime(s.createdAt)}</td>
              <td>{formatDateTime(s.lastSeenAt)}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      <form method="post" action="/account/sign-out-everywhere">
        <input type="hidden" name="csrf" value={csrf} />
        <button type="submit" class="button button-secondary">
          {t('account.signOutEverywhere')}
        </button>
      </form>
    </section>
  );
}
