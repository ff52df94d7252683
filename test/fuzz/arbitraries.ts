import fc from 'fast-check';

/*
 * Hostile values for the generative tests: each of them has broken a server somewhere (a
 * parser, a database driver, a template, a header). Most requests carry plausible values
 * in every place but one, so the hostile one gets past the routing and the sign-in checks
 * to the code that handles it.
 */

/**
 * Stands for bytes that are not UTF-8. A string cannot hold them, so values carry this mark
 * and the encoders (URL, JSON, form, multipart) put raw or percent-encoded bytes in its place.
 */
export const BAD_UTF8 = '\uE000bad-utf8\uE000';

/** Byte sequences no UTF-8 decoder accepts: a lone continuation, a cut one, a surrogate, overlong. */
export const BAD_BYTES: readonly Buffer[] = [
  Buffer.from([0xff]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0x80, 0x80, 0xfe]),
];

export const percentBytes = (bytes: Buffer) =>
  [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

const INJECTIONS = [
  "' OR '1'='1",
  "1'; DROP TABLE dossiers;--",
  '"; SELECT pg_sleep(0);--',
  '$1',
  '\\',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/etc/passwd\u0000.pdf',
  'a\r\nSet-Cookie: sid=stolen',
  '\r\n\r\nHTTP/1.1 200 OK',
  '${7*7}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '%',
  '%%',
  '%zz',
  '?',
  '#',
  '&',
  '=',
  '+',
  '//evil.example',
  'https://evil.example/',
];

const ODD_TEXT = [
  '',
  ' ',
  '\t\n',
  'a\u0000b',
  '\u0000',
  '\u0001\u001f\u007f',
  '\u202Efdp.exe',
  '\u200B',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  '\uFFFE',
  '😀👩‍👩‍👧',
  'Đăng ký khai sinh',
  'e\u0301\u0301\u0301',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '-0',
  '1e309',
  '0x10',
  '9'.repeat(40),
  '[]',
  '{}',
  BAD_UTF8,
  `a${BAD_UTF8}b`,
];

/** Dates and times a parser may read as out of range, impossible or another calendar. */
const DATES = [
  '0000-00-00',
  '0000-01-01',
  '2026-02-30',
  '2026-13-45',
  '2026-00-10',
  '9999-12-31',
  '10000-01-01',
  '-271821-04-20',
  '+275760-09-13',
  '275760-09-14',
  '1970-01-01',
  '1900-01-01',
  '2026-11-24T25:61:00Z',
  '2026-11-24T09:00:00+99:99',
  '2026-W48',
  '24/11/2026',
];

/** Instants a JavaScript Date holds and PostgreSQL does not, or the other way round. */
const EXTREME_INSTANTS = [
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '-004714-11-23T00:00:00.000Z',
  '0000-01-01T00:00:00.000Z',
  '2026-11-24T09:00:00.000+07:00',
];

/** Looks like an id but is none, or is one nobody has. */
const IDS = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '123e4567-e89b-12d3-a456-426614174000x',
  '123e4567e89b12d3a456426614174000',
  '{123e4567-e89b-12d3-a456-426614174000}',
  'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  'G26.11.24-000001',
  'eyJhIjoxfQ',
  'MjAyNi0xMS0yNHwx',
];

/** Numbers past what a column, a JavaScript integer or a date holds. */
export const ODD_NUMBERS = [
  -1,
  0,
  -0,
  0.5,
  -2147483649,
  2147483648,
  Number.MAX_SAFE_INTEGER + 2,
  1e21,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  8.64e15 + 1,
];

/** A base64url cursor around a payload, as pagination cursors are usually made. */
const cursorOf = (text: string) => Buffer.from(text).toString('base64url');

const forgedCursor = fc
  .oneof(
    fc.constantFrom(...DATES, ...IDS, '', '|', '||', '{}', '[]', 'null', '\u0000'),
    fc
      .tuple(fc.constantFrom(...DATES, ...ODD_NUMBERS.map(String)), fc.constantFrom(...IDS))
      .map(([a, b]) => `${a}|${b}`),
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
    // A list of a position (an instant or a number) and an id, as keyset cursors hold.
    fc
      .tuple(
        fc.constantFrom(...DATES, ...EXTREME_INSTANTS, ...ODD_NUMBERS),
        fc.constantFrom(...IDS, '-'.repeat(36), 'a'.repeat(36)),
      )
      .map((pair) => JSON.stringify(pair)),
  )
  .map(cursorOf);

