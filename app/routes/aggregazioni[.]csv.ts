import { getDb } from "~db/client.server";
import { exportAggregations } from "~/data/aggregations.server";
import { csvResponse, toCsv } from "~/lib/spreadsheet-safe";

/** Every aggregation in the `--kind aggregazioni` import format (a round trip), as CSV. */
export async function loader() {
  const rows = exportAggregations(getDb()).map((a) => [a.name, a.type, a.leadIstat, a.members.join("|")]);
  return csvResponse("aggregazioni.csv", toCsv(["nome", "tipo", "capofila", "comuni"], rows, { delimiter: ";" }));
}
