import { formatDateTime } from '../../platform/i18n/index.js';
import { DataTable, ErrorSummary, Tag, type SummaryError } from '../../web/components.js';
import { usePage } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { Choice, DeskNav, Input, TextArea } from './fields.js';
import type { ArticleRow } from './repository.js';
import { TOPICS } from './topics.js';

export type ArticleValues = Record<
  'topic' | 'procedureCodes' | 'titleVi' | 'bodyVi' | 'titleEn' | 'bodyEn',
  string
>;

export const valuesOf = (a: ArticleRow | null): ArticleValues => ({
  topic: a?.topic ?? '',
  procedureCodes: a?.procedure_codes.join(', ') ?? '',
  titleVi: a?.title_vi ?? '',
  bodyVi: a?.body_vi ?? '',
  titleEn: a?.title_en ?? '',
  bodyEn: a?.body_en ?? '',
});

const deskCrumb = (t: ReturnType<typeof usePage>['t']) => ({
  href: '/backoffice/help',
  label: t('support.desk.title'),
});

/** /backoffice/help/articles: every article, drafts included, and the way to write one. */
export function ArticlesPage(props: { articles: ArticleRow[]; notice: string | null }) {
  const { t, locale } = usePage();
  return (
    <Layout
      title={t('support.articles.title')}
      breadcrumbs={[deskCrumb(t), { label: t('support.articles.title') }]}
    >
      <h1 id="articles-heading">{t('support.articles.title')}</h1>
      <DeskNav />
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <p>
        <a class="button" href="/backoffice/help/articles/new">
          {t('support.articles.new')}
        </a>
      </p>
      {props.articles.length === 0 ? (
        <p>{t('support.articles.none')}</p>
      ) : (
        <DataTable
          caption={{ headingId: 'articles-heading' }}
          headers={[
            t('support.ticket.subject'),
            t('support.article.topic'),
            t('support.ticket.status'),
            t('support.article.updated'),
          ]}
        >
          {props.articles.map((a) => (
            <tr key={a.id}>
              <td>
                <a href={`/backoffice/help/articles/${a.id}`}>
                  {locale === 'en' ? a.title_en : a.title_vi}
                </a>
              </td>
              <td>{t(`support.topic.${a.topic}`)}</td>
              <td>
                <Tag tone={a.status === 'published' ? 'success' : 'neutral'}>
                  {t(`support.articles.status.${a.status}`)}
                </Tag>
              </td>
              <td>{formatDateTime(a.updated_at)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}

/** The editor: a new article (no `article`) or a change to one, saved as draft or published. */
export function ArticleEditPage(props: {
  article: ArticleRow | null;
  values: ArticleValues;
  errors: SummaryError[];
  csrf: string;
  notice: string | null;
}) {
  const { t } = usePage();
  const { article, values: v, errors } = props;
  const heading = article ? t('support.articles.edit') : t('support.articles.new');
  const action = article
    ? `/backoffice/help/articles/${article.id}`
    : '/backoffice/help/articles/new';
  return (
    <Layout
      title={heading}
      breadcrumbs={[
        deskCrumb(t),
        { href: '/backoffice/help/articles', label: t('support.articles.title') },
        { label: heading },
      ]}
    >
      <h1>{heading}</h1>
      <ErrorSummary errors={errors} />
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {article ? (
        <p>
          <Tag tone={article.status === 'published' ? 'success' : 'neutral'}>
            {t(`support.articles.status.${article.status}`)}
          </Tag>{' '}
          {article.status === 'published' ? (
            <a href={`/help/articles/${article.slug}`}>/help/articles/{article.slug}</a>
          ) : null}
        </p>
      ) : null}
      <form method="post" action={action} novalidate>
        <input type="hidden" name="csrf" value={props.csrf} />
        {article ? <input type="hidden" name="version" value={String(article.version)} /> : null}
        <Choice
          name="topic"
          label={t('support.article.topic')}
          value={v.topic}
          errors={errors}
          options={TOPICS}
          prefix="support.topic."
          placeholder={t('support.contact.chooseTopic')}
        />
        <Input
          name="procedureCodes"
          label={t('support.articles.procedures')}
          hint={t('support.articles.proceduresHint')}
          value={v.procedureCodes}
          errors={errors}
          maxLength={200}
        />
        <Input
          name="titleVi"
          label={t('support.articles.titleVi')}
          value={v.titleVi}
          errors={errors}
          maxLength={200}
        />
        <TextArea
          name="bodyVi"
          label={t('support.articles.bodyVi')}
          value={v.bodyVi}
          errors={errors}
          maxLength={20000}
          rows={8}
        />
        <Input
          name="titleEn"
          label={t('support.articles.titleEn')}
          value={v.titleEn}
          errors={errors}
          maxLength={200}
        />
        <TextArea
          name="bodyEn"
          label={t('support.articles.bodyEn')}
          value={v.bodyEn}
          errors={errors}
          maxLength={20000}
          rows={8}
        />
        <EditorButtons article={article} />
      </form>
    </Layout>
  );
}

/** Save keeps the state; publish and withdraw move it (a new article starts as a draft). */
function EditorButtons({ article }: { article: ArticleRow | null }) {
  const { t } = usePage();
  const button = (action: string, label: string, secondary = false) => (
    <button
      type="submit"
      name="action"
      value={action}
      class={secondary ? 'button button-secondary' : 'button'}
    >
      {label}
    </button>
  );
  return (
    <p>
      {button('edit', t(article ? 'support.articles.save' : 'support.articles.saveDraft'))}{' '}
      {article?.status !== 'published'
        ? button('publish', t('support.articles.publish'), true)
        : button('unpublish', t('support.articles.unpublish'), true)}
    </p>
  );
}
