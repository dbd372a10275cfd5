import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { callCsvRow, CSV_COLUMNS } from "~/api/bandi-json.server";
import { bandiFilterSchema, catalogueFilters } from "~/api/bandi-query.server";
import { parseQuery } from "~/api/http.server";
import { searchCatalogue } from "~/data/calls-search.server";
import { csvResponse, toCsv } from "~/lib/spreadsheet-safe";

/** The published calls as open data: UTF-8 CSV with a header row, formula-safe cells (SECURITY.md 14). */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseQuery(request, bandiFilterSchema);
  const now = new Date();
  const entries = searchCatalogue(getDb(), catalogueFilters(query), now);
  const csv = toCsv(CSV_COLUMNS, entries.map((e) => callCsvRow(e.call, e.sources, now)));
  return csvResponse("bandi.csv", csv, { "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=60" });
}
