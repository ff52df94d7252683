import { freshDatabase } from '../lib/database.js';
import {
  citizenAccount,
  communeAgencies,
  signedInCitizen,
  signedInOfficer,
} from '../lib/people.js';
import type { SignedIn } from '../lib/people.js';
import { openDatabase } from '../../src/platform/db.js';
import { migrate } from '../../src/platform/migrations.js';
import { vietnamDate } from '../../src/platform/clock.js';
import { seedCatalog } from '../../src/modules/catalog/seed/index.js';
import { CatalogRepository } from '../../src/modules/catalog/repository.js';
import { dossierFixtures } from '../../src/modules/dossiers/index.js';

/** The citizen's own dossiers, in three communes: a family's few years of filing. */
const CITIZEN_SUBMITTED = 28;
/** Others' dossiers, in ten communes, the officer's among them: a busy year's. */
const OTHERS_DOSSIERS = 20_000;
const OTHERS_AGENCIES = 10;

/**
 * Online procedures the citizen has started at their commune but not sent (birth
 * registration, a building permit): drafts, made through the API once the portal runs. With
 * the submitted ones, the "my dossiers" page names three procedures.
 */
const DRAFT_PROCEDURES = ['1.001193', '1.009994'];

export interface World {
  /** The benchmark's database. */
  url: string;
  citizen: SignedIn;
  /** The citizen's commune's People's Committee, where their drafts are filed. */
  communeAgency: string;
  officer: SignedIn;
}

/**
 * A fresh database, migrated, with the real catalog in force; a citizen with their dossiers
 * and an officer whose agency has a year's work waiting, both signed in.
 */
export async function prepareWorld(serverUrl: string, database: string): Promise<World> {
  const url = await freshDatabase(serverUrl, database);
  const db = await openDatabase({ url });
  try {
    await migrate(db);
    await seedCatalog(db);
    await new CatalogRepository(db).activateDueVersions(vietnamDate(new Date()));
    const agencies = (await communeAgencies(db, 3 + OTHERS_AGENCIES)).map((a) => ({
      code: a.code,
      commune: a.commune_code,
    }));
    const [home, ...near] = agencies;
    if (!home || near.length < 2 + OTHERS_AGENCIES) throw new Error('too few communes seeded');
    const citizen = await signedInCitizen(db, {
      n: 1,
      name: 'Nguyễn Thị Mai',
      commune: home.commune,
    });
    // Each fixture call numbers its dossiers from 1 per agency and day: no agency in both.
    await dossierFixtures.insertSyntheticDossiers(db, {
      ownerId: citizen.id,
      agencies: [home, ...near.slice(0, 2)].map((a) => a.code),
      count: CITIZEN_SUBMITTED,
    });
    const busy = near.slice(2);
    const others = await citizenAccount(db, { n: 2, name: 'Trần Văn Bình', commune: home.commune });
    await dossierFixtures.insertSyntheticDossiers(db, {
      ownerId: others,
      agencies: busy.map((a) => a.code),
      count: OTHERS_DOSSIERS,
    });
    const officer = await signedInOfficer(db, {
      name: 'Phạm Minh Châu',
      agency: busy[0]!.code,
    });
    // As autovacuum leaves tables in use: statistics and the visibility map up to date.
    await db.exec('VACUUM ANALYZE');
    return { url, citizen, communeAgency: home.code, officer };
  } finally {
    await db.close();
  }
}

/** The citizen's drafts, started through the portal's API as their browser would. */
export async function startDrafts(base: string, world: World): Promise<void> {
  for (const procedureCode of DRAFT_PROCEDURES) {
    const response = await fetch(`${base}/api/v1/dossiers`, {
      method: 'POST',
      headers: {
        cookie: world.citizen.cookie,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ procedureCode, agencyCode: world.communeAgency }),
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`draft of ${procedureCode}: ${response.status} ${body}`);
  }
}
