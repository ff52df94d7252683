import { describe, expect, it } from 'vitest';
import { connectedClient } from '../../../test/integration.js';
import { counterDossier } from '../../../test/sync-world.js';
import type { RatedEvent } from './index.js';
import {
  ANSWERS,
  call,
  clock,
  cookieOf,
  DAY_MS,
  returnedDossier,
  useRatingsWorld,
  world,
} from '../../../test/ratings-world.js';

/**
 * Ratings over HTTP: the invitation when a result is returned (the portal's back office and
 * a connected system's status sync), one rating per dossier changeable for a week, someone
 * else's dossier, and what officers see (never who gave an anonymous rating).
 */
useRatingsWorld();

interface Invitation {
  dossierCode: string;
  source: string;
  state: string;
  closesAt: string;
  rating:
    | (typeof ANSWERS & { comment: string | null; anonymous: boolean; changedAt: string | null })
    | null;
}
interface Problem {
  code: string;
  current?: { state: string };
  errors?: { field: string }[];
}

const invitations = (accountId: string, template = 'rating_invitation') =>
  world.db.query<{ channel: string; body: string }>(
    `SELECT channel, body FROM notifications WHERE account_id = $1 AND template = $2
     ORDER BY channel`,
    [accountId, template],
  );

const rate = (code: string, body: unknown, method = 'POST', who = world.anId) =>
  call<Invitation & Problem>(who, method, `/api/v1/ratings/${encodeURIComponent(code)}`, body);

describe('the invitation', () => {
  it('comes once when a dossier’s result is returned, in the portal and by email', async () => {
    const before = (await invitations(world.anId)).length;
    const code = await returnedDossier();
    const mine = await call<{ items: Invitation[] }>(world.anId, 'GET', '/api/v1/ratings');
    expect(mine.status).toBe(200);
    const invitation = mine.body.items.find((i) => i.dossierCode === code);
    expect(invitation).toMatchObject({ source: 'portal', state: 'open', rating: null });
    expect(new Date(invitation!.closesAt).getTime()).toBe(clock.now().getTime() + 30 * DAY_MS);
    const sent = (await invitations(world.anId)).slice(before);
    expect(sent.map((m) => m.channel)).toEqual(['email', 'in_app']);
    expect(sent[1]!.body).toContain(`${world.base}/my/ratings/${code}`);

    // The same event again, and the catch-up job: no second invitation.
    expect(await world.modules.ratings.service.invite(code)).toBe(false);
    expect(await world.modules.ratings.service.catchUp()).toBe(0);
    expect((await invitations(world.anId)).length).toBe(before + 2);
  });

  it('is written by the catch-up job when the listener missed it', async () => {
    const code = await returnedDossier();
    // As if the process had stopped between the return's commit and its listener.
    await world.db.query('DELETE FROM rating_invitations WHERE dossier_code = $1', [code]);
    expect(await world.modules.ratings.service.catchUp()).toBe(1);
    const one = await call<Invitation>(world.anId, 'GET', `/api/v1/ratings/${code}`);
    expect(one.body).toMatchObject({ dossierCode: code, state: 'open' });
  });

  it('comes for a dossier a connected system returns through the status sync API', async () => {
    const client = await connectedClient(world.app, world.db, {
      allowedAgencies: [world.ward],
      publicUrl: world.base,
      clock,
    });
    const code = 'H01.22-261120-0201';
    const at = clock.now().toISOString();
    const pushed = await world.app.inject({
      method: 'POST',
      url: '/api/v1/integration/dossiers/events',
      headers: {
        authorization: `Bearer ${await client.token()}`,
        'content-type': 'application/json',
      },
      payload: [
        counterDossier(code, world.ward),
        { eventId: `${code}-2`, at, code, status: 10, returnedAt: at },
      ],
    });
    expect(pushed.json()).toEqual({ accepted: 2, duplicates: 0, refused: [] });
    await world.modules.ratings.service.settled();
    const one = await call<Invitation>(world.anId, 'GET', `/api/v1/ratings/${code}`);
    expect(one.body).toMatchObject({ dossierCode: code, source: 'synced', state: 'open' });
    const rated = await rate(code, { ...ANSWERS, onTime: false });
    expect(rated.status).toBe(201);
    expect(rated.body.rating).toMatchObject({ onTime: false, anonymous: false });
  });
});

