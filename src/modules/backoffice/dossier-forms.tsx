import { usePage, useText } from '../../web/context.js';
import { formatDateTime, type MessageKey, type Translate } from '../../platform/i18n/index.js';
import {
  BLOCKER_MESSAGES,
  REQUESTABLE_ACTIONS,
  type Action,
  type ResolvedStep,
} from '../dossiers/index.js';
import type { OfficerDossierProps } from './dossier.page.js';

/** The reason and items an action asks for, as form fields. */
const NEEDS: Partial<Record<Action, ('reason' | 'items' | 'trackingNumber')[]>> = {
  refuse: ['reason'],
  request_supplement: ['items', 'reason'],
  send_back: ['reason'],
  stop: ['reason'],
  return_result: ['trackingNumber'],
};

type Need = 'reason' | 'items' | 'trackingNumber';

const dossierPath = (code: string) => `/backoffice/dossiers/${encodeURIComponent(code)}`;

/** What every form on the page carries: the session's token and the version it was shown. */
function FormState(props: { csrf: string; version: number }) {
  return (
    <>
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="version" value={String(props.version)} />
    </>
  );
}

/** The apology slips sent so far, as PDFs. */
export function ApologyLinks(props: Pick<OfficerDossierProps, 'code' | 'apologies'>) {
  const { t } = usePage();
  if (props.apologies.length === 0) return null;
  return (
    <ul class="file-list" aria-label={t('dossier.apologies')}>
      {props.apologies.map((a) => (
        <li key={a.number}>
          <a href={`/api/v1/dossiers/${encodeURIComponent(props.code)}/apologies/${a.number}.pdf`}>
            {t('dossier.apologyLink', { number: a.number, dueAt: formatDateTime(a.newDueAt) })}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** A late dossier's apology slip: the reason and the new date. */
export function ApologyForm(props: Pick<OfficerDossierProps, 'code' | 'csrf' | 'version'>) {
  const { t } = usePage();
  return (
    <section aria-labelledby="apology-heading">
      <h2 id="apology-heading">{t('backoffice.apology')}</h2>
      <form method="post" action={`${dossierPath(props.code)}/apologies`} class="action-form">
        <FormState {...props} />
        <div class="field">
          <label for="apology-reason">{t('backoffice.apologyReason')}</label>
          <textarea id="apology-reason" name="reason" rows={2} maxLength={2000}></textarea>
        </div>
        <div class="field">
          <label for="apology-newDueDate">{t('backoffice.newDueDate')}</label>
          <input id="apology-newDueDate" name="newDueDate" type="date" />
        </div>
        <button type="submit" class="button">
          {t('backoffice.sendApology')}
        </button>
      </form>
    </section>
  );
}

/** Who the dossier is given to, and a select to give it to another officer. */
export function AssignmentForm(
  props: Pick<OfficerDossierProps, 'code' | 'csrf' | 'version' | 'officers' | 'assignedTo'>,
) {
  const { t } = usePage();
  return (
    <form method="post" action={`${dossierPath(props.code)}/assignment`} class="inline-form">
      <FormState {...props} />
      <div class="field">
        <label for="assignee">{t('backoffice.assignedTo')}</label>
        <select id="assignee" name="accountId">
          {props.assignedTo ? null : <option value="">{t('backoffice.nobody')}</option>}
          {props.officers.map((o) => (
            <option key={o.id} value={o.id} selected={o.id === props.assignedTo}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button button-secondary">
        {t('backoffice.assignButton')}
      </button>
    </form>
  );
}

/** The steps before and after the current one (`here`), where send back and forward lead. */
const targetOf = (workflow: ResolvedStep[], here: number, action: Action) =>
  action === 'forward'
    ? workflow[here + 1]
    : action === 'send_back'
      ? workflow[here - 1]
      : undefined;

/** Where forward and send back lead, said on their buttons. */
function buttonLabel(
  t: Translate,
  text: (label: { vi: string; en: string }) => string,
  target: ResolvedStep | undefined,
  action: Action,
) {
  if (!target) return t(`backoffice.action.${action}` as MessageKey);
  return action === 'forward'
    ? t('backoffice.forwardTo', { step: text(target.name), agency: target.agencyName })
    : t('backoffice.sendBackTo', { step: text(target.name) });
}

type ActionsProps = Pick<
  OfficerDossierProps,
  'code' | 'csrf' | 'version' | 'workflow' | 'actions' | 'blocked' | 'heldElsewhere' | 'defaultFee'
> & { here: number };

/** The actions the state and the officer's roles allow, one form each; those that wait, why. */
export function ActionsSection(props: ActionsProps) {
  const { t } = usePage();
  const text = useText();
  const ordered = REQUESTABLE_ACTIONS.filter((a) => props.actions.includes(a));
  /** Why an action waits; for a step nobody holds, which step and where. */
  const blockedText = (b: ActionsProps['blocked'][number]) => {
    const target = props.workflow[b.action === 'send_back' ? props.here - 1 : props.here + 1];
    return b.blocker === 'no_officer_for_step' && target
      ? t('backoffice.blockedStep', { step: text(target.name), agency: target.agencyName })
      : t(BLOCKER_MESSAGES[b.blocker]);
  };
  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t('backoffice.actions')}</h2>
      {ordered.length === 0 ? (
        <p>
          {props.heldElsewhere
            ? t('backoffice.heldElsewhere', { agency: props.heldElsewhere })
            : t('backoffice.noActions')}
        </p>
      ) : null}
      {props.blocked.map((b) => (
        <p key={b.action} class="notice notice-warning">
          {blockedText(b)}
        </p>
      ))}
      {ordered.map((action) => (
        <ActionForm key={action} {...props} action={action} />
      ))}
    </section>
  );
}

/** One action's form: its fields (a fee, a reason, items, a tracking number) and button. */
function ActionForm(props: ActionsProps & { action: Action }) {
  const { t } = usePage();
  const text = useText();
  const { action } = props;
  return (
    <form method="post" action={`${dossierPath(props.code)}/actions`} class="action-form">
      <FormState {...props} />
      <input type="hidden" name="action" value={action} />
      {action === 'request_payment' ? <FeeFields fee={props.defaultFee} /> : null}
      {(NEEDS[action] ?? []).map((need) => (
        <NeedField key={need} action={action} need={need} />
      ))}
      <button
        type="submit"
        class={action === 'refuse' || action === 'stop' ? 'button button-secondary' : 'button'}
      >
        {buttonLabel(t, text, targetOf(props.workflow, props.here, action), action)}
      </button>
    </form>
  );
}

/** The fee asked for, started with the procedure's fee for online filing. */
function FeeFields({ fee }: { fee: OfficerDossierProps['defaultFee'] }) {
  const { t } = usePage();
  return (
    <>
      <div class="field">
        <label for="request_payment-feeName">{t('backoffice.feeName')}</label>
        <input
          id="request_payment-feeName"
          name="feeName"
          type="text"
          maxLength={200}
          value={fee?.name ?? ''}
        />
      </div>
      <div class="field">
        <label for="request_payment-feeAmount">{t('backoffice.feeAmount')}</label>
        <input
          id="request_payment-feeAmount"
          name="feeAmount"
          type="text"
          inputMode="numeric"
          maxLength={20}
          value={fee ? String(fee.amount) : ''}
        />
      </div>
    </>
  );
}

/** A reason, the items asked for, or a tracking number. */
function NeedField({ action, need }: { action: Action; need: Need }) {
  const { t } = usePage();
  const id = `${action}-${need}`;
  if (need === 'trackingNumber') {
    return (
      <div class="field">
        <label for={id}>{t('backoffice.tracking')}</label>
        <input id={id} name={need} type="text" maxLength={50} />
      </div>
    );
  }
  return (
    <div class="field">
      <label for={id}>{t(need === 'reason' ? 'backoffice.reason' : 'backoffice.items')}</label>
      {need === 'items' ? (
        <p class="hint" id={`${id}-hint`}>
          {t('backoffice.itemsHint')}
        </p>
      ) : null}
      <textarea
        id={id}
        name={need}
        rows={need === 'items' ? 3 : 2}
        maxLength={2000}
        aria-describedby={need === 'items' ? `${id}-hint` : undefined}
      ></textarea>
    </div>
  );
}
