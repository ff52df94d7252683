import { Layout } from './layout.js';
import { usePage } from './context.js';

export function ErrorPage({ status, title }: { status: number; title: string }) {
  const { t } = usePage();
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p>
        {status === 404
          ? t('errors.notFoundHelp')
          : status === 429
            ? t('errors.rateLimitedHelp')
            : status >= 500
              ? t('errors.internalHelp')
              : t('errors.genericHelp')}
      </p>
      <p>
        <a href="/">{t('errors.backHome')}</a> ·{' '}
        <a href="/procedures">{t('errors.searchProcedures')}</a>
      </p>
    </Layout>
  );
}
