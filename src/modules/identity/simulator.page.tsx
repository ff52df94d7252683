import { Layout } from '../../web/layout.js';
import { usePage } from '../../web/context.js';
import type { TestIdentity } from './test-identities.js';
import { formatDate } from '../../platform/i18n/index.js';

export function SimulatorPage({
  uid,
  identities,
  levelTwo,
}: {
  uid: string;
  identities: TestIdentity[];
  levelTwo: boolean;
}) {
  const { t } = usePage();
  return (
    <Layout title={t('simulator.title')}>
      <h1>{t('simulator.title')}</h1>
      <p class="notice" role="note">
        {t('simulator.notice')}
      </p>
      {levelTwo ? <p>{t('simulator.levelTwo')}</p> : null}
      <ul class="identity-list">
        {identities.map((person) => (
          <li key={person.sub} class="card">
            <form method="post" action={`/idp/interaction/${uid}/login`}>
              <input type="hidden" name="sub" value={person.sub} />
              <button type="submit" class="button">
                {t('simulator.signInAs', { name: person.name })}
              </button>
            </form>
            <p class="meta">
              {t('simulator.details', {
                id: person.personalId,
                born: formatDate(person.birthDate),
                level: person.assuranceLevel,
              })}
            </p>
            {person.represents?.map((b) => (
              <p key={b.enterpriseCode} class="meta">
                {t('simulator.represents', { name: b.name, code: b.enterpriseCode })}
              </p>
            ))}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
