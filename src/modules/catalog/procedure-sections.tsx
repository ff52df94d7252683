import { useName, usePage } from '../../web/context.js';
import { Detail, ScrollTable, Tag } from '../../web/components.js';
import { formatDate, formatMoney } from '../../platform/i18n/index.js';
import type { CatalogService } from './service.js';
import { channelLabel, kindLabel, levelLabel, timeLimitText } from './labels.js';

/** The sections of a procedure's page, each the part of the record it is named after. */

export type Procedure = Awaited<ReturnType<CatalogService['getProcedure']>>;

type Props = { procedure: Procedure };

export function GeneralSection({ procedure: p }: Props) {
  const { t } = usePage();
  const name = useName();
  return (
    <section id="general" aria-labelledby="general-heading">
      <h2 id="general-heading">{t('procedure.section.general')}</h2>
      <dl class="summary-list">
        <Detail term={t('procedure.code')}>{p.code}</Detail>
        <Detail term={t('procedure.decision')}>
          {p.decision.number} ({formatDate(p.decision.date)}, {p.decision.issuer})
        </Detail>
        <Detail term={t('procedure.effectiveFrom')}>{formatDate(p.effectiveFrom)}</Detail>
        <Detail term={t('procedure.level')}>{t(levelLabel(p.level))}</Detail>
        <Detail term={t('procedure.kind')}>{t(kindLabel(p.kind))}</Detail>
        <Detail term={t('procedure.field')}>
          <a href={`/procedures?field=${p.field.code}`}>{name(p.field)}</a>
        </Detail>
        <Detail term={t('procedure.targetDescription')}>{p.targetDescription}</Detail>
        <Detail term={t('procedure.receivingAddress')}>{p.receivingAddress}</Detail>
        {p.conditions ? <Detail term={t('procedure.conditions')}>{p.conditions}</Detail> : null}
      </dl>
    </section>
  );
}

export function StepsSection({ procedure: p }: Props) {
  const { t } = usePage();
  return (
    <section id="steps" aria-labelledby="steps-heading">
      <h2 id="steps-heading">{t('procedure.section.steps')}</h2>
      <ol class="steps">
        {p.steps.map((step, i) => (
          <li key={i}>{step}</li>
        ))}
      </ol>
    </section>
  );
}

function Fees({ fees }: { fees: Procedure['channels'][number]['fees'] }) {
  const { t, locale } = usePage();
  if (fees.length === 0) return <>{t('procedure.noFee')}</>;
  return (
    <ul class="plain">
      {fees.map((fee, j) => (
        <li key={j}>
          {fee.name}: {fee.amount === 0 ? t('procedure.free') : formatMoney(locale, fee.amount)}
          {fee.note ? <span class="hint"> ({fee.note})</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function ChannelsSection({ procedure: p }: Props) {
  const { t } = usePage();
  return (
    <section id="channels" aria-labelledby="channels-heading">
      <h2 id="channels-heading">{t('procedure.section.channels')}</h2>
      <ScrollTable caption={t('procedure.section.channels')} captionHidden>
        <thead>
          <tr>
            <th scope="col">{t('procedure.channel')}</th>
            <th scope="col">{t('procedure.timeLimit')}</th>
            <th scope="col">{t('procedure.fees')}</th>
            <th scope="col">{t('procedure.description')}</th>
          </tr>
        </thead>
        <tbody>
          {p.channels.map((c, i) => (
            <tr key={i}>
              <th scope="row">{t(channelLabel(c.channel))}</th>
              <td>
                {timeLimitText(t, c.timeLimit as never)}
                {c.timeLimit.note ? <span class="hint"> ({c.timeLimit.note})</span> : null}
              </td>
              <td>
                <Fees fees={c.fees} />
              </td>
              <td>{c.description ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </section>
  );
}

export function DocumentsSection({ procedure: p }: Props) {
  const { t } = usePage();
  return (
    <section id="documents" aria-labelledby="documents-heading">
      <h2 id="documents-heading">{t('procedure.section.documents')}</h2>
      {p.documents.map((group, i) => (
        <ScrollTable key={i} caption={group.case ?? t('procedure.allCases')}>
          <thead>
            <tr>
              <th scope="col">{t('procedure.documentName')}</th>
              <th scope="col">{t('procedure.original')}</th>
              <th scope="col">{t('procedure.copy')}</th>
              <th scope="col">{t('procedure.form')}</th>
            </tr>
          </thead>
          <tbody>
            {group.items.map((doc, j) => (
              <tr key={j}>
                <td>{doc.name}</td>
                <td>{doc.original}</td>
                <td>{doc.copy}</td>
                <td>{doc.form ? `${doc.form.name} (${doc.form.code})` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ))}
    </section>
  );
}

export function ResultsSection({ procedure: p }: Props) {
  const { t } = usePage();
  return (
    <section id="results" aria-labelledby="results-heading">
      <h2 id="results-heading">{t('procedure.section.results')}</h2>
      <ul>
        {p.results.map((r, i) => (
          <li key={i}>
            {r.name}
            {r.code ? ` (${r.code})` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function LegalSection({ procedure: p }: Props) {
  const { t } = usePage();
  return (
    <section id="legal" aria-labelledby="legal-heading">
      <h2 id="legal-heading">{t('procedure.section.legal')}</h2>
      <ScrollTable caption={t('procedure.section.legal')} captionHidden>
        <thead>
          <tr>
            <th scope="col">{t('procedure.legal.number')}</th>
            <th scope="col">{t('procedure.legal.title')}</th>
            <th scope="col">{t('procedure.legal.date')}</th>
            <th scope="col">{t('procedure.legal.issuer')}</th>
          </tr>
        </thead>
        <tbody>
          {p.legalBases.map((doc) => (
            <tr key={doc.number}>
              <td>{doc.number}</td>
              <td>{doc.title}</td>
              <td>{formatDate(doc.date)}</td>
              <td>{doc.issuer}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </section>
  );
}

export function VersionsSection({ procedure: p }: Props) {
  const { t } = usePage();
  return (
    <section id="versions" aria-labelledby="versions-heading">
      <h2 id="versions-heading">{t('procedure.section.versions')}</h2>
      <ScrollTable caption={t('procedure.section.versions')} captionHidden>
        <thead>
          <tr>
            <th scope="col">{t('procedure.version')}</th>
            <th scope="col">{t('procedure.effectiveFrom')}</th>
            <th scope="col">{t('procedure.decision')}</th>
            <th scope="col">{t('procedure.versionStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {p.versions.map((v) => (
            <tr key={v.version}>
              <td>{v.version}</td>
              <td>{formatDate(v.effectiveFrom)}</td>
              <td>
                {v.decision.number} — {v.decision.title}
              </td>
              <td>
                {v.inForce ? (
                  <Tag tone="success">{t('procedure.inForce')}</Tag>
                ) : (
                  t('procedure.notInForce')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </section>
  );
}
