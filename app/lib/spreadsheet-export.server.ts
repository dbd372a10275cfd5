import { csvResponse, neutraliseFormula, toCsv, type CellValue } from "./spreadsheet-safe";

/**
 * Downloads of tables for people (SECURITY.md 14): the same header and rows as CSV (UTF-8 with
 * BOM, `;` as Excel in Italy expects) or as an Excel workbook, formula-safe in both: a text cell
 * starting with = + - @, tab or CR gets a leading apostrophe. Numbers stay numbers.
 */

export interface ExportTable {
  /** File name without extension. */
  filename: string;
  sheet: string;
  columns: { header: string; width?: number; format?: "euro" | "integer" | "text" }[];
  rows: CellValue[][];
}

const yesNo = (v: CellValue): CellValue => (typeof v === "boolean" ? (v ? "sì" : "no") : v);

export function csvDownload(table: ExportTable): Response {
  return csvResponse(`${table.filename}.csv`, toCsv(table.columns.map((c) => c.header), table.rows, { delimiter: ";" }));
}

export async function xlsxBuffer(table: ExportTable): Promise<Buffer> {
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  workbook.creator = "Cruscotto digitale — ANCI Lombardia";
  const sheet = workbook.addWorksheet(table.sheet.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = table.columns.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.width ?? Math.max(12, c.header.length + 4),
    style: c.format === "euro" ? { numFmt: '"€" #,##0.00' } : c.format === "integer" ? { numFmt: "#,##0" } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    sheet.addRow(row.map((v) => { const cell = yesNo(v); return typeof cell === "string" ? neutraliseFormula(cell) : (cell ?? null); }));
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function xlsxDownload(table: ExportTable): Promise<Response> {
  return new Response(new Uint8Array(await xlsxBuffer(table)), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${`${table.filename}.xlsx`.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
