import { getDb } from "~db/client.server";
import { exportAggregations } from "~/data/aggregations.server";
import { toCsv } from "~/lib/csv-export";

/** Every aggregation in the `--kind aggregazioni` import format (a round trip), as CSV. */
export async function loader() {
  const rows = exportAggregations(getDb()).map((a) => [a.name, a.type, a.leadIstat, a.members.join("|")]);
  return new Response(toCsv(["nome", "tipo", "capofila", "comuni"], rows, ";"), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="aggregazioni.csv"',
      "Cache-Control": "no-store",
    },
  });
}
