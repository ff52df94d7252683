import { formatDate, formatKilobytes } from '../../platform/i18n/index.js';
import { vietnamDate } from '../../platform/clock.js';
import { usePage, useText } from '../../web/context.js';
import { DEFAULT_MAX_FILES, type AttachmentField } from './definition.js';
import type { FieldEnvironment, StoredFile } from './field-environment.js';
import { describedBy, ErrorText, Hint } from './field-parts.js';
import { fieldDomId, isRequired } from './rules.js';

const ACCEPTED = 'application/pdf,image/jpeg,image/png,image/heic';
const ACCEPTED_OFFICE = `${ACCEPTED},.doc,.docx,.xls,.xlsx`;

/** Files for a document: those attached, a file input, and the person's stored documents. */
export function AttachmentInput({ field, env }: { field: AttachmentField; env: FieldEnvironment }) {
  const { t } = usePage();
  const text = useText();
  const attached = env.attached[field.id] ?? [];
  const offered = (env.store[field.documentType] ?? []).filter(
    (d) => !attached.some((a) => a.documentId === d.documentId),
  );
  const full = attached.length >= (field.maxFiles ?? DEFAULT_MAX_FILES);
  return (
    <fieldset class="field attachment" aria-describedby={describedBy(field, field.id, env.errors)}>
      <legend>
        {text(field.label)}
        {isRequired(field, env.answers) ? null : <span class="hint"> {t('dossier.optional')}</span>}
      </legend>
      <Hint field={field} path={field.id} />
      <ErrorText path={field.id} errors={env.errors} />
      {attached.length > 0 ? <AttachedFiles field={field} files={attached} /> : null}
      {full ? null : (
        <>
          <UploadInput field={field} env={env} />
          {offered.length > 0 ? <StoredDocuments field={field} documents={offered} /> : null}
        </>
      )}
    </fieldset>
  );
}

function AttachedFiles({ field, files }: { field: AttachmentField; files: StoredFile[] }) {
  const { t, locale } = usePage();
  const size = (bytes: number) => formatKilobytes(locale, bytes);
  return (
    <ul class="file-list" aria-label={t('dossier.attached')}>
      {files.map((file) => (
        <li key={file.documentId}>
          <a href={`/my/documents/${file.documentId}`}>{file.fileName}</a> ({size(file.size)}){' '}
          <button
            type="submit"
            name="action"
            value={`detach:${field.id}:${file.documentId}`}
            class="button-secondary"
          >
            {t('dossier.removeFile', { name: file.fileName })}
          </button>
        </li>
      ))}
    </ul>
  );
}

function UploadInput({ field, env }: { field: AttachmentField; env: FieldEnvironment }) {
  const { t } = usePage();
  const id = fieldDomId(field.id);
  return (
    <div class="field">
      <label for={id}>{t('dossier.upload')}</label>
      <p class="hint" id={`${id}-types`}>
        {t(field.allowOffice ? 'dossier.uploadHintOffice' : 'dossier.uploadHint', {
          limit: env.maxFileMb,
        })}
      </p>
      <input
        type="file"
        id={id}
        name={`file.${field.id}`}
        aria-describedby={`${id}-types`}
        aria-invalid={env.errors[field.id] ? true : undefined}
        accept={field.allowOffice ? ACCEPTED_OFFICE : ACCEPTED}
        data-upload={field.id}
      />
    </div>
  );
}

/** Documents of this type in the person's store, to attach again without uploading. */
function StoredDocuments({
  field,
  documents,
}: {
  field: AttachmentField;
  documents: (StoredFile & { createdAt: Date })[];
}) {
  const { t } = usePage();
  return (
    <div class="store-pick">
      <p class="hint">{t('dossier.fromStore')}</p>
      <ul class="file-list">
        {documents.map((d) => (
          <li key={d.documentId}>
            <button
              type="submit"
              name="action"
              value={`reuse:${field.id}:${d.documentId}`}
              class="button-secondary"
            >
              {t('dossier.useDocument', { name: d.fileName })}
            </button>{' '}
            <span class="hint">{formatDate(vietnamDate(d.createdAt))}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
