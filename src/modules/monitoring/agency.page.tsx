import { Layout } from '../../web/layout.js';
import { useName, usePage, withQuery } from '../../web/context.js';
import { DataTable } from '../../web/components.js';
import type { PlaceFigures } from './routes/figures.js';
import { placePath, type ProcedureView } from './routes/view.js';
import { useNumbers, type PeriodOption } from './page-parts.js';
import { ScoreSections } from './place.page.js';

function ProcedureRow({ procedure }: { procedure: ProcedureView }) {
  const name = useName();
  const numbers = useNumbers();
  const named =
    procedure.name !== null && procedure.nameEn !== null
      ? name({ name: procedure.name, nameEn: procedure.nameEn })
      : null;
  return (
    <tr>
      <th scope="row">
        <a href={`/procedures/${encodeURIComponent(procedure.code)}`}>
          {named ? `${named} (${procedure.code})` : procedure.code}
        </a>
      </th>
      <td>{numbers.whole(procedure.received)}</td>
      <td>{numbers.percent(procedure.onlineShare)}</td>
      <td>{numbers.whole(procedure.resolved)}</td>
      <td>{numbers.percent(procedure.onTimeShare)}</td>
      <td>{numbers.tenths(procedure.averageDays)}</td>
      <td>{numbers.whole(procedure.rated)}</td>
      {/* 0 to 1 as the index keeps it, shown on the 1–5 scale people rated on. */}
      <td>{numbers.tenths(procedure.rating === null ? null : 1 + procedure.rating * 4)}</td>
    </tr>
  );
}

function ProcedureTable({ figures }: { figures: PlaceFigures }) {
  const { t } = usePage();
  return (
    <section aria-labelledby="procedures-heading">
      <h2 id="procedures-heading">{t('statistics.procedures')}</h2>
      {figures.procedures.length === 0 ? (
        <p class="empty">{t('statistics.proceduresNone')}</p>
      ) : (
        <div class="wide-table">
          <DataTable
            caption={{ headingId: 'procedures-heading' }}
            headers={[
              t('statistics.procedure'),
              t('statistics.received'),
              t('statistics.onlineShare'),
              t('statistics.resolved'),
              t('statistics.onTimeShare'),
              t('statistics.averageDays'),
              t('statistics.rated'),
              t('statistics.ratingAverage'),
            ]}
          >
            {figures.procedures.map((procedure) => (
              <ProcedureRow key={procedure.code} procedure={procedure} />
            ))}
          </DataTable>
        </div>
      )}
    </section>
  );
}

/** One agency: its score and criteria, its trend, and its figures per procedure. */
export function AgencyPage(props: {
  figures: PlaceFigures;
  path: string;
  options: PeriodOption[];
}) {
  const { t } = usePage();
  const name = useName();
  const { figures } = props;
  const title = name(figures.place);
  const query = { period: figures.period.key };
  const unit = figures.unit;
  return (
    <Layout
      title={title}
      breadcrumbs={[
        { href: withQuery('/statistics', query), label: t('statistics.title') },
        ...(unit ? [{ href: withQuery(placePath(unit.code), query), label: name(unit) }] : []),
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      {unit ? (
        <p class="meta">
          {t('statistics.partOf')}:{' '}
          <a href={withQuery(placePath(unit.code), query)}>{name(unit)}</a>
        </p>
      ) : null}
      <ScoreSections figures={figures} action={props.path} options={props.options} />
      <ProcedureTable figures={figures} />
    </Layout>
  );
}
