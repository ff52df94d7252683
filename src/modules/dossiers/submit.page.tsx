import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import type { CatalogService } from '../catalog/index.js';
import { procedureCrumbs } from './parts.js';

type Procedure = Awaited<ReturnType<CatalogService['getProcedure']>>;

/**
 * Where "submit online" leads: what to prepare, and how to file until online forms open
 * for this procedure (they come with sign-in and dossiers).
 */
export function SubmitPage({ procedure: p }: { procedure: Procedure }) {
  const { t } = usePage();
  const name = useName()(p);
  return (
    <Layout
      title={t('submit.title', { name })}
      breadcrumbs={[...procedureCrumbs(p, name, t), { label: t('submit.crumb') }]}
    >
      <h1>{t('submit.title', { name })}</h1>
      <div class="notice" role="note">
        <p>{t('submit.notOpenYet')}</p>
        <p>
          {t('procedure.receivingAddress')}: {p.receivingAddress}
        </p>
      </div>
      <h2>{t('submit.prepare')}</h2>
      {p.documents.map((group, i) => (
        <div key={i}>
          {group.case ? <h3>{group.case}</h3> : null}
          <ul class="checklist">
            {group.items.map((doc, j) => (
              <li key={j}>
                {doc.name} — {t('submit.counts', { original: doc.original, copy: doc.copy })}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <p>
        <a href={`/procedures/${p.code}`}>{t('submit.back')}</a>
      </p>
    </Layout>
  );
}

/** A level-1 session meets a procedure that needs level 2: say so, and offer the step up. */
export function StepUpPage({
  procedure: p,
  signInUrl,
}: {
  procedure: Procedure;
  signInUrl: string;
}) {
  const { t } = usePage();
  const name = useName()(p);
  return (
    <Layout
      title={t('stepUp.title')}
      breadcrumbs={[...procedureCrumbs(p, name, t), { label: t('submit.crumb') }]}
    >
      <h1>{t('stepUp.title')}</h1>
      <p>{t('stepUp.explain', { name })}</p>
      <p>
        <a class="button" href={signInUrl}>
          {t('stepUp.button')}
        </a>
      </p>
      <p>
        <a href={`/procedures/${p.code}`}>{t('submit.back')}</a>
      </p>
    </Layout>
  );
}
