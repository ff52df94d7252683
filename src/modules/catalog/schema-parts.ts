import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Small pieces the catalog API's request and response shapes are built of. */

export const Code = (description: string) => Type.String({ maxLength: 40, description });

export const CodeParam = Type.Object({ code: Type.String({ maxLength: 40 }) });

/**
 * A nullable value as a JSON Schema type list rather than anyOf: fast-json-stringify
 * serialises it directly instead of testing each branch.
 */
export const Nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });

/** A name in both languages, with the code it is known by. */
export const NamedSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
});
