import type ExcelJS from "exceljs";
import { InputError } from "~/lib/errors";
import { inspectZip } from "~/lib/zip-inspect";
import type { RunReject } from "~db/schema/runs";
import { locateTemplateColumns, templateRowToRawCall, type TemplateCell, type TemplateKey } from "../template";
import type { ParsedSource, SourceAdapter } from "../types";

/**
 * `xlsx-template`: the curators' Excel template, read with exceljs (never the `xlsx` package,
 * SECURITY.md 15). The archive is inspected before unpacking (entries, unpacked size, ratio).
 * The sheet named "Bandi" (else the first) holds a header row and one call per row; lines are
 * the sheet's row numbers. Formulas are never evaluated: their cached result is read.
 * exceljs parses the sheet XML with saxes, which does not process DTDs, so no entity expansion
 * and no external entities.
 */

const p2 = (n: number) => String(n).padStart(2, "0");

/** An exceljs cell value → text, number or boolean. Dates carry the wall-clock time as UTC. */
export function cellValue(value: ExcelJS.CellValue, asLink = false): TemplateCell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const date = `${String(value.getUTCFullYear()).padStart(4, "0")}-${p2(value.getUTCMonth() + 1)}-${p2(value.getUTCDate())}`;
    const h = value.getUTCHours();
    const m = value.getUTCMinutes();
    const s = value.getUTCSeconds();
    return h === 0 && m === 0 && s === 0 ? date : `${date}T${p2(h)}:${p2(m)}${s ? `:${p2(s)}` : ""}`;
  }
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text ?? "").join("");
    if ("hyperlink" in value) return asLink && value.hyperlink ? String(value.hyperlink) : String(value.text ?? value.hyperlink ?? "");
    if ("formula" in value || "sharedFormula" in value) {
      const result = (value as { result?: ExcelJS.CellValue }).result;
      return result === undefined || (typeof result === "object" && result !== null && "error" in result) ? null : cellValue(result, asLink);
    }
    if ("error" in value) return null;
  }
  return String(value);
}

export async function parseXlsxTemplate(input: Uint8Array, file = "bandi.xlsx"): Promise<ParsedSource> {
  inspectZip(input, undefined, file);
  // exceljs is large: loaded only when a workbook is actually read.
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(input.buffer, input.byteOffset, input.byteLength) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new InputError(`file XLSX non leggibile: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300), { file });
  }
  const sheet = workbook.worksheets.find((s) => s.name.trim().toLowerCase() === "bandi") ?? workbook.worksheets[0];
  if (!sheet) throw new InputError("il file XLSX non contiene fogli", { file });
  const headerRow = sheet.getRow(1);
  const header: string[] = [];
  headerRow.eachCell({ includeEmpty: true }, (c, col) => {
    header[col - 1] = String(cellValue(c.value) ?? "");
  });
  if (header.length === 0) throw new InputError("il foglio è vuoto: manca la riga di intestazione", { file, line: 1 });
  const columns = locateTemplateColumns(Array.from(header, (h) => h ?? ""), file);

  const items: ParsedSource["items"] = [];
  const rejects: RunReject[] = [];
  let read = 0;
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    if (line === 1) return;
    const cells: Partial<Record<TemplateKey, TemplateCell>> = {};
    let empty = true;
    for (const [key, index] of Object.entries(columns) as [TemplateKey, number][]) {
      const value = cellValue(row.getCell(index + 1).value, key === "url");
      cells[key] = typeof value === "string" ? value.trim() : value;
      if (value !== null && value !== "") empty = false;
    }
    if (empty) return;
    read++;
    const result = templateRowToRawCall(cells);
    if (result.ok) items.push({ position: { line }, call: result.call });
    else rejects.push({ line, field: result.field, reason: result.reason });
  });
  return { fonte: "xlsx-template", items, rejects, read };
}

export const xlsxTemplateAdapter: SourceAdapter = {
  source: "xlsx-template",
  label: "Modello Excel (XLSX) della redazione",
  mediaTypes: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream", "application/zip"],
  parse: (input, context) => parseXlsxTemplate(input, context.file),
};
