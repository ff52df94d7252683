import { describe, expect, it } from 'vitest';
import { officerWithRoles, sessionCookie } from '../../../test/sessions.js';
import {
  act,
  agency,
  an,
  base,
  call,
  db,
  NOW,
  receiver,
  startBackoffice,
  submitted,
} from './testing.js';

/*
 * What the portal remembers of a signed-in person between their requests (who they are, their
 * own pages for a refresh) is never what they are shown once it has changed: each change made
 * through the portal ends it at once, whoever makes it.
 */

startBackoffice();

const page = async (cookie: string, path: string) => {
  const response = await fetch(base + path, { headers: { cookie, accept: 'text/html' } });
  return { status: response.status, html: await response.text() };
};
const myDossiers = async () => (await an.request('/my/dossiers')).text();

/** The row of a page's list that names a dossier, from its code to the end of its row. */
const rowOf = (html: string, code: string) => {
  const at = html.indexOf(code, html.indexOf('<main'));
  return at < 0 ? null : html.slice(at, html.indexOf('</tr>', at));
};

describe('a person’s own pages, kept for a refresh', () => {
  it('show an officer’s action on the citizen’s dossier at once, with its message', async () => {
    const code = await submitted();
    const before = await myDossiers();
    expect(rowOf(before, code)).toContain('Mới nộp');
    expect(await myDossiers()).toBe(before);

    const { body: state } = await call<{ version: number }>(
      receiver,
      'GET',
      `/api/v1/backoffice/dossiers/${code}`,
    );
    expect((await act(receiver, code, { action: 'receive', version: state.version })).status).toBe(
      200,
    );
    const after = await myDossiers();
    expect(rowOf(after, code)).toContain('Đã tiếp nhận');
    // The message it sent is in the header too.
    expect(after).not.toBe(before);
  });

  it('show the officer a dossier filed at their agency since, and their own action', async () => {
    const inbox = () => page(receiver, '/backoffice');
    const first = await submitted();
    expect((await inbox()).html).toContain(first);
    // Someone else's write: a citizen files at the ward.
    const second = await submitted();
    const shown = (await inbox()).html;
    expect(shown).toContain(second);
    expect(rowOf(shown, second)).toContain('Mới nộp');
    // Their own: received, it is no longer new.
    const { body: state } = await call<{ version: number }>(
      receiver,
      'GET',
      `/api/v1/backoffice/dossiers/${second}`,
    );
    await act(receiver, second, { action: 'receive', version: state.version });
    expect(rowOf((await inbox()).html, second)).toContain('Đã tiếp nhận');
  });
});

describe('who is signed in, remembered between requests', () => {
  it('loses a role the moment an administrator revokes it', async () => {
    const clerk = await officerWithRoles(db, 'Đỗ Văn Hùng', agency, ['receiver']);
    const clerkCookie = await sessionCookie(db, clerk, NOW);
    const admin = await sessionCookie(
      db,
      await officerWithRoles(db, 'Phan Thị Hoa', agency, ['agency_admin']),
      NOW,
    );
    expect((await page(clerkCookie, '/backoffice')).status).toBe(200);
    const revoked = await fetch(`${base}/api/v1/agencies/${agency}/role-grants/${clerk}/receiver`, {
      method: 'DELETE',
      headers: { cookie: admin, accept: 'application/json' },
    });
    expect(revoked.status).toBe(204);
    expect((await page(clerkCookie, '/backoffice')).status).toBe(403);
    expect((await call(clerkCookie, 'GET', '/api/v1/backoffice/dossiers')).status).toBe(403);
  });

  it('ends with signing out everywhere, for every session of the account', async () => {
    const officer = await officerWithRoles(db, 'Vũ Thị Mai', agency, ['receiver']);
    const [here, there] = [
      await sessionCookie(db, officer, NOW),
      await sessionCookie(db, officer, NOW),
    ];
    expect((await call(there, 'GET', '/api/v1/me')).status).toBe(200);
    const { html } = await page(here, '/account');
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const out = await fetch(`${base}/account/sign-out-everywhere`, {
      method: 'POST',
      headers: { cookie: here, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf }).toString(),
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    expect((await call(there, 'GET', '/api/v1/me')).status).toBe(401);
    expect((await call(here, 'GET', '/api/v1/me')).status).toBe(401);
  });
});
