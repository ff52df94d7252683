import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PDF_BYTES } from '../../../test/files.js';
import { api, birthDraft, upload, useDossierWorld, type Problem } from './dossiers-world.js';

// What a red team sent (issue 13): misleading and invisible file names, files gone from the
// store, broken multipart bodies and ids that are not ids. Each is a 4xx, never a 500.
const world = useDossierWorld();
let csrf: string;

beforeAll(async () => {
  csrf = /name="csrf" value="([^"]+)"/.exec(await (await world.an.request('/account')).text())![1]!;
});

/** A PDF of its own (the store keeps one copy of equal files), with whatever follows it. */
const pdf = (tail = '') => Buffer.concat([PDF_BYTES, Buffer.from(`% ${randomUUID()}\n${tail}`)]);

/** Uploads to a new draft's birth certificate field; the attachment as the API answers. */
async function attach(data: Buffer, name: string) {
  const draft = await birthDraft();
  const answer = await upload(world.an, draft.id, 'birthCertificate', data, name);
  expect(answer.status).toBe(201);
  const body = (await answer.json()) as { documentId: string; fileName: string };
  return { draft: draft.id, ...body };
}

const download = (documentId: string, accept = 'text/html') =>
  world.an.request(`/my/documents/${documentId}`, { headers: { accept } });

const storedNames = async () =>
  (
    await api<{ items: { id: string; fileName: string }[] }>(
      world.an,
      'GET',
      '/api/v1/me/documents',
    )
  ).body.items;

