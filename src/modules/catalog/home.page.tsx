import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { SearchForm } from './search-form.js';
import { serviceLevelLabel, serviceLevelTone } from './labels.js';
import { Tag } from '../../web/components.js';
import type { ComponentChildren } from 'preact';

export interface HomePageProps {
  popular: { code: string; name: string; nameEn: string; serviceLevel: string }[];
  groups: {
    target: 'citizen' | 'business';
    fields: { code: string; name: string; nameEn: string; count: number }[];
  }[];
  totals: { procedures: number; online: number };
  /** Sections of modules above the catalog (the live figures), after the search. */
  extras?: { id: string; content: ComponentChildren }[];
}

export function HomePage({ popular, groups, totals, extras = [] }: HomePageProps) {
  const { t } = usePage();
  const name = useName();
  return (
    <Layout title={t('home.title')}>
      <section class="hero">
        <h1>{t('home.heading')}</h1>
        <p class="lead">
          {t('home.lead', { procedures: totals.procedures, online: totals.online })}
        </p>
        <SearchForm large />
      </section>
      {extras.map((extra) => (
        <div key={extra.id} id={extra.id}>
          {extra.content}
        </div>
      ))}
      <section aria-labelledby="popular-heading">
        <h2 id="popular-heading">{t('home.popular')}</h2>
        <ul class="card-list">
          {popular.map((p) => (
            <li key={p.code} class="card">
              <a href={`/procedures/${p.code}`}>{name(p)}</a>
              <Tag tone={serviceLevelTone(p.serviceLevel)}>
                {t(serviceLevelLabel(p.serviceLevel))}
              </Tag>
            </li>
          ))}
        </ul>
      </section>
      <div class="groups">
        {groups.map((group) => (
          <section key={group.target} aria-labelledby={`group-${group.target}`} class="group">
            <h2 id={`group-${group.target}`}>{t(`home.for.${group.target}`)}</h2>
            <ul class="link-list">
              {group.fields.map((field) => (
                <li key={field.code}>
                  <a href={`/procedures?target=${group.target}&field=${field.code}`}>
                    {name(field)}
                  </a>{' '}
                  <span class="count">({field.count})</span>
                </li>
              ))}
            </ul>
            <p>
              <a href={`/procedures?target=${group.target}`}>{t(`home.all.${group.target}`)}</a>
            </p>
          </section>
        ))}
      </div>
    </Layout>
  );
}
