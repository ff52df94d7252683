import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { usePage, withQuery } from './context.js';

export interface SummaryError {
  field: string;
  message: string;
  /** Where the link goes when the field is on another page; `#field` otherwise. */
  href?: string;
}

/** Lists what went wrong, links each item to its field, and takes focus (site.js). */
export function ErrorSummary({ errors }: { errors: SummaryError[] }) {
  const { t } = usePage();
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} data-autofocus>
      <h2>{t('errors.summaryTitle')}</h2>
      <ul>
        {errors.map((error) => (
          <li key={error.field}>
            <a href={error.href ?? `#${error.field}`}>{error.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Tag({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'success' | 'info' | 'warning';
  children: ComponentChildren;
}) {
  return <span class={`tag tag-${tone}`}>{children}</span>;
}

export function Pagination({
  nextCursor,
  cursorParam = 'cursor',
}: {
  nextCursor: string | null;
  cursorParam?: string;
}) {
  const { t, url } = usePage();
  const current = new URL(url, 'http://local').searchParams.get(cursorParam);
  if (!nextCursor && !current) return null;
  return (
    <nav class="pagination" aria-label={t('pagination.label')}>
      {current ? (
        <a href={withQuery(url, { [cursorParam]: undefined })}>{t('pagination.first')}</a>
      ) : null}
      {nextCursor ? (
        <a href={withQuery(url, { [cursorParam]: nextCursor })} rel="next">
          {t('pagination.next')}
        </a>
      ) : null}
    </nav>
  );
}

/**
 * A table in a box that scrolls sideways when it is wider than the screen. The box is a
 * region named by the caption and in the tab order, so that keyboard users can reach it
 * and scroll it with the arrow keys (WCAG 2.1.1).
 */
export function ScrollTable({
  caption,
  captionHidden = false,
  children,
}: {
  /** The table's name: its caption's text, or the id of a heading on the page that names it. */
  caption: string | { headingId: string };
  /** When a heading just above already says what the table holds. */
  captionHidden?: boolean;
  children: ComponentChildren;
}) {
  const captionId = useId();
  const labelledBy = typeof caption === 'string' ? captionId : caption.headingId;
  return (
    <div class="table-wrap" role="region" tabIndex={0} aria-labelledby={labelledBy}>
      <table aria-labelledby={typeof caption === 'string' ? undefined : labelledBy}>
        {typeof caption === 'string' ? (
          <caption id={captionId} class={captionHidden ? 'visually-hidden' : undefined}>
            {caption}
          </caption>
        ) : null}
        {children}
      </table>
    </div>
  );
}

/** A data table with a caption for screen readers and a header row. */
export function DataTable({
  caption,
  headers,
  children,
}: {
  caption: string | { headingId: string };
  headers: string[];
  children: ComponentChildren;
}) {
  return (
    <ScrollTable caption={caption} captionHidden>
      <thead>
        <tr>
          {headers.map((header) => (
            <th scope="col" key={header}>
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </ScrollTable>
  );
}

/**
 * A one-line text input with its label and, when the portal refused it, its error between
 * the two, tied to the input (aria-invalid, aria-describedby) as the error summary links it.
 */
export function TextField(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  error: string | undefined;
  attributes: Record<string, string | number>;
}) {
  const { id, error } = props;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {error ? (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type="text"
        value={props.value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...props.attributes}
      />
    </div>
  );
}

/** One term and its value in a description list (`<dl>`), as every summary shows them. */
export function Detail({
  term,
  children,
}: {
  term: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
