import type { ComponentChildren } from 'preact';
import { usePage, withQuery, type Viewer } from './context.js';
import { signInUrl } from '../platform/forms.js';

export interface Crumb {
  href?: string;
  label: string;
}

export interface LayoutProps {
  title: string;
  breadcrumbs?: Crumb[];
  children: ComponentChildren;
}

export function Layout({ title, breadcrumbs, children }: LayoutProps) {
  const { t, locale } = usePage();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} | ${t('site.name')}`}</title>
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/site.css" />
        <script src="/assets/site.js" defer />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skipToContent')}
        </a>
        <SiteHeader />
        {breadcrumbs && breadcrumbs.length > 0 ? <Breadcrumbs crumbs={breadcrumbs} /> : null}
        <main id="main" class="container" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>{t('layout.footer')}</p>
            <p>
              <a href="/api/docs">{t('layout.apiDocs')}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** The site's header: who is signed in, or the way to sign in (a kept page gets each person's). */
export function SiteHeader() {
  const { t, locale, url, viewer } = usePage();
  const otherLocale = locale === 'vi' ? 'en' : 'vi';
  return (
    <header class="site-header">
      <div class="container header-inner">
        <a class="brand" href="/">
          <span class="brand-mark" aria-hidden="true">
            ★
          </span>
          <span>
            <span class="brand-name">{t('site.name')}</span>
            <span class="brand-tagline">{t('site.tagline')}</span>
          </span>
        </a>
        <nav class="site-nav" aria-label={t('layout.mainNavigation')}>
          <ul>
            <li>
              <a href="/procedures">{t('nav.procedures')}</a>
            </li>
            <li>
              <a href="/agencies">{t('nav.agencies')}</a>
            </li>
            <li>
              <a href="/lookup">{t('nav.lookup')}</a>
            </li>
            <li>
              <a href="/bills">{t('nav.payments')}</a>
            </li>
            <li>
              <a href="/statistics">{t('nav.statistics')}</a>
            </li>
            <li>
              <a href="/help">{t('nav.help')}</a>
            </li>
            {viewer ? (
              <ViewerItems viewer={viewer} />
            ) : (
              <li>
                <a href={signInUrl(url)}>{t('auth.signIn')}</a>
              </li>
            )}
            <li>
              <a
                href={withQuery(url, { lang: otherLocale })}
                hrefLang={otherLocale}
                lang={otherLocale}
              >
                {t('layout.switchLanguage')}
              </a>
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}

/** What the header shows someone signed in: their pages, messages, and signing out. */
function ViewerItems({ viewer }: { viewer: Viewer }) {
  const { t } = usePage();
  return (
    <>
      <li>
        {viewer.officer ? (
          <a href="/backoffice">{t('nav.backoffice')}</a>
        ) : viewer.systemAdmin ? (
          <a href="/admin/integration/clients">{t('nav.connectedSystems')}</a>
        ) : (
          <a href="/my/dossiers">{t('nav.myDossiers')}</a>
        )}
      </li>
      <li>
        <NotificationMenu viewer={viewer} />
      </li>
      <li class="viewer">
        <a href="/account">{t('auth.signedInAs', { name: viewer.name })}</a>
        <form method="post" action="/auth/logout" class="inline">
          <input type="hidden" name="csrf" value={viewer.csrfToken} />
          <button type="submit" class="link-button">
            {t('auth.signOut')}
          </button>
        </form>
      </li>
    </>
  );
}

function NotificationMenu({ viewer }: { viewer: Viewer }) {
  const { t } = usePage();
  return (
    <details class="notification-menu">
      <summary>
        {t('nav.notifications')}
        {viewer.unread > 0 ? (
          <span class="badge"> {t('nav.unread', { count: viewer.unread })}</span>
        ) : null}
      </summary>
      <div class="notification-panel">
        {viewer.latest.length === 0 ? (
          <p>{t('notifications.empty')}</p>
        ) : (
          <ul>
            {viewer.latest.map((n) => (
              <li key={n.id} class={n.read ? undefined : 'unread'}>
                {n.subject}
              </li>
            ))}
          </ul>
        )}
        <a href="/notifications">{t('nav.allNotifications')}</a>
      </div>
    </details>
  );
}

function Breadcrumbs({ crumbs }: { crumbs: Crumb[] }) {
  const { t } = usePage();
  return (
    <nav class="container breadcrumbs" aria-label={t('layout.breadcrumbs')}>
      <ol>
        <li>
          <a href="/">{t('nav.home')}</a>
        </li>
        {crumbs.map((crumb) => (
          <li key={crumb.label}>
            {crumb.href ? (
              <a href={crumb.href}>{crumb.label}</a>
            ) : (
              <span aria-current="page">{crumb.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
