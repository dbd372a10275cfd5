import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { deadlinesCalendar } from "~/alerts/feeds.server";
import { comuneFeedInput } from "~/alerts/matches.server";

/**
 * `GET /comuni/{istat}/scadenze.ics` (API.md): iCalendar with one event per matched open call's
 * deadline, an alarm three days before, stable UIDs and SEQUENCE = the call's version
 * (docs/decisions/0082, 0083). Public, like the opportunities API.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const input = comuneFeedInput(getDb(), params.istat ?? "", new Date());
  if (input instanceof Response) return input;
  return new Response(deadlinesCalendar(input), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="scadenze-${input.comune.istat}.ics"`,
      "Cache-Control": "public, max-age=900",
    },
  });
}
