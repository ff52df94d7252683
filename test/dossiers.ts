import type { Database } from '../src/platform/db.js';
import type { CookieClient } from './browser-client.js';
import { PDF_BYTES } from './files.js';

/** The Ba Đình ward's People's Committee, where test citizen Nguyễn Văn An lives and files. */
export async function badinhWard(db: Database): Promise<string> {
  const [ward] = await db.query<{ code: string }>(
    `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_people_committee'`,
  );
  return ward!.code;
}

/**
 * A certified electronic copy (procedure 2.001009) filed through the API by a signed-in
 * citizen at an agency, with its original attached: answers its dossier code.
 */
export async function fileCertifiedCopy(
  citizen: CookieClient,
  agencyCode: string,
  copies = 1,
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
  const draft = await json('POST', '/api/v1/dossiers', { procedureCode: '2.001009', agencyCode });
  await json('PATCH', `/api/v1/dossiers/${draft.id}`, {
    answers: {
      documentName: 'Bằng tốt nghiệp đại học',
      documentIssuer: 'Trường Đại học Bách khoa Hà Nội',
      documentDate: '2011-07-15',
      copies,
      declaration: true,
    },
  });
  const form = new FormData();
  form.set('field', 'original');
  form.set('file', new Blob([new Uint8Array(PDF_BYTES)]), 'bang-dai-hoc.pdf');
  await citizen.request(`/api/v1/dossiers/${draft.id}/attachments`, { method: 'POST', body: form });
  return (await json('POST', `/api/v1/dossiers/${draft.id}/submit`)).code;
}
