import type { HomeExtra } from '../catalog/index.js';
import { usePage } from '../../web/context.js';
import { ScrollTable } from '../../web/components.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { numbersFor } from './numbers.js';
import type { LiveFigures, MonitoringService } from './service.js';

const ROWS: {
  label: MessageKey;
  year: (f: LiveFigures) => number;
  total: (f: LiveFigures) => number;
}[] = [
  { label: 'home.figures.accounts', year: (f) => f.accounts.since, total: (f) => f.accounts.total },
  {
    label: 'home.figures.synced',
    year: (f) => f.thisYear.received,
    total: (f) => f.total.received,
  },
  {
    label: 'home.figures.online',
    year: (f) => f.thisYear.received_online,
    total: (f) => f.total.received_online,
  },
  {
    label: 'home.figures.payments',
    year: (f) => f.thisYear.fee_paid_online,
    total: (f) => f.total.fee_paid_online,
  },
];

/** The nation's live figures: accounts, synced, online and paid-online dossiers. */
export function LiveFiguresSection({ figures }: { figures: LiveFigures }) {
  const { t, locale } = usePage();
  const numbers = numbersFor(locale);
  return (
    <section aria-labelledby="live-figures-heading" class="live-figures">
      <h2 id="live-figures-heading">{t('home.figures.heading')}</h2>
      <ScrollTable caption={t('home.figures.caption')}>
        <thead>
          <tr>
            <th scope="col">{t('home.figures.figure')}</th>
            <th scope="col">{t('home.figures.thisYear', { year: figures.year })}</th>
            <th scope="col">{t('home.figures.total')}</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.label}>
              <th scope="row">{t(row.label)}</th>
              <td>{numbers.whole(row.year(figures))}</td>
              <td>{numbers.whole(row.total(figures))}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      <p>
        <a href="/statistics">{t('home.figures.more')}</a>
      </p>
    </section>
  );
}

/**
 * The home page's section (catalog.homeExtras): the figures MonitoringService keeps for a
 * minute, and a kept home page only while they are the ones it would give now, so a kept
 * page is never older than the figures' own minute.
 */
export function liveFiguresSection(monitoring: MonitoringService): HomeExtra {
  return {
    id: 'live-figures',
    async load() {
      const asked = monitoring.liveFigures();
      const figures = await asked;
      return {
        content: <LiveFiguresSection figures={figures} />,
        current: () => monitoring.liveFigures() === asked,
      };
    },
  };
}