/** Long enough to pass any column's length, short enough to stay under the body limit. */
const huge = fc.constantFrom(
  'a'.repeat(70_000),
  'Đ'.repeat(20_000),
  '\u0000'.repeat(2_000),
  '%FF'.repeat(5_000),
  `${'9'.repeat(5_000)}`,
);

/** A string with a NUL or an unpaired surrogate spliced somewhere into an ordinary one. */
const spliced = fc
  .tuple(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('\u0000', '\uD800', BAD_UTF8, '\r\n', '\u202E'),
    fc.string({ maxLength: 12 }),
  )
  .map(([a, b, c]) => a + b + c);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...INJECTIONS, ...ODD_TEXT) },
  { weight: 3, arbitrary: fc.constantFrom(...DATES, ...EXTREME_INSTANTS, ...IDS) },
  { weight: 2, arbitrary: forgedCursor },
  { weight: 3, arbitrary: spliced },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,25}$/) },
  { weight: 1, arbitrary: huge },
);

const hostileNumber = fc.oneof(
  fc.constantFrom(...ODD_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value of the wrong kind: where a string is expected a number, an array, an object. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** JSON Schema as the OpenAPI document gives it, as far as the generators read it. */
export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
}

/**
 * Real values from the test's world by the name of what they fill (`code`, `id`,
 * `procedureCode`…): a request that names something that exists gets further.
 */
export type Known = Record<string, readonly string[]>;

const enumOf = (schema: JsonSchema): unknown[] | null => {
  if (schema.enum) return schema.enum;
  const branches = schema.anyOf?.map((s) => s.enum ?? null);
  return branches && branches.every((b) => b) ? branches.flat() : null;
};

/** A value the schema accepts, preferring the world's real ones for the name. */
export function plausible(schema: JsonSchema, name: string, known: Known): fc.Arbitrary<unknown> {
  const choices = enumOf(schema);
  if (choices && choices.length > 0) return fc.constantFrom(...choices);
  const real = known[name];
  if (real && real.length > 0) return fc.constantFrom(...real);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 10, 1e9) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(plausible(schema.items ?? {}, name, known), { maxLength: 3 });
    case 'object':
      return plausibleObject(schema, known);
    default:
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.pattern?.includes('\\d{4}')) return fc.constantFrom('2026-11-24', '2026-12-10');
      return fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.max(schema.minLength ?? 0, Math.min(schema.maxLength ?? 20, 20)),
      });
  }
}

/** Each field plausible, hostile or left out; now and then a field nobody asked for. */
export function fuzzedField(
  schema: JsonSchema,
  name: string,
  known: Known,
  required: boolean,
): fc.Arbitrary<unknown> {
  const options: fc.WeightedArbitrary<unknown>[] = [
    { weight: 3, arbitrary: plausible(schema, name, known) },
    { weight: 2, arbitrary: hostileValue },
  ];
  // A cursor is the server's own text coming back: forged ones are worth most of the tries.
  if (name === 'cursor') options.push({ weight: 3, arbitrary: forgedCursor });
  if (!required) options.push({ weight: 1, arbitrary: fc.constant(undefined) });
  return fc.oneof(...options);
}

function plausibleObject(schema: JsonSchema, known: Known): fc.Arbitrary<unknown> {
  return fuzzedObject(schema, known, 0);
}

/** An object for a schema, each property fuzzed; nested objects to a small depth. */
export function fuzzedObject(
  schema: JsonSchema,
  known: Known,
  depth = 0,
): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    // A free-form object (a form's answers) gets the names the world says it has.
    const names = known[`${name}.names`];
    const nested = names
      ? fc.dictionary(
          fc.constantFrom(...names),
          fc.oneof(fc.string({ maxLength: 20 }), hostileValue),
          {
            maxKeys: names.length,
          },
        )
      : property.type === 'object' && depth < 2
        ? fc.oneof(fuzzedObject(property, known, depth + 1), hostileValue)
        : property.type === 'array' && property.items?.type === 'object' && depth < 2
          ? fc.oneof(
              fc.array(fuzzedObject(property.items, known, depth + 1), { maxLength: 3 }),
              hostileValue,
            )
          : fuzzedField(property, name, known, required.has(name));
    return [name, nested] as const;
  });
  const extra = fc.option(fc.tuple(hostileString, hostileValue), { freq: 8 });
  return fc.tuple(fc.tuple(...entries.map(([, a]) => a)), extra).map(([values, more]) => {
    const object: Record<string, unknown> = {};
    entries.forEach(([name], i) => {
      if (values[i] !== undefined) object[name] = values[i];
    });
    // An own property even for `__proto__`, so that it is sent as written.
    if (more) Object.defineProperty(object, more[0], { value: more[1], enumerable: true });
    return object;
  });
}
