import { formatDateTime } from '../../platform/i18n/index.js';
import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import type { ArticleRow } from './repository.js';
import { TOPICS } from './topics.js';

/** The article's question and answer in the page's language. */
function useArticleText() {
  const { locale } = usePage();
  return (a: ArticleRow) =>
    locale === 'en'
      ? { title: a.title_en, body: a.body_en }
      : { title: a.title_vi, body: a.body_vi };
}

/** An answer's paragraphs, as its writer separated them by blank lines. */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n\s*\n/).map((paragraph, i) => (
        <p key={i}>{paragraph}</p>
      ))}
    </>
  );
}

function HelpLinks({ signedIn }: { signedIn: boolean }) {
  const { t } = usePage();
  return (
    <ul>
      <li>
        <a href="/help/contact">{t('support.help.contactLink')}</a>
      </li>
      {signedIn ? (
        <li>
          <a href="/my/help">{t('support.help.myLink')}</a>
        </li>
      ) : null}
    </ul>
  );
}

/** /help: the knowledge base searched (GET, so it works without JavaScript) and listed. */
export function HelpPage(props: {
  q: string;
  topic: string;
  total: number;
  corrected: string | null;
  articles: ArticleRow[];
  signedIn: boolean;
}) {
  const { t } = usePage();
  const text = useArticleText();
  return (
    <Layout title={t('support.help.title')} breadcrumbs={[{ label: t('support.help.title') }]}>
      <h1>{t('support.help.title')}</h1>
      <p>{t('support.help.intro')}</p>
      <form method="get" action="/help" role="search">
        <div class="field">
          <label for="q">{t('support.help.search')}</label>
          <input id="q" name="q" type="search" value={props.q} maxLength={200} />
        </div>
        <div class="field">
          <label for="topic">{t('support.help.topicFilter')}</label>
          <select id="topic" name="topic">
            <option value="">{t('support.help.allTopics')}</option>
            {TOPICS.map((topic) => (
              <option key={topic} value={topic} selected={topic === props.topic}>
                {t(`support.topic.${topic}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button">
          {t('support.help.searchButton')}
        </button>
      </form>
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">{t('support.help.results', { count: props.total })}</h2>
        {props.corrected ? <p>{t('support.help.corrected', { q: props.corrected })}</p> : null}
        {props.articles.length === 0 ? <p>{t('support.help.none')}</p> : null}
        <ul>
          {props.articles.map((a) => (
            <li key={a.id}>
              <a href={`/help/articles/${a.slug}`}>{text(a).title}</a>{' '}
              <span class="hint">{t(`support.topic.${a.topic}`)}</span>
            </li>
          ))}
        </ul>
      </section>
      <HelpLinks signedIn={props.signedIn} />
    </Layout>
  );
}

/** The section of a procedure's page: the knowledge base's questions about it. */
export function ProcedureArticles({ articles }: { articles: ArticleRow[] }) {
  const { t } = usePage();
  const text = useArticleText();
  return (
    <>
      <ul>
        {articles.map((a) => (
          <li key={a.id}>
            <a href={`/help/articles/${a.slug}`}>{text(a).title}</a>
          </li>
        ))}
      </ul>
      <p>
        <a href="/help">{t('support.procedure.more')}</a>
      </p>
    </>
  );
}

/** /help/articles/:slug: one question and its answer, with the procedures it is about. */
export function ArticlePage(props: {
  article: ArticleRow;
  procedures: { code: string; name: string; nameEn: string }[];
  signedIn: boolean;
}) {
  const { t } = usePage();
  const name = useName();
  const { article } = props;
  const { title, body } = useArticleText()(article);
  return (
    <Layout
      title={title}
      breadcrumbs={[{ href: '/help', label: t('support.help.title') }, { label: title }]}
    >
      <h1>{title}</h1>
      <p class="hint">
        {t('support.article.topic')}: {t(`support.topic.${article.topic}`)} ·{' '}
        {t('support.article.updated')}: {formatDateTime(article.updated_at)}
      </p>
      <Paragraphs text={body} />
      {props.procedures.length > 0 ? (
        <section aria-labelledby="procedures-heading">
          <h2 id="procedures-heading">{t('support.article.procedures')}</h2>
          <ul>
            {props.procedures.map((p) => (
              <li key={p.code}>
                <a href={`/procedures/${p.code}`}>{name(p)}</a> ({p.code})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{t('support.article.notHelped')}</h2>
      <HelpLinks signedIn={props.signedIn} />
    </Layout>
  );
}
