import { usePage } from '../../web/context.js';
import { Tag } from '../../web/components.js';
import type { MessageKey, Translate } from '../../platform/i18n/index.js';
import { STATUS } from './codes.js';

/** A procedure or an agency, as the dossier pages name them. */
export interface Named {
  code: string;
  name: string;
  nameEn: string;
}

const statusTone = (status: number) =>
  status === STATUS.draft
    ? 'neutral'
    : status === STATUS.withdrawn || status === STATUS.refused || status === STATUS.stopped
      ? 'warning'
      : status >= STATUS.processed
        ? 'success'
        : 'info';

/** A dossier's status, in words and a colour. */
export function StatusTag({ status }: { status: number }) {
  const { t } = usePage();
  return <Tag tone={statusTone(status)}>{t(`dossier.status.${status}` as MessageKey)}</Tag>;
}

/** The way back from a procedure's filing pages: the procedures, then this one. */
export function procedureCrumbs(procedure: Named, name: string, t: Translate) {
  return [
    { href: '/procedures', label: t('nav.procedures') },
    { href: `/procedures/${procedure.code}`, label: name },
  ];
}
