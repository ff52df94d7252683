import { Layout } from '../../web/layout.js';
import { usePage, useText } from '../../web/context.js';
import { DataTable } from '../../web/components.js';
import { formatDate, formatKilobytes } from '../../platform/i18n/index.js';
import { vietnamDate } from '../../platform/clock.js';
import { DOCUMENT_TYPES, isDocumentType } from '../forms/index.js';

/** A person's document store: what they uploaded, to see, reuse or delete. */
export function DocumentsPage(props: {
  documents: {
    id: string;
    documentType: string;
    fileName: string;
    size: number;
    createdAt: Date;
  }[];
  deleted: boolean;
  csrf: string;
}) {
  const { t, locale } = usePage();
  const text = useText();
  const size = (bytes: number) => formatKilobytes(locale, bytes);
  return (
    <Layout title={t('documents.title')} breadcrumbs={[{ label: t('documents.title') }]}>
      <h1>{t('documents.title')}</h1>
      {props.deleted ? (
        <p class="notice" role="status">
          {t('documents.deleted')}
        </p>
      ) : null}
      <p>{t('documents.intro')}</p>
      {props.documents.length === 0 ? (
        <p class="empty">{t('documents.empty')}</p>
      ) : (
        <DataTable
          caption={t('documents.title')}
          headers={[
            t('documents.type'),
            t('documents.name'),
            t('documents.size'),
            t('documents.added'),
            t('documents.actions'),
          ]}
        >
          {props.documents.map((d) => (
            <tr key={d.id}>
              <td>
                {isDocumentType(d.documentType)
                  ? text(DOCUMENT_TYPES[d.documentType])
                  : d.documentType}
              </td>
              <td>
                <a
                  href={`/my/documents/${d.id}`}
                  aria-label={t('documents.view', { name: d.fileName })}
                >
                  {d.fileName}
                </a>
              </td>
              <td>{size(d.size)}</td>
              <td>{formatDate(vietnamDate(d.createdAt))}</td>
              <td>
                <form method="post" action={`/my/documents/${d.id}/delete`} class="inline">
                  <input type="hidden" name="csrf" value={props.csrf} />
                  <button type="submit" class="button-secondary">
                    {t('documents.delete', { name: d.fileName })}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}
