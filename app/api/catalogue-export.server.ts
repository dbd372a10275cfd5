import { getDb } from "~db/client.server";
import { browseCatalogue, type BrowsedEntry } from "~/data/calls-search.server";
import { CALL_STATUS_LABELS, ISSUER_LEVEL_LABELS, parseCatalogueQuery } from "~/domain/catalogue";
import { formatBand } from "~/domain/call-content";
import { formatDateTime } from "~/domain/format";
import { themeLabel } from "~/domain/taxonomy";
import { getEnv } from "~/env.server";
import { csvDownload, xlsxDownload, type ExportTable } from "~/lib/spreadsheet-export.server";

/** The catalogue's result as a table for people (Italian headers, labels, Rome times). */
export function catalogueExportTable(entries: readonly BrowsedEntry[], appUrl: string): ExportTable {
  return {
    filename: "bandi-cruscotto-digitale",
    sheet: "Bandi",
    columns: [
      { header: "Titolo", width: 60 },
      { header: "Ente erogatore", width: 36 },
      { header: "Livello dell'ente", width: 18 },
      { header: "Stato", width: 10 },
      { header: "Temi", width: 40 },
      { header: "Apertura", width: 18 },
      { header: "Scadenza", width: 18 },
      { header: "Importo massimo (€)", width: 18, format: "euro" },
      { header: "Importi per fascia", width: 40 },
      { header: "Cofinanziamento (%)", width: 12 },
      { header: "Procedura", width: 12 },
      { header: "Misura PNRR", width: 14 },
      { header: "Link alla fonte", width: 40 },
      { header: "Pagina nel cruscotto", width: 40 },
      { header: "Identificativo", width: 24 },
    ],
    rows: entries.map(({ call, features }) => [
      call.title,
      call.issuer,
      call.issuerLevel ? ISSUER_LEVEL_LABELS[call.issuerLevel] : null,
      CALL_STATUS_LABELS[features.status],
      call.themes.map(themeLabel).join(", "),
      call.opensAt ? formatDateTime(call.opensAt) : null,
      call.deadline ? formatDateTime(call.deadline) : "a sportello",
      features.amount,
      call.amountBands.map(formatBand).join("; ") || null,
      call.cofinancingPct,
      call.procedure,
      call.pnrrMeasure,
      call.url,
      `${appUrl}/bandi/${call.publicId}`,
      call.publicId,
    ]),
  };
}

/** The loader of /bandi.csv and /bandi.xlsx: the current result (same filters and order as /bandi, every page). */
export async function catalogueExport(request: Request, format: "csv" | "xlsx"): Promise<Response> {
  const query = parseCatalogueQuery(new URL(request.url).searchParams);
  const table = catalogueExportTable(browseCatalogue(getDb(), query, new Date()).entries, getEnv().APP_URL);
  return format === "csv" ? csvDownload(table) : xlsxDownload(table);
}
