import { getDb } from "~db/client.server";
import { dashboardMatches, explainMatches } from "~/data/dashboard.server";
import { comuneOr404 } from "~/data/profiles.server";
import { deadlineCountdown } from "~/domain/countdown";
import { formatDateTime } from "~/domain/format";
import { themeLabel } from "~/domain/taxonomy";
import { getEnv } from "~/env.server";
import { csvDownload, xlsxDownload, type ExportTable } from "~/lib/spreadsheet-export.server";

/** The loader of /comuni/{istat}/opportunita.csv and .xlsx: the dashboard's ranked list, for the giunta. */
export async function opportunitiesExport(istat: string, format: "csv" | "xlsx"): Promise<Response> {
  const db = getDb();
  const comune = comuneOr404(db, istat);
  const now = new Date();
  const appUrl = getEnv().APP_URL;
  const items = comune.suppressed ? [] : explainMatches(db, comune.istat, dashboardMatches(db, comune.istat, now), now);
  const table: ExportTable = {
    filename: `opportunita-${comune.istat}-${now.toISOString().slice(0, 10)}`,
    sheet: `Opportunità ${comune.name}`,
    columns: [
      { header: "Posizione", width: 10, format: "integer" },
      { header: "Punteggio (0-100)", width: 12, format: "integer" },
      { header: "Bando", width: 60 },
      { header: "Ente erogatore", width: 36 },
      { header: "Importo richiedibile (€)", width: 18, format: "euro" },
      { header: "Scadenza", width: 18 },
      { header: "Giorni alla scadenza", width: 12, format: "integer" },
      { header: "Solo in forma associata", width: 12 },
      { header: "Temi", width: 40 },
      { header: "Perché te lo proponiamo", width: 80 },
      { header: "Cosa manca", width: 80 },
      { header: "Pagina del bando", width: 40 },
    ],
    rows: items.map((o, i) => [
      i + 1,
      o.score,
      o.title,
      o.issuer,
      o.claimable,
      o.deadline ? formatDateTime(o.deadline) : "a sportello",
      deadlineCountdown(o, now).days,
      o.associated,
      o.themes.map(themeLabel).join(", "),
      o.reasons.join(" "),
      o.missing.join(" "),
      `${appUrl}/bandi/${o.publicId}`,
    ]),
  };
  return format === "csv" ? csvDownload(table) : xlsxDownload(table);
}
