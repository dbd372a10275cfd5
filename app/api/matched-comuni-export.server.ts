import { getDb } from "~db/client.server";
import { matchedComuniOfCall } from "~/data/call-page.server";
import { resolveCall } from "~/data/calls.server";
import { filterMatched, parseMatchedQuery } from "~/domain/matched-comuni";
import { csvDownload, xlsxDownload } from "~/lib/spreadsheet-export.server";

/** The body of /bandi/{id}/comuni.csv and .xlsx (their loaders check the guard): the redazione's list with the page's filters and order. */
export async function matchedComuniExport(request: Request, id: string, format: "csv" | "xlsx"): Promise<Response> {
  const db = getDb();
  const row = resolveCall(db, id);
  if (!row || row.reviewState !== "pubblicato" || row.mergedIntoId !== null) throw new Response("Bando non trovato", { status: 404 });
  const items = filterMatched(matchedComuniOfCall(db, row.id), parseMatchedQuery(new URL(request.url).searchParams));
  const table = {
    filename: `comuni-abbinati-${row.publicId}`,
    sheet: "Comuni abbinati",
    columns: [
      { header: "Codice ISTAT", width: 12 },
      { header: "Comune", width: 32 },
      { header: "Provincia", width: 10 },
      { header: "Fascia", width: 10 },
      { header: "Popolazione", width: 12, format: "integer" as const },
      { header: "Punteggio (0-100)", width: 12, format: "integer" as const },
      { header: "Solo in forma associata", width: 12 },
      { header: "Importo richiedibile (€)", width: 18, format: "euro" as const },
    ],
    rows: items.map((c) => [c.istat, c.name, c.provinceSigla, c.sizeCluster, c.population, c.score, c.associated, c.claimable]),
  };
  return format === "csv" ? csvDownload(table) : xlsxDownload(table);
}
