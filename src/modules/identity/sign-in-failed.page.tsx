import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';

/** Shown for any state, nonce, issuer or code problem: the same clear advice for all. */
export function SignInFailedPage() {
  const { t } = usePage();
  return (
    <Layout title={t('auth.failedTitle')}>
      <h1>{t('auth.failedTitle')}</h1>
      <p>{t('auth.failedHelp')}</p>
      <p>
        <a class="button" href="/auth/login">
          {t('auth.tryAgain')}
        </a>
      </p>
    </Layout>
  );
}
