import { usePage } from '../../web/context.js';
import { Tag } from '../../web/components.js';
import type { MessageKey } from '../../platform/i18n/index.js';
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
