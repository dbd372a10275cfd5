import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { unmatchedComuni } from "~/data/overview.server";
import { csvDownload } from "~/lib/spreadsheet-export.server";

/** Every comune without an open matched call, as CSV (staff only): the overview names only the first 30. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return csvDownload({
    filename: "comuni-senza-opportunita",
    sheet: "Comuni senza opportunità",
    columns: [{ header: "Codice ISTAT" }, { header: "Comune" }, { header: "Provincia" }, { header: "Fascia" }, { header: "Popolazione", format: "integer" }],
    rows: unmatchedComuni(getDb(), new Date()).map((c) => [c.istat, c.name, c.provinceSigla, c.sizeCluster, c.population]),
  });
}
