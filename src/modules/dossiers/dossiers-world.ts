import { beforeAll, expect } from 'vitest';
import { settableClock, startTestServer } from '../../../test/helpers.js';
import { PDF_BYTES } from '../../../test/files.js';
import { signInAs, type CookieClient } from '../../../test/browser-client.js';
import { BIRTH_ANSWERS } from '../../../test/dossiers.js';
import type { Database } from '../../platform/db.js';

/**
 * The world the dossiers' API tests run in: a server on a clock at Tuesday 24 November 2026,
 * 09:00 in Vietnam (a test that moves it puts it back), two citizens signed in, the commune
 * agency that takes birth registrations, and the calls the tests make.
 */
export const NOW = '2026-11-24T02:00:00Z';

/** The world's clock: at NOW unless a test moves it (and then puts it back). */
export const clock = settableClock(NOW);

export const world = {} as {
  base: string;
  db: Database;
  modules: Awaited<ReturnType<typeof startTestServer>>['modules'];
  an: CookieClient;
  ngoc: CookieClient;
  communeAgency: string;
};

/** Starts the world before the file's tests. */
export function useDossierWorld() {
  beforeAll(async () => {
    const server = await startTestServer({
      clock,
      env: { SUBMISSION_RATE_LIMIT_PER_MINUTE: '1000' },
    });
    const [agency] = await server.db.query<{ code: string }>(
      `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_people_committee'`,
    );
    Object.assign(world, {
      base: server.base,
      db: server.db,
      modules: server.modules,
      an: await signInAs(server.base, 'vneid-001'),
      ngoc: await signInAs(server.base, 'vneid-002'),
      communeAgency: agency!.code,
    });
  });
  return world;
}

export const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
  body: JSON.stringify(body),
});

export async function api<T = Record<string, unknown>>(
  who: CookieClient,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const response = await who.request(path, {
    method,
    ...(body === undefined ? { headers: { accept: 'application/json' } } : json(body, headers)),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export function upload(who: CookieClient, id: string, field: string, data: Buffer, name: string) {
  const form = new FormData();
  form.set('field', field);
  form.set('file', new Blob([new Uint8Array(data)]), name);
  return who.request(`/api/v1/dossiers/${id}/attachments`, {
    method: 'POST',
    headers: { accept: 'application/json' },
    body: form,
  });
}

export interface Draft {
  id: string;
  answers: Record<string, unknown>;
  problems: { field: string; problem: string }[];
}
export interface Problem {
  code: string;
  errors?: { field: string; message: string }[];
}

export async function birthDraft(who: CookieClient = world.an): Promise<Draft> {
  const created = await api<Draft>(who, 'POST', '/api/v1/dossiers', {
    procedureCode: '1.001193',
    agencyCode: world.communeAgency,
  });
  expect(created.status).toBe(201);
  return created.body;
}

export async function completeBirthDraft(who: CookieClient = world.an): Promise<string> {
  const draft = await birthDraft(who);
  await api(who, 'PATCH', `/api/v1/dossiers/${draft.id}`, {
    answers: { ...BIRTH_ANSWERS, declaration: true },
  });
  expect(
    (await upload(who, draft.id, 'birthCertificate', PDF_BYTES, 'chung-sinh.pdf')).status,
  ).toBe(201);
  return draft.id;
}
