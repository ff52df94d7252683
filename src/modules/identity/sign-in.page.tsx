import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';
import { ErrorSummary, type SummaryError } from '../../web/components.js';

interface SignInPageProps {
  returnTo: string;
  csrf: string;
  identifier: string;
  errors: SummaryError[];
}

/** Both ways in: national identity (one click to the provider), or email/phone + password. */
export function SignInPage({ returnTo, csrf, identifier, errors }: SignInPageProps) {
  const { t } = usePage();
  return (
    <Layout title={t('auth.signIn')} breadcrumbs={[{ label: t('auth.signIn') }]}>
      <h1>{t('auth.signIn')}</h1>
      <ErrorSummary errors={errors} />
      <section aria-labelledby="national-heading" class="card">
        <h2 id="national-heading">{t('auth.national')}</h2>
        <p>{t('auth.nationalHint')}</p>
        <a
          class="button button-large"
          href={`/auth/login?returnTo=${encodeURIComponent(returnTo)}`}
        >
          {t('auth.nationalButton')}
        </a>
      </section>
      <section aria-labelledby="local-heading">
        <h2 id="local-heading">{t('auth.local')}</h2>
        <form method="post" action="/auth/local" novalidate>
          <input type="hidden" name="csrf" value={csrf} />
          <input type="hidden" name="returnTo" value={returnTo} />
          <div class="field">
            <label for="identifier">{t('auth.identifier')}</label>
            <input
              id="identifier"
              name="identifier"
              type="text"
              autoComplete="username"
              value={identifier}
              aria-invalid={errors.length > 0 ? 'true' : undefined}
            />
          </div>
          <div class="field">
            <label for="password">{t('auth.password')}</label>
            <input id="password" name="password" type="password" autoComplete="current-password" />
          </div>
          <button type="submit" class="button">
            {t('auth.continue')}
          </button>
        </form>
      </section>
    </Layout>
  );
}

interface CodePageProps {
  challengeId: string;
  returnTo: string;
  csrf: string;
  channel: 'email' | 'sms';
  errors: SummaryError[];
}

export function CodePage({ challengeId, returnTo, csrf, channel, errors }: CodePageProps) {
  const { t } = usePage();
  return (
    <Layout title={t('auth.codeTitle')} breadcrumbs={[{ label: t('auth.signIn') }]}>
      <h1>{t('auth.codeTitle')}</h1>
      <ErrorSummary errors={errors} />
      <p>{t(channel === 'email' ? 'auth.codeSentEmail' : 'auth.codeSentSms')}</p>
      <form method="post" action="/auth/local/code" novalidate>
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="challenge" value={challengeId} />
        <input type="hidden" name="returnTo" value={returnTo} />
        <input type="hidden" name="channel" value={channel} />
        <div class="field">
          <label for="code">{t('auth.code')}</label>
          <p id="code-hint" class="hint">
            {t('auth.codeHint')}
          </p>
          <input
            id="code"
            name="code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            aria-describedby="code-hint"
            aria-invalid={errors.length > 0 ? 'true' : undefined}
          />
        </div>
        <button type="submit" class="button">
          {t('auth.verify')}
        </button>
      </form>
    </Layout>
  );
}
