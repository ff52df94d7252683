import { readdir } from 'node:fs/promises';
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type CookieClient } from './browser-client.js';
import { badinhWard } from './dossiers.js';
import { PDF_BYTES } from './files.js';
import { startTestServer } from './helpers.js';
import { startTestBucket } from './s3-bucket.js';

// The portal with FILE_STORE=s3: a citizen's upload lands in the bucket, and comes back
// from it as a stream with the headers a stored file always had.
let bucket: Awaited<ReturnType<typeof startTestBucket>>;
let an: CookieClient;
let filesDir: string;
let documentId: string;
let key: string;

beforeAll(async () => {
  bucket = await startTestBucket();
  const server = await startTestServer({
    env: { ...bucket.env, FILE_STORE: 's3', S3_PREFIX: 'portal/' },
  });
  filesDir = server.config.FILES_DIR;
  an = await signInAs(server.base, 'vneid-001');
  const draft = (await (
    await an.request('/api/v1/dossiers', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ procedureCode: '2.001009', agencyCode: await badinhWard(server.db) }),
    })
  ).json()) as { id: string };
  const form = new FormData();
  form.set('field', 'original');
  form.set('file', new Blob([new Uint8Array(PDF_BYTES)]), 'bằng đại học.pdf');
  const uploaded = await an.request(`/api/v1/dossiers/${draft.id}/attachments`, {
    method: 'POST',
    headers: { accept: 'application/json' },
    body: form,
  });
  expect(uploaded.status).toBe(201);
  const document = (await uploaded.json()) as { documentId: string; sha256: string };
  documentId = document.documentId;
  key = `portal/${document.sha256.slice(0, 2)}/${document.sha256.slice(2, 4)}/${document.sha256}`;
});

describe('the portal keeping its files in a bucket', () => {
  it('stores an upload in the bucket only, and sends it back streamed with its headers', async () => {
    const head = await bucket.client.send(
      new HeadObjectCommand({ Bucket: bucket.bucket, Key: key }),
    );
    expect(head.ContentLength).toBe(PDF_BYTES.length);
    expect(await readdir(filesDir)).toEqual([]);

    const file = await an.request(`/my/documents/${documentId}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-length')).toBe(String(PDF_BYTES.length));
    expect(file.headers.get('content-disposition')).toBe(
      `inline; filename*=UTF-8''${encodeURIComponent('bằng đại học.pdf')}`,
    );
    expect(file.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF_BYTES)).toBe(true);
  });

  it('serves no byte of an object damaged in the bucket, and a 404 for one gone from it', async () => {
    await bucket.client.send(
      new PutObjectCommand({
        Bucket: bucket.bucket,
        Key: key,
        Body: Buffer.alloc(PDF_BYTES.length, 'DAMAGED'),
      }),
    );
    const damaged = await an.request(`/my/documents/${documentId}`);
    // A small file is one chunk, held back until hashed: the error page goes out instead.
    expect(damaged.status).toBe(500);
    expect(damaged.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await damaged.text()).not.toContain('DAMAGED');

    await bucket.client.send(new DeleteObjectCommand({ Bucket: bucket.bucket, Key: key }));
    const gone = await an.request(`/my/documents/${documentId}`);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('Tệp này không còn được lưu trên Cổng');
  });
});
