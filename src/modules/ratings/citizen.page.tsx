import { Layout } from '../../web/layout.js';
import { useName, usePage } from '../../web/context.js';
import { Detail, ErrorSummary, type SummaryError } from '../../web/components.js';
import { formatDateTime, type MessageKey } from '../../platform/i18n/index.js';
import { CHOICES, COMMENT_MAX, CRITERIA, type Criterion } from './criteria.js';
import type { RatingState } from './lifecycle.js';
import type { Named } from './names.js';

/** A rating's answers as its form shows them: each value as the form sends it. */
export type FormValues = Partial<Record<Criterion | 'comment', string>> & { anonymous: boolean };

export interface InvitationItem {
  code: string;
  procedure: Named;
  agency: Named;
  returnedAt: Date;
  closesAt: Date;
  state: RatingState;
  changeableUntil: Date | null;
}

const ratingHref = (code: string) => `/my/ratings/${encodeURIComponent(code)}`;

const crumbs = (t: ReturnType<typeof usePage>['t']) => [
  { href: '/my/dossiers', label: t('dossier.mine.title') },
  { label: t('ratings.mine.title') },
];

function InvitationList(props: { heading: string; id: string; items: InvitationItem[] }) {
  const { t } = usePage();
  const name = useName();
  if (props.items.length === 0) return null;
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.heading}</h2>
      <ul class="card-list">
        {props.items.map((item) => (
          <li key={item.code} class="card">
            <h3>
              <a href={ratingHref(item.code)}>
                {t(item.state === 'open' ? 'ratings.mine.rate' : 'ratings.mine.see', {
                  code: item.code,
                })}
              </a>
            </h3>
            <p>
              {name(item.procedure)} — {name(item.agency)}
            </p>
            <p class="hint">
              {t(`ratings.state.${item.state}` as MessageKey, {
                at: formatDateTime(
                  item.state === 'open' || item.state === 'expired'
                    ? item.closesAt
                    : item.changeableUntil!,
                ),
              })}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The person's dossiers to rate, and the ratings they gave. */
export function MyRatingsPage({ items }: { items: InvitationItem[] }) {
  const { t } = usePage();
  const toRate = items.filter((i) => i.state === 'open');
  const given = items.filter((i) => i.state === 'changeable' || i.state === 'final');
  const expired = items.filter((i) => i.state === 'expired');
  return (
    <Layout title={t('ratings.mine.title')} breadcrumbs={crumbs(t)}>
      <h1>{t('ratings.mine.title')}</h1>
      <p class="lead">{t('ratings.mine.intro')}</p>
      {items.length === 0 ? <p class="empty">{t('ratings.mine.none')}</p> : null}
      <InvitationList id="to-rate" heading={t('ratings.mine.toRate')} items={toRate} />
      <InvitationList id="given" heading={t('ratings.mine.given')} items={given} />
      <InvitationList id="expired" heading={t('ratings.mine.expired')} items={expired} />
    </Layout>
  );
}

function CriterionField(props: {
  name: Criterion;
  kind: keyof typeof CHOICES;
  value: string | undefined;
  error: string | undefined;
  readOnly: boolean;
}) {
  const { t } = usePage();
  const { name } = props;
  return (
    <fieldset
      class="field"
      id={name}
      tabIndex={-1}
      aria-describedby={props.error ? `${name}-error` : undefined}
    >
      <legend>{t(`ratings.criterion.${name}` as MessageKey)}</legend>
      {props.error ? (
        <p id={`${name}-error`} class="field-error">
          {props.error}
        </p>
      ) : null}
      {CHOICES[props.kind].map((choice) => (
        <p class="radio" key={choice}>
          <input
            type="radio"
            id={`${name}-${choice}`}
            name={name}
            value={choice}
            checked={props.value === choice}
            disabled={props.readOnly}
          />{' '}
          <label for={`${name}-${choice}`}>
            {t(`ratings.choice.${props.kind}.${choice}` as MessageKey)}
          </label>
        </p>
      ))}
    </fieldset>
  );
}

function CommentField(props: { value: string; error: string | undefined; readOnly: boolean }) {
  const { t } = usePage();
  const describedBy = ['comment-hint', props.error ? 'comment-error' : ''].join(' ').trim();
  return (
    <div class="field">
      <label for="comment">{t('ratings.comment')}</label>
      <p id="comment-hint" class="hint">
        {t('ratings.commentHint', { limit: COMMENT_MAX })}
      </p>
      {props.error ? (
        <p id="comment-error" class="field-error">
          {props.error}
        </p>
      ) : null}
      <textarea
        id="comment"
        name="comment"
        rows={4}
        maxLength={COMMENT_MAX}
        readOnly={props.readOnly}
        aria-describedby={describedBy}
        aria-invalid={props.error ? 'true' : undefined}
      >
        {props.value}
      </textarea>
    </div>
  );
}

export interface RatingPageProps {
  item: InvitationItem;
  values: FormValues;
  errors: SummaryError[];
  csrf: string;
  notice: string | null;
  /** The page answers a refused change (the window closed meanwhile): 409. */
  refusal: string | null;
}

/** Where a rating stands, above its form. */
function RatingSummary({ item }: { item: InvitationItem }) {
  const { t } = usePage();
  const name = useName();
  return (
    <dl class="summary-list">
      <Detail term={t('dossier.procedure')}>{name(item.procedure)}</Detail>
      <Detail term={t('ratings.agency')}>{name(item.agency)}</Detail>
      <Detail term={t('ratings.returnedAt')}>{formatDateTime(item.returnedAt)}</Detail>
    </dl>
  );
}

/**
 * The rating form of one dossier: each criterion a group of radio buttons, a comment and the
 * anonymous box. Once it can no longer be given or changed, the same answers read-only.
 */
export function RatingPage(props: RatingPageProps) {
  const { t } = usePage();
  const { item, values } = props;
  const readOnly = item.state === 'final' || item.state === 'expired';
  const errorOf = (field: string) => props.errors.find((e) => e.field === field)?.message;
  const title = t('ratings.form.title', { code: item.code });
  return (
    <Layout
      title={title}
      breadcrumbs={[
        ...crumbs(t).slice(0, 1),
        { href: '/my/ratings', label: t('ratings.mine.title') },
        { label: item.code },
      ]}
    >
      <h1>{title}</h1>
      <ErrorSummary errors={props.errors} />
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.refusal ? <p class="notice notice-warning">{props.refusal}</p> : null}
      <RatingSummary item={item} />
      <p class="hint">
        {t(`ratings.state.${item.state}` as MessageKey, {
          at: formatDateTime(
            item.state === 'open' || item.state === 'expired'
              ? item.closesAt
              : item.changeableUntil!,
          ),
        })}
      </p>
      {item.state === 'expired' ? null : (
        <form method="post" action={ratingHref(item.code)} class="action-form" noValidate>
          <input type="hidden" name="csrf" value={props.csrf} />
          {CRITERIA.map((c) => (
            <CriterionField
              key={c.name}
              name={c.name}
              kind={c.kind}
              value={values[c.name]}
              error={errorOf(c.name)}
              readOnly={readOnly}
            />
          ))}
          <CommentField
            value={values.comment ?? ''}
            error={errorOf('comment')}
            readOnly={readOnly}
          />
          <p class="checkbox">
            <input
              id="anonymous"
              name="anonymous"
              type="checkbox"
              value="on"
              checked={values.anonymous}
              disabled={readOnly}
              aria-describedby="anonymous-hint"
            />{' '}
            <label for="anonymous">{t('ratings.anonymous')}</label>
          </p>
          <p id="anonymous-hint" class="hint">
            {t('ratings.anonymousHint')}
          </p>
          {readOnly ? null : (
            <button type="submit" class="button" data-once>
              {t(item.state === 'open' ? 'ratings.send' : 'ratings.change')}
            </button>
          )}
        </form>
      )}
    </Layout>
  );
}
