import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { matchesAtom } from "~/alerts/feeds.server";
import { comuneFeedInput } from "~/alerts/matches.server";

/**
 * `GET /comuni/{istat}/feed.atom` (API.md): Atom 1.0 of the comune's matched calls, newest first
 * (docs/decisions/0082, 0083). Public, like the opportunities API.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const input = comuneFeedInput(getDb(), params.istat ?? "", new Date());
  if (input instanceof Response) return input;
  return new Response(matchesAtom(input), { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=900" } });
}