describe('uploaded file names', () => {
  it('give a PDF polyglot named evil.html the name evil.pdf, and serve it as a PDF', async () => {
    const polyglot = pdf('<html><body><script>alert(document.cookie)</script></body></html>');
    const sent = await attach(polyglot, 'evil.html');
    expect(sent.fileName).toBe('evil.pdf');
    expect((await storedNames()).find((d) => d.id === sent.documentId)?.fileName).toBe('evil.pdf');
    const file = await download(sent.documentId);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''evil.pdf`);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('drop right-to-left overrides and other invisible characters from names', async () => {
    const sent = await attach(pdf(), 'hoa-don\u202Efdp.html');
    expect(sent.fileName).toBe('hoa-donfdp.pdf');
    const disposition = (await download(sent.documentId)).headers.get('content-disposition')!;
    expect(disposition).toBe(`inline; filename*=UTF-8''hoa-donfdp.pdf`);
    // U+202E, percent-encoded, is nowhere in the header.
    expect(disposition).not.toContain('%E2%80%AE');
    const page = await (await world.an.request('/my/documents')).text();
    expect(page).toContain('hoa-donfdp.pdf');
    expect(page).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
  });

  it('list and serve names kept by an earlier release the same way', async () => {
    const sent = await attach(pdf(), 'cu.pdf');
    await world.db.query('UPDATE documents SET file_name = $2 WHERE id = $1', [
      sent.documentId,
      'thu\u2067muc/cu\u202Egpj.html',
    ]);
    expect((await storedNames()).find((d) => d.id === sent.documentId)?.fileName).toBe('cugpj.pdf');
    const draft = await api<{ attachments: { fileName: string }[] }>(
      world.an,
      'GET',
      `/api/v1/dossiers/${sent.draft}`,
    );
    expect(draft.body.attachments.map((a) => a.fileName)).toEqual(['cugpj.pdf']);
    expect((await download(sent.documentId)).headers.get('content-disposition')).toBe(
      `inline; filename*=UTF-8''cugpj.pdf`,
    );
  });
});

describe('files the store no longer has', () => {
  it('answer 404 for a document deleted from the store, not 500', async () => {
    const sent = await attach(pdf(), 'xoa.pdf');
    const removed = await world.an.postForm(`/my/documents/${sent.documentId}/delete`, { csrf });
    expect(removed.status).toBe(303);
    const page = await download(sent.documentId);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    const problem = await download(sent.documentId, 'application/json');
    expect(problem.status).toBe(404);
    expect(((await problem.json()) as Problem).code).toBe('not_found');
  });

  it('answer 404 for a file lost from the store while its document is kept', async () => {
    const sent = await attach(pdf(), 'mat.pdf');
    await world.db.query('UPDATE documents SET sha256 = $2 WHERE id = $1', [
      sent.documentId,
      'f'.repeat(64),
    ]);
    const page = await download(sent.documentId);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Tệp này không còn được lưu trên Cổng');
    const problem = await download(sent.documentId, 'application/json');
    expect(problem.status).toBe(404);
    expect(problem.headers.get('content-type')).toContain('application/problem+json');
  });
});

/** A multipart body as a broken client sends it: as given, with the content type given. */
const rawPost = (path: string, body: string, type: string, accept = 'application/json') =>
  world.an.request(path, { method: 'POST', headers: { 'content-type': type, accept }, body });

const CUT_SHORT = [
  '--XyZ',
  'Content-Disposition: form-data; name="field"',
  '',
  'birthCertificate',
  '--XyZ',
  'Content-Disposition: form-data; name="file"; filename="a.pdf"',
  'Content-Type: application/pdf',
  '',
  '%PDF-1.4 and then the connection',
].join('\r\n');

describe('broken multipart bodies', () => {
  it('are a 400 problem on the attachments API', async () => {
    const { id } = await birthDraft();
    const path = `/api/v1/dossiers/${id}/attachments`;
    for (const [body, type] of [
      [CUT_SHORT, 'multipart/form-data; boundary=XyZ'],
      [CUT_SHORT, 'multipart/form-data'],
      ['--XyZ\r\nContent-Disposition: form-da', 'multipart/form-data; boundary=XyZ'],
      [CUT_SHORT, 'multipart/form-data; boundary=Other'],
    ] as const) {
      const answer = await rawPost(path, body, type);
      expect(answer.status, `${type}: ${body.slice(0, 40)}`).toBe(400);
      expect(((await answer.json()) as Problem).code).toBe('malformed_multipart');
    }
  });

  it('are a 400 error page on a section of a draft', async () => {
    const { id } = await birthDraft();
    const answer = await rawPost(
      `/dossiers/drafts/${id}/sections/documents`,
      CUT_SHORT,
      'multipart/form-data; boundary=XyZ',
      'text/html',
    );
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('Dữ liệu biểu mẫu gửi lên bị hỏng hoặc không đầy đủ');
  });

  it('with a NUL in a text part are a 400 naming the field, as any other body', async () => {
    const { id } = await birthDraft();
    const form = new FormData();
    form.set('csrf', csrf);
    form.set('applicantName', 'Nguyễn\u0000An');
    const answer = await world.an.request(`/dossiers/drafts/${id}/sections/applicant`, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: form,
    });
    expect(answer.status).toBe(400);
    const problem = (await answer.json()) as Problem & { errors: { field: string }[] };
    expect(problem.code).toBe('unreadable_text');
    expect(problem.errors[0]?.field).toBe('applicantName');
  });

  it('with more files than allowed are a 413 problem', async () => {
    const { id } = await birthDraft();
    const form = new FormData();
    form.set('field', 'birthCertificate');
    for (let i = 0; i < 11; i++) form.append('file', new Blob([new Uint8Array(pdf())]), `${i}.pdf`);
    const answer = await world.an.request(`/api/v1/dossiers/${id}/attachments`, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: form,
    });
    expect(answer.status).toBe(413);
  });
});

describe('an upload the server cannot write down', () => {
  it('is the server’s 500 problem, not the person’s broken form, and the same file goes in after', async () => {
    const draft = await birthDraft();
    const data = pdf();
    const temporaryFolder = process.env.TMPDIR;
    // The temporary folder gone (a full or missing disk fails the same way).
    process.env.TMPDIR = join(tmpdir(), `motcua-gone-${randomUUID()}`);
    try {
      const failed = await upload(
        world.an,
        draft.id,
        'birthCertificate',
        data,
        'giay-khai-sinh.pdf',
      );
      expect(failed.status).toBe(500);
      expect(failed.headers.get('content-type')).toContain('application/problem+json');
    } finally {
      if (temporaryFolder === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = temporaryFolder;
    }
    const again = await upload(world.an, draft.id, 'birthCertificate', data, 'giay-khai-sinh.pdf');
    expect(again.status).toBe(201);
  });
});

// Ids PostgreSQL cannot read as UUIDs: all dashes (36 of them) passed the old check.
const NOT_UUIDS = ['-'.repeat(36), '0'.repeat(36), `urn:uuid:${randomUUID()}`];

describe('ids that are not UUIDs', () => {
  it('are refused by the API’s schema (400), before the database', async () => {
    for (const id of NOT_UUIDS) {
      const saved = await api<Problem>(world.an, 'PATCH', `/api/v1/dossiers/${id}`, {
        answers: {},
      });
      expect(saved.status, id).toBe(400);
      expect(saved.body.code).toBe('validation_failed');
      const sent = await api(world.an, 'POST', `/api/v1/dossiers/${id}/submit`);
      expect(sent.status, id).toBe(400);
    }
  });

  it('are refused by the pages (400), before the database', async () => {
    for (const id of NOT_UUIDS) {
      const path = encodeURIComponent(id);
      for (const page of [`/dossiers/drafts/${path}`, `/my/documents/${path}`]) {
        expect((await world.an.request(page)).status, page).toBe(400);
      }
      const deleted = await world.an.postForm(`/my/documents/${path}/delete`, { csrf });
      expect(deleted.status, id).toBe(400);
    }
  });

  it('name nothing when a form’s button or the API’s documentId carries one', async () => {
    const { id } = await birthDraft();
    for (const bad of NOT_UUIDS) {
      const form = new FormData();
      form.set('csrf', csrf);
      form.set('action', `detach:birthCertificate:${bad}`);
      const detached = await world.an.request(`/dossiers/drafts/${id}/sections/documents`, {
        method: 'POST',
        body: form,
      });
      expect(detached.status, bad).toBe(303);
      form.set('action', `reuse:birthCertificate:${bad}`);
      const reused = await world.an.request(`/dossiers/drafts/${id}/sections/documents`, {
        method: 'POST',
        body: form,
      });
      expect(reused.status, bad).toBe(422);
      expect(await reused.text()).toContain('class="error-summary"');
      const reuse = new FormData();
      reuse.set('field', 'birthCertificate');
      reuse.set('documentId', bad);
      const answer = await world.an.request(`/api/v1/dossiers/${id}/attachments`, {
        method: 'POST',
        headers: { accept: 'application/json' },
        body: reuse,
      });
      expect(answer.status, bad).toBe(422);
    }
  });
});
