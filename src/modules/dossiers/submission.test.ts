import { Changes } from '../../platform/changes.js';
import { describe, expect, it } from 'vitest';
import { JPEG_BYTES } from '../../../test/files.js';
import { api, completeBirthDraft, upload, useDossierWorld } from './dossiers-world.js';
import { DossierRepository } from './repository.js';

const world = useDossierWorld();

/** The agency's last number of the world's day (0 before its first dossier). */
async function lastNumber(agencyCode: string): Promise<number> {
  const [row] = await world.db.query<{ last_value: number }>(
    `SELECT last_value FROM dossier_sequences WHERE agency_code = $1 AND day = '2026-11-24'`,
    [agencyCode],
  );
  return row?.last_value ?? 0;
}

describe('submitting', () => {
  it('makes one dossier of a draft submitted several times at once without a key', async () => {
    const id = await completeBirthDraft();
    const answers = await Promise.all(
      [0, 1, 2].map(() => api<{ code: string }>(world.an, 'POST', `/api/v1/dossiers/${id}/submit`)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.code)).size).toBe(1);
    const timeline = await api<{ timeline: { action: string }[] }>(
      world.an,
      'GET',
      `/api/v1/dossiers/${answers[0]!.body.code}`,
    );
    expect(timeline.body.timeline.map((e) => e.action)).toEqual(['submitted']);
  });

  it('writes nothing and takes no number for a draft changed since it was checked', async () => {
    const id = await completeBirthDraft();
    const repository = new DossierRepository(world.db, new Changes());
    const [owner] = await world.db.query<{ owner_id: string }>(
      'SELECT owner_id FROM dossiers WHERE id = $1',
      [id],
    );
    const read = (await repository.findWithAttachments(owner!.owner_id, id))!;
    const before = await lastNumber(world.communeAgency);
    const filing = {
      id,
      version: read.version,
      attached: read.attached,
      agencyCode: world.communeAgency,
      day: '2026-11-24',
      answers: read.answers,
      applicantName: 'Nguyễn Văn An',
      applicantIdNumber: '001089012345',
      channel: 2,
      now: new Date('2026-11-24T02:00:00Z'),
      dueAt: new Date('2026-11-25T10:00:00Z'),
      action: 'submitted',
      actorId: owner!.owner_id,
    };

    // Another file attached since: the attachments checked are not those there now.
    await upload(world.an, id, 'birthCertificate', JPEG_BYTES, 'anh.jpg');
    expect(await repository.submit(filing)).toBeUndefined();
    // Answers saved since: the version checked is not the draft's now.
    await api(world.an, 'PATCH', `/api/v1/dossiers/${id}`, { answers: { childName: 'Bình' } });
    expect(await repository.submit({ ...filing, attached: null })).toBeUndefined();
    expect(await lastNumber(world.communeAgency)).toBe(before);

    // Submitted as it is now, it is checked again and filed.
    const submitted = await api<{ status: number }>(
      world.an,
      'POST',
      `/api/v1/dossiers/${id}/submit`,
    );
    expect(submitted.body.status).toBe(1);
    expect(await lastNumber(world.communeAgency)).toBe(before + 1);
  });
});
