/** The HTTP statuses payments answers with, by what they mean. */
export const HTTP = {
  ok: 200,
  created: 201,
  noContent: 204,
  seeOther: 303,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  unprocessable: 422,
} as const;
