import { emptyContent, type CallContent } from "~/domain/call-content";
import { BENEFICIARY_KEYS, BENEFICIARY_LABELS, DEFAULT_THEMES } from "~/domain/taxonomy";
import { neutraliseFormula, toCsv } from "~/lib/spreadsheet-safe";
import { contentToTemplateRow, csvTemplateRow, TEMPLATE_COLUMNS, TEMPLATE_HEADERS } from "./template";

/**
 * The curators' template as downloadable files (CSV with `;` and BOM, as Excel in Italy opens
 * it; XLSX with an instructions sheet). With no rows, one example row shows the syntax.
 * Cells are formula-safe (SECURITY.md 14).
 */

export interface TemplateRow {
  sourceId: string;
  content: CallContent;
}

export const EXAMPLE_ROW: TemplateRow = {
  sourceId: "2026-001",
  content: emptyContent({
    title: "Esempio — contributi per la migrazione in cloud dei piccoli comuni",
    issuer: "Regione Lombardia",
    issuerLevel: "regionale",
    description: "Riga di esempio: sostituirla con i bandi da caricare.",
    url: "https://www.example.org/bando-esempio",
    themes: ["cloud"],
    beneficiaries: ["comune", "unione-di-comuni"],
    territory: { regions: ["03"], provinces: ["BG", "BS"], comuni: [] },
    populationMax: 5000,
    budget: 1_000_000,
    amountMax: 50_000,
    amountBands: [
      { populationMin: 0, populationMax: 5000, amount: 23147 },
      { populationMin: 5001, populationMax: null, amount: 32589 },
    ],
    cofinancingPct: 20,
    opensAt: "2026-01-14T23:00:00.000Z",
    deadline: "2026-03-31T10:00:00.000Z",
    procedure: "graduatoria",
  }),
};

export function templateCsv(rows: readonly TemplateRow[] = [EXAMPLE_ROW]): string {
  return toCsv(TEMPLATE_HEADERS, rows.map((r) => csvTemplateRow(r.sourceId, r.content)), { delimiter: ";" });
}

export async function templateXlsx(rows: readonly TemplateRow[] = [EXAMPLE_ROW]): Promise<Buffer> {
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  workbook.creator = "Cruscotto digitale — ANCI Lombardia";
  const sheet = workbook.addWorksheet("Bandi", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = TEMPLATE_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: Math.max(14, c.header.length + 4) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(contentToTemplateRow(row.sourceId, row.content).map((v) => (typeof v === "string" ? neutraliseFormula(v) : v)));
  }
  const help = workbook.addWorksheet("Istruzioni");
  help.columns = [
    { header: "Colonna", key: "col", width: 24 },
    { header: "Obbligatoria", key: "req", width: 14 },
    { header: "Come compilarla", key: "help", width: 100 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of TEMPLATE_COLUMNS) help.addRow({ col: c.header, req: c.required ? "sì" : "no", help: c.help });
  help.addRow({});
  help.addRow({ col: "Tema (chiave)", help: "Descrizione" }).font = { bold: true };
  for (const t of DEFAULT_THEMES) help.addRow({ col: t.key, help: t.label });
  help.addRow({});
  help.addRow({ col: "Beneficiario (chiave)", help: "Descrizione" }).font = { bold: true };
  for (const b of BENEFICIARY_KEYS) help.addRow({ col: b, help: BENEFICIARY_LABELS[b] });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
