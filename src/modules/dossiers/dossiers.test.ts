import { describe, expect, it } from 'vitest';
import { JPEG_BYTES, PDF_BYTES } from '../../../test/files.js';
import { BIRTH_ANSWERS } from '../../../test/dossiers.js';
import {
  api,
  birthDraft,
  completeBirthDraft,
  json,
  upload,
  useDossierWorld,
  type Draft,
  type Problem,
} from './dossiers-world.js';

const world = useDossierWorld();

describe('drafts', () => {
  it('start prefilled from the verified identity, at world.an agency that handles the procedure', async () => {
    const missing = await api<Problem>(world.an, 'POST', '/api/v1/dossiers', {
      procedureCode: '1.001193',
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors?.[0]?.field).toBe('agencyCode');
    const wrong = await api<Problem>(world.an, 'POST', '/api/v1/dossiers', {
      procedureCode: '1.001193',
      agencyCode: '000.00.00.G05',
    });
    expect(wrong.status).toBe(422);

    const draft = await birthDraft();
    expect(draft.answers).toMatchObject({
      applicantName: 'Nguyễn Văn An',
      applicantId: '001089012345',
      applicantBirthDate: '1989-03-14',
      applicantAddress: { province: '01', commune: '00004', street: 'Số 12 phố Đội Cấn' },
    });
    expect(draft.problems.map((p) => p.field)).toContain('childName');
  });

  it('refuse a procedure without world.an online form and anyone not signed in', async () => {
    const notOnline = await api<Problem>(world.an, 'POST', '/api/v1/dossiers', {
      procedureCode: '1.013126',
    });
    expect(notOnline.status).toBe(422);
    expect(notOnline.body.code).toBe('not_online');
    const response = await fetch(`${world.base}/api/v1/dossiers`, {
      method: 'POST',
      ...json({ procedureCode: '1.001193', agencyCode: world.communeAgency }),
    });
    expect(response.status).toBe(401);
  });

  it('answer the same draft to a retried creation, and 409 to a key reused for another body', async () => {
    const body = { procedureCode: '1.001193', agencyCode: world.communeAgency };
    const key = { 'idempotency-key': 'create-1' };
    const [a, b] = await Promise.all([
      api<Draft>(world.an, 'POST', '/api/v1/dossiers', body, key),
      api<Draft>(world.an, 'POST', '/api/v1/dossiers', body, key),
    ]);
    expect(a.body.id).toBe(b.body.id);
    const other = await api<Problem>(
      world.an,
      'POST',
      '/api/v1/dossiers',
      { procedureCode: '2.000505', agencyCode: world.communeAgency },
      key,
    );
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotency_key_reused');
  });

  it('refuse invalid answers with every field listed, saving none of them', async () => {
    const draft = await birthDraft();
    const refused = await api<Problem>(world.an, 'PATCH', `/api/v1/dossiers/${draft.id}`, {
      answers: {
        childName: 'Khang',
        childBirthDate: '2027-01-01',
        motherId: '12345',
        applicantPhone: '12345',
        applicantName: 'Someone Else',
        childGender: 'unknown',
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('invalid_answers');
    expect(refused.body.errors?.map((e) => e.field).sort()).toEqual([
      'applicantName',
      'applicantPhone',
      'childBirthDate',
      'childGender',
      'motherId',
    ]);
    const message = refused.body.errors!.find((e) => e.field === 'motherId')!.message;
    expect(message).toContain('12 chữ số');
    const after = await api<Draft>(world.an, 'GET', `/api/v1/dossiers/${draft.id}`);
    expect(after.body.answers.childName).toBeUndefined();
  });

  it('belong to their owner only', async () => {
    const draft = await birthDraft();
    expect((await api(world.ngoc, 'GET', `/api/v1/dossiers/${draft.id}`)).status).toBe(404);
    expect(
      (await api(world.ngoc, 'PATCH', `/api/v1/dossiers/${draft.id}`, { answers: {} })).status,
    ).toBe(404);
    expect(
      (await upload(world.ngoc, draft.id, 'birthCertificate', PDF_BYTES, 'x.pdf')).status,
    ).toBe(404);
    expect((await api(world.ngoc, 'POST', `/api/v1/dossiers/${draft.id}/submit`)).status).toBe(404);
  });
});

describe('attachments', () => {
  it('are checked by content, hashed, and kept in the owner’s document store', async () => {
    const draft = await birthDraft();
    const text = await upload(
      world.an,
      draft.id,
      'birthCertificate',
      Buffer.from('hello'),
      'fake.pdf',
    );
    expect(text.status).toBe(422);
    expect(((await text.json()) as Problem).errors?.[0]).toMatchObject({
      field: 'birthCertificate',
    });
    const empty = await upload(
      world.an,
      draft.id,
      'birthCertificate',
      Buffer.alloc(0),
      'empty.pdf',
    );
    expect(empty.status).toBe(422);
    const unknown = await upload(world.an, draft.id, 'nothing', PDF_BYTES, 'a.pdf');
    expect(unknown.status).toBe(422);

    const photo = await upload(world.an, draft.id, 'birthCertificate', JPEG_BYTES, 'IMG_2041.JPG');
    expect(photo.status).toBe(201);
    const stored = (await photo.json()) as { contentType: string; sha256: string; size: number };
    expect(stored.contentType).toBe('image/jpeg');
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.size).toBe(JPEG_BYTES.length);

    const mine = await api<{ items: { documentType: string; fileName: string }[] }>(
      world.an,
      'GET',
      '/api/v1/me/documents',
    );
    expect(mine.body.items).toContainEqual(
      expect.objectContaining({
        documentType: 'birth_certificate_medical',
        fileName: 'IMG_2041.JPG',
      }),
    );
    const theirs = await api<{ items: unknown[] }>(world.ngoc, 'GET', '/api/v1/me/documents');
    expect(theirs.body.items).toEqual([]);
  });

  it('reuse a stored document of the type a field asks for, and no other', async () => {
    const birth = await birthDraft();
    const married = await upload(
      world.an,
      birth.id,
      'marriageCertificate',
      PDF_BYTES,
      'ket-hon.pdf',
    );
    const marriage = (await married.json()) as { documentId: string };
    const certificate = (await (
      await upload(world.an, birth.id, 'birthCertificate', PDF_BYTES, 'chung-sinh.pdf')
    ).json()) as { documentId: string };

    const residence = await api<Draft>(world.an, 'POST', '/api/v1/dossiers', {
      procedureCode: '1.004222',
      agencyCode: (
        await world.db.query<{ code: string }>(
          `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_police'`,
        )
      )[0]!.code,
    });
    expect(residence.status).toBe(201);
    const reuse = (documentId: string) => {
      const form = new FormData();
      form.set('field', 'relationshipProof');
      form.set('documentId', documentId);
      return world.an.request(`/api/v1/dossiers/${residence.body.id}/attachments`, {
        method: 'POST',
        headers: { accept: 'application/json' },
        body: form,
      });
    };
    expect((await reuse(certificate.documentId)).status).toBe(422);
    const reused = await reuse(marriage.documentId);
    expect(reused.status).toBe(201);
    expect(((await reused.json()) as { documentId: string }).documentId).toBe(marriage.documentId);
  });
});

describe('submission', () => {
  it('lists every problem when incomplete, then gives a code, status 1 and the due date', async () => {
    const draft = await birthDraft();
    await api(world.an, 'PATCH', `/api/v1/dossiers/${draft.id}`, { answers: BIRTH_ANSWERS });
    const incomplete = await api<Problem>(world.an, 'POST', `/api/v1/dossiers/${draft.id}/submit`);
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.errors?.map((e) => e.field).sort()).toEqual([
      'birthCertificate',
      'declaration',
    ]);

    await api(world.an, 'PATCH', `/api/v1/dossiers/${draft.id}`, {
      answers: { declaration: true },
    });
    await upload(world.an, draft.id, 'birthCertificate', PDF_BYTES, 'chung-sinh.pdf');
    const submitted = await api<{ code: string; status: number; appointmentDate: string }>(
      world.an,
      'POST',
      `/api/v1/dossiers/${draft.id}/submit`,
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body.code).toMatch(
      new RegExp(`^${world.communeAgency.replace(/\./g, '\\.')}-261124-\\d{4}$`),
    );
    expect(submitted.body.status).toBe(1);
    // 1 working day from Tuesday 24/11/2026 is Wednesday, at closing time (17:00 in Vietnam).
    expect(submitted.body.appointmentDate).toBe('2026-11-25T10:00:00.000Z');

    const again = await api<{ code: string }>(
      world.an,
      'POST',
      `/api/v1/dossiers/${draft.id}/submit`,
    );
    expect(again.body.code).toBe(submitted.body.code);
    const locked = await api<Problem>(world.an, 'PATCH', `/api/v1/dossiers/${draft.id}`, {
      answers: { childName: 'Changed' },
    });
    expect(locked.status).toBe(409);

    const list = await api<{ items: { code: string | null; status: number }[] }>(
      world.an,
      'GET',
      '/api/v1/dossiers',
    );
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ code: submitted.body.code, status: 1 }),
    );
    const one = await api<{
      timeline: { action: string; status: number }[];
      answers: Record<string, unknown>;
    }>(world.an, 'GET', `/api/v1/dossiers/${submitted.body.code}`);
    expect(one.body.timeline).toEqual([
      expect.objectContaining({ action: 'submitted', status: 1 }),
    ]);
    expect(one.body.answers.childName).toBe('Nguyễn Minh Khang');
    expect((await api(world.ngoc, 'GET', `/api/v1/dossiers/${submitted.body.code}`)).status).toBe(
      404,
    );

    const [notice] = await world.db.query<{ subject: string }>(
      `SELECT subject FROM notifications WHERE template = 'dossier_submitted' AND channel = 'in_app'
       AND subject LIKE $1`,
      [`%${submitted.body.code}%`],
    );
    // Submitted, not yet received: the message says what the status says.
    expect(notice?.subject).toBe(`Đã nộp hồ sơ ${submitted.body.code}`);
  });

  it('never makes two dossiers or shares a code, however requests are retried at once', async () => {
    const drafts = await Promise.all(Array.from({ length: 6 }, () => completeBirthDraft()));
    const attempts = drafts.flatMap((id, i) =>
      Array.from({ length: 3 }, () =>
        api<{ code: string }>(world.an, 'POST', `/api/v1/dossiers/${id}/submit`, undefined, {
          'idempotency-key': `submit-${i}`,
        }),
      ),
    );
    const results = await Promise.all(attempts);
    expect(results.every((r) => r.status === 200)).toBe(true);
    const codesPerDraft = drafts.map(
      (_, i) => new Set(results.slice(i * 3, i * 3 + 3).map((r) => r.body.code)),
    );
    expect(codesPerDraft.every((codes) => codes.size === 1)).toBe(true);
    const codes = codesPerDraft.map((codes) => [...codes][0]!);
    expect(new Set(codes).size).toBe(6);
    // Gap-free: the agency's numbers today run 1, 2, 3… with none skipped.
    const [{ count, max }] = (await world.db.query<{ count: number; max: number }>(
      `SELECT count(*)::int AS count, max(split_part(code, '-', 3)::int) AS max FROM dossiers
       WHERE agency_code = $1 AND code LIKE $2`,
      [world.communeAgency, `${world.communeAgency}-261124-%`],
    )) as [{ count: number; max: number }];
    expect(max).toBe(count);
  });

  it('forms codes from the agency, the day and a sequence of at least 4 digits', async () => {
    // Another commune's committee, whose 12,345th dossier of the day this is.
    const [other] = await world.db.query<{ code: string }>(
      `SELECT code FROM agencies WHERE kind = 'commune_people_committee' AND code <> $1
       ORDER BY code LIMIT 1`,
      [world.communeAgency],
    );
    await world.db.query(
      `INSERT INTO dossier_sequences (agency_code, day, last_value) VALUES ($1, '2026-11-24', 12344)`,
      [other!.code],
    );
    const draft = await api<Draft>(world.an, 'POST', '/api/v1/dossiers', {
      procedureCode: '1.001193',
      agencyCode: other!.code,
    });
    await api(world.an, 'PATCH', `/api/v1/dossiers/${draft.body.id}`, {
      answers: { ...BIRTH_ANSWERS, declaration: true },
    });
    await upload(world.an, draft.body.id, 'birthCertificate', PDF_BYTES, 'chung-sinh.pdf');
    const submitted = await api<{ code: string }>(
      world.an,
      'POST',
      `/api/v1/dossiers/${draft.body.id}/submit`,
    );
    expect(submitted.body.code).toBe(`${other!.code}-261124-12345`);
  });

  it('can be withdrawn before processing starts, and not twice', async () => {
    const id = await completeBirthDraft();
    const { body } = await api<{ code: string }>(world.an, 'POST', `/api/v1/dossiers/${id}/submit`);
    const withdrawn = await api<{ status: number }>(
      world.an,
      'POST',
      `/api/v1/dossiers/${body.code}/withdraw`,
      {
        reason: 'Nộp nhầm',
      },
    );
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe(7);
    const twice = await api<Problem>(
      world.an,
      'POST',
      `/api/v1/dossiers/${body.code}/withdraw`,
      {},
    );
    expect(twice.status).toBe(409);
    const timeline = await api<{ timeline: { action: string }[] }>(
      world.an,
      'GET',
      `/api/v1/dossiers/${body.code}`,
    );
    expect(timeline.body.timeline.map((e) => e.action)).toEqual(['submitted', 'withdrawn']);
  });
});
