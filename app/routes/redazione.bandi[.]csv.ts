import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { callCsvRow, CSV_COLUMNS } from "~/api/bandi-json.server";
import { requireStaff } from "~/auth/guards.server";
import { listCallsForStaff, sourcesOf } from "~/data/calls.server";
import { csvResponse, toCsv } from "~/lib/spreadsheet-safe";
import { staffListSchema } from "~/ingestion/staff-list-query";

/** The curators' list as CSV (same filters; every state), formula-safe. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const query = staffListSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { items } = listCallsForStaff(db, { q: query.q, state: query.stato, fonte: query.fonte || undefined, sort: query.ordine, page: 1, perPage: 100_000 });
  const now = new Date();
  const rows = items.map((c) => [...callCsvRow(c, sourcesOf(db, c.id), now), c.reviewState, c.pending ? "sì" : "no"]);
  return csvResponse("bandi-redazione.csv", toCsv([...CSV_COLUMNS, "statoRedazione", "modificaInAttesa"], rows));
}
