/**
 * A route's numeric `:id` parameter: a positive safe integer, or a 404 with the page's own
 * message (a malformed id is a page that does not exist, never a server error).
 */
export function idParam(params: { id?: string }, notFound: string): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response(notFound, { status: 404 });
  return id;
}
