import { Layout } from '../../web/layout.js';
import { usePage, useName, useText } from '../../web/context.js';
import { Detail, ErrorSummary, type SummaryError, Tag } from '../../web/components.js';
import { formatDateTime, type MessageKey } from '../../platform/i18n/index.js';
import { StatusTag, type Action, type Blocker, type ResolvedStep } from '../dossiers/index.js';
import { ActionsSection, ApologyForm, ApologyLinks, AssignmentForm } from './dossier-forms.js';
import {
  AnswersSection,
  FeesSection,
  FilesSection,
  HistorySection,
  WorkflowSection,
  type Fee,
} from './dossier-sections.js';

export interface OfficerDossierProps {
  code: string;
  status: number;
  step: string | null;
  /** Its processing steps (those it will take, before it is forwarded). */
  workflow: ResolvedStep[];
  version: number;
  procedure: { code: string; name: string; nameEn: string };
  agency: { name: string; nameEn: string };
  applicantName: string;
  submittedAt: Date | null;
  dueAt: Date | null;
  receiveBy: Date | null;
  late: boolean;
  answers: { label: string; value: string }[];
  files: { documentId: string; fileName: string; label: string }[];
  history: { at: Date; action: string; status: number; note: string | null }[];
  actions: Action[];
  /** Actions the officer's roles could take but that must wait, and why. */
  blocked: { action: Action; blocker: Blocker }[];
  fees: Fee[];
  /** The procedure's fee for online filing, to start the fee form with. */
  defaultFee: { name: string; amount: number } | null;
  /** The agency holding the dossier now, when it is not one of the officer's. */
  heldElsewhere: string | null;
  /** Late and still open: an apology slip with a new date can be sent. */
  canApologize: boolean;
  apologies: { number: number; newDueAt: Date }[];
  outcome: 'early' | 'on_time' | 'late' | null;
  trackingNumber: string | null;
  apologySent: { number: number; dueAt: Date } | null;
  officers: { id: string; name: string }[];
  assignedTo: string | null;
  assignedNow: string | null;
  csrf: string;
  done: string | null;
  /** Just registered at the counter or from the post. */
  registered: boolean;
  refusal: string | null;
  errors: SummaryError[];
}

/** A dossier as an officer works on it: state, deadlines, answers, files, history, actions. */
export function OfficerDossierPage(props: OfficerDossierProps) {
  const { t } = usePage();
  const here = props.workflow.findIndex((s) => s.code === props.step);
  return (
    <Layout
      title={`${t('dossier.code')} ${props.code}`}
      breadcrumbs={[{ href: '/backoffice', label: t('backoffice.title') }, { label: props.code }]}
    >
      <h1>
        {t('dossier.code')} {props.code}
      </h1>
      <ErrorSummary errors={props.errors} />
      <DossierNotices {...props} />
      <DossierSummary {...props} current={here >= 0 ? props.workflow[here] : undefined} />
      <ApologyLinks code={props.code} apologies={props.apologies} />
      {props.canApologize ? <ApologyForm {...props} /> : null}
      <AssignmentForm {...props} />
      <ActionsSection {...props} here={here} />
      {props.fees.length > 0 ? <FeesSection fees={props.fees} /> : null}
      <WorkflowSection workflow={props.workflow} here={here} />
      <FilesSection code={props.code} files={props.files} />
      <AnswersSection answers={props.answers} />
      <HistorySection history={props.history} />
    </Layout>
  );
}

/** What just happened: an action done, a dossier registered, a slip sent, a refusal. */
function DossierNotices(props: OfficerDossierProps) {
  const { t } = usePage();
  return (
    <>
      {props.done ? (
        <p class="notice" role="status">
          {t('backoffice.done', { action: t(`backoffice.action.${props.done}` as MessageKey) })}
        </p>
      ) : null}
      {props.registered ? (
        <p class="notice" role="status">
          {t('intake.done', { code: props.code })}
        </p>
      ) : null}
      {props.apologySent ? (
        <p class="notice" role="status">
          {t('backoffice.apologySent', {
            number: props.apologySent.number,
            dueAt: formatDateTime(props.apologySent.dueAt),
          })}
        </p>
      ) : null}
      {props.assignedNow ? (
        <p class="notice" role="status">
          {t('backoffice.assigned', { name: props.assignedNow })}
        </p>
      ) : null}
      {props.refusal ? (
        <p class="notice notice-warning" role="alert">
          {props.refusal}
        </p>
      ) : null}
    </>
  );
}

/** Its state and step, procedure, agency, applicant and deadlines. */
function DossierSummary(props: OfficerDossierProps & { current: ResolvedStep | undefined }) {
  const { t } = usePage();
  const name = useName();
  const text = useText();
  return (
    <dl class="summary-list">
      <Detail term={t('backoffice.status')}>
        <StatusTag status={props.status} />
        {props.current ? <span class="hint"> {text(props.current.name)}</span> : null}
      </Detail>
      <Detail term={t('dossier.procedure')}>
        {name(props.procedure)} ({props.procedure.code})
      </Detail>
      <Detail term={t('dossier.agency')}>{name(props.agency)}</Detail>
      <Detail term={t('backoffice.applicant')}>{props.applicantName}</Detail>
      <Detail term={t('dossier.submittedAt')}>
        {props.submittedAt ? formatDateTime(props.submittedAt) : '—'}
      </Detail>
      {props.receiveBy ? (
        <Detail term={t('backoffice.receiveBy')}>{formatDateTime(props.receiveBy)}</Detail>
      ) : null}
      <DueDate {...props} />
      {props.trackingNumber ? (
        <Detail term={t('dossier.trackingNumber')}>{props.trackingNumber}</Detail>
      ) : null}
    </dl>
  );
}

/** When it is due, whether it is late, and how it finished. */
function DueDate(props: Pick<OfficerDossierProps, 'dueAt' | 'late' | 'outcome'>) {
  const { t } = usePage();
  return (
    <Detail term={t('backoffice.dueAt')}>
      {props.dueAt ? formatDateTime(props.dueAt) : '—'}{' '}
      {props.late ? <Tag tone="warning">{t('backoffice.late')}</Tag> : null}
      {props.outcome ? (
        <Tag tone={props.outcome === 'late' ? 'warning' : 'success'}>
          {t(`backoffice.outcome.${props.outcome}`)}
        </Tag>
      ) : null}
    </Detail>
  );
}
