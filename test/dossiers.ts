import type { Database } from '../src/platform/db.js';
import type { CookieClient } from './browser-client.js';
import { PDF_BYTES } from './files.js';
import { sessionCookie } from './sessions.js';

/** The Ba Đình ward's People's Committee, where test citizen Nguyễn Văn An lives and files. */
export async function badinhWard(db: Database): Promise<string> {
  const [ward] = await db.query<{ code: string }>(
    `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_people_committee'`,
  );
  return ward!.code;
}

/**
 * A dossier filed through the API by a signed-in citizen: a draft at the agency, its
 * answers, one PDF for each named attachment field, then submitted. Answers its code.
 */
export async function fileDossier(
  citizen: CookieClient,
  filing: {
    procedureCode: string;
    agencyCode: string;
    answers: Record<string, unknown>;
    attachments: Record<string, string>;
  },
): Promise<string> {
  const json = async (method: string, path: string, body?: unknown) =>
    (await (
      await citizen.request(path, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    ).json()) as { id: string; code: string };
  const draft = await json('POST', '/api/v1/dossiers', {
    procedureCode: filing.procedureCode,
    agencyCode: filing.agencyCode,
  });
  await json('PATCH', `/api/v1/dossiers/${draft.id}`, { answers: filing.answers });
  for (const [field, fileName] of Object.entries(filing.attachments)) {
    const form = new FormData();
    form.set('field', field);
    form.set('file', new Blob([new Uint8Array(PDF_BYTES)]), fileName);
    await citizen.request(`/api/v1/dossiers/${draft.id}/attachments`, {
      method: 'POST',
      body: form,
    });
  }
  const submitted = await json('POST', `/api/v1/dossiers/${draft.id}/submit`);
  if (!submitted.code) throw new Error(`not submitted: ${JSON.stringify(submitted)}`);
  return submitted.code;
}

/**
 * A certified electronic copy (procedure 2.001009) filed through the API by a signed-in
 * citizen at an agency, with its original attached: answers its dossier code.
 */
export const fileCertifiedCopy = (citizen: CookieClient, agencyCode: string, copies = 1) =>
  fileDossier(citizen, {
    procedureCode: '2.001009',
    agencyCode,
    answers: {
      documentName: 'Bằng tốt nghiệp đại học',
      documentIssuer: 'Trường Đại học Bách khoa Hà Nội',
      documentDate: '2011-07-15',
      copies,
      declaration: true,
    },
    attachments: { original: 'bang-dai-hoc.pdf' },
  });

/** Nguyễn Văn An's son, born in hospital: a birth registration's answers. */
export const BIRTH_ANSWERS = {
  relationship: 'father',
  childName: 'Nguyễn Minh Khang',
  childGender: 'male',
  childBirthDate: '2026-11-20',
  birthPlaceKind: 'facility',
  birthPlace: 'Bệnh viện Phụ sản Hà Nội',
  ethnicity: 'Kinh',
  nationality: 'Việt Nam',
  motherName: 'Lê Thị Hoa',
  motherId: '001192034567',
  fatherName: 'Nguyễn Văn An',
  fatherId: '001089012345',
  parentsMarried: 'yes',
  copies: 1,
};

/** A birth registration (1.001193) filed by Nguyễn Văn An at an agency (his ward). */
export const fileBirthRegistration = (citizen: CookieClient, agencyCode: string) =>
  fileDossier(citizen, {
    procedureCode: '1.001193',
    agencyCode,
    answers: { ...BIRTH_ANSWERS, declaration: true },
    attachments: { birthCertificate: 'chung-sinh.pdf' },
  });

/**
 * Takes a submitted dossier through the back office's API to its returned result (the
 * default steps: received, two forwards, approved, returned by post), as its agency's
 * receiver-processor and approver.
 */
export async function returnDossier(
  base: string,
  db: Database,
  code: string,
  officers: { receiver: string; approver: string },
): Promise<void> {
  const call = async (accountId: string, body?: Record<string, unknown>) => {
    const response = await fetch(
      `${base}/api/v1/backoffice/dossiers/${code}${body ? '/actions' : ''}`,
      {
        method: body ? 'POST' : 'GET',
        headers: {
          cookie: await sessionCookie(db, accountId),
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      },
    );
    const state = (await response.json()) as { version: number; status: number };
    if (!response.ok) throw new Error(`${code}: ${JSON.stringify(state)}`);
    return state;
  };
  const { receiver, approver } = officers;
  let { version } = await call(receiver);
  for (const [officer, action, more] of [
    [receiver, 'receive', {}],
    [receiver, 'forward', {}],
    [receiver, 'forward', {}],
    [approver, 'approve', {}],
    [receiver, 'return_result', { trackingNumber: 'EB123456789VN' }],
  ] as const) {
    ({ version } = await call(officer, { action, version, ...more }));
  }
}