describe('what officers see', () => {
  it('is their agency’s ratings, and never who gave an anonymous one', async () => {
    const heard: RatedEvent[] = [];
    world.modules.ratings.onRated((event) => heard.push(event));
    const hidden = await returnedDossier();
    const named = await returnedDossier();
    const comment = 'Cán bộ tận tình. Liên hệ tôi: 0912 345 678, an.nguyen@example.vn';
    expect((await rate(hidden, { ...ANSWERS, overall: 1, comment, anonymous: true })).status).toBe(
      201,
    );
    expect((await rate(named, { ...ANSWERS, overall: 5, comment: 'Rất tốt' })).status).toBe(201);
    const secrets = [
      hidden,
      world.anId,
      'Nguyễn Văn An',
      '001089012345',
      '0912 345 678',
      'an.nguyen',
    ];

    // The ward's administrator works no dossiers: named ratings without their dossiers' codes.
    for (const [officer, code] of [
      [world.receiver, named],
      [world.admin, null],
    ] as const) {
      const view = await call<{
        averages: { count: number };
        ratings: Record<string, unknown>[];
      }>(officer, 'GET', `/api/v1/ratings/agencies?agency=${world.ward}`);
      expect(view.status).toBe(200);
      const text = JSON.stringify(view.body);
      for (const secret of secrets) expect(text).not.toContain(secret);
      const anonymous = view.body.ratings.find((r) => r.anonymous === true && r.overall === 1)!;
      expect(Object.keys(anonymous).sort()).toEqual(
        ['anonymous', 'procedureCode', 'month', ...Object.keys(ANSWERS), 'comment'].sort(),
      );
      expect(anonymous.comment).toBe('Cán bộ tận tình. Liên hệ tôi: […], […]');
      expect(view.body.ratings).toContainEqual(
        expect.objectContaining({ anonymous: false, dossierCode: code, comment: 'Rất tốt' }),
      );

      const page = await fetch(`${world.base}/backoffice/ratings?agency=${world.ward}`, {
        headers: { cookie: await cookieOf(officer) },
      });
      expect(page.status).toBe(200);
      const html = await page.text();
      for (const secret of secrets) expect(html).not.toContain(secret);
      expect(html.includes(named)).toBe(code !== null);
      expect(html).toContain('Cán bộ tận tình. Liên hệ tôi: […], […]');
    }
    // Events: an anonymous rating's has no dossier code (and no event carries a comment).
    expect(heard).toEqual([
      expect.objectContaining({ dossierCode: null, anonymous: true, overall: 1, changed: false }),
      expect.objectContaining({ dossierCode: named, anonymous: false, overall: 5 }),
    ]);
    expect(JSON.stringify(heard)).not.toContain('tận tình');

    // By month: the one they were given in (Vietnam's), none in another; a month must be one.
    const month = async (query: string) =>
      call<{ averages: { count: number; overall: number } }>(
        world.receiver,
        'GET',
        `/api/v1/ratings/agencies?agency=${world.ward}&${query}`,
      );
    const november = await month('month=2026-11');
    expect(november.body.averages).toMatchObject({ count: 3, overall: (1 + 5 + 4) / 3 });
    expect((await month('month=2026-10')).body.averages.count).toBe(0);
    expect((await month('month=2026-13')).status).toBe(400);

    // Another agency's officer: the ward is not theirs (404); their own has none of it.
    const other = await call(
      world.elsewhere,
      'GET',
      `/api/v1/ratings/agencies?agency=${world.ward}`,
    );
    expect(other.status).toBe(404);
    const own = await call<{ averages: { count: number } }>(
      world.elsewhere,
      'GET',
      '/api/v1/ratings/agencies',
    );
    expect(own.body.averages.count).toBe(0);
    expect((await call(world.anId, 'GET', '/api/v1/ratings/agencies')).status).toBe(403);
  });
});

// Last: the clock moves on (sessions are made at its time; An's filing session is left behind).
describe('a rating', () => {
  it('of someone else’s dossier is not found, for reading and for rating', async () => {
    const code = await returnedDossier();
    for (const [method, body] of [
      ['GET', undefined],
      ['POST', ANSWERS],
      ['PUT', ANSWERS],
    ] as const) {
      const answer = await rate(code, body, method, world.ngocId);
      expect(answer.status, method).toBe(404);
    }
    const theirs = await call<{ items: Invitation[] }>(world.ngocId, 'GET', '/api/v1/ratings');
    expect(theirs.body.items).toEqual([]);
    expect((await rate('KHONG-CO-0001', ANSWERS)).status).toBe(404);
    // Officers rate nothing: the citizens' routes are not theirs.
    expect((await call(world.receiver, 'GET', '/api/v1/ratings')).status).toBe(403);
  });

  it('is one per dossier, changeable for a week, then final; none after the invitation closed', async () => {
    const code = await returnedDossier();
    const unrated = await returnedDossier();
    const invalid = await rate(code, { ...ANSWERS, conduct: 9, overall: undefined });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors!.map((e) => e.field)).toEqual(['conduct', 'overall']);
    const wrongType = await rate(code, { ...ANSWERS, visits: 'hai' });
    expect(wrongType.status).toBe(400);

    const first = await rate(code, { ...ANSWERS, comment: 'Nhanh gọn' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      state: 'changeable',
      rating: { ...ANSWERS, changedAt: null },
    });
    const again = await rate(code, ANSWERS);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'already_rated', current: { state: 'changeable' } });

    clock.instant = new Date(clock.instant.getTime() + 7 * DAY_MS);
    const changed = await rate(code, { ...ANSWERS, overall: 2, comment: null }, 'PUT');
    expect(changed.status).toBe(200);
    expect(changed.body.rating).toMatchObject({ overall: 2, comment: null });
    expect(changed.body.rating!.changedAt).toBe(clock.now().toISOString());

    clock.instant = new Date(clock.instant.getTime() + 1);
    const final = await rate(code, { ...ANSWERS, overall: 1 }, 'PUT');
    expect(final.status).toBe(409);
    expect(final.body).toMatchObject({ code: 'rating_final', current: { state: 'final' } });
    const kept = await call<Invitation>(world.anId, 'GET', `/api/v1/ratings/${code}`);
    expect(kept.body).toMatchObject({ state: 'final', rating: { overall: 2 } });

    // Not rated within the 30 days of its invitation: closed.
    clock.instant = new Date(clock.instant.getTime() + 23 * DAY_MS);
    const late = await rate(unrated, ANSWERS, 'PUT');
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'rating_closed', current: { state: 'expired' } });
  });
});
