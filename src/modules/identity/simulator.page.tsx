import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';
import { ScrollTable } from '../../web/components.js';
import type { TestIdentity } from './test-identities.js';
import { formatDate } from '../../platform/i18n/index.js';
import { ErrorPage } from '../../web/error-page.js';

export function SimulatorPage({
  uid,
  identities,
  levelTwo,
}: {
  uid: string;
  identities: TestIdentity[];
  levelTwo: boolean;
}) {
  const { t } = usePage();
  return (
    <Layout title={t('simulator.title')}>
      <h1>{t('simulator.title')}</h1>
      <p class="notice" role="note">
        {t('simulator.notice')}
      </p>
      {levelTwo ? <p>{t('simulator.levelTwo')}</p> : null}
      <ul class="identity-list">
        {identities.map((person) => (
          <li key={person.sub} class="card">
            <form method="post" action={`/idp/interaction/${uid}/login`}>
              <input type="hidden" name="sub" value={person.sub} />
              <button type="submit" class="button">
                {t('simulator.signInAs', { name: person.name })}
              </button>
            </form>
            <p class="meta">
              {t('simulator.details', {
                id: person.personalId,
                born: formatDate(person.birthDate),
                level: person.assuranceLevel,
              })}
            </p>
            {person.represents?.map((b) => (
              <p key={b.enterpriseCode} class="meta">
                {t('simulator.represents', { name: b.name, code: b.enterpriseCode })}
              </p>
            ))}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** The simulator's own page at /idp: who the test citizens are and how to sign in as one. */
export function SimulatorHomePage({ identities }: { identities: TestIdentity[] }) {
  const { t } = usePage();
  return (
    <Layout title={t('simulator.home.title')} breadcrumbs={[{ label: t('simulator.home.title') }]}>
      <h1>{t('simulator.home.title')}</h1>
      <p class="lead">{t('simulator.home.lead')}</p>
      <section aria-labelledby="how-heading">
        <h2 id="how-heading">{t('simulator.home.howTo')}</h2>
        <ol class="steps">
          <li>{t('simulator.home.step1', { signIn: t('auth.signIn') })}</li>
          <li>{t('simulator.home.step2', { national: t('auth.nationalButton') })}</li>
          <li>{t('simulator.home.step3')}</li>
        </ol>
        <p>
          <a class="button" href="/auth/sign-in">
            {t('simulator.home.start')}
          </a>
        </p>
        <p>{t('simulator.home.levels')}</p>
      </section>
      <section aria-labelledby="people-heading">
        <h2 id="people-heading">{t('simulator.home.people')}</h2>
        <ScrollTable caption={t('simulator.home.people')} captionHidden>
          <thead>
            <tr>
              <th scope="col">{t('simulator.home.name')}</th>
              <th scope="col">{t('simulator.home.personalId')}</th>
              <th scope="col">{t('simulator.home.birthDate')}</th>
              <th scope="col">{t('simulator.home.level')}</th>
              <th scope="col">{t('simulator.home.represents')}</th>
            </tr>
          </thead>
          <tbody>
            {identities.map((person) => (
              <tr key={person.sub}>
                <th scope="row">{person.name}</th>
                <td>{person.personalId}</td>
                <td>{formatDate(person.birthDate)}</td>
                <td>{t('simulator.home.levelValue', { level: person.assuranceLevel })}</td>
                <td>
                  {person.represents?.length
                    ? person.represents
                        .map((b) =>
                          t('simulator.home.business', { name: b.name, code: b.enterpriseCode }),
                        )
                        .join('; ')
                    : t('simulator.home.noBusiness')}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </section>
      <p>
        <a href="/idp/.well-known/openid-configuration">{t('simulator.home.discovery')}</a>
      </p>
    </Layout>
  );
}

/**
 * The provider's sign-out page (RP-initiated logout). Asked by the portal with an ID token of
 * the person signed in here, it sends itself (`automatic`, with the script beside it); the
 * button is for browsers without JavaScript. Asked otherwise, the person chooses.
 */
export function SimulatorLogoutPage({
  action,
  xsrf,
  automatic,
}: {
  action: string;
  xsrf: string;
  automatic: boolean;
}) {
  const { t } = usePage();
  return (
    <Layout title={t('simulator.logout.title')}>
      <h1>{t('simulator.logout.title')}</h1>
      <p class="lead">{t(automatic ? 'simulator.logout.automatic' : 'simulator.logout.ask')}</p>
      <form id="idp-logout" method="post" action={action}>
        <input type="hidden" name="xsrf" value={xsrf} />
        {automatic ? <input type="hidden" name="logout" value="yes" /> : null}
        <div class="button-row">
          {automatic ? (
            <button type="submit" class="button">
              {t('simulator.logout.confirm')}
            </button>
          ) : (
            <>
              <button type="submit" class="button" name="logout" value="yes">
                {t('simulator.logout.confirm')}
              </button>
              <button type="submit" class="button button-secondary">
                {t('simulator.logout.stay')}
              </button>
            </>
          )}
        </div>
      </form>
      {automatic ? <script src="/idp/logout.js" defer /> : null}
    </Layout>
  );
}

/** Signed out at the provider, when no portal asked to have the person back. */
export function SimulatorSignedOutPage() {
  const { t } = usePage();
  return (
    <Layout title={t('simulator.signedOut.title')}>
      <h1>{t('simulator.signedOut.title')}</h1>
      <p>
        <a href="/">{t('simulator.signedOut.back')}</a>
      </p>
    </Layout>
  );
}

/** A request the provider refuses (a bad sign-in or sign-out request), as the portal says it. */
export function SimulatorErrorPage({ status }: { status: number }) {
  const { t } = usePage();
  return (
    <ErrorPage
      status={status}
      title={t(status === 404 ? 'errors.notFound' : 'errors.badRequest')}
    />
  );
}
