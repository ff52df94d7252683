/**
 * Whether a value is a UUID as PostgreSQL reads one; anything else given where an id goes
 * (a form's button, a path, a cursor) names nothing, rather than failing in the database.
 * (A looser test such as 36 hex digits or dashes lets `------…` through, which PostgreSQL
 * refuses with an error.)
 */
export const isUuid = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
