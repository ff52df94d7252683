import fc from 'fast-check';
import { BAD_BYTES, BAD_UTF8, percentBytes } from './arbitraries.js';

/** A request as it goes to `app.inject`: the exact bytes of its body and its headers. */
export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const badBytes = fc.constantFrom(...BAD_BYTES);

/** A value as text: strings as they are, everything else as JSON. */
export const textOf = (value: unknown) =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? '');

/** encodeURIComponent, except that a lone surrogate becomes the bytes it would be (WTF-8). */
function encodeComponent(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    out +=
      char.length === 1 && code >= 0xd800 && code <= 0xdfff
        ? percentBytes(
            Buffer.from([0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)]),
          )
        : encodeURIComponent(char);
  }
  return out;
}

/** A value for a URL: percent-encoded, with the mark of bad UTF-8 as its percent-encoded bytes. */
export const urlComponent = (value: unknown, bad: Buffer) =>
  encodeComponent(textOf(value)).split(encodeURIComponent(BAD_UTF8)).join(percentBytes(bad));

/** Text with the mark of bad UTF-8 replaced by the bytes themselves. */
export const bytesOf = (text: string, bad: Buffer) =>
  Buffer.concat(
    text
      .split(BAD_UTF8)
      .flatMap((part, i) => (i === 0 ? [Buffer.from(part)] : [bad, Buffer.from(part)])),
  );

/** Path and query filled in: each path value encoded, or sometimes put in as it is. */
export function urlOf(
  path: string,
  params: Record<string, unknown>,
  query: Record<string, unknown>,
  bad: Buffer,
  raw: boolean,
): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = textOf(params[name] ?? '');
    // As it is: traversal and separators reach the router unescaped (the mark still must go).
    return raw ? value.split(BAD_UTF8).join(percentBytes(bad)) : urlComponent(value, bad);
  });
  const search = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map(
        (item) => `${urlComponent(k, bad)}=${urlComponent(item, bad)}`,
      ),
    )
    .join('&');
  return search ? `${filled}?${search}` : filled;
}

/** A form's fields url-encoded; repeated names for lists; bad UTF-8 percent-encoded or raw. */
export function formBody(fields: Record<string, unknown>, bad: Buffer, rawBytes: boolean): Buffer {
  const pairs = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((item) => [k, textOf(item)] as const));
  const text = pairs.map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`).join('&');
  const mark = encodeURIComponent(BAD_UTF8);
  return rawBytes
    ? bytesOf(text.split(mark).join(BAD_UTF8), bad)
    : Buffer.from(text.split(mark).join(percentBytes(bad)));
}

export interface FilePart {
  field: string;
  name: string;
  type: string;
  data: Buffer;
}

/** A multipart body, well formed, with the mark of bad UTF-8 as raw bytes in names and values. */
export function multipartBody(
  boundary: string,
  fields: Record<string, unknown>,
  files: FilePart[],
  bad: Buffer,
): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      parts.push(
        bytesOf(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${textOf(item)}\r\n`,
          bad,
        ),
      );
    }
  }
  for (const file of files) {
    parts.push(
      bytesOf(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
        bad,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

/** What a body is sent as: its content type (none when undefined) and its bytes. */
export interface Body {
  type: string | undefined;
  bytes: Buffer;
}

/** Bodies no parser should accept: cut, wrongly nested, of another kind than they claim. */
const brokenJson = fc.constantFrom(
  '',
  '{',
  '{"a":',
  '{"a":1,}',
  '[',
  'null',
  '[]',
  '"text"',
  '1e999',
  '-',
  '{"a":1}{"b":2}',
  '\uFEFF{}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
);

const BOUNDARY = 'fuzzBoundary7MA4YWxkTrZu0gW';

const brokenMultipart = fc.constantFrom<Body>(
  { type: 'multipart/form-data', bytes: Buffer.from('--x\r\n\r\nno boundary given\r\n--x--') },
  { type: `multipart/form-data; boundary=${BOUNDARY}`, bytes: Buffer.from('') },
  {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    bytes: Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="field"\r\n\r\nunterminated`,
    ),
  },
  {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    bytes: Buffer.from(
      `--other\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--other--\r\n`,
    ),
  },
  {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    bytes: Buffer.from(`--${BOUNDARY}\r\nno-colon-header\r\n\r\nb\r\n--${BOUNDARY}--\r\n`),
  },
  {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    bytes: Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--${BOUNDARY}--\r\n`,
    ),
  },
  {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    bytes: Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 cut`,
    ),
  },
  {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    bytes: Buffer.from(
      `--${BOUNDARY}\r\nX: ${'h'.repeat(100_000)}\r\n\r\nb\r\n--${BOUNDARY}--\r\n`,
    ),
  },
  { type: 'multipart/form-data; boundary=', bytes: Buffer.from('----\r\n') },
  { type: `multipart/mixed; boundary=${BOUNDARY}`, bytes: Buffer.from(`--${BOUNDARY}--\r\n`) },
);

/** Content types a route did not ask for (or malformed ones). */
const otherTypes = fc.constantFrom(
  undefined,
  'text/plain',
  'text/html',
  'text/csv',
  'application/xml',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/problem+json',
  'application/x-www-form-urlencoded',
  'application/vnd.api+json',
  '*/*',
  'json',
  ';',
  'application/json;;;',
);

/**
 * A body for a value: as JSON (most often), as a form or multipart, as JSON with raw bad
 * bytes, cut short, under another content type, or a broken body of each kind.
 */
export function bodyOf(value: fc.Arbitrary<unknown>): fc.Arbitrary<Body> {
  const json = (v: unknown) => JSON.stringify(v) ?? 'null';
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .tuple(value, badBytes)
        .map(([v, bad]) => ({ type: 'application/json', bytes: bytesOf(json(v), bad) })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(value, fc.nat()).map(([v, cut]) => ({
        type: 'application/json',
        bytes: Buffer.from(json(v).slice(0, cut % (json(v).length + 1))),
      })),
    },
    {
      weight: 2,
      arbitrary: brokenJson.map((text) => ({ type: 'application/json', bytes: Buffer.from(text) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(value, badBytes, otherTypes)
        .map(([v, bad, type]) => ({ type, bytes: bytesOf(json(v), bad) })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(value, badBytes, fc.boolean()).map(([v, bad, raw]) => ({
        type: 'application/x-www-form-urlencoded',
        bytes: formBody(
          typeof v === 'object' && v ? (v as Record<string, unknown>) : { value: v },
          bad,
          raw,
        ),
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(value, badBytes).map(([v, bad]) => ({
        type: `multipart/form-data; boundary=${BOUNDARY}`,
        bytes: multipartBody(
          BOUNDARY,
          typeof v === 'object' && v ? (v as Record<string, unknown>) : { value: v },
          [],
          bad,
        ),
      })),
    },
    { weight: 2, arbitrary: brokenMultipart },
    {
      weight: 1,
      arbitrary: fc.constant({ type: 'application/json', bytes: Buffer.alloc(1_100_000, 0x20) }),
    },
  );
}

export { BOUNDARY, brokenMultipart, badBytes };
